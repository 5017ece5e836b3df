// The dependency table (vendor → provider flows) as CSV or XLSX.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { DEPENDENCY_COLUMNS } from "~/supply-chain/map-columns.server";
import { listDependencies } from "~/supply-chain/map.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const format = requireExportFormat(request, { otherwise: "csv" });
  return tableDownload(
    format,
    "Supply chain dependencies",
    DEPENDENCY_COLUMNS,
    await listDependencies(await getDb()),
  );
}
