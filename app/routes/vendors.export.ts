// GET /vendors/export?export=csv|xlsx&<the list's filters> — every vendor the list shows.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat, vendorsDownload } from "~/export/downloads.server";
import { parseVendorListQuery } from "~/vendors/schemas";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const format = requireExportFormat(request);
  const query = parseVendorListQuery(new URL(request.url).searchParams);
  return vendorsDownload(await getDb(), query, format);
}
