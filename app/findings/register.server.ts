// The findings register: every vendor's findings, filtered and sorted in SQL (one page plus a
// count; exports take every match), so it stays fast with many vendors (indexes on findings:
// due date, status+due date, vendor+status, severity+status, owner+status). The default order
// (due date) walks `findings_due_idx` and joins only the page's rows; the count joins only the
// tables the filters name (docs/decisions/380-findings-register-at-scale.md).
import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { data } from "@remix-run/node";
import { z } from "zod";
import { parseQuery } from "~/forms/parse";
import { type Db, schema, rowCount } from "~/db.server";
import { FRAMEWORKS } from "~/questionnaire/references";
import { FINDING_STATUSES, isOpen, isoDay, OPEN_STATUSES, SEVERITIES } from "./status";
import { portfolioCte } from "~/dashboard/dashboard.server";
import {
  cachedCount,
  cachedPortfolio,
  type CountFilters,
  countCacheKey,
  portfolioRevisionColumn,
  type RevisionSnapshot,
} from "~/dashboard/portfolio-cache.server";
import { PortfolioFilterShape } from "~/dashboard/filter-schemas";
import { likePattern } from "~/vendors/vendors.server";

export const FINDINGS_PER_PAGE = 50;

const list = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : v.split(",")))
    .pipe(z.array(z.enum(values, { errorMap: () => ({ message: `Unknown ${what}` }) })));

