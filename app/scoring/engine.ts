// The scoring engine: the contract in docs/scoring.md, as one pure function
// of (questionnaire version, answers, vendor profile, scoring date). No I/O, no clock, no
// Remix, no database: the same inputs and ENGINE_VERSION give the same numbers bit for bit
// (docs/design.md, invariant 4). Numbers are kept unrounded; formatScore (~/format) is for
// display only.
import { conditionQuestionIds, visibleQuestionIds } from "~/questionnaire/conditions";
import { QUESTION_TYPE_LABELS, type Answer, type Answers } from "~/questionnaire/model";
import {
  type QuestionType,
  type Questionnaire,
  type Severity,
  type Thresholds,
} from "~/questionnaire/definition";
import { getAnswerProblem, isEmptyValue } from "./answer-check";
import { getCredit, type FindingSource, type Outcome } from "./credit";
import { parseCalendarDate, toCalendarDate } from "./dates";
import { getVisibilityText, isPrepared, prepare, type PreparedVersion } from "./prepare";
import {
  inherentTier,
  meetsThreshold,
  riskRating,
  tierForScore,
  worseTier,
  type Tier,
  type VendorProfile,
} from "./risk";

/**
 * Stored with every score. Bump it whenever any output of `score` could change for the same
 * inputs, so a stored score can always be reproduced by the engine version that made it.
 */
export const ENGINE_VERSION = "1.1.0";

/**
 * Open high findings that keep the residual tier at Medium or worse, however high the score:
 * two high findings are two serious gaps an assessor would never call Low, and a long
 * questionnaire dilutes any two questions below the Low threshold's margin
 * (docs/decisions/300-two-high-findings-not-low.md).
 */
export const HIGH_FINDINGS_FLOOR = 2;

export type Applicability = "scored" | "hidden" | "na" | "unscored" | "unanswered";

export type ScoreOptions = {
  /** The scoring date: date answers are judged by their age on this day. */
  asOf: string | Date;
  /**
   * For the current score: questions all of whose findings are verified (at least one
   * finding each; see getVerifiedQuestionIds). They count at credit 1 and no longer knock
   * out. Leave out for the submitted score.
   */
  verifiedQuestionIds?: Iterable<string>;
  /**
   * The questions that have at least one uploaded file beside their answer. Given, an answer
   * to a question marked `evidence: required` without one is listed in `unsupportedClaims`.
   * Evidence questions need no help: their answer is the file list.
   */
  questionsWithFiles?: Iterable<string>;
};

/**
 * An answer that claims something its questionnaire requires evidence for, with no evidence
 * (docs/decisions/301-knockout-claims-need-evidence.md). The numbers follow the scoring contract
 * unchanged — a scored evidence question left empty earns 0 like any unanswered question — and
 * this list and the explanation say which claims rest on nothing.
 */
export type UnsupportedClaim = {
  questionId: string;
  sectionId: string;
  /** The required evidence question left empty, or null: the claim's own file is missing. */
  evidenceQuestionId: string | null;
  /** The claimed question can knock out: the claim is what keeps the vendor from a knockout. */
  decidesKnockout: boolean;
};

export type OpenedFinding = {
  /** Stable for this question and option, level or band: `<question>/option:<value>` etc. */
  key: string;
  questionId: string;
  sectionId: string;
  severity: Severity;
  title: string;
  remediation: string;
  /** The finding's own references, or the question's when it lists none. */
  references: string[];
  /** The option, maturity level or band that opened it. */
  source: FindingSource;
  knockout: boolean;
  /** True when the caller listed its question as verified (current score). */
  verified: boolean;
};

export type Knockout = {
  questionId: string;
  sectionId: string;
  findingKey: string;
  source: FindingSource;
};

