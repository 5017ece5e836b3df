// The list behind a dashboard number as CSV or XLSX (GET /assessments/export?…, the same
// parameters as /assessments), every row rather than the page's first ones.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { PORTFOLIO_COLUMNS } from "~/components/portfolio-assessments";
import { listPortfolioAssessments, PORTFOLIO_EXPORT_LIMIT } from "~/dashboard/dashboard.server";
import { parsePortfolioList } from "~/dashboard/filters";
import { getDb } from "~/db.server";
import { requestedExport } from "~/export/table-export";
import { tableDownload } from "~/export/table-export.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const url = new URL(request.url);
  const exported = requestedExport(url);
  if ("error" in exported) throw data(exported.error, { status: 400 });
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
  return tableDownload(exported.format ?? "csv", "Assessments", PORTFOLIO_COLUMNS, list.rows);
}
