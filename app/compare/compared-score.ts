// What the comparison reads of a score (decision 414), stored beside each score's whole result
// (assessment_scores.comparison) so that `/compare` reads ~4 KB per vendor instead of ~28 KB:
// most of a result is its findings and each question's rule in words, which the comparison
// never shows. Pure: the scores module writes it, the comparison reads it.
import { type ScoreResult } from "~/scoring/engine";

export type ComparedScore = Pick<
  ScoreResult,
  | "overall"
  | "residualTier"
  | "inherentTier"
  | "riskRating"
  | "knockouts"
  | "sections"
  | "thresholds"
> & {
  questions: Pick<
    ScoreResult["questions"][number],
    "questionId" | "credit" | "applicability" | "verified"
  >[];
};

export function comparedScoreOf(result: ScoreResult): ComparedScore {
  return {
    overall: result.overall,
    residualTier: result.residualTier,
    inherentTier: result.inherentTier,
    riskRating: result.riskRating,
    knockouts: result.knockouts,
    sections: result.sections,
    thresholds: result.thresholds,
    questions: result.questions.map((q) => ({
      questionId: q.questionId,
      credit: q.credit,
      applicability: q.applicability,
      verified: q.verified,
    })),
  };
}
