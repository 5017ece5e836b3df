// The shape of one questionnaire version file (questionnaires/<slug>/<semver>.yaml).
// It carries everything the scoring contract (docs/scoring.md) needs: weights, credits,
// bands, knockouts, findings, scoredOnPresence, N/A and show-if conditions. Rules that
// need the whole document (unique ids, conditions, cycles, scoring sense) live in
// validate.ts. The JSON Schema editors use is generated from this file, never hand-written.
import { z } from "zod";
import { REFERENCE_PATTERN, FRAMEWORK_PREFIXES, referenceProblem } from "./references";

export const AUDIENCES = ["model_api", "cloud_infrastructure", "data_supplier", "any"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const QUESTION_TYPES = [
  "yes_no",
  "single_choice",
  "multiple_choice",
  "maturity",
  "number",
  "date",
  "short_text",
  "long_text",
  "url",
  "evidence",
  "supplier_list",
  "countries",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EVIDENCE_REQUIREMENTS = ["none", "requested", "required"] as const;

/** Score at or above which the residual tier is Low / Medium / High; below `high` it is Critical. */
export const DEFAULT_THRESHOLDS = { low: 85, medium: 70, high: 50 } as const;

/** Maturity levels 0–3 earn 0, 1/3, 2/3 and 1 unless a level sets its own credit. */
export const DEFAULT_MATURITY_CREDITS = [0, 1 / 3, 2 / 3, 1] as const;

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const IdSchema = z
  .string()
  .regex(
    ID_PATTERN,
    "ids are lower-case letters and digits in words joined by hyphens, e.g. data-retention",
  );

export const SemverSchema = z
  .string()
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/,
    "versions are MAJOR.MINOR.PATCH, e.g. 1.0.0 (no prefix or suffix)",
  );

export const ReferenceSchema = z
  .string()
  .regex(
    REFERENCE_PATTERN,
    `references are FRAMEWORK:ID with FRAMEWORK one of ${FRAMEWORK_PREFIXES.join(", ")}, or ORG:label for an organisation-defined one`,
  )
  .superRefine((reference, ctx) => {
    // The shape error above already covers unknown prefixes; only check the ID here.
    if (!REFERENCE_PATTERN.test(reference)) return;
    const problem = referenceProblem(reference);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  })
  .describe(
    "A public framework reference, e.g. NIST-AI-RMF:GOVERN-6.1 or CSA-AICM:DSP-20, or an organisation-defined one, e.g. ORG:ISO-27001:A.5.19",
  );

const referencesSchema = () => z.array(ReferenceSchema).default([]);

export const CreditSchema = z
  .number()
  .min(0, "credit is between 0 and 1")
  .max(1, "credit is between 0 and 1")
  .describe("Share of the question's weight this answer earns, 0–1");

export const FindingSchema = z
  .object({
    severity: z.enum(SEVERITIES),
    title: z.string().trim().min(1, "a finding needs a title"),
    remediation: z
      .string()
      .trim()
      .min(1, "a finding needs remediation guidance")
      .describe("What the vendor should do to close the finding"),
    references: referencesSchema(),
  })
  .strict()
  .describe("The finding this answer opens (DESIGN.md, Findings)");

export const KnockoutSchema = z
  .boolean()
  .default(false)
  .describe(
    "A knockout answer opens a critical finding and keeps the residual tier at High or worse",
  );

export const ChoiceOptionSchema = z
  .object({
    value: IdSchema.describe("Stable id of the option: what answers and conditions store"),
    label: z.string().trim().min(1, "an option needs a label"),
    help: z.string().optional(),
    credit: CreditSchema.optional(),
    knockout: KnockoutSchema,
    finding: FindingSchema.optional(),
  })
  .strict();

const MultipleChoiceOptionSchema = ChoiceOptionSchema.extend({
  exclusive: z
    .boolean()
    .default(false)
    .describe("Choosing this option clears the others, e.g. 'None of these'"),
}).strict();

const YES_NO_LABELS = { yes: "Yes", no: "No" } as const;

const YesNoOptionSchema = ChoiceOptionSchema.extend({
  value: z.enum(["yes", "no"]),
  label: z.string().trim().min(1).optional(),
})
  .strict()
  .transform((option) => ({ ...option, label: option.label ?? YES_NO_LABELS[option.value] }));

export const MaturityLevelSchema = z
  .object({
    level: z.number().int().min(0).max(3),
    description: z.string().trim().min(1, "each maturity level needs a description"),
    credit: CreditSchema.optional().describe("Defaults to 0, 1/3, 2/3 and 1 for levels 0–3"),
    knockout: KnockoutSchema,
    finding: FindingSchema.optional(),
  })
  .strict();

export const BandSchema = z
  .object({
    min: z.number().optional().describe("Inclusive lower bound; omit for no lower bound"),
    max: z.number().optional().describe("Inclusive upper bound; omit for no upper bound"),
    credit: CreditSchema,
    knockout: KnockoutSchema,
    finding: FindingSchema.optional(),
  })
  .strict()
  .describe(
    "Bands are tried in order; the first whose bounds contain the answer wins; none earns 0",
  );

export type Condition =
  | { equals: { question: string; value: string | number } }
  | { oneOf: { question: string; values: Array<string | number> } }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] };

