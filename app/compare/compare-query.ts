// The /compare query string: a questionnaire, then 2–10 vendors (their latest submitted
// assessment on it) or assessments. Parsed with zod; a bad value is a 400 naming it.
import { z } from "zod";
import { describeZodError, type ParseResult } from "~/dashboard/filters";

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const CompareQuerySchema = z
  .object({
    questionnaire: z
      .string()
      .regex(SLUG, "questionnaire must be a questionnaire's slug, like ai-model-vendor")
      .optional(),
    vendor: z.array(z.string().uuid("vendor must be a vendor id")).max(100).default([]),
    assessment: z
      .array(z.string().uuid("assessment must be an assessment id"))
      .max(100)
      .default([]),
    compare: z.literal("1", { errorMap: () => ({ message: "compare must be 1" }) }).optional(),
  })
  .strict();
export type CompareQuery = z.output<typeof CompareQuerySchema>;

export function parseCompareQuery(params: URLSearchParams): ParseResult<CompareQuery> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    if (key === "export") continue;
    const values = params.getAll(key).filter((v) => v !== "");
    if (key === "vendor" || key === "assessment")
      raw[key] = [...new Set(values.map((v) => v.toLowerCase()))];
    else if (values.length > 1) return { ok: false, message: `${key} is given more than once` };
    else if (values.length === 1) raw[key] = values[0];
  }
  const parsed = CompareQuerySchema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeZodError(parsed.error) };
}

/** Whether the query asks for a comparison (rather than for the form's next step). */
export function wantsComparison(query: CompareQuery): boolean {
  return query.compare === "1" || query.vendor.length > 0 || query.assessment.length > 0;
}