export type QuestionExplanation = {
  questionId: string;
  sectionId: string;
  type: QuestionType;
  applicability: Applicability;
  /** w: 0–5. */
  weight: number;
  /** W: the section's weight. */
  sectionWeight: number;
  /** c in [0, 1] for applicable questions (scored or unanswered); null otherwise. */
  credit: number | null;
  /** W·w·c (0 when not applicable). */
  pointsEarned: number;
  /** W·w (0 when not applicable). */
  pointsPossible: number;
  /** Overall score points this question cost: 100 × W·w·(1 − c) / Σ W·w. */
  overallLost: number;
  /** The rule that applied, in words. */
  rule: string;
  findingKeys: string[];
  /** An answer that knocks out (not verified). */
  knockout: boolean;
  /** Counted at credit 1 for the current score. */
  verified: boolean;
};

export type SectionScore = {
  sectionId: string;
  title: string;
  weight: number;
  /** 100 × Σ w·c / Σ w, or null: "not scored" (no applicable scored question). */
  score: number | null;
  /** Σ w·c over the section's applicable scored questions. */
  earned: number;
  /** Σ w over the same questions. */
  possible: number;
};

export type ScoreWarning = { questionId: string; message: string };

export type ScoreResult = {
  engineVersion: string;
  questionnaire: { slug: string; version: string; title: string };
  asOf: string;
  /** The verified questions that changed the computation (applicable ones), in file order. */
  verifiedQuestionIds: string[];
  /** 100 × Σ W·w·c / Σ W·w, or null: the assessment is "not scored". */
  overall: number | null;
  /** Σ W·w·c. */
  earned: number;
  /** Σ W·w. */
  possible: number;
  thresholds: Thresholds;
  /** The tier the overall score alone gives, before knockouts. */
  scoreTier: Tier | null;
  residualTier: Tier | null;
  /** Why the residual tier is what it is, in words. */
  residualRule: string;
  /** Null when no vendor profile was given. */
  inherentTier: Tier | null;
  riskRating: Tier | null;
  sections: SectionScore[];
  knockouts: Knockout[];
  /** In questionnaire order, and option order within a question. */
  findings: OpenedFinding[];
  /** One per question, in questionnaire order. */
  questions: QuestionExplanation[];
  /** Claims whose required evidence is missing, in questionnaire order. */
  unsupportedClaims: UnsupportedClaim[];
  /** Answers the engine ignored, and ids it did not know. */
  warnings: ScoreWarning[];
};

/**
 * Scores `answers` against a questionnaire version. Pass `prepare(version)` when scoring
 * many assessments of one version (a plain version is prepared once and cached).
 * Throws RangeError only for an invalid `asOf`; bad answers never throw (see warnings).
 */
