// The dashboard's figures as CSV or XLSX, with the page's filters (GET /dashboard/export?…).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDashboard } from "~/dashboard/dashboard.server";
import { figures } from "~/dashboard/figures";
import { parsePortfolioFilter } from "~/dashboard/filter-schemas";
import { getDb } from "~/db.server";
import { DASHBOARD_FIGURE_COLUMNS } from "~/export/columns.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "dashboard:read" }, context);
  const url = new URL(request.url);
  const format = requireExportFormat(request, { otherwise: "csv" });
  const parsed = parsePortfolioFilter(url.searchParams);
  if (!parsed.ok) throw data(parsed.message, { status: 400 });
  const today = new Date().toISOString().slice(0, 10);
  const dashboard = await getDashboard(await getDb(), parsed.value, today);
  return tableDownload(
    format,
    "Portfolio dashboard",
    DASHBOARD_FIGURE_COLUMNS,
    figures(dashboard, parsed.value),
  );
}
