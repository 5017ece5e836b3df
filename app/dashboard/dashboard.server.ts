// The portfolio dashboard's numbers, computed in SQL: a handful of aggregate statements
// (GROUP BY / FILTER), none per vendor, so the page stays fast at 10,000 vendors. Each
// statement is built by an exported function that returns drizzle SQL, so the benchmark
// (bench/queries.ts) can EXPLAIN exactly what the page runs: see `dashboardStatements`.
//
// "A vendor's score" is the *current* score (it follows remediation) of the vendor's latest
// submitted assessment among those the filter keeps (docs/decisions/061-portfolio-dashboard.md).
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { type Db, rowsOf } from "~/db.server";
import { TIERS } from "~/scoring/risk";
import {
  ACCEPTANCE_EXPIRY_DAYS,
  AGE_BUCKETS,
  addDays,
  DUE_SOON_DAYS,
  OPEN_FINDING_STATUSES,
  type PortfolioFilter,
  type PortfolioList,
  SCORE_BINS,
  SEVERITY_ORDER,
  type PortfolioAssessmentRow,
} from "./filters";
import { cachedPortfolio, type RevisionSnapshot } from "./portfolio-cache.server";
import { statusList, SUBMITTED_STATUSES, OPEN_FOR_ANSWERS } from "~/assessments/status";

export const SUBMITTED_SQL = sql.raw(statusList(SUBMITTED_STATUSES));
const OPEN_ASSESSMENT_SQL = sql.raw(statusList(OPEN_FOR_ANSWERS));

const OPEN_FINDINGS_SQL = sql.raw(`(${OPEN_FINDING_STATUSES.map((s) => `'${s}'`).join(", ")})`);

function startOf(day: string): string {
  return `${day}T00:00:00.000Z`;
}

/** Conditions on the vendor row `v` (category, owner; archived vendors never count). */
function vendorConditions(filter: PortfolioFilter): SQL[] {
  const conditions: SQL[] = [sql`v.archived_at is null`];
  if (filter.category) conditions.push(sql`v.category = ${filter.category}`);
  if (filter.owner === "none") conditions.push(sql`v.owner_id is null`);
  else if (filter.owner) conditions.push(sql`v.owner_id = ${filter.owner}`);
  return conditions;
}

/** The questionnaire filter on an assessment `a` (any version of the slug). */
function questionnaireCondition(filter: PortfolioFilter, column = sql`a.questionnaire_version_id`) {
  return filter.questionnaire
    ? [
        sql`${column} in (select qv.id from questionnaire_versions qv where qv.slug = ${filter.questionnaire})`,
      ]
    : [];
}

function between(column: SQL, filter: PortfolioFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(sql`${column} >= ${startOf(filter.from)}::timestamptz`);
  if (filter.to) conditions.push(sql`${column} < ${startOf(addDays(filter.to, 1))}::timestamptz`);
  return conditions;
}

/**
 * `latest`: each vendor's latest submitted assessment within the filter; `scored`: those with
 * their current score, narrowed by the tier filter. Every portfolio statement starts here.
 */
export function portfolioCte(filter: PortfolioFilter): SQL {
  const where = sql.join(
    [
      sql`a.status in ${SUBMITTED_SQL}`,
      sql`a.submitted_at is not null`,
      ...vendorConditions(filter),
      ...questionnaireCondition(filter),
      ...between(sql`a.submitted_at`, filter),
    ],
    sql` and `,
  );
  return sql`latest as (
  select distinct on (a.vendor_id) a.id as assessment_id, a.vendor_id, a.submitted_at
  from assessments a join vendors v on v.id = a.vendor_id
  where ${where}
  order by a.vendor_id, a.submitted_at desc nulls last, a.id desc nulls last
), scored as (
  select l.assessment_id, l.vendor_id, l.submitted_at, s.overall, s.residual_tier, s.risk_rating,
    s.knockout_count
  from latest l
  join assessment_scores s on s.assessment_id = l.assessment_id and s.kind = 'current'
  ${filter.tier ? sql`where s.residual_tier = ${filter.tier}` : sql``}
)`;
}

/** The score bin of an overall score: 0…9 (10-point bins, 100 in the last). */
export const binSql = sql`least(floor(overall / 10)::int, ${SCORE_BINS - 1})`;

