// Loading what /compare and /vendors/:id/trend show: a fixed number of queries whatever the
// number of vendors (the chosen assessments with both stored scores in one, their answers in
// another). The statements are exported for the benchmark: see `compareStatements`.
import { type SQL, sql } from "drizzle-orm";
import { rowsOf, SUBMITTED_SQL } from "~/dashboard/dashboard.server";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { type Db } from "~/db.server";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/schema";
import { type ScoreResult } from "~/scoring/engine";
import { type ComparedAssessment, MAX_COMPARED, MIN_COMPARED } from "./compare";

/** Questionnaires (by slug) with at least one submitted, scored assessment. */
export function comparableQuestionnairesQuery(): SQL {
  return sql`select qv.slug, (array_agg(qv.title order by qv.major desc, qv.minor desc, qv.patch desc))[1] as title,
    count(distinct a.vendor_id)::int as vendors
  from assessments a
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  join vendors v on v.id = a.vendor_id
  where a.status in ${SUBMITTED_SQL} and v.archived_at is null
    and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'current')
  group by qv.slug
  order by 2`;
}

/** Vendors with a submitted, scored assessment on any version of `slug`: their latest one. */
export function comparableVendorsQuery(slug: string): SQL {
  return sql`select distinct on (a.vendor_id) a.vendor_id as "vendorId", v.name as "vendorName",
    a.id as "assessmentId", qv.version,
    to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD') as "submittedOn"
  from assessments a
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  join vendors v on v.id = a.vendor_id
  where qv.slug = ${slug} and a.status in ${SUBMITTED_SQL} and v.archived_at is null
    and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'current')
  order by a.vendor_id, a.submitted_at desc nulls last, a.id desc nulls last`;
}

/** The chosen assessments with their vendor, pinned version and both stored scores. */
export function comparedAssessmentsQuery(assessmentIds: string[]): SQL {
  return sql`select a.id as "assessmentId", a.vendor_id as "vendorId", v.name as "vendorName",
    qv.slug, qv.version, qv.id as "versionId",
    to_char(a.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "submittedAt",
    sub.result as submitted, cur.result as current
  from assessments a
  join vendors v on v.id = a.vendor_id
  join questionnaire_versions qv on qv.id = a.questionnaire_version_id
  join assessment_scores sub on sub.assessment_id = a.id and sub.kind = 'submitted'
  join assessment_scores cur on cur.assessment_id = a.id and cur.kind = 'current'
  where a.id in (${sql.join(
    assessmentIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}) and a.status in ${SUBMITTED_SQL}`;
}

export function comparedAnswersQuery(assessmentIds: string[]): SQL {
  return sql`select assessment_id as "assessmentId", question_id as "questionId", answer
  from answers where assessment_id in (${sql.join(
    assessmentIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}) and answer is not null`;
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
  assessmentIds: string[];
  vendorId: string;
}): Record<string, SQL> {
  return {
    "compare: questionnaires to choose from": comparableQuestionnairesQuery(),
    "compare: vendors assessed on a questionnaire": comparableVendorsQuery(context.slug),
    "compare: the chosen assessments and their scores": comparedAssessmentsQuery(
      context.assessmentIds,
    ),
    "compare: the chosen assessments' answers": comparedAnswersQuery(context.assessmentIds),
    "trend: a vendor's submitted assessments and scores": vendorTrendQuery(context.vendorId),
  };
}

export async function listComparableQuestionnaires(db: Db) {
  return rowsOf<{ slug: string; title: string; vendors: number }>(
    db,
    comparableQuestionnairesQuery(),
  );
}

export type ComparableVendor = {
  vendorId: string;
  vendorName: string;
  assessmentId: string;
  version: string;
  submittedOn: string;
};

export async function listComparableVendors(db: Db, slug: string): Promise<ComparableVendor[]> {
  const rows = await rowsOf<ComparableVendor>(db, comparableVendorsQuery(slug));
  return rows.sort((a, b) => a.vendorName.localeCompare(b.vendorName, "en"));
}

/** The stored assessments in the order asked for; ids that are not submitted and scored are left out. */
export async function loadComparedAssessments(
  db: Db,
  assessmentIds: string[],
): Promise<ComparedAssessment[]> {
  if (assessmentIds.length === 0) return [];
  const rows = await rowsOf<{
    assessmentId: string;
    vendorId: string;
    vendorName: string;
    slug: string;
    version: string;
    versionId: string;
    submittedAt: string | null;
    submitted: unknown;
    current: unknown;
  }>(db, comparedAssessmentsQuery(assessmentIds));
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
        submitted: asJson(row.submitted) as ScoreResult,
        current: asJson(row.current) as ScoreResult,
      },
    ];
  });
}

/** jsonb through a raw statement: parsed by PGlite, possibly a string from postgres.js. */
function asJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export type Selection =
  { ok: true; entries: ComparedAssessment[] } | { ok: false; status: 400 | 404; message: string };

/**
 * The assessments to compare: the latest submitted assessment on `slug` of each chosen
 * vendor, or the chosen assessments themselves. Every reason to refuse is a clear message.
 */
export async function selectForComparison(
  db: Db,
  choice: { slug?: string; vendorIds: string[]; assessmentIds: string[] },
): Promise<Selection> {
  const count = choice.vendorIds.length + choice.assessmentIds.length;
  if (count < MIN_COMPARED) {
    return {
      ok: false,
      status: 400,
      message: `Choose at least ${MIN_COMPARED} vendors to compare (${count === 0 ? "none was" : "only 1 was"} chosen).`,
    };
  }
  if (count > MAX_COMPARED) {
    return {
      ok: false,
      status: 400,
      message: `Choose at most ${MAX_COMPARED} vendors to compare (${count} were chosen).`,
    };
  }
  const ids = [...choice.assessmentIds];
  if (choice.vendorIds.length > 0) {
    if (!choice.slug) {
      return { ok: false, status: 400, message: "Choose the questionnaire to compare them on." };
    }
    const latest = new Map(
      (await rowsOf<ComparableVendor>(db, comparableVendorsQuery(choice.slug))).map((v) => [
        v.vendorId,
        v,
      ]),
    );
    const missing = choice.vendorIds.filter((id) => !latest.has(id));
    if (missing.length > 0) {
      const names = await rowsOf<{ name: string }>(
        db,
        sql`select name from vendors where id in (${sql.join(
          missing.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) order by name`,
      );
      const who = names.length > 0 ? names.map((n) => n.name).join(", ") : "A chosen vendor";
      return {
        ok: false,
        status: 400,
        message: `${who} ${names.length > 1 ? "have" : "has"} no submitted assessment on this questionnaire, so ${names.length > 1 ? "they cannot" : "it cannot"} be compared on it.`,
      };
    }
    ids.push(...choice.vendorIds.map((id) => latest.get(id)!.assessmentId));
  }
  const entries = await loadComparedAssessments(db, ids);
  if (entries.length !== ids.length) {
    return {
      ok: false,
      status: 400,
      message: "Only submitted, scored assessments can be compared: one of the chosen is not.",
    };
  }
  const slugs = [...new Set(entries.map((e) => e.slug))];
  if (slugs.length > 1 || (choice.slug && slugs[0] !== choice.slug)) {
    const titles = [...new Set(entries.map((e) => `${e.questionnaire.title} (${e.slug})`))];
    return {
      ok: false,
      status: 400,
      message: `Compare assessments of one questionnaire (any of its versions); these use different questionnaires: ${titles.join(", ")}.`,
    };
  }
  return { ok: true, entries };
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
