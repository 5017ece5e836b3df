// A vendor's scores over time as CSV or XLSX (GET /vendors/:vendorId/trend/export).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getVendorTrend, type TrendPoint } from "~/compare/compare.server";
import { type Column, requestedExport } from "~/export/table-export";
import { tableDownload } from "~/export/table-export.server";
import { requireVendorParam } from "~/vendors/vendor-param.server";

const COLUMNS: Column<TrendPoint>[] = [
  { header: "Submitted", value: (p) => p.submittedOn },
  { header: "Questionnaire", value: (p) => p.title, width: 40 },
  { header: "Version", value: (p) => p.version },
  { header: "Score at submission", value: (p) => p.submittedOverall },
  { header: "Current score", value: (p) => p.currentOverall },
  { header: "Residual tier", value: (p) => p.residualTier ?? "" },
  { header: "Risk rating", value: (p) => p.riskRating ?? "" },
  { header: "Knockouts", value: (p) => p.knockouts },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const exported = requestedExport(new URL(request.url));
  if ("error" in exported) throw data(exported.error, { status: 400 });
  const { db, vendor } = await requireVendorParam(params);
  const points = await getVendorTrend(db, vendor.id);
  return tableDownload(exported.format ?? "csv", `Trend ${vendor.name}`, COLUMNS, points);
}
