import { data } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { getVendor } from "./vendors.server";

const ParamsSchema = z.object({ vendorId: z.string().uuid() });

/** The vendor named in the URL; a malformed or unknown id is a 404 either way. */
export async function requireVendorParam(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such vendor.", { status: 404 });
  const db = await getDb();
  const vendor = await getVendor(db, parsed.data.vendorId);
  if (!vendor) throw data("There is no such vendor.", { status: 404 });
  return { db, vendor };
}
