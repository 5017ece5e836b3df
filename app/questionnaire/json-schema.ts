// The JSON Schema that editors use to autocomplete and check questionnaire files, generated
// from the zod schema so there is one source of truth (scripts/generate-questionnaire-schema.ts
// writes it to questionnaires/schema.json; a test fails when that file is stale).
import { zodToJsonSchema } from "zod-to-json-schema";
import {
  BandSchema,
  ChoiceOptionSchema,
  ConditionSchema,
  CreditSchema,
  FindingSchema,
  IdSchema,
  MaturityLevelSchema,
  QuestionnaireSchema,
  ReferenceSchema,
  WeightSchema,
} from "./definition";

export function questionnaireJsonSchema(): Record<string, unknown> {
  const schema = zodToJsonSchema(QuestionnaireSchema, {
    name: "Questionnaire",
    // Conditions nest, so they need a named definition to refer back to; the rest are named
    // so that shared parts read as references to them.
    definitions: {
      Condition: ConditionSchema,
      Id: IdSchema,
      Reference: ReferenceSchema,
      Weight: WeightSchema,
      Credit: CreditSchema,
      Finding: FindingSchema,
      ChoiceOption: ChoiceOptionSchema,
      MaturityLevel: MaturityLevelSchema,
      Band: BandSchema,
    },
    $refStrategy: "root",
    target: "jsonSchema7",
    // Authors write the input: fields with defaults are optional, transforms are invisible.
    effectStrategy: "input",
    pipeStrategy: "input",
  });
  return {
    ...schema,
    title: "Assay questionnaire version",
    description:
      "One version of a questionnaire: questionnaires/<slug>/<major>.<minor>.<patch>.yaml. See docs/questionnaire-format.md.",
  };
}
