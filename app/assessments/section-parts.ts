// A long section in the vendor's document is served in parts (docs/decisions/320): each part
// is a page of its own, with JavaScript as without (docs/decisions/397); without JavaScript its
// form saves that part's answers. Pure: the route, the actions and the page share it.
import { type Question } from "~/questionnaire/definition";

/** Questions per part: what the server renders into one document. */
export const PART_SIZE = 50;

/** How many parts a section of `questionCount` questions has (at least one). */
export function partCount(questionCount: number): number {
  return Math.max(1, Math.ceil(questionCount / PART_SIZE));
}

/** The part asked for (`?part=` or the form's `part`), 1 when missing or out of range. */
export function parsePart(value: unknown, parts: number): number {
  const n = typeof value === "string" && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= parts ? n : 1;
}

/** The slice of the section's questions that part `part` holds. */
export function partQuestions<Q>(questions: readonly Q[], part: number): Q[] {
  return questions.slice((part - 1) * PART_SIZE, part * PART_SIZE);
}

/** The section page showing `questionId` (its part, and the question itself). */
export function sectionPath(
  section: { id: string; questions: readonly { id: string }[] },
  questionId?: string,
): string {
  const index = questionId ? section.questions.findIndex((q) => q.id === questionId) : -1;
  const part = index < 0 ? 1 : Math.floor(index / PART_SIZE) + 1;
  return `/v/sections/${section.id}${part > 1 ? `?part=${part}` : ""}${
    questionId && index >= 0 ? `#question-${encodeURIComponent(questionId)}` : ""
  }`;
}

/**
 * A part's vendor questions as JSON text: the section loader sends them so, made once per
 * version (docs/decisions/418), and the page reads them with `parsePartQuestions`.
 */
export type PartQuestionsJson = string & { readonly __partQuestions: true };

// The texts read lately and what they hold. On the server, the page renders from the very
// text the loader took from its cache, so the lookup is by a string whose hash V8 already
// keeps: the text is parsed once per part, not once per view. Never more than 256 kept.
const parsed = new Map<string, Question[]>();

export function parsePartQuestions(json: PartQuestionsJson): Question[] {
  let questions = parsed.get(json);
  if (!questions) {
    questions = JSON.parse(json) as Question[];
    if (parsed.size >= 256) parsed.clear();
    parsed.set(json, questions);
  }
  return questions;
}
