// The concentration table as CSV or XLSX (the supply-chain map).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { CONCENTRATION_COLUMNS } from "~/supply-chain/map-columns.server";
import { listProviders } from "~/supply-chain/map.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const format = requireExportFormat(request, { otherwise: "csv" });
  return tableDownload(
    format,
    "Supply chain concentration",
    CONCENTRATION_COLUMNS,
    await listProviders(await getDb()),
  );
}