/** Vendors by risk rating and residual tier, the score distribution, knockouts. One row. */
export function portfolioSummaryQuery(filter: PortfolioFilter): SQL {
  const columns: SQL[] = [sql`count(*)::int as vendors`];
  for (const tier of TIERS) {
    columns.push(
      sql`count(*) filter (where risk_rating = ${tier})::int as ${sql.identifier(`rating_${tier}`)}`,
    );
    columns.push(
      sql`count(*) filter (where residual_tier = ${tier})::int as ${sql.identifier(`residual_${tier}`)}`,
    );
  }
  columns.push(sql`count(*) filter (where risk_rating is null)::int as rating_none`);
  columns.push(sql`count(*) filter (where overall is null)::int as not_scored`);
  for (let bin = 0; bin < SCORE_BINS; bin++) {
    columns.push(
      sql`count(*) filter (where ${binSql} = ${bin})::int as ${sql.identifier(`bin_${bin}`)}`,
    );
  }
  columns.push(sql`count(*) filter (where knockout_count > 0)::int as with_knockouts`);
  columns.push(sql`avg(overall)::float8 as mean_score`);
  return sql`with ${portfolioCte(filter)}
select ${sql.join(columns, sql`, `)} from scored`;
}

/** Conditions that put a row of vendor `v` / assessment `a` into the filtered portfolio. */
function tierCondition(filter: PortfolioFilter, vendorColumn: SQL): SQL[] {
  return filter.tier ? [sql`${vendorColumn} in (select vendor_id from scored)`] : [];
}

/**
 * Open findings by severity and age, overdue remediations, and risk acceptances expiring in
 * the next ACCEPTANCE_EXPIRY_DAYS days (or already past). One row per severity.
 */
export function findingsQuery(filter: PortfolioFilter, today: string): SQL {
  const age = sql`(${today}::date - (f.created_at at time zone 'UTC')::date)`;
  const open = sql`f.status in ${OPEN_FINDINGS_SQL}`;
  const columns: SQL[] = [
    sql`f.severity::text as severity`,
    sql`count(*) filter (where ${open})::int as open`,
  ];
  for (const bucket of AGE_BUCKETS) {
    const upper = bucket.max === undefined ? sql`` : sql` and ${age} <= ${bucket.max}`;
    columns.push(
      sql`count(*) filter (where ${open} and ${age} >= ${bucket.min}${upper})::int as ${sql.identifier(bucket.key)}`,
    );
  }
  columns.push(
    sql`count(*) filter (where ${open} and f.due_date < ${today}::date)::int as overdue`,
  );
  columns.push(
    sql`count(*) filter (where f.status = 'risk_accepted' and f.acceptance_expires_on <= ${addDays(today, ACCEPTANCE_EXPIRY_DAYS)}::date)::int as acceptances_expiring`,
  );
  const where = sql.join(
    [
      sql`(${open} or (f.status = 'risk_accepted' and f.acceptance_expires_on <= ${addDays(today, ACCEPTANCE_EXPIRY_DAYS)}::date))`,
      ...vendorConditions(filter),
      ...questionnaireCondition(filter, sql`a.questionnaire_version_id`),
      ...tierCondition(filter, sql`f.vendor_id`),
      ...between(sql`f.created_at`, filter),
    ],
    sql` and `,
  );
  const join = filter.questionnaire ? sql`join assessments a on a.id = f.assessment_id` : sql``;
  return sql`${filter.tier ? sql`with ${portfolioCte(filter)} ` : sql``}select ${sql.join(columns, sql`, `)}
from findings f join vendors v on v.id = f.vendor_id ${join}
where ${where}
group by f.severity`;
}

/** Open assessments (sent, in progress) past their due date, and due in the next days. */
export function openAssessmentsQuery(filter: PortfolioFilter, today: string): SQL {
  const soon = addDays(today, DUE_SOON_DAYS);
  const where = sql.join(
    [
      sql`a.status in ${OPEN_ASSESSMENT_SQL}`,
      sql`a.due_date <= ${soon}::date`,
      ...vendorConditions(filter),
      ...questionnaireCondition(filter),
      ...tierCondition(filter, sql`a.vendor_id`),
    ],
    sql` and `,
  );
  return sql`${filter.tier ? sql`with ${portfolioCte(filter)} ` : sql``}select
  count(*) filter (where a.due_date < ${today}::date)::int as overdue,
  count(*) filter (where a.due_date >= ${today}::date)::int as due_soon
from assessments a join vendors v on v.id = a.vendor_id
where ${where}`;
}

