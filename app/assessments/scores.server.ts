// Assessment scores: the pure engine (./engine.ts) fed from the database, and the results
// stored with everything needed to reproduce them — engine version, scoring date, pinned
// questionnaire version and vendor profile — over answers that submission has locked
// (invariant 4). Every stored change is audited in its own transaction (invariant 7).
import { isDeepStrictEqual } from "node:util";
import { eq } from "drizzle-orm";
import { getAssessmentSummary, getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { evidenceFilesByQuestion, withRealEvidence } from "~/assessments/evidence-refs.server";
import { buildResultView } from "~/assessments/result-view";
import { type AssessmentStatus } from "~/assessments/status";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { comparedScoreOf } from "~/compare/compared-score";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { score, type ScoreResult } from "~/scoring/engine";
import { formatScore } from "~/format";
import { inherentTier, riskRating, type VendorProfile } from "~/scoring/risk";
import { getSettings } from "~/settings/settings.server";
import { isSubmitted } from "./status";
import { withVendor } from "./assessment-queries.server";

export type ScoreKind = "submitted" | "current";

/** Statuses whose answers are locked: only these have a score to store. */

const SYSTEM: Actor = { system: "scoring" };

export type ComputeOptions = {
  /** The scoring date; a submitted score is judged at the day of submission. */
  asOf: string | Date;
  kind: ScoreKind;
  /**
   * A preview for staff while the vendor is still answering: allowed on an open assessment,
   * never stored. Unanswered questions count as 0, as the contract says for any score.
   */
  provisional?: boolean;
  /** Current score only: questions whose findings are all verified (getVerifiedQuestionIds). */
  verifiedQuestionIds?: Iterable<string>;
  /** Only to reproduce a stored score: the profile recorded with it. Else the vendor's own. */
  profile?: VendorProfile;
};

export type ComputedScore = {
  assessmentId: string;
  kind: ScoreKind;
  provisional: boolean;
  status: AssessmentStatus;
  questionnaireVersionId: string;
  questionnaire: Questionnaire;
  answers: Answers;
  profile: VendorProfile;
  result: ScoreResult;
};

/** Scores an assessment as its answers stand now; null when there is no such assessment. */
export async function computeAssessmentScore(
  db: Db,
  assessmentId: string,
  options: ComputeOptions,
): Promise<ComputedScore | null> {
  const provisional = options.provisional ?? false;
  if (options.kind === "submitted" && options.verifiedQuestionIds !== undefined) {
    throw new Error("The submitted score counts no finding as verified; ask for the current one.");
  }
  if (provisional && options.kind !== "submitted") {
    throw new Error("A provisional score previews the submitted one; it has no current score.");
  }
  const [row] = await withVendor(
    db
      .select({
        status: schema.assessments.status,
        questionnaireVersionId: schema.assessments.questionnaireVersionId,
        dataAccess: schema.vendors.dataAccess,
        criticality: schema.vendors.criticality,
      })
      .from(schema.assessments)
      .$dynamic(),
  ).where(eq(schema.assessments.id, assessmentId));
  if (!row) return null;
  if (!provisional && !isSubmitted(row.status)) {
    throw new Error(
      `Assessment ${assessmentId} is ${row.status}: only submitted answers have a score to store. Ask for a provisional one.`,
    );
  }
  // One after the other: inside a transaction the queries share one connection anyway.
  const questionnaire = await getPinnedQuestionnaire(db, row.questionnaireVersionId);
  // Evidence answers count only files really uploaded to their question.
  const answers = await withRealEvidence(
    db,
    assessmentId,
    questionnaire,
    await loadScoredAnswers(db, assessmentId),
  );
  const profile = options.profile ?? { dataAccess: row.dataAccess, criticality: row.criticality };
  // Files beside answers, so a claim whose question requires evidence and has none is named
  // (docs/decisions/301-knockout-claims-need-evidence.md).
  const files = await evidenceFilesByQuestion(db, assessmentId);
  const result = score(questionnaire, answers, profile, {
    asOf: options.asOf,
    verifiedQuestionIds: options.verifiedQuestionIds,
    questionsWithFiles: [...files.keys()],
  });
  return {
    assessmentId,
    kind: options.kind,
    provisional,
    status: row.status,
    questionnaireVersionId: row.questionnaireVersionId,
    questionnaire,
    answers,
    profile,
    result,
  };
}

/** The stored answers as the engine reads them: a cleared answer is no answer. */
async function loadScoredAnswers(db: Db, assessmentId: string): Promise<Answers> {
  const rows = await db
    .select({ questionId: schema.answers.questionId, answer: schema.answers.answer })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, assessmentId));
  // fromEntries defines own properties, so no question id can reach Object.prototype.
  return Object.fromEntries(
    rows.flatMap((r) => (r.answer === null ? [] : [[r.questionId, r.answer as Answer]])),
  );
}

