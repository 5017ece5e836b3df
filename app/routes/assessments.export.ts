// The list behind a dashboard number as CSV or XLSX (GET /assessments/export?…, the same
// parameters as /assessments), every row rather than the page's first ones.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { listPortfolioAssessments, PORTFOLIO_EXPORT_LIMIT } from "~/dashboard/dashboard.server";
import { parsePortfolioList } from "~/dashboard/filter-schemas";
import { getDb } from "~/db.server";
import { PORTFOLIO_COLUMNS } from "~/export/columns.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const url = new URL(request.url);
  const format = requireExportFormat(request, { otherwise: "csv" });
  const portfolio = parsePortfolioList(url.searchParams, ["export"]);
  if (!portfolio.ok) throw data(portfolio.message, { status: 400 });
  if (!portfolio.value) {
    throw data("Choose which assessments to download: open this list from the dashboard.", {
      status: 400,
    });
  }
  const today = new Date().toISOString().slice(0, 10);
  const list = await listPortfolioAssessments(await getDb(), portfolio.value, today, {
    limit: PORTFOLIO_EXPORT_LIMIT,
  });
  return tableDownload(format, "Assessments", PORTFOLIO_COLUMNS, list.rows);
}
