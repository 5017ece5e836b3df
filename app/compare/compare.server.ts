// Loading what /compare and /vendors/:id/trend show: a fixed number of queries whatever the
// size of the portfolio. The picker reads one page of vendors and a few ahead; the comparison
// reads only the chosen vendors' rows (their latest assessments, both stored scores in one
// statement, their answers in another). The statements are exported for the benchmark: see
// `compareStatements`. Decision: docs/decisions/081-compare-vendor-picker.md.
import { type SQL, sql } from "drizzle-orm";
import {
  type CachePool,
  cachedPortfolio,
  type RevisionSnapshot,
} from "~/dashboard/portfolio-cache.server";
import { SUBMITTED_SQL } from "~/dashboard/dashboard.server";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { type Db, rowsOf } from "~/db.server";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { type ScoreResult } from "~/scoring/engine";
import { type ComparedScore } from "./compared-score";
import {
  buildComparison,
  type ComparedAssessment,
  type Comparison,
  type DiffedAssessment,
  MAX_COMPARED,
  MIN_COMPARED,
} from "./compare";
import { PICKER_PAGE_SIZE } from "./compare-query";

// What the picker offers and compares: a vendor's latest submitted, scored assessment on any
// version of the questionnaire, for vendors that are not archived. One statement part, so the
// search, its count and the chosen vendors cannot drift apart. `submitted_at is not null` with
// this order is what `assessments_vendor_submitted_idx` serves, one short index walk per vendor.
function latestScoredOn(slug: string): SQL {
  return sql`select a.id, qv.version, qv.title, a.submitted_at
    from assessments a
    join questionnaire_versions qv on qv.id = a.questionnaire_version_id
    where a.vendor_id = v.id and a.submitted_at is not null and a.status in ${SUBMITTED_SQL}
      and qv.slug = ${slug}
      and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'current')
    order by a.submitted_at desc nulls last, a.id desc nulls last
    limit 1`;
}

const COMPARABLE_VENDOR_COLUMNS = sql`v.id as "vendorId", v.name as "vendorName",
    latest.id as "assessmentId", latest.version,
    to_char(latest.submitted_at at time zone 'UTC', 'YYYY-MM-DD') as "submittedOn"`;

/** `%text%` for ILIKE, with the wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function vendorSearchConditions(search: string | undefined): SQL {
  return search
    ? sql`v.archived_at is null and v.name ilike ${containsPattern(search)}`
    : sql`v.archived_at is null`;
}

/**
 * Questionnaires (by slug) with at least one submitted, scored assessment of a vendor that is
 * not archived; the title is the newest such version's. Per version, the latest submission
 * that qualifies, found by walking `assessments_version_submitted_idx`: a few index entries
 * instead of every submitted assessment (the `order by … limit 1` is what lets the planner take
 * that walk; as a plain EXISTS it hashes them all, 55 ms at 30,000 assessments).
 */
export function comparableQuestionnairesQuery(): SQL {
  return sql`select qv.slug,
    (array_agg(qv.title order by qv.major desc, qv.minor desc, qv.patch desc))[1] as title
  from questionnaire_versions qv
  cross join lateral (
    select 1 from assessments a
    where a.questionnaire_version_id = qv.id and a.submitted_at is not null
      and a.status in ${SUBMITTED_SQL}
      and exists (select 1 from vendors v where v.id = a.vendor_id and v.archived_at is null)
      and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'current')
    order by a.submitted_at desc nulls last
    limit 1) found
  group by qv.slug
  order by 2`;
}

/**
 * The vendors that can be compared on `slug`, by name, optionally searched: `limit` of them
 * from `offset`. Walks vendors in name order (`vendors_name_key`) and stops once it has them,
 * looking up each one's latest assessment through `assessments_vendor_submitted_idx`.
 */
export function comparableVendorsQuery(
  slug: string,
  options: { search?: string; offset: number; limit: number },
): SQL {
  return sql`select ${COMPARABLE_VENDOR_COLUMNS}
  from vendors v
  cross join lateral (${latestScoredOn(slug)}) latest
  where ${vendorSearchConditions(options.search)}
  order by lower(v.name), v.id
  limit ${options.limit} offset ${options.offset}`;
}

/** The given vendors' latest comparable assessments on `slug`; vendors without one are left out. */
export function chosenVendorsQuery(slug: string, vendorIds: string[]): SQL {
  return sql`select ${COMPARABLE_VENDOR_COLUMNS}, latest.title
  from vendors v
  cross join lateral (${latestScoredOn(slug)}) latest
  where v.archived_at is null and v.id in (${uuidList(vendorIds)})`;
}