export function score(
  version: Questionnaire | PreparedVersion,
  answers: Answers,
  profile: VendorProfile | null,
  options: ScoreOptions,
): ScoreResult {
  const prepared = isPrepared(version) ? version : prepare(version);
  const { questionnaire } = prepared;
  const asOf = toCalendarDate(options.asOf);
  const asOfDay = parseCalendarDate(asOf)!;
  const verifiedInput = new Set(options.verifiedQuestionIds ?? []);
  const warnings: ScoreWarning[] = [];

  // Unacceptable answers are dropped before conditions see them, so an invalid answer is
  // unanswered everywhere: it neither scores nor reveals follow-up questions.
  const problems = new Map<string, string>();
  const unknownIds: string[] = [];
  for (const id of Object.keys(answers)) {
    const answer = answers[id];
    if (answer === undefined) continue;
    const entry = prepared.byId.get(id);
    if (!entry) unknownIds.push(id);
    else {
      const problem = getAnswerProblem(entry.question, answer);
      if (problem !== null) problems.set(id, problem);
    }
  }
  // Usually every answer is acceptable, and copying 500 answers per score would be waste.
  const accepted = problems.size === 0 ? answers : withoutProblems(answers, problems);
  const visible = visibleQuestionIds(questionnaire, accepted);

  const sectionEarned = prepared.sections.map(() => 0);
  const sectionPossible = prepared.sections.map(() => 0);
  let earned = 0;
  let possible = 0;
  const questions: QuestionExplanation[] = [];
  const findings: OpenedFinding[] = [];
  const knockouts: Knockout[] = [];
  const verifiedApplied: string[] = [];

  for (const entry of prepared.questions) {
    const { question } = entry;
    const id = question.id;
    const sectionId = entry.section.section.id;
    const W = entry.section.weight;
    const w = question.weight;
    // Own keys only: a question may well be called "constructor".
    const answer = Object.hasOwn(accepted, id) ? accepted[id] : undefined;
    const problem = problems.get(id);
    if (problem !== undefined) {
      warnings.push({
        questionId: id,
        message: `answer ignored, counted as unanswered: ${problem}`,
      });
    }
    const explanation: QuestionExplanation = {
      questionId: id,
      sectionId,
      type: question.type,
      applicability: "scored",
      weight: w,
      sectionWeight: W,
      credit: null,
      pointsEarned: 0,
      pointsPossible: 0,
      overallLost: 0,
      rule: "",
      findingKeys: [],
      knockout: false,
      verified: false,
    };
    questions.push(explanation);

    if (!visible.has(id)) {
      explanation.applicability = "hidden";
      explanation.rule = `Hidden, so left out of the score. ${getVisibilityText(prepared, entry)}`;
      continue;
    }
    if (!entry.scored) {
      explanation.applicability = "unscored";
      explanation.rule =
        "scoredOnPresence" in question && !question.scoredOnPresence
          ? `Not scored: a ${QUESTION_TYPE_LABELS[question.type]} answer counts only when the question sets scoredOnPresence.`
          : "Informational (weight 0): not scored.";
      continue;
    }
    if (answer?.kind === "na") {
      explanation.applicability = "na";
      explanation.rule = `Answered N/A (“${answer.justification.trim()}”), so left out of the score.`;
      continue;
    }

    let credit = 0;
    let outcomes: Outcome[] = [];
    if (answer === undefined || isEmptyValue(answer.value)) {
      explanation.applicability = "unanswered";
      explanation.rule =
        problem === undefined
          ? "Not answered: a visible scored question with no answer earns 0."
          : `Answer ignored (${problem}), so it counts as unanswered and earns 0.`;
    } else {
      const result = getCredit(entry, answer.value, asOf, asOfDay);
      credit = result.credit;
      outcomes = result.outcomes;
      explanation.rule = result.rule;
    }
    if (verifiedInput.has(id)) {
      credit = 1;
      explanation.verified = true;
      verifiedApplied.push(id);
      explanation.rule += ` All its findings are verified, so the current score counts it at credit 1${outcomes.some((outcome) => outcome.knockout) ? " and it no longer knocks out" : ""}.`;
    }

    for (const outcome of outcomes) {
      const key = `${id}/${sourceKey(outcome.source)}`;
      if (outcome.finding) {
        findings.push({
          key,
          questionId: id,
          sectionId,
          severity: outcome.finding.severity,
          title: outcome.finding.title,
          remediation: outcome.finding.remediation,
          // Copies, so a caller editing a result cannot change the cached version.
          references: [
            ...(outcome.finding.references.length > 0
              ? outcome.finding.references
              : question.references),
          ],
          source: outcome.source,
          knockout: outcome.knockout,
          verified: explanation.verified,
        });
        explanation.findingKeys.push(key);
      }
      if (outcome.knockout && !explanation.verified) {
        knockouts.push({ questionId: id, sectionId, findingKey: key, source: outcome.source });
        explanation.knockout = true;
      }
    }

    const points = W * w;
    explanation.credit = credit;
    explanation.pointsPossible = points;
    explanation.pointsEarned = points * credit;
    earned += points * credit;
    possible += points;
    sectionEarned[entry.section.index]! += w * credit;
    sectionPossible[entry.section.index]! += w;
  }

  const unsupportedClaims = findUnsupportedClaims(
    prepared,
    accepted,
    visible,
    questions,
    options.questionsWithFiles,
  );

  if (possible > 0) {
    for (const explanation of questions) {
      if (explanation.credit === null) continue;
      explanation.overallLost =
        (100 * explanation.pointsPossible * (1 - explanation.credit)) / possible;
    }
  }

  for (const id of [...unknownIds].sort()) {
    warnings.push({ questionId: id, message: "answer ignored: no question has this id" });
  }
  for (const id of [...verifiedInput].filter((id) => !prepared.byId.has(id)).sort()) {
    warnings.push({
      questionId: id,
      message: "verified question ignored: no question has this id",
    });
  }

  const overall = possible > 0 ? (100 * earned) / possible : null;
  const scoreTier = overall === null ? null : tierForScore(overall, questionnaire.thresholds);
  const openHigh = findings.filter((finding) => finding.severity === "high" && !finding.verified);
  const residualTier =
    scoreTier === null
      ? null
      : knockouts.length > 0
        ? worseTier(scoreTier, "High")
        : openHigh.length >= HIGH_FINDINGS_FLOOR
          ? worseTier(scoreTier, "Medium")
          : scoreTier;
  const inherent = profile ? inherentTier(profile) : null;

  return {
    engineVersion: ENGINE_VERSION,
    questionnaire: {
      slug: questionnaire.slug,
      version: questionnaire.version,
      title: questionnaire.title,
    },
    asOf,
    verifiedQuestionIds: verifiedApplied,
    overall,
    earned,
    possible,
    thresholds: { ...questionnaire.thresholds },
    scoreTier,
    residualTier,
    residualRule:
      describeResidual(overall, questionnaire.thresholds, knockouts, openHigh, residualTier) +
      describeUnsupported(overall, unsupportedClaims),
    inherentTier: inherent,
    riskRating:
      inherent !== null && residualTier !== null ? riskRating(inherent, residualTier) : null,
    sections: prepared.sections.map((section) => {
      const sectionPoints = sectionPossible[section.index]!;
      const sectionScore = sectionEarned[section.index]!;
      return {
        sectionId: section.section.id,
        title: section.section.title,
        weight: section.weight,
        score: sectionPoints > 0 ? (100 * sectionScore) / sectionPoints : null,
        earned: sectionScore,
        possible: sectionPoints,
      };
    }),
    knockouts,
    findings,
    questions,
    unsupportedClaims,
    warnings,
  };
}

