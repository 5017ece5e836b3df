// What the staff result page shows, shaped from a ScoreResult and the answers it read. Pure:
// the loader sends this (not the whole result) to the browser, and tests check it directly.
import { getQuestionMap, type Answers } from "~/questionnaire/model";
import { SEVERITY_LABELS } from "~/questionnaire/labels";
import { type Questionnaire, type Severity, type Thresholds } from "~/questionnaire/definition";
import { type Applicability, type ScoreResult } from "~/scoring/engine";
import { tierForScore, type Tier } from "~/scoring/risk";
import { describeAnswer } from "./answer-words";

export type WhyRow = {
  questionId: string;
  text: string;
  sectionTitle: string;
  applicability: Applicability;
  /** The answer in words, as the check-answers page shows it. */
  answer: string;
  rule: string;
  weight: number;
  sectionWeight: number;
  credit: number | null;
  pointsEarned: number;
  pointsPossible: number;
  /** Overall score points this question cost. */
  overallLost: number;
  /** The question's references, then its findings' own, without repeats. */
  references: string[];
  knockout: boolean;
  verified: boolean;
};

export type FindingView = {
  key: string;
  title: string;
  questionId: string;
  questionText: string;
  remediation: string;
  references: string[];
  knockout: boolean;
  verified: boolean;
};

export type ResultView = {
  overall: number | null;
  /** The tier the overall alone gives (before knockouts), to colour its bar. */
  scoreTier: Tier | null;
  thresholds: Thresholds;
  residualTier: Tier | null;
  residualRule: string;
  inherentTier: Tier | null;
  riskRating: Tier | null;
  engineVersion: string;
  asOf: string;
  sections: Array<{
    sectionId: string;
    title: string;
    weight: number;
    score: number | null;
    /** The tier this score alone would give, to colour its bar; the text says the number. */
    tier: Tier | null;
  }>;
  knockouts: Array<{ questionId: string; questionText: string; findingTitle: string }>;
  findingsBySeverity: Array<{ severity: Severity; label: string; findings: FindingView[] }>;
  /** Questions that count, most overall points lost first. */
  why: WhyRow[];
  /** Hidden, N/A and unscored questions: they leave the score, and the rule says why. */
  notCounted: WhyRow[];
  unansweredCount: number;
  warnings: ScoreResult["warnings"];
};

const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

export function buildResultView(
  questionnaire: Questionnaire,
  answers: Answers,
  result: ScoreResult,
): ResultView {
  const questions = getQuestionMap(questionnaire);
  const textOf = (id: string) => questions.get(id)?.question.text ?? id;
  const findingsByKey = new Map(result.findings.map((f) => [f.key, f]));

  const rows: WhyRow[] = result.questions.map((explanation) => {
    const entry = questions.get(explanation.questionId);
    const references = new Set(entry?.question.references ?? []);
    for (const key of explanation.findingKeys) {
      for (const reference of findingsByKey.get(key)?.references ?? []) references.add(reference);
    }
    return {
      questionId: explanation.questionId,
      text: textOf(explanation.questionId),
      sectionTitle: entry?.section.title ?? explanation.sectionId,
      applicability: explanation.applicability,
      answer: entry
        ? describeAnswer(entry.question, answers[explanation.questionId])
        : "Not answered",
      rule: explanation.rule,
      weight: explanation.weight,
      sectionWeight: explanation.sectionWeight,
      credit: explanation.credit,
      pointsEarned: explanation.pointsEarned,
      pointsPossible: explanation.pointsPossible,
      overallLost: explanation.overallLost,
      references: [...references],
      knockout: explanation.knockout,
      verified: explanation.verified,
    };
  });
  const counts = (row: WhyRow) =>
    row.applicability === "scored" || row.applicability === "unanswered";
  // A stable sort keeps questionnaire order among equal losses.
  const why = rows.filter(counts).sort((a, b) => b.overallLost - a.overallLost);

  return {
    overall: result.overall,
    scoreTier: result.scoreTier,
    thresholds: result.thresholds,
    residualTier: result.residualTier,
    residualRule: result.residualRule,
    inherentTier: result.inherentTier,
    riskRating: result.riskRating,
    engineVersion: result.engineVersion,
    asOf: result.asOf,
    sections: result.sections.map((section) => ({
      sectionId: section.sectionId,
      title: section.title,
      weight: section.weight,
      score: section.score,
      tier: section.score === null ? null : tierForScore(section.score, result.thresholds),
    })),
    knockouts: result.knockouts.map((knockout) => ({
      questionId: knockout.questionId,
      questionText: textOf(knockout.questionId),
      findingTitle: findingsByKey.get(knockout.findingKey)?.title ?? "Knockout answer",
    })),
    findingsBySeverity: SEVERITY_ORDER.map((severity) => ({
      severity,
      label: SEVERITY_LABELS[severity],
      findings: result.findings
        .filter((finding) => finding.severity === severity)
        .map((finding) => ({
          key: finding.key,
          title: finding.title,
          questionId: finding.questionId,
          questionText: textOf(finding.questionId),
          remediation: finding.remediation,
          references: finding.references,
          knockout: finding.knockout,
          verified: finding.verified,
        })),
    })).filter((group) => group.findings.length > 0),
    why,
    notCounted: rows.filter((row) => !counts(row)),
    unansweredCount: why.filter((row) => row.applicability === "unanswered").length,
    warnings: result.warnings,
  };
}