const ConditionValueSchema = z
  .union([z.string(), z.number().int()])
  .describe("An option value of the question, or a maturity level 0–3");

// A small typed expression, never evaluated code (docs/decisions/011 and 033). Each form is one
// key.
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z
      .object({
        equals: z.object({ question: IdSchema, value: ConditionValueSchema }).strict(),
      })
      .strict(),
    z
      .object({
        oneOf: z
          .object({ question: IdSchema, values: z.array(ConditionValueSchema).min(1) })
          .strict(),
      })
      .strict(),
    z.object({ not: ConditionSchema }).strict(),
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
  ]),
);

// A function, so each question type gets its own field schemas and the generated JSON Schema
// stays readable instead of pointing into another variant.
const questionBase = () => ({
  id: IdSchema.describe("Stable across versions; never reuse an id for a different question"),
  text: z.string().trim().min(1, "a question needs text"),
  help: z.string().optional(),
  required: z.boolean().default(true),
  allowNA: z
    .boolean()
    .default(false)
    .describe("The vendor may answer N/A; an N/A answer always needs a justification"),
  references: referencesSchema(),
  evidence: z
    .enum(EVIDENCE_REQUIREMENTS)
    .default("none")
    .describe("Whether a supporting file is asked for alongside the answer"),
  showIf: ConditionSchema.optional().describe("Show the question only when this holds"),
});

// Scored types must say their weight, so nobody scores or un-scores a question by omission.
export const WeightSchema = z
  .number()
  .int("weights are whole numbers 0–5")
  .min(0, "weights are whole numbers 0–5")
  .max(5, "weights are whole numbers 0–5")
  .describe("0 = informational (unscored), 1–5 = importance");

const YesNoQuestionSchema = z
  .object({
    ...questionBase(),
    type: z.literal("yes_no"),
    weight: WeightSchema,
    options: z
      .array(YesNoOptionSchema)
      .default([{ value: "yes" }, { value: "no" }])
      .describe("Exactly one 'yes' and one 'no' option; labels default to Yes and No"),
  })
  .strict();

const SingleChoiceQuestionSchema = z
  .object({
    ...questionBase(),
    type: z.literal("single_choice"),
    weight: WeightSchema,
    options: z.array(ChoiceOptionSchema).min(2, "a choice question needs at least two options"),
  })
  .strict();

const MultipleChoiceQuestionSchema = z
  .object({
    ...questionBase(),
    type: z.literal("multiple_choice"),
    weight: WeightSchema,
    options: z
      .array(MultipleChoiceOptionSchema)
      .min(2, "a choice question needs at least two options")
      .describe("Credit is the sum of the chosen options' credits, capped at 1"),
  })
  .strict();

const MaturityQuestionSchema = z
  .object({
    ...questionBase(),
    type: z.literal("maturity"),
    weight: WeightSchema,
    levels: z
      .array(MaturityLevelSchema)
      .length(4, "a maturity question has exactly four levels, 0 to 3")
      .transform((levels) =>
        levels.map((level) => ({
          ...level,
          credit: level.credit ?? DEFAULT_MATURITY_CREDITS[level.level] ?? 0,
        })),
      ),
  })
  .strict();

const NumberQuestionSchema = z
  .object({
    ...questionBase(),
    type: z.literal("number"),
    weight: WeightSchema,
    unit: z
      .string()
      .trim()
      .min(1, "a number question needs a unit, e.g. days")
      .describe("e.g. days, hours, %"),
    min: z.number().optional().describe("Smallest answer accepted"),
    max: z.number().optional().describe("Largest answer accepted"),
    integer: z.boolean().default(false).describe("Only whole numbers are accepted"),
    bands: z.array(BandSchema).default([]),
  })
  .strict();