function findUnsupportedClaims(
  prepared: PreparedVersion,
  answers: Answers,
  visible: ReadonlySet<string>,
  explanations: readonly QuestionExplanation[],
  questionsWithFiles: Iterable<string> | undefined,
): UnsupportedClaim[] {
  const withFiles = questionsWithFiles === undefined ? null : new Set(questionsWithFiles);
  const claimed = (id: string) => {
    const answer = Object.hasOwn(answers, id) ? answers[id] : undefined;
    return visible.has(id) && answer?.kind === "value" && !isEmptyValue(answer.value);
  };
  const found = new Map<string, UnsupportedClaim>();
  const add = (questionId: string, evidenceQuestionId: string | null) => {
    const entry = prepared.byId.get(questionId);
    if (!entry || found.has(questionId)) return;
    const { question } = entry;
    const outcomes: Array<{ knockout?: boolean }> =
      "options" in question
        ? question.options
        : "levels" in question
          ? question.levels
          : "bands" in question
            ? question.bands
            : [];
    found.set(questionId, {
      questionId,
      sectionId: entry.section.section.id,
      evidenceQuestionId,
      decidesKnockout: outcomes.some((outcome) => outcome.knockout === true),
    });
  };
  for (const { question } of prepared.questions) {
    if (
      question.type === "evidence" &&
      question.required &&
      question.showIf &&
      visible.has(question.id) &&
      !claimed(question.id)
    ) {
      // The evidence backs the answers its condition reads.
      for (const id of conditionQuestionIds(question.showIf)) if (claimed(id)) add(id, question.id);
    } else if (
      withFiles !== null &&
      question.type !== "evidence" &&
      "evidence" in question &&
      question.evidence === "required" &&
      claimed(question.id) &&
      !withFiles.has(question.id)
    ) {
      add(question.id, null);
    }
  }
  const order = new Map(explanations.map((row, index) => [row.questionId, index]));
  const list = [...found.values()].sort(
    (a, b) => order.get(a.questionId)! - order.get(b.questionId)!,
  );
  for (const claim of list) {
    const row = explanations[order.get(claim.questionId)!]!;
    row.rule += claim.evidenceQuestionId
      ? ` Its required evidence (${claim.evidenceQuestionId}) was not provided, so this answer is an unsupported claim.`
      : " It requires a supporting file and has none, so this answer is an unsupported claim.";
  }
  return list;
}

