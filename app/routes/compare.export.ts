// The comparison as CSV or XLSX (GET /compare/export?…, the same parameters as /compare).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { comparisonExport } from "~/compare/compare-export";
import { parseCompareQuery } from "~/compare/compare-query";
import { selectForComparison } from "~/compare/compare.server";
import { getDb } from "~/db.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const url = new URL(request.url);
  const format = requireExportFormat(request, { otherwise: "csv" });
  const parsed = parseCompareQuery(url.searchParams);
  if (!parsed.ok) throw data(parsed.message, { status: 400 });
  const selection = await selectForComparison(await getDb(), {
    slug: parsed.value.questionnaire,
    vendorIds: parsed.value.vendor,
    assessmentIds: parsed.value.assessment,
  });
  if (!selection.ok) throw data(selection.message, { status: selection.status });
  const { columns, rows } = comparisonExport(selection.comparison);
  return tableDownload(format, "Vendor comparison", columns, rows);
}
