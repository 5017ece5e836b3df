// Re-assessment: which answers of a previous assessment carry over into a new one.
// Pure. Whether a question's meaning survived the version change comes from the diff module
// (questionsWithKeptMeaning, after docs/decisions/012-version-bump-rules.md); each carried
// answer must also be a valid answer in the new version. Decision: docs/decisions/055-carry-over.md.
import { answerSchema } from "~/questionnaire/answer-schema";
import { diffVersions, questionsWithKeptMeaning } from "~/questionnaire/diff";
import { type Answer, getQuestionMap } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";

export type PreviousAnswer = { questionId: string; answer: Answer | null; comment: string };
export type SkipReason =
  "different questionnaire" | "meaning changed" | "not valid now" | "evidence";
export type CarryOverPlan = {
  carried: { questionId: string; answer: Answer; comment: string }[];
  skipped: { questionId: string; reason: SkipReason }[];
};

export function planCarryOver(
  from: Questionnaire,
  to: Questionnaire,
  previous: readonly PreviousAnswer[],
): CarryOverPlan {
  const plan: CarryOverPlan = { carried: [], skipped: [] };
  const answered = previous.filter((p): p is PreviousAnswer & { answer: Answer } => !!p.answer);
  // Question ids are stable within one questionnaire (slug), never across two.
  if (from.slug !== to.slug) {
    plan.skipped = answered.map((p) => ({
      questionId: p.questionId,
      reason: "different questionnaire",
    }));
    return plan;
  }
  const kept = questionsWithKeptMeaning(diffVersions(from, to), to);
  const questions = getQuestionMap(to);
  for (const previousAnswer of answered) {
    const { questionId, answer, comment } = previousAnswer;
    const question = questions.get(questionId)?.question;
    if (!question || !kept.has(questionId)) {
      plan.skipped.push({ questionId, reason: "meaning changed" });
      continue;
    }
    // Uploaded files belong to the earlier assessment (and its access rules): ask anew.
    if (question.type === "evidence" && answer.kind === "value") {
      plan.skipped.push({ questionId, reason: "evidence" });
      continue;
    }
    const parsed = answerSchema(question).safeParse(answer);
    if (!parsed.success) {
      plan.skipped.push({ questionId, reason: "not valid now" });
      continue;
    }
    plan.carried.push({ questionId, answer: parsed.data, comment });
  }
  return plan;
}
