// The data-locations table as CSV or XLSX.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { LOCATION_COLUMNS } from "~/supply-chain/map-columns.server";
import { listLocations } from "~/supply-chain/map.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const format = requireExportFormat(request, { otherwise: "csv" });
  return tableDownload(
    format,
    "Data locations",
    LOCATION_COLUMNS,
    await listLocations(await getDb()),
  );
}