/** Every statement the dashboard runs, by name: what the benchmark EXPLAINs. */
export function dashboardStatements(filter: PortfolioFilter, today: string): Record<string, SQL> {
  return {
    "dashboard: vendors by rating, tier and score bin": portfolioSummaryQuery(filter),
    "dashboard: open findings by severity and age": findingsQuery(filter, today),
    "dashboard: overdue and due-soon assessments": openAssessmentsQuery(filter, today),
  };
}

const dialect = new PgDialect({ casing: "snake_case" });

/** The statements as SQL text with $1… parameters, for EXPLAIN outside drizzle. */
export function toQueryText(statement: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(statement);
}

type SummaryRow = Record<string, number | null>;
type FindingRow = { severity: string } & Record<string, number>;

export type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

/**
 * Everything /dashboard shows. `today` is the UTC calendar day that ages and due dates use.
 * Cached until the portfolio next changes (portfolio-cache.server.ts): a hit is one
 * primary-key read instead of three aggregates over the whole portfolio.
 */
export async function getDashboard(
  db: Db,
  filter: PortfolioFilter,
  today: string,
  snapshot?: RevisionSnapshot,
) {
  return cachedPortfolio(
    db,
    `dashboard:${today}:${JSON.stringify(filter)}`,
    (tx) => computeDashboard(tx, filter, today),
    "portfolio_revision",
    undefined,
    snapshot,
  );
}

/** The dashboard's figures straight from the database (what getDashboard caches). */
export async function computeDashboard(db: Db, filter: PortfolioFilter, today: string) {
  // One after the other: PGlite has one connection, and on Postgres they are each fast.
  const [summary] = await rowsOf<SummaryRow>(db, portfolioSummaryQuery(filter));
  const findingRows = await rowsOf<FindingRow>(db, findingsQuery(filter, today));
  const [open] = await rowsOf<{ overdue: number; due_soon: number }>(
    db,
    openAssessmentsQuery(filter, today),
  );
  const s = summary ?? {};
  const n = (key: string) => Number(s[key] ?? 0);
  const findings = SEVERITY_ORDER.map((severity) => {
    const row = findingRows.find((r) => r.severity === severity);
    return {
      severity,
      open: Number(row?.open ?? 0),
      ages: AGE_BUCKETS.map((b) => Number(row?.[b.key] ?? 0)),
      overdue: Number(row?.overdue ?? 0),
      acceptancesExpiring: Number(row?.acceptances_expiring ?? 0),
    };
  });
  return {
    today,
    vendors: n("vendors"),
    byRating: TIERS.map((tier) => ({ tier, count: n(`rating_${tier}`) })),
    ratingNone: n("rating_none"),
    byResidual: TIERS.map((tier) => ({ tier, count: n(`residual_${tier}`) })),
    notScored: n("not_scored"),
    bins: Array.from({ length: SCORE_BINS }, (_, bin) => n(`bin_${bin}`)),
    withKnockouts: n("with_knockouts"),
    meanScore: s.mean_score === null || s.mean_score === undefined ? null : Number(s.mean_score),
    findings,
    openFindings: findings.reduce((t, f) => t + f.open, 0),
    overdueRemediations: findings.reduce((t, f) => t + f.overdue, 0),
    acceptancesExpiring: findings.reduce((t, f) => t + f.acceptancesExpiring, 0),
    overdueAssessments: Number(open?.overdue ?? 0),
    dueSoonAssessments: Number(open?.due_soon ?? 0),
  };
}

/** Filter choices: questionnaires that have assessments, and the users who own vendors. */
/**
 * The filter form's choices: each questionnaire's latest title, and the staff who can own a
 * vendor (everyone but admins, and admins who own one). One round trip (decision 383).
 */
