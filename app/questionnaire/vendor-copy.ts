// What vendors may see of a question: everything but its scoring (weights, credits, bands,
// knockouts and findings). Pure; used wherever questions go to the vendor's browser.
import { type Question } from "./definition";

// Questions are immutable values (a pinned version is parsed once per process), so each one's
// vendor copy is made once: the section page sends 50 of them on every view.
const vendorCopies = new WeakMap<Question, Question>();

/**
 * A question as the vendor's browser may receive it: the scoring (weights, credits,
 * knockouts, the findings an answer opens, bands) left out; what the answering controls
 * need (text, help, options, levels, unit, limits) kept.
 */
export function withoutScoring(question: Question): Question {
  let copy = vendorCopies.get(question);
  if (!copy) {
    copy = vendorCopyOf(question);
    vendorCopies.set(question, copy);
  }
  return copy;
}

function vendorCopyOf(question: Question): Question {
  // Left out, not set to undefined: a key sent as undefined still costs its name in the
  // page's data.
  switch (question.type) {
    case "yes_no":
    case "single_choice":
    case "multiple_choice":
      return {
        ...question,
        weight: 0,
        options: question.options.map(({ credit: _c, finding: _f, ...o }) => ({
          ...o,
          knockout: false,
        })),
      } as Question;
    case "maturity":
      return {
        ...question,
        weight: 0,
        levels: question.levels.map(({ finding: _f, ...l }) => ({
          ...l,
          knockout: false,
          credit: 0,
        })),
      };
    case "number":
    case "date":
      return { ...question, weight: 0, bands: [] };
    default:
      return { ...question, weight: 0, scoredOnPresence: false };
  }
}
