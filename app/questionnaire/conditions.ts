// Show-if conditions: evaluation with the contract's cascade rule, and plain-English
// explanations for the preview. Pure.
//
// Three-valued on purpose (docs/decisions/011-conditions-three-valued.md): a test on a
// question with no value — unanswered, hidden or N/A — is *unknown*, `not` of unknown is
// unknown, and a question shows only when its condition is definitely true. So a hidden
// question can never reveal a dependant, not even through `not`, and follow-up questions
// appear only once the question they follow up has been answered.
import { describeValue, getQuestionMap, type Answer, type Answers } from "./model";
import { type Condition, type Question, type Questionnaire } from "./definition";

/** true, false, or null when the answers needed to decide are missing. */
export type Truth = boolean | null;

/**
 * Evaluates a condition over the answers given. Callers that need the cascade should use
 * `visibleQuestionIds`, which only ever passes visible answers in.
 */
export function evaluateCondition(condition: Condition, answers: Answers): Truth {
  return evaluate(condition, (id) => ownAnswer(answers, id));
}

type AnswerLookup = (questionId: string) => Answer | undefined;

// Own keys only: a question may well be called "constructor".
function ownAnswer(answers: Answers, id: string): Answer | undefined {
  return Object.hasOwn(answers, id) ? answers[id] : undefined;
}

function evaluate(condition: Condition, lookup: AnswerLookup): Truth {
  if ("equals" in condition) {
    const chosen = chosenValues(lookup(condition.equals.question));
    return chosen === null ? null : chosen.includes(condition.equals.value);
  }
  if ("oneOf" in condition) {
    const chosen = chosenValues(lookup(condition.oneOf.question));
    return chosen === null ? null : chosen.some((value) => condition.oneOf.values.includes(value));
  }
  if ("not" in condition) {
    const inner = evaluate(condition.not, lookup);
    return inner === null ? null : !inner;
  }
  if ("all" in condition) {
    const results = condition.all.map((part) => evaluate(part, lookup));
    if (results.includes(false)) return false;
    return results.includes(null) ? null : true;
  }
  const results = condition.any.map((part) => evaluate(part, lookup));
  if (results.includes(true)) return true;
  return results.includes(null) ? null : false;
}

// A multiple-choice answer "equals" a value when that value is among the chosen options.
function chosenValues(answer: Answer | undefined): ReadonlyArray<string | number> | null {
  if (!answer || answer.kind === "na") return null;
  const { value } = answer;
  if (typeof value === "string" || typeof value === "number") return [value];
  // A supplier list is never a condition's subject (validation refuses it).
  if (!Array.isArray(value)) return null;
  return value.length > 0 ? (value as readonly string[]) : null;
}

/** The question ids a condition tests, in order of appearance (with repeats removed). */
export function conditionQuestionIds(condition: Condition): string[] {
  const ids: string[] = [];
  walk(condition);
  return [...new Set(ids)];

  function walk(node: Condition): void {
    if ("equals" in node) ids.push(node.equals.question);
    else if ("oneOf" in node) ids.push(node.oneOf.question);
    else if ("not" in node) walk(node.not);
    else ("all" in node ? node.all : node.any).forEach(walk);
  }
}

/**
 * The ids of the questions a vendor sees for these answers. A hidden question counts as
 * unanswered for every condition that tests it, so hiding cascades (docs/scoring.md,
 * applicability).
 */
export function visibleQuestionIds(questionnaire: Questionnaire, answers: Answers): Set<string> {
  const questions = getQuestionMap(questionnaire);
  const state = new Map<string, "visiting" | boolean>();
  const lookupVisible: AnswerLookup = (id) => (isVisible(id) ? ownAnswer(answers, id) : undefined);

  function isVisible(id: string): boolean {
    const known = state.get(id);
    // A cycle (refused by validation) resolves to hidden rather than recursing forever.
    if (known === "visiting") return false;
    if (known !== undefined) return known;
    const entry = questions.get(id);
    if (!entry) return false;
    state.set(id, "visiting");
    const condition = entry.question.showIf;
    const visible = condition === undefined || evaluate(condition, lookupVisible) === true;
    state.set(id, visible);
    return visible;
  }

  // The map's ids are the questionnaire's, in order, each once (it is kept per questionnaire).
  return new Set([...questions.keys()].filter(isVisible));
}

/** The answers of visible questions only: what scoring and conditions may look at. */
export function visibleAnswers(questionnaire: Questionnaire, answers: Answers): Answers {
  const visible = visibleQuestionIds(questionnaire, answers);
  return Object.fromEntries(Object.entries(answers).filter(([id]) => visible.has(id)));
}

/**
 * A condition in plain English, e.g. `the answer to “Do you sign model artifacts?” is “No”`.
 * Written for the preview page, where staff read it next to the question.
 */
export function explainCondition(condition: Condition, questionnaire: Questionnaire): string {
  const questions = getQuestionMap(questionnaire);
  return explain(condition, false);

  function explain(node: Condition, nested: boolean): string {
    if ("equals" in node) return explainTest(node.equals.question, [node.equals.value], false);
    if ("oneOf" in node) return explainTest(node.oneOf.question, node.oneOf.values, false);
    if ("not" in node) {
      if ("equals" in node.not)
        return explainTest(node.not.equals.question, [node.not.equals.value], true);
      if ("oneOf" in node.not)
        return explainTest(node.not.oneOf.question, node.not.oneOf.values, true);
      return `it is not the case that ${explain(node.not, true)}`;
    }
    const parts = ("all" in node ? node.all : node.any).map((part) => explain(part, true));
    if (parts.length === 1) return parts[0]!;
    const text = parts.join("all" in node ? " and " : " or ");
    const prefix = "all" in node ? "both" : "either";
    const phrase =
      parts.length === 2 ? `${prefix} ${text}` : `${"all" in node ? "all of" : "any of"}: ${text}`;
    return nested ? `(${phrase})` : phrase;
  }

  function explainTest(
    id: string,
    values: ReadonlyArray<string | number>,
    negated: boolean,
  ): string {
    const question = questions.get(id)?.question;
    const subject = question ? `“${question.text}”` : `question ${id}`;
    const described = values.map((value) => describeValue(question, value));
    if (question?.type === "multiple_choice") {
      if (values.length === 1) {
        return `the answers chosen for ${subject} ${negated ? "do not include" : "include"} ${described[0]}`;
      }
      return negated
        ? `the answers chosen for ${subject} include none of ${joinList(described, "and")}`
        : `the answers chosen for ${subject} include ${joinList(described, "or")}`;
    }
    if (negated) {
      return `${subject} is answered with something other than ${joinList(described, "or")}`;
    }
    return `the answer to ${subject} is ${joinList(described, "or")}`;
  }
}

/** "Always shown", or "Shown only when …" — the sentence the preview puts under a question. */
export function explainVisibility(question: Question, questionnaire: Questionnaire): string {
  return question.showIf
    ? `Shown only when ${explainCondition(question.showIf, questionnaire)}.`
    : "Always shown.";
}

function joinList(items: string[], conjunction: "and" | "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}