export async function getFilterOptions(
  db: Db,
  snapshot?: RevisionSnapshot,
): Promise<{
  questionnaires: { slug: string; title: string }[];
  owners: { id: string; name: string }[];
}> {
  // Kept against the portfolio revision, which moves when a questionnaire version is recorded,
  // a user is added or renamed, or a vendor's owner changes (migrations 0007 and 0022,
  // docs/decisions/438-kept-filter-choices.md).
  return cachedPortfolio(
    db,
    "choices:dashboard",
    async (tx) => {
      const [row] = await rowsOf<{ questionnaires: unknown; owners: unknown }>(
        tx,
        sql`select
      (select coalesce(json_agg(json_build_object('slug', q.slug, 'title', q.title) order by q.slug), '[]')
        from (select distinct on (qv.slug) qv.slug, qv.title from questionnaire_versions qv
          order by qv.slug, qv.major desc, qv.minor desc, qv.patch desc) q) as questionnaires,
      (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) order by lower(u.name), u.id), '[]')
        from users u where u.role <> 'admin' or exists
          (select 1 from vendors v where v.owner_id = u.id)) as owners`,
      );
      // PGlite and postgres.js both parse json; a driver that hands back text is parsed here.
      const parse = <T>(value: unknown): T[] =>
        (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as T[];
      return {
        questionnaires: parse<{ slug: string; title: string }>(row?.questionnaires),
        owners: parse<{ id: string; name: string }>(row?.owners),
      };
    },
    "portfolio_revision",
    undefined,
    snapshot,
  );
}

export const PORTFOLIO_LIST_LIMIT = 500;

/**
 * The list behind a dashboard number: the same CTE and conditions as the count, so the list
 * and the number agree. Returns at most PORTFOLIO_LIST_LIMIT rows and the full count.
 */
export function portfolioListQuery(
  list: PortfolioList,
  today: string,
  limit: number = PORTFOLIO_LIST_LIMIT,
): SQL {
  const select = sql`a.id, a.vendor_id as "vendorId", v.name as "vendorName",
    qv.title as "questionnaireTitle", qv.version as "questionnaireVersion", a.status::text as status,
    a.due_date::text as "dueDate", to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "submittedAt"`;
  if (list.overdue || list.dueSoon) {
    const due = list.overdue
      ? sql`a.due_date < ${today}::date`
      : sql`a.due_date >= ${today}::date and a.due_date <= ${addDays(today, DUE_SOON_DAYS)}::date`;
    const where = sql.join(
      [
        sql`a.status in ${OPEN_ASSESSMENT_SQL}`,
        due,
        ...vendorConditions(list),
        ...questionnaireCondition(list),
        ...tierCondition(list, sql`a.vendor_id`),
      ],
      sql` and `,
    );
    return sql`${list.tier ? sql`with ${portfolioCte(list)} ` : sql``}select ${select},
    null::float8 as overall, null::text as "residualTier", null::text as "riskRating",
    null::int as knockouts, count(*) over ()::int as total
  from assessments a join vendors v on v.id = a.vendor_id
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  where ${where}
  order by a.due_date, lower(v.name), a.id
  limit ${limit}`;
  }
  const conditions: SQL[] = [];
  if (list.rating) conditions.push(sql`sc.risk_rating = ${list.rating}`);
  if (list.notScored) conditions.push(sql`sc.overall is null`);
  if (list.scoreMin !== undefined) conditions.push(sql`sc.overall >= ${list.scoreMin}`);
  if (list.scoreBelow !== undefined) conditions.push(sql`sc.overall < ${list.scoreBelow}`);
  return sql`with ${portfolioCte(list)}
  select ${select}, sc.overall, sc.residual_tier::text as "residualTier",
    sc.risk_rating::text as "riskRating", sc.knockout_count as knockouts,
    count(*) over ()::int as total
  from scored sc join assessments a on a.id = sc.assessment_id
  join vendors v on v.id = a.vendor_id
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
  order by lower(v.name), a.id
  limit ${limit}`;
}

/** An export takes every row, up to this many. */
export const PORTFOLIO_EXPORT_LIMIT = 50_000;

export async function listPortfolioAssessments(
  db: Db,
  list: PortfolioList,
  today: string,
  { limit = PORTFOLIO_LIST_LIMIT } = {},
) {
  const rows = await rowsOf<PortfolioAssessmentRow & { total: number }>(
    db,
    portfolioListQuery(list, today, limit),
  );
  return {
    rows: rows.map(({ total: _total, ...row }) => ({
      ...row,
      overall: row.overall === null ? null : Number(row.overall),
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
