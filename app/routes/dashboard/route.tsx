// The portfolio dashboard: vendors by risk rating and residual tier, the score distribution,
// open findings by severity and age, and what is overdue or due soon. Every number links to
// the list behind it with the same filters.
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { useRowLinks } from "~/components/row-link";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { getDashboard, getFilterOptions } from "~/dashboard/dashboard.server";
import { parsePortfolioFilter, type PortfolioFilter } from "~/dashboard/filter-schemas";
import { getDb } from "~/db.server";
import { countFailedMail } from "~/mail/mail.server";
import portfolioStyles from "~/styles/portfolio.css?url";
import { FilterForm } from "./filter-form";
import { Figures } from "./figures";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portfolioStyles }];

export const meta: MetaFunction = () => [
  { title: "Dashboard — Assay" },
  { name: "description", content: "The portfolio of AI suppliers by risk rating, tier and score." },
];

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "dashboard:read" }, context);
  const url = new URL(request.url);
  const db = await getDb();
  const parsed = parsePortfolioFilter(url.searchParams);
  if (!parsed.ok) {
    const options = await getFilterOptions(db);
    return data(
      {
        error: parsed.message,
        options,
        filter: {} as PortfolioFilter,
        dashboard: null,
        failedMail: 0,
        admin: false,
      },
      { status: 400 },
    );
  }
  // The form's options and the figures are kept, and checked against the revisions the session
  // lookup read: on a hit they cost no statement (decisions 438 and 439).
  const revisions = requestRevisions(request, context, db);
  const [options, dashboard, failedMail] = await Promise.all([
    getFilterOptions(db, revisions),
    getDashboard(db, parsed.value, today(), revisions),
    // Per user and never kept: mail that failed for good (docs/decisions/140-mail-outbox.md).
    countFailedMail(db, user),
  ]);
  return {
    error: null,
    options,
    filter: parsed.value,
    dashboard,
    failedMail,
    admin: can(user, "outbox:read"),
  };
}

export default function DashboardPage() {
  const { error, options, filter, dashboard, failedMail, admin } = useLoaderData<typeof loader>();
  // The figures' links navigate in the browser through this one listener (decision 419).
  const figureLinks = useRowLinks<HTMLDivElement>();
  return (
    <>
      <h1>Portfolio dashboard</h1>
      <FilterForm filter={filter} options={options} />
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="filter-error-title">
          <h2 id="filter-error-title">These filters cannot be used</h2>
          <p>{error}</p>
          <p>
            <Link to="/dashboard">Clear the filters</Link>
          </p>
        </div>
      ) : null}
      {dashboard ? (
        <div ref={figureLinks}>
          <Figures d={dashboard} filter={filter} failedMail={{ count: failedMail, admin }} />
        </div>
      ) : null}
    </>
  );
}
