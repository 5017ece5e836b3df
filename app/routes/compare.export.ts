// The comparison as CSV or XLSX (GET /compare/export?…, the same parameters as /compare).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { buildComparison } from "~/compare/compare";
import { comparisonExport } from "~/compare/compare-export";
import { parseCompareQuery } from "~/compare/compare-query";
import { selectForComparison } from "~/compare/compare.server";
import { getDb } from "~/db.server";
import { requestedExport } from "~/export/table-export";
import { tableDownload } from "~/export/table-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const url = new URL(request.url);
  const exported = requestedExport(url);
  if ("error" in exported) throw data(exported.error, { status: 400 });
  const parsed = parseCompareQuery(url.searchParams);
  if (!parsed.ok) throw data(parsed.message, { status: 400 });
  const selection = await selectForComparison(await getDb(), {
    slug: parsed.value.questionnaire,
    vendorIds: parsed.value.vendor,
    assessmentIds: parsed.value.assessment,
  });
  if (!selection.ok) throw data(selection.message, { status: selection.status });
  const { columns, rows } = comparisonExport(buildComparison(selection.entries));
  return tableDownload(exported.format ?? "csv", "Vendor comparison", columns, rows);
}
