// Shorthands for scoring tests: answers in their stored form, and a scorer with a fixed date.
import { type Answer, type AnswerValue, type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { type QuestionInput } from "~/questionnaire/test-factory";
import { score, type ScoreOptions, type ScoreResult } from "./engine";
import { type VendorProfile } from "./risk";

export const AS_OF = "2025-01-01";

export function value(answer: AnswerValue): Answer {
  return { kind: "value", value: answer };
}

export function na(justification = "We do not offer this service."): Answer {
  return { kind: "na", justification };
}

export function scoreAt(
  questionnaire: Questionnaire,
  answers: Answers,
  options: Partial<ScoreOptions> & { profile?: VendorProfile | null } = {},
): ScoreResult {
  const { profile = null, ...rest } = options;
  return score(questionnaire, answers, profile, { asOf: AS_OF, ...rest });
}

/** The explanation row of one question. */
export function row(result: ScoreResult, questionId: string) {
  const found = result.questions.find((question) => question.questionId === questionId);
  if (!found) throw new Error(`no explanation for ${questionId}`);
  return found;
}

export function dateQuestion(id: string, extra: Partial<QuestionInput> = {}): QuestionInput {
  return {
    id,
    type: "date",
    text: `Question ${id}?`,
    weight: 2,
    references: ["CSA-CCM:A&A-02"],
    bands: [
      { min: 0, max: 365, credit: 1 },
      {
        min: 366,
        credit: 0,
        finding: {
          severity: "medium",
          title: "The certificate is more than a year old",
          remediation: "Renew it.",
        },
      },
    ],
    ...extra,
  } as QuestionInput;
}