const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Give ${what} as a date like 2027-03-31`)
    .optional()
    .or(z.literal("").transform(() => undefined));

const count = (what: string) =>
  z.coerce
    .number({ invalid_type_error: `Give ${what} as a number of days` })
    .int(`Give ${what} as a whole number of days`)
    .min(0, `Give ${what} as 0 or more days`)
    .optional()
    .or(z.literal("").transform(() => undefined));

export const RegisterQuerySchema = z.object({
  severity: list(SEVERITIES, "severity"),
  // "open" is shorthand for every open status.
  status: list([...FINDING_STATUSES, "open_any"] as const, "status"),
  vendor: z
    .string()
    .uuid("Unknown vendor")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Typed into the register's filter form: part of a vendor's name (the picker of a select
  // with every vendor would not scale to thousands).
  vendorName: z
    .string()
    .trim()
    .max(200, "Keep the vendor name under 200 characters")
    .transform((name) => name || undefined)
    .optional(),
  assessment: z
    .string()
    .uuid("Unknown assessment")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  owner: z
    .union([z.literal("me"), z.string().uuid("Unknown owner")])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  overdue: z
    .enum(["1", "0", ""], { errorMap: () => ({ message: "overdue is 1 or 0" }) })
    .optional()
    .transform((v) => v === "1"),
  questionnaire: z.string().max(100).optional(),
  framework: z
    .string()
    .optional()
    .refine((v) => !v || v in FRAMEWORKS, { message: "Unknown reference framework" }),
  ageMin: count("the minimum age"),
  ageMax: count("the maximum age"),
  acceptanceExpiresBefore: day("the acceptance expiry"),
  // The dashboard's portfolio filters, so its numbers and this list agree (app/dashboard).
  category: PortfolioFilterShape.category,
  tier: PortfolioFilterShape.tier,
  vendorOwner: PortfolioFilterShape.owner,
  from: PortfolioFilterShape.from,
  to: PortfolioFilterShape.to,
  sort: z.enum(["due", "severity", "opened", "vendor", "status"]).default("due"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type RegisterQuery = z.output<typeof RegisterQuerySchema>;

export type RegisterRow = {
  id: string;
  title: string;
  severity: (typeof SEVERITIES)[number];
  status: (typeof FINDING_STATUSES)[number];
  dueDate: string;
  createdAt: Date;
  vendorId: string;
  vendorName: string;
  assessmentId: string;
  questionnaire: string;
  questionId: string;
  references: string[];
  ownerName: string | null;
  acceptanceExpiresOn: string | null;
  overdue: boolean;
};

const SEVERITY_RANK = sql`array_position(array['critical','high','medium','low']::severity[], ${schema.findings.severity})`;

/**
 * Not archived, without joining vendors: an anti-join on the archived ones
 * (`vendors_archived_idx`), so the count can skip the vendors table when no filter names it.
 */
function vendorNotArchived(): SQL {
  const f = schema.findings;
  return sql`not exists (select 1 from ${schema.vendors} av where av.id = ${f.vendorId} and av.archived_at is not null)`;
}

/** Which joined tables the filters read, so the count joins only those. */
function tablesFiltered(q: RegisterQuery) {
  return {
    vendors: Boolean(q.vendorName || q.category || q.vendorOwner),
    questionnaireVersions: Boolean(q.questionnaire),
  };
}

function conditions(q: RegisterQuery, userId: string, today: string): SQL[] {
  const f = schema.findings;
  const where: SQL[] = [];
  if (q.severity.length > 0) where.push(inArray(f.severity, q.severity));
  const statuses = q.status.flatMap((s) => (s === "open_any" ? [...OPEN_STATUSES] : [s]));
  if (statuses.length > 0) where.push(inArray(f.status, statuses));
  if (q.vendor) where.push(eq(f.vendorId, q.vendor));
  if (q.vendorName) where.push(ilike(schema.vendors.name, likePattern(q.vendorName)));
  if (q.assessment) where.push(eq(f.assessmentId, q.assessment));
  if (q.owner) where.push(eq(f.ownerId, q.owner === "me" ? userId : q.owner));
  if (q.overdue) {
    where.push(inArray(f.status, [...OPEN_STATUSES]));
    where.push(lt(f.dueDate, today));
  }
  const v = schema.vendors;
  where.push(vendorNotArchived());
  if (q.category) where.push(eq(v.category, q.category));
  if (q.vendorOwner === "none") where.push(isNull(v.ownerId));
  else if (q.vendorOwner) where.push(eq(v.ownerId, q.vendorOwner));
  if (q.from) where.push(gte(f.createdAt, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) where.push(lt(f.createdAt, new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000)));
  if (q.tier)
    where.push(
      sql`${f.vendorId} in (with ${portfolioCte({ tier: q.tier, questionnaire: q.questionnaire, category: q.category, owner: q.vendorOwner, from: q.from, to: q.to })} select vendor_id from scored)`,
    );
  if (q.questionnaire) where.push(eq(schema.questionnaireVersions.slug, q.questionnaire));
  if (q.framework)
    where.push(
      sql`exists (select 1 from unnest(${f.references}) as r where r like ${`${q.framework}:%`})`,
    );
  // Age in whole calendar days (UTC) since it opened: ageMin ≤ age ≤ ageMax, as on the dashboard.
  const age = sql`(${today}::date - (${f.createdAt} at time zone 'UTC')::date)`;
  if (q.ageMin !== undefined) where.push(sql`${age} >= ${q.ageMin}`);
  if (q.ageMax !== undefined) where.push(sql`${age} <= ${q.ageMax}`);
  if (q.acceptanceExpiresBefore) {
    where.push(eq(f.status, "risk_accepted"));
    where.push(lt(f.acceptanceExpiresOn, q.acceptanceExpiresBefore));
  }
  return where;
}

function orderBy(q: RegisterQuery) {
  const f = schema.findings;
  const dir = q.dir === "desc" ? desc : asc;
  const by = {
    due: [dir(f.dueDate), sql`${SEVERITY_RANK}`],
    severity: [
      q.dir === "desc" ? sql`${SEVERITY_RANK} desc` : sql`${SEVERITY_RANK}`,
      asc(f.dueDate),
    ],
    opened: [dir(f.createdAt)],
    vendor: [dir(schema.vendors.name), asc(f.dueDate)],
    status: [dir(f.status), asc(f.dueDate)],
  }[q.sort];
  return [...by, asc(f.id)];
}

/**
 * Which of the register's filters read only columns the portfolio revision watches (migration
 * 0007: a finding's status, severity, due date, acceptance expiry, opening, vendor and
 * assessment; a vendor's archiving, category and owner; scores for the tier). A finding's owner,
 * a vendor's name and a finding's references are not watched: a count under those is made
 * afresh (docs/decisions/406-list-counts-cache.md).
 */
const FINDING_COUNT_FILTERS: CountFilters<RegisterQuery> = {
  severity: "watched",
  status: "watched",
  vendor: "watched",
  assessment: "watched",
  overdue: "watched",
  questionnaire: "watched",
  ageMin: "watched",
  ageMax: "watched",
  acceptanceExpiresBefore: "watched",
  category: "watched",
  tier: "watched",
  vendorOwner: "watched",
  from: "watched",
  to: "watched",
  vendorName: "not watched",
  owner: "not watched",
  framework: "not watched",
  sort: "not a filter",
  dir: "not a filter",
  page: "not a filter",
};

export async function listRegister(
  db: Db,
  q: RegisterQuery,
  userId: string,
  { all = false, now = new Date() }: { all?: boolean; now?: Date } = {},
): Promise<{ rows: RegisterRow[]; total: number; pageCount: number }> {
  const today = isoDay(now);
  const f = schema.findings;
  const where = and(...conditions(q, userId, today));
  const base = () =>
    db
      .select({
        id: f.id,
        title: f.title,
        severity: f.severity,
        status: f.status,
        dueDate: f.dueDate,
        createdAt: f.createdAt,
        vendorId: f.vendorId,
        vendorName: schema.vendors.name,
        assessmentId: f.assessmentId,
        questionnaire: schema.questionnaireVersions.title,
        questionId: f.questionId,
        references: f.references,
        ownerName: schema.users.name,
        acceptanceExpiresOn: f.acceptanceExpiresOn,
        revision: portfolioRevisionColumn(),
      })
      .from(f)
      .innerJoin(schema.vendors, eq(schema.vendors.id, f.vendorId))
      .innerJoin(schema.assessments, eq(schema.assessments.id, f.assessmentId))
      .innerJoin(
        schema.questionnaireVersions,
        eq(schema.questionnaireVersions.id, schema.assessments.questionnaireVersionId),
      )
      .leftJoin(schema.users, eq(schema.users.id, f.ownerId))
      .where(where)
      .orderBy(...orderBy(q));
  const filtered = tablesFiltered(q);
  const counted = (tx: Db) => {
    let query = tx
      .select({ total: sql<number>`count(*)::int` })
      .from(f)
      .$dynamic();
    if (filtered.vendors)
      query = query.innerJoin(schema.vendors, eq(schema.vendors.id, f.vendorId));
    if (filtered.questionnaireVersions)
      query = query
        .innerJoin(schema.assessments, eq(schema.assessments.id, f.assessmentId))
        .innerJoin(
          schema.questionnaireVersions,
          eq(schema.questionnaireVersions.id, schema.assessments.questionnaireVersionId),
        );
    return query;
  };
  // The rows first, with the revision their statement read; the count is then checked against
  // it, with no statement of its own on a hit (decision 435).
  const rows = await (all
    ? base().limit(100_000)
    : base()
        .limit(rowCount(FINDINGS_PER_PAGE))
        .offset((q.page - 1) * FINDINGS_PER_PAGE));
  // Overdue and age filters read the day: it is part of the key.
  const total = await cachedCount(
    db,
    countCacheKey(`findings:${today}`, q, FINDING_COUNT_FILTERS),
    async (tx) => {
      const [{ total } = { total: 0 }] = await counted(tx).where(where);
      return total;
    },
    rows[0]?.revision,
  );
  return {
    rows: rows.map(({ revision: _revision, ...r }) => ({
      ...r,
      overdue: isOpen(r.status) && r.dueDate < today,
    })),
    total,
    pageCount: Math.max(1, Math.ceil(total / FINDINGS_PER_PAGE)),
  };
}

/** Filter choices: the questionnaires, and the name of the vendor the register is narrowed to. */
export async function registerChoices(db: Db, vendorId?: string, revisions?: RevisionSnapshot) {
  const [vendor, questionnaires] = await Promise.all([
    vendorId
      ? db
          .select({ id: schema.vendors.id, name: schema.vendors.name })
          .from(schema.vendors)
          .where(eq(schema.vendors.id, vendorId))
          .then((rows) => rows[0])
      : undefined,
    // Kept against the portfolio revision, which moves when a questionnaire version is recorded
    // (migration 0022, docs/decisions/438-kept-filter-choices.md); `revisions`: the request's
    // (`requestRevisions`), read with its session, so a view costs no statement for them.
    cachedPortfolio(
      db,
      "choices:questionnaire-titles",
      async (tx) => {
        const rows = await tx
          .selectDistinct({
            slug: schema.questionnaireVersions.slug,
            title: schema.questionnaireVersions.title,
          })
          .from(schema.questionnaireVersions)
          .orderBy(asc(schema.questionnaireVersions.title));
        return [...new Map(rows.map((q) => [q.slug, q])).values()];
      },
      "portfolio_revision",
      undefined,
      revisions,
    ),
  ]);
  return { vendor: vendor ?? null, questionnaires };
}

/** The register's URL as a query, or a 400 saying what is wrong with it. */
export function parseRegisterQuery(url: URL) {
  const parsed = parseQuery(RegisterQuerySchema, url);
  if (!parsed.success) {
    throw data(`This list cannot be shown: ${Object.values(parsed.errors).join("; ")}.`, {
      status: 400,
    });
  }
  return parsed.data;
}
