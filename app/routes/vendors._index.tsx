import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { VendorTable } from "~/components/vendor-table";
import { getDb } from "~/db.server";
import { listVendors } from "~/vendors/vendors.server";

export const meta: MetaFunction = () => [{ title: "Vendors — Assay" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" });
  return { vendors: await listVendors(await getDb()) };
}

export default function VendorsPage() {
  const { vendors } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Vendors</h1>
      <VendorTable vendors={vendors} />
    </>
  );
}
