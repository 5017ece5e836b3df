// Small read helpers over a validated questionnaire, shared by validation, conditions, the
// diff and (later) the scoring engine, so "is this question scored?" has one answer.
// Types only from ./schema: this module runs in the vendor's browser (conditions on the
// answering page), which should not load zod and the schema it builds.
import {
  type ChoiceOption,
  type ChoiceQuestion,
  type Question,
  type QuestionOf,
  type QuestionType,
  type Questionnaire,
  type Section,
} from "./definition";
import { type SupplierListValue } from "~/supply-chain/types";

/** Answers of these types are unscored unless the question sets `scoredOnPresence`. */
export const PRESENCE_TYPES = [
  "short_text",
  "long_text",
  "url",
  "evidence",
  "supplier_list",
  "countries",
] as const satisfies readonly QuestionType[];
export type PresenceType = (typeof PRESENCE_TYPES)[number];

/**
 * One stored answer. Values by question type: yes_no and single_choice → the option value;
 * multiple_choice → the chosen option values; maturity → the level 0–3; number → the
 * number; date → "YYYY-MM-DD"; text and url → the text; evidence → the stored file ids;
 * supplier_list → { suppliers: SupplierRow[] }; countries → ISO 3166-1 alpha-2 codes.
 * N/A is only valid where the question allows it, and always carries a justification
 * (docs/scoring.md, applicability).
 */
export type AnswerValue = string | number | readonly string[] | SupplierListValue;
export type Answer = { kind: "value"; value: AnswerValue } | { kind: "na"; justification: string };
/** Answers by question id; a missing key means unanswered. */
export type Answers = Readonly<Record<string, Answer | undefined>>;

export type QuestionEntry = {
  question: Question;
  section: Section;
  sectionIndex: number;
  questionIndex: number;
  /** Where the question sits in the file, e.g. sections[2].questions[4]. */
  path: string;
};

export function listQuestions(questionnaire: Questionnaire): QuestionEntry[] {
  return questionnaire.sections.flatMap((section, sectionIndex) =>
    section.questions.map((question, questionIndex) => ({
      question,
      section,
      sectionIndex,
      questionIndex,
      path: `sections[${sectionIndex}].questions[${questionIndex}]`,
    })),
  );
}

// Questionnaires are treated as immutable values, so the map is computed once per object.
const questionMaps = new WeakMap<Questionnaire, Map<string, QuestionEntry>>();

export function getQuestionMap(questionnaire: Questionnaire): Map<string, QuestionEntry> {
  const cached = questionMaps.get(questionnaire);
  if (cached) return cached;
  const map = new Map<string, QuestionEntry>();
  questionMaps.set(questionnaire, map);
  // First occurrence wins, matching what validation reports as the original of a duplicate.
  for (const entry of listQuestions(questionnaire)) {
    if (!map.has(entry.question.id)) map.set(entry.question.id, entry);
  }
  return map;
}

export function isPresenceType(type: QuestionType): type is PresenceType {
  return (PRESENCE_TYPES as readonly string[]).includes(type);
}

export function isChoiceQuestion(question: Question): question is ChoiceQuestion {
  return (
    question.type === "yes_no" ||
    question.type === "single_choice" ||
    question.type === "multiple_choice"
  );
}

/** Question types a show-if condition may test. */
export function isConditionable(
  question: Question,
): question is ChoiceQuestion | QuestionOf<"maturity"> {
  return isChoiceQuestion(question) || question.type === "maturity";
}

/** Counts towards a score: weight above 0, and for text-like types only with scoredOnPresence. */
export function isScored(question: Question): boolean {
  if (question.weight <= 0) return false;
  return "scoredOnPresence" in question ? question.scoredOnPresence : true;
}

export function getOptions(question: Question): readonly ChoiceOption[] {
  return isChoiceQuestion(question) ? question.options : [];
}

/** How an answer value reads to a person: the option label or maturity description. */
export function describeValue(question: Question | undefined, value: string | number): string {
  if (question?.type === "maturity") {
    const level = question.levels.find((candidate) => candidate.level === value);
    return level ? `level ${level.level} (“${level.description}”)` : `level ${value}`;
  }
  if (question && isChoiceQuestion(question)) {
    const option = question.options.find((candidate) => candidate.value === value);
    if (option) return `“${option.label}”`;
  }
  return `“${value}”`;
}

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  yes_no: "yes/no",
  single_choice: "single choice",
  multiple_choice: "multiple choice",
  maturity: "maturity",
  number: "number",
  date: "date",
  short_text: "short text",
  long_text: "long text",
  url: "URL",
  evidence: "evidence file",
  supplier_list: "supplier list",
  countries: "countries",
};
