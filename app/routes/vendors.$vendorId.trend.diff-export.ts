// The answer diff between two of a vendor's assessments as CSV or XLSX
// (GET /vendors/:vendorId/trend/diff-export?from=…&to=…, the trend page's parameters).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getVendorTrend } from "~/compare/compare.server";
import { parseTrendQuery } from "~/compare/trend-query";
import { loadDiff } from "~/compare/trend.server";
import { TREND_DIFF_COLUMNS } from "~/export/columns.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { requireVendorParam } from "~/vendors/vendor-param.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const url = new URL(request.url);
  const format = requireExportFormat(request, { otherwise: "csv" });
  const { db, vendor } = await requireVendorParam(params);
  const query = parseTrendQuery(url.searchParams);
  if (!query.ok) throw data(query.message, { status: 400 });
  const result = await loadDiff(db, await getVendorTrend(db, vendor.id), query.value);
  if ("error" in result) throw data(result.error, { status: 400 });
  if (!result.diff)
    throw data(`${vendor.name} has no two assessments to compare.`, { status: 400 });
  return tableDownload(format, `Changes ${vendor.name}`, TREND_DIFF_COLUMNS, result.diff.rows);
}