const DateQuestionSchema = z
  .object({
    ...questionBase(),
    type: z.literal("date"),
    weight: WeightSchema,
    bands: z
      .array(BandSchema)
      .default([])
      .describe("Bands on the answer's age in whole days at the scoring date (negative = future)"),
  })
  .strict();

const scoredOnPresence = () =>
  z.boolean().default(false).describe("Any answer earns credit 1; otherwise this type is unscored");

function presenceQuestionSchema<T extends QuestionType>(type: T) {
  return z
    .object({
      ...questionBase(),
      type: z.literal(type),
      weight: WeightSchema.default(0),
      scoredOnPresence: scoredOnPresence(),
    })
    .strict();
}

const ShortTextQuestionSchema = presenceQuestionSchema("short_text");
const LongTextQuestionSchema = presenceQuestionSchema("long_text");
const UrlQuestionSchema = presenceQuestionSchema("url");
// The answer to an evidence question is itself a file, so it has no `evidence` field.
const EvidenceQuestionSchema = presenceQuestionSchema("evidence").omit({ evidence: true });
// The declared supply chain (docs/decisions/240-supply-chain-answers-and-policy.md): scored on
// presence like text; whether a declared flow is acceptable is the buyer's policy, not the file.
const SupplierListQuestionSchema = presenceQuestionSchema("supplier_list");
const CountriesQuestionSchema = presenceQuestionSchema("countries");

export const QuestionSchema = z.discriminatedUnion("type", [
  YesNoQuestionSchema,
  SingleChoiceQuestionSchema,
  MultipleChoiceQuestionSchema,
  MaturityQuestionSchema,
  NumberQuestionSchema,
  DateQuestionSchema,
  ShortTextQuestionSchema,
  LongTextQuestionSchema,
  UrlQuestionSchema,
  EvidenceQuestionSchema,
  SupplierListQuestionSchema,
  CountriesQuestionSchema,
]);

export const SectionSchema = z
  .object({
    id: IdSchema,
    title: z.string().trim().min(1, "a section needs a title"),
    description: z.string().optional(),
    weight: z
      .number()
      .int("section weights are whole numbers 1–5")
      .min(1, "section weights are whole numbers 1–5")
      .max(5, "section weights are whole numbers 1–5")
      .default(1),
    questions: z.array(QuestionSchema).min(1, "a section needs at least one question"),
  })
  .strict();

const ThresholdSchema = z
  .number()
  .min(0, "thresholds are scores 0–100")
  .max(100, "thresholds are scores 0–100");

export const ThresholdsSchema = z
  .object({
    low: ThresholdSchema.describe("Score at or above which the residual tier is Low"),
    medium: ThresholdSchema.describe("Score at or above which the residual tier is Medium"),
    high: ThresholdSchema.describe(
      "Score at or above which the residual tier is High; below it, Critical",
    ),
  })
  .strict();

export const QuestionnaireSchema = z
  .object({
    slug: IdSchema.describe("The folder name: questionnaires/<slug>/<version>.yaml"),
    version: SemverSchema.describe("The file name, checked against the previous version's diff"),
    title: z.string().trim().min(1, "a questionnaire needs a title"),
    description: z.string().trim().min(1, "a questionnaire needs a description"),
    audience: z.enum(AUDIENCES),
    changelog: z.string().trim().min(1, "say in one line what changed in this version"),
    thresholds: ThresholdsSchema.default({ ...DEFAULT_THRESHOLDS }),
    sections: z.array(SectionSchema).min(1, "a questionnaire needs at least one section"),
  })
  .strict();

/** What an author writes (defaults not yet applied). */
export type QuestionnaireInput = z.input<typeof QuestionnaireSchema>;
/** A validated questionnaire version with every default filled in. */
export type Questionnaire = z.output<typeof QuestionnaireSchema>;
export type Section = Questionnaire["sections"][number];
export type Question = Section["questions"][number];
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
export type ChoiceQuestion = QuestionOf<"yes_no" | "single_choice" | "multiple_choice">;
export type ChoiceOption = ChoiceQuestion["options"][number];
export type MaturityLevel = QuestionOf<"maturity">["levels"][number];
export type Band = z.output<typeof BandSchema>;
export type Finding = z.output<typeof FindingSchema>;
export type Thresholds = z.output<typeof ThresholdsSchema>;
export type EvidenceRequirement = (typeof EVIDENCE_REQUIREMENTS)[number];