/** The given submitted assessments, with their vendor and questionnaire (for the picker). */
export function chosenAssessmentsQuery(assessmentIds: string[]): SQL {
  return sql`select a.vendor_id as "vendorId", v.name as "vendorName", a.id as "assessmentId",
    qv.version, qv.slug, qv.title,
    to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD') as "submittedOn"
  from assessments a
  join vendors v on v.id = a.vendor_id
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  where a.id in (${uuidList(assessmentIds)}) and a.status in ${SUBMITTED_SQL}
    and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'current')`;
}

function uuidList(ids: string[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
}

/**
 * The chosen assessments with their vendor, pinned version, current score and overall score at
 * submission; the whole score at submission only for the answer diff (`submitted`): the
 * comparison shows just its overall, and the stored results are ~28–40 KB each (decision 390).
 * Of the current score, only the parts the comparison reads (`comparison`, decision 414).
 */
export function comparedAssessmentsQuery(
  assessmentIds: string[],
  options: { submitted?: boolean } = {},
): SQL {
  return sql`select a.id as "assessmentId", a.vendor_id as "vendorId", v.name as "vendorName",
    qv.slug, qv.version, qv.id as "versionId",
    to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "submittedAt",
    sub.overall as "submittedOverall",
    ${options.submitted ? sql`sub.result` : sql`null::jsonb`} as submitted, cur.comparison as current
  from assessments a
  join vendors v on v.id = a.vendor_id
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  join assessment_scores sub on sub.assessment_id = a.id and sub.kind = 'submitted'
  join assessment_scores cur on cur.assessment_id = a.id and cur.kind = 'current'
  where a.id in (${uuidList(assessmentIds)}) and a.status in ${SUBMITTED_SQL}`;
}

export function comparedAnswersQuery(assessmentIds: string[]): SQL {
  return sql`select assessment_id as "assessmentId", question_id as "questionId", answer
  from answers where assessment_id in (${uuidList(assessmentIds)}) and answer is not null`;
}

/** A vendor's submitted assessments with both stored scores, oldest first. */
export function vendorTrendQuery(vendorId: string): SQL {
  return sql`select a.id as "assessmentId", qv.slug, qv.title, qv.version,
    to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD') as "submittedOn",
    sub.overall as "submittedOverall", cur.overall as "currentOverall",
    cur.residual_tier::text as "residualTier", cur.risk_rating::text as "riskRating",
    cur.knockout_count as knockouts
  from assessments a
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  join assessment_scores sub on sub.assessment_id = a.id and sub.kind = 'submitted'
  join assessment_scores cur on cur.assessment_id = a.id and cur.kind = 'current'
  where a.vendor_id = ${vendorId} and a.status in ${SUBMITTED_SQL}
  order by a.submitted_at, a.id`;
}

/** Every statement /compare and the trend page run, by name: what the benchmark EXPLAINs. */
export function compareStatements(context: {
  slug: string;
  /** The chosen vendors, and their assessments that /compare picks. */
  vendorIds: string[];
  assessmentIds: string[];
  /** A vendor name fragment, as typed into the picker's search. */
  search: string;
  vendorId: string;
}): Record<string, SQL> {
  const firstPage = { offset: 0, limit: PICKER_LOOKAHEAD + 1 };
  return {
    "compare: questionnaires to choose from": comparableQuestionnairesQuery(),
    "compare: picker, first page of vendors and 5 pages ahead": comparableVendorsQuery(
      context.slug,
      firstPage,
    ),
    "compare: picker, vendors searched by name, 5 pages ahead": comparableVendorsQuery(
      context.slug,
      { ...firstPage, search: context.search },
    ),
    "compare: the chosen vendors' latest assessments": chosenVendorsQuery(
      context.slug,
      context.vendorIds,
    ),
    "compare: the chosen assessments and their scores": comparedAssessmentsQuery(
      context.assessmentIds,
    ),
    "compare: the chosen assessments' answers": comparedAnswersQuery(context.assessmentIds),
    "trend: a vendor's submitted assessments and scores": vendorTrendQuery(context.vendorId),
  };
}

/**
 * The questionnaires the picker offers. Kept until the portfolio revision moves: it reads
 * assessments' status, submission and version, scores and vendors' archiving, all watched
 * (migration 0007), and versions, which never change (docs/decisions/407-compare-picker-cache.md).
 */
export async function listComparableQuestionnaires(db: Db, snapshot?: RevisionSnapshot) {
  return cachedPortfolio(
    db,
    "compare:questionnaires",
    (tx) => rowsOf<{ slug: string; title: string }>(tx, comparableQuestionnairesQuery()),
    "portfolio_revision",
    undefined,
    snapshot,
  );
}

export type ComparableVendor = {
  vendorId: string;
  vendorName: string;
  assessmentId: string;
  version: string;
  submittedOn: string;
};

/**
 * How far past a page's start the picker counts matches: five pages. An exact total would
 * read every comparable vendor's assessments (~15 ms at 10,000 vendors on every request), and
 * past a few pages a user refines the search rather than reads on.
 */
export const PICKER_LOOKAHEAD = 5 * PICKER_PAGE_SIZE;

const PICKER_REVISIONS = ["portfolio_revision", "supply_chain_revision"] as const;

type Choice = { slug?: string; vendorIds: string[]; assessmentIds: string[] };

/** Resolved choices are small; one per link a team follows to a comparison. */
const CHOICE_POOL: CachePool = { name: "compare-choices", capacity: 100 };

/**
 * Comparisons are kept apart from the portfolio's figures: each holds up to ten assessments'
 * answers in words (122 KB as JSON for ten vendors on the bench's 99 questions), and a few dozen
 * cover the comparisons a team has open.
 */
const COMPARISON_POOL: CachePool = { name: "comparisons", capacity: 24 };

export type VendorSearchResult = {
  vendors: ComparableVendor[];
  page: number;
  pageSize: number;
  /**
   * Matching vendors counted, from the first: exact, unless `more` says there are more than
   * that. Null on a page past the last one, where nothing was counted.
   */
  total: number | null;
  more: boolean;
};

/**
 * One page of the vendors the picker offers for `slug`: those with a submitted, scored
 * assessment on any of its versions and not archived, by name, each with the assessment it
 * would be compared on (its latest). One statement reads the page and up to
 * `PICKER_LOOKAHEAD` matches past its start, whatever the size of the portfolio.
 */
export async function searchComparableVendors(
  db: Db,
  slug: string,
  options: {
    search?: string;
    page?: number;
    pageSize?: number;
    lookahead?: number;
    /** The request's revisions (`revisionSnapshot`), shared with its other kept values. */
    snapshot?: RevisionSnapshot;
  } = {},
): Promise<VendorSearchResult> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? PICKER_PAGE_SIZE;
  const lookahead = Math.max(options.lookahead ?? PICKER_LOOKAHEAD, pageSize);
  const offset = (page - 1) * pageSize;
  // Kept until either revision moves: the portfolio's watches what makes a vendor comparable
  // (assessments, scores, archiving), the supply-chain map's watches vendors' names, which the
  // picker searches, orders by and shows (docs/decisions/407-compare-picker-cache.md).
  const rows = await cachedPortfolio(
    db,
    `compare:picker:${JSON.stringify([slug, options.search ?? "", offset, lookahead])}`,
    (tx) =>
      rowsOf<ComparableVendor>(
        tx,
        comparableVendorsQuery(slug, { search: options.search, offset, limit: lookahead + 1 }),
      ),
    PICKER_REVISIONS,
    undefined,
    options.snapshot,
  );
  const more = rows.length > lookahead;
  return {
    vendors: rows.slice(0, pageSize),
    page,
    pageSize,
    total: rows.length === 0 && offset > 0 ? null : offset + Math.min(rows.length, lookahead),
    more,
  };
}