function rowValues(computed: ComputedScore, kind: ScoreKind, now: Date) {
  const { result, profile } = computed;
  return {
    engineVersion: result.engineVersion,
    questionnaireVersionId: computed.questionnaireVersionId,
    asOf: result.asOf,
    overall: result.overall,
    residualTier: result.residualTier,
    dataAccess: profile.dataAccess,
    criticality: profile.criticality,
    inherentTier: result.inherentTier,
    riskRating: result.riskRating,
    knockoutCount: result.knockouts.length,
    result,
    comparison: comparedScoreOf(result),
    computedAt: now,
    assessmentId: computed.assessmentId,
    kind,
  };
}

type StoredSummary = {
  kind: ScoreKind;
  engineVersion: string;
  asOf: string;
  overall: number | null;
  residualTier: string | null;
  inherentTier: string | null;
  riskRating: string | null;
  knockoutCount: number;
};

function summaryOf(row: StoredSummary) {
  return {
    kind: row.kind,
    engineVersion: row.engineVersion,
    asOf: row.asOf,
    overall: row.overall,
    residualTier: row.residualTier,
    inherentTier: row.inherentTier,
    riskRating: row.riskRating,
    knockouts: row.knockoutCount,
  };
}

/**
 * Called by submitAssessment inside the transaction that moves the status to submitted, so
 * the status and the score commit together or not at all. Writes the submitted score (once:
 * the unique key refuses a second) and the current score, which starts equal to it because
 * no finding can have been verified before submission.
 */
export async function storeSubmittedScore(
  tx: Db,
  assessmentId: string,
  now: Date = new Date(),
  actor: Actor = SYSTEM,
): Promise<{ submitted: ScoreResult; current: ScoreResult }> {
  const submitted = await computeAssessmentScore(tx, assessmentId, {
    asOf: now,
    kind: "submitted",
  });
  if (!submitted) throw new Error(`There is no assessment ${assessmentId} to score.`);
  const values = rowValues(submitted, "submitted", now);
  await tx.insert(schema.assessmentScores).values(values);
  await recordAudit(tx, {
    actor,
    action: "assessment.scored",
    target: { type: "assessment", id: assessmentId },
    after: summaryOf(values),
  });
  const current = await storeCurrentScore(tx, assessmentId, {
    verifiedQuestionIds: [],
    now,
    actor,
  });
  return { submitted: submitted.result, current };
}

/**
 * Recomputes and stores the current score: the submitted computation (same answers, same
 * scoring date) with the given questions counted at credit 1. The remediation work calls
 * this whenever a finding's status changes, with getVerifiedQuestionIds(findings).
 */
export async function storeCurrentScore(
  db: Db,
  assessmentId: string,
  {
    verifiedQuestionIds,
    now = new Date(),
    actor = SYSTEM,
  }: { verifiedQuestionIds: Iterable<string>; now?: Date; actor?: Actor },
): Promise<ScoreResult> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(schema.assessmentScores)
      .where(eq(schema.assessmentScores.assessmentId, assessmentId))
      .for("update");
    const submitted = rows.find((r) => r.kind === "submitted");
    const previous = rows.find((r) => r.kind === "current");
    if (!submitted) {
      throw new Error(`Assessment ${assessmentId} has no submitted score to start from.`);
    }
    const computed = await computeAssessmentScore(tx, assessmentId, {
      asOf: submitted.asOf,
      kind: "current",
      verifiedQuestionIds,
    });
    const values = rowValues(computed!, "current", now);
    const { assessmentId: _a, kind: _k, ...changes } = values;
    await tx
      .insert(schema.assessmentScores)
      .values(values)
      .onConflictDoUpdate({
        target: [schema.assessmentScores.assessmentId, schema.assessmentScores.kind],
        set: changes,
      });
    await recordAudit(tx, {
      actor,
      action: "assessment.scored",
      target: { type: "assessment", id: assessmentId },
      before: previous ? summaryOf(previous) : undefined,
      after: summaryOf(values),
      detail: { verifiedQuestionIds: computed!.result.verifiedQuestionIds },
    });
    return computed!.result;
  });
}

