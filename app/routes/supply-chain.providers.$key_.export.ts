// One provider's dependencies as CSV or XLSX.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { DEPENDENCY_COLUMNS } from "~/supply-chain/map-columns.server";
import { getProvider } from "~/supply-chain/map.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const format = requireExportFormat(request, { otherwise: "csv" });
  const key = params.key ?? "";
  const provider =
    key.length > 0 && key.length <= 600 ? await getProvider(await getDb(), key) : null;
  if (!provider) throw data("There is no such provider on the map.", { status: 404 });
  return tableDownload(
    format,
    `Dependencies on ${provider.name}`,
    DEPENDENCY_COLUMNS,
    provider.flows,
  );
}