/** A chosen vendor (`vendor=`, its latest assessment on the questionnaire) or assessment. */
export type Chosen = ComparableVendor & {
  by: "vendor" | "assessment";
  slug: string;
  title: string;
};

/** What the query chose, resolved; `problem` says why it cannot be compared as it stands. */
export type Resolution = { chosen: Chosen[]; problem: string | null };

/**
 * The chosen vendors' latest assessments on `slug` and the chosen assessments, in the order
 * asked for (assessments first), with only their own rows read. Unknown or unsuitable ones are
 * left out of `chosen` and named in `problem`, so the picker can still show the rest.
 */
export function resolveChoice(
  db: Db,
  choice: Choice,
  snapshot?: RevisionSnapshot,
): Promise<Resolution> {
  // Kept like the comparison (`compareChosen`): it reads statuses, submissions, scores and
  // archiving (the portfolio's revision) and vendors' names (the map's).
  return cachedPortfolio(
    db,
    `compare:choice:${JSON.stringify([choice.slug ?? null, choice.vendorIds, choice.assessmentIds])}`,
    (tx) => readChoice(tx, choice),
    PICKER_REVISIONS,
    CHOICE_POOL,
    snapshot,
  );
}

async function readChoice(db: Db, choice: Choice): Promise<Resolution> {
  const problems: string[] = [];
  const count = choice.vendorIds.length + choice.assessmentIds.length;
  if (count > MAX_COMPARED)
    problems.push(`Choose at most ${MAX_COMPARED} vendors to compare (${count} were chosen).`);
  const chosen: Chosen[] = [];
  if (choice.assessmentIds.length > 0) {
    const rows = await rowsOf<ComparableVendor & { slug: string; title: string }>(
      db,
      chosenAssessmentsQuery(choice.assessmentIds),
    );
    const byId = new Map(rows.map((r) => [r.assessmentId, r]));
    for (const id of choice.assessmentIds) {
      const row = byId.get(id);
      if (row) chosen.push({ ...row, by: "assessment" });
    }
    if (chosen.length < choice.assessmentIds.length)
      problems.push(
        "Only submitted, scored assessments can be compared: one of the chosen is not.",
      );
  }
  if (choice.vendorIds.length > 0) {
    if (!choice.slug) {
      problems.push("Choose the questionnaire to compare them on.");
    } else {
      const slug = choice.slug;
      const rows = await rowsOf<ComparableVendor & { title: string }>(
        db,
        chosenVendorsQuery(slug, choice.vendorIds),
      );
      const latest = new Map(rows.map((r) => [r.vendorId, r]));
      for (const id of choice.vendorIds) {
        const row = latest.get(id);
        if (row) chosen.push({ ...row, by: "vendor", slug });
      }
      const missing = choice.vendorIds.filter((id) => !latest.has(id));
      if (missing.length > 0) problems.push(await describeMissing(db, missing));
    }
  }
  const slugs = new Set([...chosen.map((c) => c.slug), ...(choice.slug ? [choice.slug] : [])]);
  if (slugs.size > 1) {
    const titles = [...new Set(chosen.map((c) => `${c.title} (${c.slug})`))];
    problems.push(
      `Compare assessments of one questionnaire (any of its versions); these use different questionnaires: ${titles.join(", ")}.`,
    );
  }
  return { chosen, problem: problems.length > 0 ? problems.join(" ") : null };
}