/**
 * After a vendor's data access or criticality changed: every stored score of that vendor
 * gets the new inherent tier and risk rating. The overall, section and residual numbers are
 * the answers' and stay exactly as they were ("Vendor profile changes recompute inherent
 * tier and risk rating, never the residual score"; docs/decisions/041-profile-changes.md). Call it
 * in the transaction that changes the profile. Returns how many stored scores changed.
 */
export async function recomputeForProfileChange(
  db: Db,
  vendorId: string,
  { now = new Date(), actor = SYSTEM }: { now?: Date; actor?: Actor } = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    const [vendor] = await tx
      .select({
        dataAccess: schema.vendors.dataAccess,
        criticality: schema.vendors.criticality,
      })
      .from(schema.vendors)
      .where(eq(schema.vendors.id, vendorId));
    if (!vendor) return 0;
    const inherent = inherentTier(vendor);
    const rows = await tx
      .select({ score: schema.assessmentScores })
      .from(schema.assessmentScores)
      .innerJoin(
        schema.assessments,
        eq(schema.assessments.id, schema.assessmentScores.assessmentId),
      )
      .where(eq(schema.assessments.vendorId, vendorId))
      .for("update", { of: schema.assessmentScores });
    let changed = 0;
    for (const { score: row } of rows) {
      const rating = row.residualTier === null ? null : riskRating(inherent, row.residualTier);
      if (
        row.dataAccess === vendor.dataAccess &&
        row.criticality === vendor.criticality &&
        row.inherentTier === inherent &&
        row.riskRating === rating
      ) {
        continue;
      }
      const result: ScoreResult = {
        ...(row.result as ScoreResult),
        inherentTier: inherent,
        riskRating: rating,
      };
      await tx
        .update(schema.assessmentScores)
        .set({
          dataAccess: vendor.dataAccess,
          criticality: vendor.criticality,
          inherentTier: inherent,
          riskRating: rating,
          result,
          comparison: comparedScoreOf(result),
        })
        .where(eq(schema.assessmentScores.id, row.id));
      await recordAudit(tx, {
        actor,
        action: "assessment.rerated",
        target: { type: "assessment", id: row.assessmentId },
        before: {
          kind: row.kind,
          dataAccess: row.dataAccess,
          criticality: row.criticality,
          inherentTier: row.inherentTier,
          riskRating: row.riskRating,
        },
        after: {
          kind: row.kind,
          dataAccess: vendor.dataAccess,
          criticality: vendor.criticality,
          inherentTier: inherent,
          riskRating: rating,
        },
        detail: { vendorId, at: now.toISOString() },
      });
      changed++;
    }
    return changed;
  });
}

export type Recomputation = {
  kind: ScoreKind;
  engineVersion: string;
  /** Whether the running engine is the one that made the stored score. */
  sameEngine: boolean;
  stored: number | null;
  recomputed: number | null;
  /** The same bits (Object.is): what invariant 4 promises with the same engine version. */
  identical: boolean;
  /** The whole result equal too: sections, tiers, findings and explanation. */
  sameResult: boolean;
};

/**
 * Recomputes every stored score of an assessment from the stored answers, the pinned
 * version, the recorded scoring date and profile, and says whether it came out the same.
 * Changes nothing: it is the check that a stored score is reproducible.
 */
