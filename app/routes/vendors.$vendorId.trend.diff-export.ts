// The answer diff between two of a vendor's assessments as CSV or XLSX
// (GET /vendors/:vendorId/trend/diff-export?from=…&to=…, the trend page's parameters).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { type DiffRow } from "~/compare/compare";
import { getVendorTrend } from "~/compare/compare.server";
import { parseTrendQuery } from "~/compare/trend-query";
import { loadDiff } from "~/compare/trend.server";
import { type Column, requestedExport } from "~/export/table-export";
import { tableDownload } from "~/export/table-export.server";
import { requireVendorParam } from "~/vendors/vendor-param.server";

const COLUMNS: Column<DiffRow>[] = [
  { header: "Question id", value: (r) => r.questionId, width: 28 },
  { header: "Question", value: (r) => r.text, width: 50 },
  { header: "Section", value: (r) => r.sectionTitle, width: 24 },
  { header: "Change", value: (r) => r.change },
  { header: "Before", value: (r) => r.before ?? "Not in that version", width: 40 },
  { header: "After", value: (r) => r.after ?? "Not in that version", width: 40 },
  { header: "Credit before", value: (r) => r.creditBefore },
  { header: "Credit after", value: (r) => r.creditAfter },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const url = new URL(request.url);
  const exported = requestedExport(url);
  if ("error" in exported) throw data(exported.error, { status: 400 });
  const { db, vendor } = await requireVendorParam(params);
  const query = parseTrendQuery(url.searchParams);
  if (!query.ok) throw data(query.message, { status: 400 });
  const result = await loadDiff(db, await getVendorTrend(db, vendor.id), query.value);
  if ("error" in result) throw data(result.error, { status: 400 });
  if (!result.diff)
    throw data(`${vendor.name} has no two assessments to compare.`, { status: 400 });
  return tableDownload(
    exported.format ?? "csv",
    `Changes ${vendor.name}`,
    COLUMNS,
    result.diff.rows,
  );
}
