import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAssessmentPage } from "~/assessments/assessments.server";
import { ASSESSMENTS_PER_PAGE } from "~/assessments/list-page";
import { ASSESSMENT_STATUSES, STATUS_LABELS } from "~/assessments/status";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { SelectField } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { RowLink, useRowLinks } from "~/components/row-link";
import { StatusTag } from "~/components/status-tag";
import { PortfolioAssessments } from "~/components/portfolio-assessments";
import { listPortfolioAssessments } from "~/dashboard/dashboard.server";
import { parsePortfolioList } from "~/dashboard/filter-schemas";
import { describePortfolioList } from "~/dashboard/filters";
import { getDb } from "~/db.server";
import { requireQuery } from "~/forms/parse";
import { Pager } from "~/components/pager";

export const meta: MetaFunction = () => [
  { title: "Assessments — Assay" },
  {
    name: "description",
    content: "Every assessment sent to vendors, with its status, due date and progress.",
  },
];

const QuerySchema = z.object({
  status: z.enum(ASSESSMENT_STATUSES).optional().catch(undefined),
  // From the library's "Used by" link: the assessments pinned to one questionnaire version.
  version: z.string().uuid().optional().catch(undefined),
  // 50 a page (docs/decisions/384-assessments-list-pages.md); a bad page number is the first.
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" }, context);
  const url = new URL(request.url);
  const query = requireQuery(QuerySchema, url);
  // Opened from a dashboard number: the same slice the number counted (app/dashboard).
  const portfolio = parsePortfolioList(url.searchParams, ["status", "version", "page"]);
  if (!portfolio.ok) throw data(portfolio.message, { status: 400 });
  if (portfolio.value) {
    const today = new Date().toISOString().slice(0, 10);
    const list = await listPortfolioAssessments(await getDb(), portfolio.value, today);
    return {
      assessments: [] as Awaited<ReturnType<typeof listAssessmentPage>>["assessments"],
      total: 0,
      page: 1,
      pageCount: 1,
      version: "",
      status: "",
      canManage: can(user, "assessments:manage"),
      portfolio: {
        ...list,
        scored: !(portfolio.value.overdue || portfolio.value.dueSoon),
        description: describePortfolioList(portfolio.value),
      },
    };
  }
  return {
    portfolio: null,
    ...(await listAssessmentPage(
      await getDb(),
      { status: query.status, questionnaireVersionId: query.version },
      query.page,
    )),
    version: query.version ?? "",
    status: query.status ?? "",
    canManage: can(user, "assessments:manage"),
  };
}

const numberFormat = new Intl.NumberFormat("en-GB");

/** "1 assessment", "12 assessments", or which of how many this page shows. */
function resultSummary(
  total: number,
  page: number,
  shown: number,
  pageSize = ASSESSMENTS_PER_PAGE,
): string {
  const noun = total === 1 ? "assessment" : "assessments";
  if (shown === 0 && total > 0)
    return `${numberFormat.format(total)} ${noun}, but not on this page.`;
  if (total <= pageSize) return `${numberFormat.format(total)} ${noun}`;
  const from = (page - 1) * pageSize + 1;
  return `Showing ${numberFormat.format(from)}–${numberFormat.format(from + shown - 1)} of ${numberFormat.format(total)} assessments`;
}

export default function AssessmentsPage() {
  const rowLinks = useRowLinks<HTMLTableSectionElement>();
  const { assessments, total, page, pageCount, status, canManage, version, portfolio } =
    useLoaderData<typeof loader>();
  const pageLink = (to: number) => {
    const params = new URLSearchParams();
    if (version) params.set("version", version);
    if (status) params.set("status", status);
    if (to > 1) params.set("page", String(to));
    const search = params.toString();
    return `/assessments${search ? `?${search}` : ""}`;
  };
  if (portfolio) {
    return (
      <>
        <h1>Assessments</h1>
        <PortfolioAssessments {...portfolio} />
      </>
    );
  }
  return (
    <>
      <h1>Assessments</h1>
      {canManage ? (
        <p>
          <Link to="/assessments/new" className="button">
            New assessment
          </Link>
        </p>
      ) : null}
      <Form method="get" className="inline-form">
        {version ? <input type="hidden" name="version" value={version} /> : null}
        <SelectField
          label="Status"
          name="status"
          defaultValue={status}
          options={[
            { value: "", label: "All statuses" },
            ...ASSESSMENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
          ]}
        />
        <div className="field">
          <button type="submit">Filter</button>
        </div>
      </Form>
      <p role="status">{resultSummary(total, page, assessments.length)}</p>
      {assessments.length > 0 ? (
        <ScrollRegion label="Assessments">
          <table>
            <thead>
              <tr>
                <th scope="col">Vendor</th>
                <th scope="col">Questionnaire</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody ref={rowLinks}>
              {assessments.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <RowLink to={`/assessments/${a.id}`}>{a.vendorName}</RowLink>
                  </th>
                  <td>
                    {a.questionnaireTitle} {a.questionnaireVersion}
                  </td>
                  <td>
                    <StatusTag status={a.status} />
                  </td>
                  <td>
                    {a.dueDate}
                    {a.overdue ? <strong className="overdue"> overdue</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : total > 0 ? (
        <p>
          <Link to={pageLink(1)}>Go to the first page</Link>
        </p>
      ) : null}
      {assessments.length > 0 ? <Pager page={page} pageCount={pageCount} href={pageLink} /> : null}
    </>
  );
}
