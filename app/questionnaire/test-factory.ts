// Small, valid questionnaires for tests, built from plain input objects so each test shows
// exactly the part it cares about.
import { type QuestionnaireInput, type Questionnaire } from "./definition";
import { validateQuestionnaire } from "./validate";

type SectionInput = QuestionnaireInput["sections"][number];
export type QuestionInput = SectionInput["questions"][number];

export function yesNo(id: string, extra: Partial<QuestionInput> = {}): QuestionInput {
  return {
    id,
    type: "yes_no",
    text: `Question ${id}?`,
    weight: 3,
    references: ["NCSC-SC:5"],
    options: [
      { value: "yes", credit: 1 },
      { value: "no", credit: 0 },
    ],
    ...extra,
  } as QuestionInput;
}

export function singleChoice(
  id: string,
  values: string[],
  extra: Partial<QuestionInput> = {},
): QuestionInput {
  return {
    id,
    type: "single_choice",
    text: `Question ${id}?`,
    weight: 2,
    references: ["NCSC-SC:5"],
    options: values.map((value, index) => ({
      value,
      label: `Label ${value}`,
      credit: index === 0 ? 1 : 0,
    })),
    ...extra,
  } as QuestionInput;
}

export function multipleChoice(
  id: string,
  values: string[],
  extra: Partial<QuestionInput> = {},
): QuestionInput {
  return {
    id,
    type: "multiple_choice",
    text: `Question ${id}?`,
    weight: 2,
    references: ["NCSC-SC:5"],
    options: values.map((value) => ({ value, label: `Label ${value}`, credit: 1 })),
    ...extra,
  } as QuestionInput;
}

export function maturity(id: string, extra: Partial<QuestionInput> = {}): QuestionInput {
  return {
    id,
    type: "maturity",
    text: `Question ${id}?`,
    weight: 4,
    references: ["CSA-CCM:IAM-05"],
    levels: [0, 1, 2, 3].map((level) => ({ level, description: `Level ${level} description.` })),
    ...extra,
  } as QuestionInput;
}

export function numberQuestion(id: string, extra: Partial<QuestionInput> = {}): QuestionInput {
  return {
    id,
    type: "number",
    text: `Question ${id}?`,
    unit: "hours",
    weight: 3,
    references: ["CSA-CCM:SEF-07"],
    bands: [{ max: 24, credit: 1 }, { credit: 0 }],
    ...extra,
  } as QuestionInput;
}

export function textQuestion(id: string, extra: Partial<QuestionInput> = {}): QuestionInput {
  return {
    id,
    type: "long_text",
    text: `Question ${id}?`,
    references: ["NCSC-SC:2"],
    ...extra,
  } as QuestionInput;
}

export function questionnaireInput(
  sections: Array<QuestionInput[] | Partial<SectionInput>>,
  extra: Partial<QuestionnaireInput> = {},
): QuestionnaireInput {
  return {
    slug: "test-questionnaire",
    version: "1.0.0",
    title: "Test questionnaire",
    description: "A questionnaire built by a test.",
    audience: "any",
    changelog: "First version.",
    sections: sections.map((section, index) =>
      Array.isArray(section)
        ? { id: `section-${index + 1}`, title: `Section ${index + 1}`, questions: section }
        : ({
            id: `section-${index + 1}`,
            title: `Section ${index + 1}`,
            questions: [],
            ...section,
          } as SectionInput),
    ),
    ...extra,
  };
}

/** Validates and returns the questionnaire; throws with every error if it is not valid. */
export function buildQuestionnaire(input: QuestionnaireInput): Questionnaire {
  const result = validateQuestionnaire(input);
  if (!result.ok) {
    throw new Error(
      `test questionnaire is invalid:\n${result.errors.map((error) => `${error.path}: ${error.message}`).join("\n")}`,
    );
  }
  return result.questionnaire;
}

/** A deep copy with `edit` applied, for making the "next version" of a questionnaire. */
export function edited(
  input: QuestionnaireInput,
  edit: (draft: QuestionnaireInput) => void,
): QuestionnaireInput {
  const draft = structuredClone(input);
  edit(draft);
  return draft;
}
