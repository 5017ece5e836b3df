// The SQL the benchmark EXPLAINs (ANALYZE, BUFFERS, FORMAT JSON) and checks for a sequential
// scan of the answers table. Each entry is the SQL a page runs, written out as drizzle sends
// it, with $1… parameters filled from real rows of the benchmark's data.
//
// To add a query: append an entry to the list of its page. `page` names the route, `sql` is
// the statement (the one drizzle logs for that loader is the best source), and `params`
// picks its parameters from QueryContext. The harness runs every list below. The dashboard and
// compare entries come from the app's own statement builders (`dashboardStatements`,
// `compareStatements`), so they are exactly what those pages run.
import { compareStatements } from "~/compare/compare.server";
import { dashboardStatements, toQueryText } from "~/dashboard/dashboard.server";
import { type PortfolioFilter } from "~/dashboard/filters";

export type QueryContext = {
  /** A half-answered assessment on the 300-question version. */
  assessmentId: string;
  /** A vendor with several assessments, some submitted and scored. */
  vendorId: string;
  /** The questionnaire version most assessments pin. */
  questionnaireVersionId: string;
  /** The UTC calendar day the dashboard counts ages and due dates from. */
  today: string;
  /** A library questionnaire with submitted, scored assessments, and 3 vendors to compare on
   * it (each one's latest submitted assessment on any version of the slug). */
  compare: { slug: string; vendorIds: string[]; assessmentIds: string[]; tenVendorIds: string[] };
};

export type BenchQuery = {
  name: string;
  page: string;
} & (
  | { sql: string; params?: (context: QueryContext) => unknown[] }
  /** Built from the context: the SQL text itself depends on it (filters, id lists). */
  | { build: (context: QueryContext) => { sql: string; params: unknown[] } }
);

/** The statement text and parameters of a query, in the context of this run. */
export function statementOf(
  query: BenchQuery,
  context: QueryContext,
): { sql: string; params: unknown[] } {
  return "build" in query
    ? query.build(context)
    : { sql: query.sql, params: query.params?.(context) ?? [] };
}

/** Queries of the vendor and staff pages (list pages and record pages); the dashboard's and
 * compare's come from their own statement builders below. */