export async function recompute(db: Db, assessmentId: string): Promise<Recomputation[]> {
  const rows = await db
    .select()
    .from(schema.assessmentScores)
    .where(eq(schema.assessmentScores.assessmentId, assessmentId))
    .orderBy(schema.assessmentScores.kind);
  const checks: Recomputation[] = [];
  for (const row of rows) {
    const stored = row.result as ScoreResult;
    const computed = await computeAssessmentScore(db, assessmentId, {
      asOf: row.asOf,
      kind: row.kind,
      profile: { dataAccess: row.dataAccess, criticality: row.criticality },
      verifiedQuestionIds: row.kind === "current" ? stored.verifiedQuestionIds : undefined,
    });
    const result = computed!.result;
    checks.push({
      kind: row.kind,
      engineVersion: row.engineVersion,
      sameEngine: row.engineVersion === result.engineVersion,
      stored: row.overall,
      recomputed: result.overall,
      identical:
        Object.is(row.overall, result.overall) && Object.is(stored.overall, result.overall),
      // Through JSON, as stored: a field left undefined is simply absent there.
      sameResult: isDeepStrictEqual(stored, JSON.parse(JSON.stringify(result))),
    });
  }
  return checks;
}

export type StoredScore = {
  kind: ScoreKind;
  computedAt: Date;
  profile: VendorProfile;
  result: ScoreResult;
};

/** The stored scores of an assessment, by kind. */
export async function getStoredScores(
  db: Db,
  assessmentId: string,
): Promise<Partial<Record<ScoreKind, StoredScore>>> {
  const rows = await db
    .select()
    .from(schema.assessmentScores)
    .where(eq(schema.assessmentScores.assessmentId, assessmentId));
  return Object.fromEntries(
    rows.map((row) => [
      row.kind,
      {
        kind: row.kind,
        computedAt: row.computedAt,
        profile: { dataAccess: row.dataAccess, criticality: row.criticality },
        result: row.result as ScoreResult,
      },
    ]),
  );
}

export type ResultBasis =
  /** The score stored at submission. */
  | "submitted"
  /** A preview of an assessment the vendor has not submitted: computed now, never stored. */
  | "provisional"
  /** Submitted before scores were stored: computed now from the locked answers. */
  | "unstored";

/** Everything the staff result page shows; null when there is no such assessment. */
export async function getResultPage(db: Db, assessmentId: string, now: Date = new Date()) {
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!summary) return null;
  const stored = await getStoredScores(db, assessmentId);
  let basis: ResultBasis;
  let result: ScoreResult;
  let profile: VendorProfile;
  let computedAt: Date;
  let questionnaire: Questionnaire;
  let answers: Answers;
  if (stored.submitted) {
    basis = "submitted";
    ({ result, profile, computedAt } = stored.submitted);
    questionnaire = await getPinnedQuestionnaire(db, summary.questionnaireVersionId);
    answers = await loadScoredAnswers(db, assessmentId);
  } else {
    const computed = (await computeAssessmentScore(db, assessmentId, {
      asOf: summary.submittedAt ?? now,
      kind: "submitted",
      provisional: true,
    }))!;
    basis = summary.submittedAt ? "unstored" : "provisional";
    ({ result, profile, questionnaire, answers } = computed);
    computedAt = now;
  }
  const current = stored.current?.result;
  return {
    summary,
    basis,
    computedAt,
    profile,
    view: buildResultView(questionnaire, answers, result),
    current:
      current && !isDeepStrictEqual(current, result)
        ? {
            overall: current.overall,
            residualTier: current.residualTier,
            riskRating: current.riskRating,
            verifiedQuestionCount: current.verifiedQuestionIds.length,
          }
        : null,
  };
}

/** The vendor's own score, only where an admin lets vendors see scores (settings). */
export async function getScoreForVendor(db: Db, assessmentId: string) {
  if (!(await getSettings(db)).vendorsSeeScores) return null;
  const rows = await db
    .select({
      kind: schema.assessmentScores.kind,
      overall: schema.assessmentScores.overall,
      residualTier: schema.assessmentScores.residualTier,
    })
    .from(schema.assessmentScores)
    .where(eq(schema.assessmentScores.assessmentId, assessmentId));
  const submitted = rows.find((r) => r.kind === "submitted");
  const current = rows.find((r) => r.kind === "current");
  if (!submitted) return null;
  return {
    submitted: formatScore(submitted.overall),
    current: current ? formatScore(current.overall) : null,
    tier: (current ?? submitted).residualTier,
  };
}