async function describeMissing(db: Db, vendorIds: string[]): Promise<string> {
  const names = await rowsOf<{ name: string }>(
    db,
    sql`select name from vendors where id in (${uuidList(vendorIds)}) order by name`,
  );
  const who = names.length > 0 ? names.map((n) => n.name).join(", ") : "A chosen vendor";
  const many = names.length > 1;
  return `${who} ${many ? "have" : "has"} no submitted assessment on this questionnaire, so ${many ? "they cannot" : "it cannot"} be compared on it.`;
}

/** The stored assessments in the order asked for; ids that are not submitted and scored are left out. */
export async function loadComparedAssessments(
  db: Db,
  assessmentIds: string[],
): Promise<ComparedAssessment[]> {
  return (await loadAssessments(db, assessmentIds, false)).map(
    ({ submitted: _, ...entry }) => entry,
  );
}

/** As `loadComparedAssessments`, with each one's whole score at submission, for the answer diff. */
export async function loadDiffedAssessments(
  db: Db,
  assessmentIds: string[],
): Promise<DiffedAssessment[]> {
  return (await loadAssessments(db, assessmentIds, true)).map((entry) => ({
    ...entry,
    submitted: entry.submitted!,
  }));
}

async function loadAssessments(
  db: Db,
  assessmentIds: string[],
  withSubmitted: boolean,
): Promise<(ComparedAssessment & { submitted: ScoreResult | null })[]> {
  if (assessmentIds.length === 0) return [];
  const rows = await rowsOf<{
    assessmentId: string;
    vendorId: string;
    vendorName: string;
    slug: string;
    version: string;
    versionId: string;
    submittedAt: string | null;
    submittedOverall: number | string | null;
    submitted: unknown;
    current: unknown;
  }>(db, comparedAssessmentsQuery(assessmentIds, { submitted: withSubmitted }));
  const answerRows = await rowsOf<{ assessmentId: string; questionId: string; answer: unknown }>(
    db,
    comparedAnswersQuery(assessmentIds),
  );
  const answers = new Map<string, Record<string, Answer>>();
  for (const row of answerRows) {
    const map = answers.get(row.assessmentId) ?? {};
    map[row.questionId] = asJson(row.answer) as Answer;
    answers.set(row.assessmentId, map);
  }
  const byId = new Map(rows.map((r) => [r.assessmentId, r]));
  // Pinned versions are immutable and parsed once per process (getPinnedQuestionnaire's cache).
  const versions = new Map<string, Questionnaire>();
  for (const row of rows)
    if (!versions.has(row.versionId))
      versions.set(row.versionId, await getPinnedQuestionnaire(db, row.versionId));
  return assessmentIds.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        assessmentId: row.assessmentId,
        vendorId: row.vendorId,
        vendorName: row.vendorName,
        slug: row.slug,
        version: row.version,
        submittedAt: row.submittedAt,
        questionnaire: versions.get(row.versionId)!,
        // fromEntries: no question id can reach Object.prototype.
        answers: Object.fromEntries(Object.entries(answers.get(id) ?? {})) as Answers,
        submittedOverall: row.submittedOverall === null ? null : Number(row.submittedOverall),
        submitted: row.submitted === null ? null : (asJson(row.submitted) as ScoreResult),
        current: asJson(row.current) as ComparedScore,
      },
    ];
  });
}