export const staffPageQueries: BenchQuery[] = [
  {
    name: "assessment progress: the answers of one assessment",
    page: "/assessments/:id (getAssessmentForStaff → loadAnswers)",
    sql: `select "id", "assessment_id", "question_id", "answer", "comment", "revision", "carried_over", "updated_at", "updated_by_recipient_id"
from "answers" where "answers"."assessment_id" = $1`,
    params: (c) => [c.assessmentId],
  },
  {
    name: "vendor workspace: answers with who wrote them",
    page: "/v/sections/:id and POST /v/answers (loadVendorWorkspace)",
    sql: `select "answers"."question_id", "answers"."answer", "answers"."comment", "answers"."revision", "answers"."carried_over", "answers"."updated_at", "assessment_recipients"."name"
from "answers" left join "assessment_recipients" on ("assessment_recipients"."id" = "answers"."updated_by_recipient_id" and "assessment_recipients"."assessment_id" = $1)
where "answers"."assessment_id" = $2`,
    params: (c) => [c.assessmentId, c.assessmentId],
  },
  // Key lookups that always run on their generic plan (decision 426): EXPLAINed like the rest,
  // and as that generic plan.
  {
    name: "audit log: the names of the records the events mention",
    page: "/assessments/:id and /admin/audit (namesOfIds)",
    sql: `(((((((select 1 as "kind", "id", "name" from "users" where "users"."id" = any($1::uuid[])) union all (select 2 as "kind", "id", "name" from "vendors" where "vendors"."id" = any($2::uuid[]))) union all (select 3 as "kind", "id", "name" from "vendor_contacts" where "vendor_contacts"."id" = any($3::uuid[]))) union all (select 4 as "kind", "id", "name" from "assessment_recipients" where "assessment_recipients"."id" = any($4::uuid[]))) union all (select 5 as "kind", "id", "title" as "name" from "findings" where "findings"."id" = any($5::uuid[]))) union all (select 6 as "kind", "id", "name" from "api_tokens" where "api_tokens"."id" = any($6::uuid[]))) union all (select 7 as "kind", "id", "name" from "webhook_endpoints" where "webhook_endpoints"."id" = any($7::uuid[]))) union all (select 8 as "kind", "assessments"."id", "vendors"."name" || ', ' || "questionnaire_versions"."title" || ' ' || "questionnaire_versions"."version" as "name" from "assessments" inner join "vendors" on "vendors"."id" = "assessments"."vendor_id" inner join "questionnaire_versions" on "questionnaire_versions"."id" = "assessments"."questionnaire_version_id" where "assessments"."id" = any($8::uuid[]))`,
    params: (c) => Array.from({ length: 8 }, () => `{${c.assessmentId},${c.vendorId}}`),
  },
  {
    name: "assessment page: the latest link mail of each recipient",
    page: "/assessments/:id (latestLinkMailByRecipient)",
    sql: `select distinct on ("mail_outbox"."recipient_id") "id", "recipient_id", "status", "attempts", "next_attempt_at", "last_error", "sent_at", "smtp_response", "message_id" from "mail_outbox" where "mail_outbox"."recipient_id" = any($1::uuid[]) order by "mail_outbox"."recipient_id", "mail_outbox"."id" desc`,
    params: (c) => [`{${c.assessmentId}}`],
  },
  {
    name: "dashboard: failed mail of an owner's vendors",
    page: "/dashboard (countFailedMail)",
    sql: `select count(*) from "mail_outbox" left join "assessments" on "assessments"."id" = "mail_outbox"."assessment_id" left join "vendors" on "vendors"."id" = "assessments"."vendor_id" where ("mail_outbox"."status" = 'failed' and "vendors"."owner_id" = $1)`,
    params: (c) => [c.vendorId],
  },
  {
    name: "vendors list, first page by name",
    page: "/vendors (searchVendors)",
    sql: `select "vendors"."id", "vendors"."name", "vendors"."website", "vendors"."category", "vendors"."data_access", "vendors"."criticality", "vendors"."owner_id", "owner"."name", "vendors"."created_at", "vendors"."archived_at"
from "vendors" left join "users" "owner" on "owner"."id" = "vendors"."owner_id"
where "vendors"."archived_at" is null
order by lower("vendors"."name") asc, "vendors"."id" asc limit 50 offset 0`,
  },
  {
    name: "vendors list, count",
    page: "/vendors (searchVendors)",
    sql: `select count(*) from "vendors" where "vendors"."archived_at" is null`,
  },
  {
    name: "findings register, first page by due date",
    page: "/findings (listRegister)",
    sql: `select "findings"."id", "findings"."title", "findings"."severity", "findings"."status", "findings"."due_date", "findings"."created_at", "findings"."vendor_id", "vendors"."name", "findings"."assessment_id", "questionnaire_versions"."title", "findings"."question_id", "findings"."references", "users"."name", "findings"."acceptance_expires_on" from "findings" inner join "vendors" on "vendors"."id" = "findings"."vendor_id" inner join "assessments" on "assessments"."id" = "findings"."assessment_id" inner join "questionnaire_versions" on "questionnaire_versions"."id" = "assessments"."questionnaire_version_id" left join "users" on "users"."id" = "findings"."owner_id" where not exists (select $1 from "vendors" av where av.id = "findings"."vendor_id" and av.archived_at is not null) order by "findings"."due_date" asc, array_position(array[$2,$3,$4,$5]::severity[], "findings"."severity"), "findings"."id" asc limit 50`,
    // The limit is written into the text, as the app writes it (decision 416).
    params: () => [1, "critical", "high", "medium", "low"],
  },
  {
    name: "findings register, count",
    page: "/findings (listRegister)",
    sql: `select count(*)::int from "findings" where not exists (select $1 from "vendors" av where av.id = "findings"."vendor_id" and av.archived_at is not null)`,
    params: () => [1],
  },
  {
    name: "assessments list, first page of 50",
    page: "/assessments (listAssessmentPage)",
    sql: `select "assessments"."id", "assessments"."status", "assessments"."due_date", "vendors"."name", "questionnaire_versions"."title", "questionnaire_versions"."version",
  "assessments"."due_date" < current_date and "assessments"."status" in ('sent', 'in_progress')
from "assessments"
inner join "vendors" on "vendors"."id" = "assessments"."vendor_id"
inner join "questionnaire_versions" on "questionnaire_versions"."id" = "assessments"."questionnaire_version_id"
order by "assessments"."created_at" desc, "assessments"."id" desc limit 50 offset 0`,
  },
];

