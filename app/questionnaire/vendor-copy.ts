// What vendors may see of a question: everything but its scoring (weights, credits, bands,
// knockouts and findings). Pure; used wherever questions go to the vendor's browser.
import { type Question } from "./definition";

/**
 * A question as the vendor's browser may receive it: the scoring (weights, credits,
 * knockouts, the findings an answer opens, bands) left out; what the answering controls
 * need (text, help, options, levels, unit, limits) kept.
 */
export function withoutScoring(question: Question): Question {
  const plain = { knockout: false, finding: undefined };
  switch (question.type) {
    case "yes_no":
    case "single_choice":
    case "multiple_choice":
      return {
        ...question,
        weight: 0,
        options: question.options.map((o) => ({ ...o, ...plain, credit: undefined })),
      } as Question;
    case "maturity":
      return {
        ...question,
        weight: 0,
        levels: question.levels.map((l) => ({ ...l, ...plain, credit: 0 })),
      };
    case "number":
    case "date":
      return { ...question, weight: 0, bands: [] };
    default:
      return { ...question, weight: 0, scoredOnPresence: false };
  }
}
