// Whether a stored answer is one the question accepts. The engine and the answers-file
// parser share this, so "invalid" means the same thing everywhere: the CLI refuses such an
// answer, and the engine counts it as unanswered and reports it
// (docs/decisions/020-invalid-and-empty-answers.md).
import { type Answer, type AnswerValue } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { answerValueSchema } from "~/questionnaire/answer-schema";
import { type SupplierListValue } from "~/supply-chain/types";
import { parseCalendarDate } from "./dates";

/** What is wrong with `answer` for `question`, in words, or null when it is acceptable. */
export function getAnswerProblem(question: Question, answer: Answer): string | null {
  if (answer.kind === "na") {
    if (!question.allowNA) return "N/A is not allowed for this question (it does not set allowNA)";
    if (typeof answer.justification !== "string" || answer.justification.trim() === "") {
      return "an N/A answer needs a justification";
    }
    return null;
  }
  return isEmptyValue(answer.value) ? null : getValueProblem(question, answer.value);
}

function getValueProblem(question: Question, value: AnswerValue): string | null {
  switch (question.type) {
    case "yes_no":
    case "single_choice": {
      if (typeof value !== "string") {
        return `expected one option value (${listValues(question.options)}), found ${show(value)}`;
      }
      return question.options.some((option) => option.value === value)
        ? null
        : `${show(value)} is not an option; use one of ${listValues(question.options)}`;
    }
    case "multiple_choice": {
      if (!isStringList(value)) {
        return `expected a list of option values (${listValues(question.options)}), found ${show(value)}`;
      }
      const seen = new Set<string>();
      for (const chosen of value) {
        const option = question.options.find((candidate) => candidate.value === chosen);
        if (!option) return `${show(chosen)} is not an option; use ${listValues(question.options)}`;
        if (seen.has(chosen)) return `${show(chosen)} is chosen more than once`;
        seen.add(chosen);
        // The form clears the others when an exclusive option is chosen, so both together
        // can only come from a bad write; scoring them would sum "none" with real choices.
        if (option.exclusive && value.length > 1) {
          return `${show(chosen)} (“${option.label}”) cannot be chosen together with other options`;
        }
      }
      return null;
    }
    case "maturity":
      return typeof value === "number" && question.levels.some((level) => level.level === value)
        ? null
        : `expected a maturity level 0, 1, 2 or 3, found ${show(value)}`;
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return `expected a number of ${question.unit}, found ${show(value)}`;
      }
      if (question.integer && !Number.isInteger(value)) {
        return `expected a whole number of ${question.unit}, found ${value}`;
      }
      if (question.min !== undefined && value < question.min) {
        return `must be at least ${question.min} ${question.unit}, found ${value}`;
      }
      if (question.max !== undefined && value > question.max) {
        return `must be at most ${question.max} ${question.unit}, found ${value}`;
      }
      return null;
    }
    case "date":
      return typeof value === "string" && parseCalendarDate(value) !== null
        ? null
        : `expected a real date written YYYY-MM-DD, found ${show(value)}`;
    case "evidence":
      return isStringList(value) ? null : `expected a list of file ids, found ${show(value)}`;
    case "supplier_list":
    case "countries": {
      // The answering form's own rules, so a stored declaration is valid in one sense only.
      const parsed = answerValueSchema(question).safeParse(value);
      if (parsed.success) return null;
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? ` (at ${issue.path.join(".")})` : "";
      return `${issue.message}${where}`;
    }
    default:
      return typeof value === "string" ? null : `expected text, found ${show(value)}`;
  }
}

/**
 * An answer with nothing in it — blank text, no files, no option chosen — counts as
 * unanswered for every type (conditions already treat an empty multiple choice as no value),
 * so a cleared input never earns presence credit.
 */
export function isEmptyValue(value: AnswerValue): boolean {
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return isSupplierList(value) && value.suppliers.length === 0;
}

function isSupplierList(value: AnswerValue): value is SupplierListValue {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { suppliers?: unknown }).suppliers)
  );
}

function isStringList(value: AnswerValue): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function listValues(options: ReadonlyArray<{ value: string }>): string {
  return options.map((option) => `"${option.value}"`).join(", ");
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