// The statement builders return one record keyed by a fixed name; their keys are read once with
// placeholder arguments, and each entry rebuilds its statement from the run's context.
const DASHBOARD_NAMES = Object.keys(dashboardStatements({}, "2000-01-01"));
const NO_ID = "00000000-0000-0000-0000-000000000000";
const COMPARE_NAMES = Object.keys(
  compareStatements({
    slug: "x",
    vendorIds: [NO_ID],
    assessmentIds: [NO_ID],
    search: "x",
    vendorId: NO_ID,
  }),
);
/** What a risk officer types into the compare picker: part of a name (bench vendors are named
 * "Bench vendor 00001"…, so this matches a tenth of them). */
const COMPARE_SEARCH = "vendor 01";

/** The dashboard's filters: none (the page as it opens), and a questionnaire with a tier (the
 * tier adds the portfolio CTE to the findings and open-assessment counts). */
const DASHBOARD_FILTERS: {
  label: string;
  page: string;
  filter: (c: QueryContext) => PortfolioFilter;
}[] = [
  { label: "", page: "/dashboard", filter: () => ({}) },
  {
    label: " [questionnaire + tier High]",
    page: "/dashboard?questionnaire=…&tier=High",
    filter: (c) => ({ questionnaire: c.compare.slug, tier: "High" }),
  },
];

/** Queries of the dashboard (/dashboard). */
export const dashboardQueries: BenchQuery[] = DASHBOARD_FILTERS.flatMap(({ label, page, filter }) =>
  DASHBOARD_NAMES.map((name): BenchQuery => ({
    name: `${name}${label}`,
    page: `${page} (getDashboard)`,
    build: (c) => toQueryText(dashboardStatements(filter(c), c.today)[name]!),
  })),
);

/** Queries of the vendor comparison (/compare, 3 vendors) and the vendor trend page. */
export const compareQueries: BenchQuery[] = COMPARE_NAMES.map((name): BenchQuery => ({
  name,
  page: name.startsWith("trend:")
    ? "/vendors/:id/trend (getVendorTrend)"
    : name.startsWith("compare: picker")
      ? "/compare?questionnaire=…[&q=…] (loader, searchComparableVendors)"
      : "/compare?questionnaire=…&vendor=…×3 (loader, resolveChoice, compareChosen)",
  build: (c) =>
    toQueryText(
      compareStatements({
        slug: c.compare.slug,
        // An empty id list would be `in ()`: a run with nothing to compare EXPLAINs no rows.
        vendorIds: c.compare.vendorIds.length ? c.compare.vendorIds : [NO_ID],
        assessmentIds: c.compare.assessmentIds.length ? c.compare.assessmentIds : [NO_ID],
        search: COMPARE_SEARCH,
        vendorId: c.compare.vendorIds[0] ?? c.vendorId,
      })[name]!,
    ),
}));

export const benchQueries: BenchQuery[] = [
  ...staffPageQueries,
  ...dashboardQueries,
  ...compareQueries,
];
