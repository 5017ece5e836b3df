// A vendor's scores over time as CSV or XLSX (GET /vendors/:vendorId/trend/export).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getVendorTrend } from "~/compare/compare.server";
import { TREND_COLUMNS } from "~/export/columns.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { requireVendorParam } from "~/vendors/vendor-param.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const format = requireExportFormat(request, { otherwise: "csv" });
  const { db, vendor } = await requireVendorParam(params);
  const points = await getVendorTrend(db, vendor.id);
  return tableDownload(format, `Trend ${vendor.name}`, TREND_COLUMNS, points);
}