function describeUnsupported(overall: number | null, claims: readonly UnsupportedClaim[]): string {
  if (overall === null || claims.length === 0) return "";
  const ids = claims.map((claim) => claim.questionId).join(", ");
  const deciding = claims.filter((claim) => claim.decidesKnockout).map((claim) => claim.questionId);
  return ` ${claims.length === 1 ? "One answer rests" : `${claims.length} answers rest`} on evidence that was not provided (${ids})${
    deciding.length > 0
      ? `; ${deciding.join(", ")} could otherwise be a knockout, so the tier is unconfirmed until the evidence arrives`
      : ""
  }.`;
}

function withoutProblems(answers: Answers, problems: ReadonlyMap<string, string>): Answers {
  const accepted: Record<string, Answer> = Object.create(null) as Record<string, Answer>;
  for (const id of Object.keys(answers)) {
    const answer = answers[id];
    if (answer !== undefined && !problems.has(id)) accepted[id] = answer;
  }
  return accepted;
}

function sourceKey(source: FindingSource): string {
  if (source.kind === "option") return `option:${source.value}`;
  if (source.kind === "level") return `level:${source.level}`;
  return `band:${source.index}`;
}

function describeResidual(
  overall: number | null,
  thresholds: Thresholds,
  knockouts: readonly Knockout[],
  openHigh: readonly OpenedFinding[],
  residual: Tier | null,
): string {
  if (overall === null || residual === null) {
    return "Not scored: no question counts towards the score, so there is no residual tier or risk rating.";
  }
  const steps: Array<[number, Tier]> = [
    [thresholds.low, "Low"],
    [thresholds.medium, "Medium"],
    [thresholds.high, "High"],
  ];
  const met = steps.find(([threshold]) => meetsThreshold(overall, threshold));
  const byScore = met
    ? `Overall ${showAgainst(overall, met[0])} is at or above ${met[0]}, the ${met[1]} threshold → ${met[1]}.`
    : `Overall ${showAgainst(overall, thresholds.high)} is below ${thresholds.high}, the High threshold → Critical.`;
  if (knockouts.length === 0) {
    if (openHigh.length < HIGH_FINDINGS_FLOOR) return byScore;
    const highIds = [...new Set(openHigh.map((finding) => finding.questionId))].join(", ");
    return `${byScore} ${openHigh.length} open high findings (${highIds}) keep it at Medium or worse → ${residual}.`;
  }
  const ids = [...new Set(knockouts.map((knockout) => knockout.questionId))].join(", ");
  const count = knockouts.length === 1 ? "A knockout" : `${knockouts.length} knockouts`;
  return `${byScore} ${count} (${ids}) keep${knockouts.length === 1 ? "s" : ""} it at High or worse → ${residual}.`;
}

// Two decimals, unless they would seem to contradict the comparison made (84.996 shown as
// 85 yet below 85); then every digit.
function showAgainst(value: number, threshold: number): string {
  const short = Number(value.toFixed(2));
  return meetsThreshold(short, threshold) === meetsThreshold(value, threshold)
    ? String(short)
    : String(value);
}

/**
 * The questions the current score counts at full credit: those with at least one finding,
 * every one of them verified. A risk-accepted or open finding keeps its question out.
 */
export function getVerifiedQuestionIds(
  findings: Iterable<{ questionId: string; verified: boolean }>,
): string[] {
  const allVerified = new Map<string, boolean>();
  for (const finding of findings) {
    allVerified.set(
      finding.questionId,
      (allVerified.get(finding.questionId) ?? true) && finding.verified,
    );
  }
  return [...allVerified]
    .filter(([, verified]) => verified)
    .map(([questionId]) => questionId)
    .sort();
}
