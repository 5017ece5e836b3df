// Test support over the real library: the best answer to each question, so a test can state a
// posture and leave everything else at its best (docs/decisions/172-library-scenarios.md).
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Question, type Questionnaire } from "~/questionnaire/definition";
import { isScored, type Answer } from "~/questionnaire/model";

// The scenario's answers, and the best answer to every other visible question, answered in
// order so follow-ups appear (or stay hidden) as the posture makes them.
export function withBestAnswers(
  questionnaire: Questionnaire,
  posture: Readonly<Record<string, Answer | undefined>>,
): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      const given = posture[question.id];
      if (given) {
        answers[question.id] = given;
        continue;
      }
      if (!visibleQuestionIds(questionnaire, answers).has(question.id)) continue;
      const best = bestAnswer(question);
      if (best) answers[question.id] = best;
    }
  }
  return answers;
}

export function bestAnswer(question: Question): Answer | undefined {
  if (!isScored(question)) return undefined;
  const credit = (item: { credit?: number }) => item.credit ?? 0;
  switch (question.type) {
    case "yes_no":
    case "single_choice": {
      const best = [...question.options].sort((a, b) => credit(b) - credit(a))[0]!;
      return { kind: "value", value: best.value };
    }
    case "multiple_choice":
      return {
        kind: "value",
        value: question.options
          .filter((option) => !option.exclusive && credit(option) > 0)
          .map((option) => option.value),
      };
    case "maturity":
      return { kind: "value", value: 3 };
    case "number":
    case "date": {
      const band = question.bands.find((candidate) => candidate.credit === 1)!;
      const days = band.max ?? band.min ?? 0;
      if (question.type === "number") return { kind: "value", value: days };
      const date = new Date(Date.UTC(2025, 5, 30) - days * 86_400_000).toISOString().slice(0, 10);
      return { kind: "value", value: date };
    }
    case "evidence":
      return { kind: "value", value: ["evidence.pdf"] };
    case "supplier_list":
      return {
        kind: "value",
        value: {
          suppliers: [
            {
              name: "Example Cloud",
              domain: "cloud.example",
              service: "cloud_compute",
              receives: ["prompts_outputs"],
              countries: ["IE"],
              stateControlled: "no",
            },
          ],
        },
      };
    case "countries":
      return { kind: "value", value: ["IE"] };
    default:
      return { kind: "value", value: "Answered." };
  }
}