/** jsonb through a raw statement: parsed by PGlite, possibly a string from postgres.js. */
function asJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export type Selection =
  { ok: true; comparison: Comparison } | { ok: false; status: 400 | 404; message: string };

/**
 * The comparison of what `resolveChoice` found: its stored assessments, answers and scores,
 * built once and kept until the portfolio's or the map's revision moves
 * (docs/decisions/430-kept-comparisons.md). Everything it reads is watched by one of them:
 * statuses, submissions and both stored scores by the portfolio's (migration 0007), vendors'
 * names by the map's (migration 0018), a submitted assessment's answers by the portfolio's
 * through `answers_amended` (migration 0021: every change of an answer after submission, a
 * clarification's, counts there); versions never change. The value is shared: read-only.
 */
export async function compareChosen(
  db: Db,
  chosen: Chosen[],
  snapshot?: RevisionSnapshot,
): Promise<Selection> {
  if (chosen.length < MIN_COMPARED) return tooFew(chosen.length);
  const ids = chosen.map((c) => c.assessmentId);
  return cachedPortfolio(
    db,
    `compare:comparison:${ids.join(",")}`,
    async (tx): Promise<Selection> => {
      const entries = await loadComparedAssessments(tx, ids);
      if (entries.length !== ids.length) {
        return {
          ok: false,
          status: 400,
          message: "Only submitted, scored assessments can be compared: one of the chosen is not.",
        };
      }
      return { ok: true, comparison: buildComparison(entries) };
    },
    PICKER_REVISIONS,
    COMPARISON_POOL,
    snapshot,
  );
}

function tooFew(count: number): Selection {
  return {
    ok: false,
    status: 400,
    message: `Choose at least ${MIN_COMPARED} vendors to compare (${count === 0 ? "none was" : "only 1 was"} chosen).`,
  };
}

/**
 * The assessments to compare: the latest submitted assessment on `slug` of each chosen
 * vendor, or the chosen assessments themselves. Every reason to refuse is a clear message.
 */
export async function selectForComparison(db: Db, choice: Choice): Promise<Selection> {
  const count = choice.vendorIds.length + choice.assessmentIds.length;
  if (count < MIN_COMPARED) return tooFew(count);
  const resolution = await resolveChoice(db, choice);
  if (resolution.problem) return { ok: false, status: 400, message: resolution.problem };
  return compareChosen(db, resolution.chosen);
}

export type TrendPoint = {
  assessmentId: string;
  slug: string;
  title: string;
  version: string;
  submittedOn: string;
  submittedOverall: number | null;
  currentOverall: number | null;
  residualTier: string | null;
  riskRating: string | null;
  knockouts: number;
};

export async function getVendorTrend(db: Db, vendorId: string): Promise<TrendPoint[]> {
  const rows = await rowsOf<TrendPoint>(db, vendorTrendQuery(vendorId));
  return rows.map((r) => ({
    ...r,
    submittedOverall: r.submittedOverall === null ? null : Number(r.submittedOverall),
    currentOverall: r.currentOverall === null ? null : Number(r.currentOverall),
  }));
}
