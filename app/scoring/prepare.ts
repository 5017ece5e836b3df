// What the engine needs from a questionnaire version that does not depend on the answers,
// worked out once per version: a published version never changes (Invariant 1), so
// rescoring thousands of assessments of one version reuses it.
import { conditionQuestionIds, explainVisibility } from "~/questionnaire/conditions";
import { isScored } from "~/questionnaire/model";
import {
  type ChoiceOption,
  type Question,
  type Questionnaire,
  type Section,
} from "~/questionnaire/definition";

export type PreparedSection = {
  section: Section;
  index: number;
  weight: number;
};

export type PreparedQuestion = {
  question: Question;
  section: PreparedSection;
  /** Position in file order across the whole questionnaire. */
  index: number;
  scored: boolean;
  /** Choice options by value, with their position (for option-order sums and findings). */
  options: ReadonlyMap<string, { option: ChoiceOption; index: number }>;
};

export type PreparedVersion = {
  readonly kind: "prepared-version";
  questionnaire: Questionnaire;
  sections: readonly PreparedSection[];
  questions: readonly PreparedQuestion[];
  byId: ReadonlyMap<string, PreparedQuestion>;
  /** "Shown only when …" per question, filled in the first time a question is hidden. */
  visibilityText: Map<string, string>;
};

const cache = new WeakMap<Questionnaire, PreparedVersion>();

/**
 * Prepares a validated version for scoring. Cached per questionnaire object, so calling
 * `score(version, …)` repeatedly with the same object prepares it once; the object must not
 * be mutated afterwards (published versions never are).
 */
export function prepare(questionnaire: Questionnaire): PreparedVersion {
  const known = cache.get(questionnaire);
  if (known) return known;
  const sections: PreparedSection[] = [];
  const questions: PreparedQuestion[] = [];
  const byId = new Map<string, PreparedQuestion>();
  questionnaire.sections.forEach((section, sectionIndex) => {
    const prepared: PreparedSection = { section, index: sectionIndex, weight: section.weight };
    sections.push(prepared);
    for (const question of section.questions) {
      const options = new Map<string, { option: ChoiceOption; index: number }>();
      if ("options" in question) {
        question.options.forEach((option, index) => {
          if (!options.has(option.value)) options.set(option.value, { option, index });
        });
      }
      const entry: PreparedQuestion = {
        question,
        section: prepared,
        index: questions.length,
        scored: isScored(question),
        options,
      };
      questions.push(entry);
      // First occurrence wins, as in getQuestionMap (validation refuses duplicates anyway).
      if (!byId.has(question.id)) byId.set(question.id, entry);
    }
  });
  const result: PreparedVersion = {
    kind: "prepared-version",
    questionnaire,
    sections,
    questions,
    byId,
    visibilityText: new Map(),
  };
  cache.set(questionnaire, result);
  return result;
}

export function isPrepared(version: Questionnaire | PreparedVersion): version is PreparedVersion {
  return "kind" in version && version.kind === "prepared-version";
}

/**
 * "Shown only when …" for a question, in the preview's words. explainVisibility indexes the
 * whole questionnaire on every call, which made a 500-question version with 100 hidden
 * questions cost ~35 ms to score; it only needs the questions the condition tests, so it gets
 * a copy of the version holding just those. Worked out once per question and version.
 */
export function getVisibilityText(prepared: PreparedVersion, entry: PreparedQuestion): string {
  const { question } = entry;
  let text = prepared.visibilityText.get(question.id);
  if (text === undefined) {
    const { questionnaire } = prepared;
    const tested = question.showIf
      ? conditionQuestionIds(question.showIf).flatMap((id) => {
          const found = prepared.byId.get(id);
          return found ? [found.question] : [];
        })
      : [];
    const section = questionnaire.sections[0]!;
    text = explainVisibility(question, {
      ...questionnaire,
      sections: [{ ...section, questions: tested.length > 0 ? tested : [question] }],
    });
    prepared.visibilityText.set(question.id, text);
  }
  return text;
}
