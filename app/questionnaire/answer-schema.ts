// What a vendor may store as the answer to one question: one zod schema per question, built
// from the version's definition and shared by the answering form and the autosave action.
import { z } from "zod";
import { type Answer } from "./model";
import { type Question } from "./definition";
import { isCountryCode } from "~/supply-chain/countries";
import { DATA_KINDS, SERVICE_KINDS, STATE_CONTROL } from "~/supply-chain/types";

const MAX_TEXT = { short_text: 500, long_text: 20_000, url: 2_000 } as const;

const JustificationSchema = z
  .string()
  .trim()
  .min(1, "Say why this question does not apply to you")
  .max(5_000, "Keep the justification under 5,000 characters");

export function answerValueSchema(
  question: Question,
): z.ZodType<Answer["value" & keyof Answer] | unknown> {
  switch (question.type) {
    case "yes_no":
    case "single_choice": {
      const values = question.options.map((o) => o.value) as [string, ...string[]];
      return z.enum(values, { errorMap: () => ({ message: "Choose one of the answers" }) });
    }
    case "multiple_choice": {
      const values = question.options.map((o) => o.value) as [string, ...string[]];
      const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.value));
      return z
        .array(z.enum(values, { errorMap: () => ({ message: "Choose from the listed answers" }) }))
        .min(1, "Choose at least one answer")
        .refine(
          (chosen) => new Set(chosen).size === chosen.length,
          "Each answer can be chosen once",
        )
        .refine(
          (chosen) => chosen.length === 1 || !chosen.some((v) => exclusive.has(v)),
          `“${question.options.find((o) => o.exclusive)?.label ?? "None"}” cannot be combined with other answers`,
        );
    }
    case "maturity":
      return z.coerce
        .number({ invalid_type_error: "Choose a level" })
        .int()
        .refine(
          (level) => question.levels.some((l) => l.level === level),
          "Choose one of the levels",
        );
    case "number": {
      let schema = z.coerce
        .number({ invalid_type_error: "Enter a number, like 30" })
        .finite("Enter a number, like 30");
      if (question.integer) schema = schema.int("Enter a whole number");
      if (question.min !== undefined)
        schema = schema.min(question.min, `Enter ${question.min} or more`);
      if (question.max !== undefined)
        schema = schema.max(question.max, `Enter ${question.max} or less`);
      return schema;
    }
    case "date":
      return (
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date, like 2026-03-31")
          .refine(
            (v) =>
              !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
              new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
            "Enter a real date",
          )
          // Every date question asks when something happened; a future date proves nothing
          // (docs/decisions/170-library-rules.md). One day's grace for time zones ahead of UTC.
          .refine(
            (v) => v <= utcDayAfter(new Date()),
            "Enter a date that is not in the future: the question asks when this last happened",
          )
      );
    case "url":
      return z
        .string()
        .trim()
        .min(1, "Enter a web address")
        .max(MAX_TEXT.url)
        .url("Enter a full web address, like https://trust.example.com")
        .refine((v) => /^https?:\/\//i.test(v), "Use an http or https address");
    case "short_text":
    case "long_text":
      return z
        .string()
        .trim()
        .min(1, "Enter an answer")
        .max(
          MAX_TEXT[question.type],
          `Keep the answer under ${MAX_TEXT[question.type].toLocaleString("en-GB")} characters`,
        );
    case "evidence":
      return z.array(z.string().uuid()).min(1, "Upload a file");
    case "supplier_list":
      return SupplierListSchema;
    case "countries":
      return countryList(1);
  }
}

// The declared supply chain (app/supply-chain/types.ts, docs/decisions/240).
export const MAX_SUPPLIERS = 200;
const MAX_COUNTRIES = 250;

export const CountryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use two-letter ISO 3166 country codes, like DE or US")
  .refine(isCountryCode, (code) => ({ message: `“${code}” is not an ISO 3166 country code` }));

function countryList(min: number) {
  return z
    .array(CountryCodeSchema)
    .min(min, "Choose at least one country")
    .max(MAX_COUNTRIES, "Choose at most 250 countries")
    .refine((codes) => new Set(codes).size === codes.length, "Each country can be chosen once");
}

const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "Keep the domain under 254 characters")
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    "Enter the website's domain only, like gpucloud.example (no https:// or path)",
  );

export const SupplierRowSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Enter the supplier's name")
      .max(200, "Keep the supplier's name under 200 characters"),
    domain: z.union([DomainSchema, z.null()]),
    service: z.enum(SERVICE_KINDS, {
      errorMap: () => ({ message: "Choose what the supplier does for you" }),
    }),
    receives: z
      .array(
        z.enum(DATA_KINDS, { errorMap: () => ({ message: "Choose from the listed kinds of data" }) }),
      )
      .min(1, "Say what of our data the supplier receives (choose “None” if nothing)")
      .refine((kinds) => new Set(kinds).size === kinds.length, "Each kind of data can be chosen once")
      .refine(
        (kinds) => kinds.length === 1 || !kinds.includes("none"),
        "“None” cannot be combined with other kinds of data",
      ),
    countries: countryList(0),
    stateControlled: z.enum(STATE_CONTROL, {
      errorMap: () => ({ message: "Say whether the supplier is state-controlled" }),
    }),
  })
  .strict()
  .superRefine((row, ctx) => {
    if (row.countries.length === 0 && !(row.receives.length === 1 && row.receives[0] === "none")) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["countries"],
        message: "Choose the countries where the supplier processes or stores our data",
      });
    }
  });

export const SupplierListSchema = z
  .object({
    suppliers: z
      .array(SupplierRowSchema)
      .min(1, "Add at least one supplier")
      .max(MAX_SUPPLIERS, `List at most ${MAX_SUPPLIERS} suppliers`),
  })
  .strict();

function utcDayAfter(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** The stored answer for a question: a value of the right shape, or N/A with a justification where allowed. */
// One schema per question object (questions are immutable values): building a zod schema per
// answer made scoring progress and autosave cost milliseconds on long questionnaires.
const answerSchemas = new WeakMap<Question, z.ZodType<Answer>>();

export function answerSchema(question: Question): z.ZodType<Answer> {
  let schema = answerSchemas.get(question);
  if (!schema) {
    schema = buildAnswerSchema(question);
    answerSchemas.set(question, schema);
  }
  return schema;
}

function buildAnswerSchema(question: Question): z.ZodType<Answer> {
  const value = z.object({ kind: z.literal("value"), value: answerValueSchema(question) });
  const na = z.object({ kind: z.literal("na"), justification: JustificationSchema });
  const schema = question.allowNA ? z.discriminatedUnion("kind", [value, na]) : value;
  return schema as unknown as z.ZodType<Answer>;
}

/** Is a stored answer complete enough to count this question as answered? */
export function isAnswerComplete(question: Question, answer: Answer | null | undefined): boolean {
  return !!answer && answerSchema(question).safeParse(answer).success;
}
