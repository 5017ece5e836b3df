// The /compare query string: a questionnaire, then 2–10 vendors (their latest submitted
// assessment on it) or assessments, the picker's vendor search (`q`, `page`), and which
// section of the question table to show (`section`, `differ`; decision 390). Parsed with zod;
// a bad value is a 400 naming it.
import { z } from "zod";
import { describeZodError, type ParseResult } from "~/dashboard/filter-schemas";
import { findUnstorable } from "~/forms/input";

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** A questionnaire's section id (the definition's id pattern), within a sane length. */
const SECTION_ID = /^(?=.{1,100}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Vendors per page of the picker's search results. */
export const PICKER_PAGE_SIZE = 20;
export const MAX_SEARCH_LENGTH = 100;

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
    q: z
      .string()
      .trim()
      .max(
        MAX_SEARCH_LENGTH,
        `q (the vendor search) must be at most ${MAX_SEARCH_LENGTH} characters`,
      )
      .transform((v) => v || undefined)
      .optional(),
    page: z
      .string()
      .regex(/^[1-9][0-9]{0,4}$/, "page must be a whole number from 1 to 99999")
      .transform(Number)
      .optional(),
    section: z
      .string()
      .regex(SECTION_ID, "section must be a section's id, like data-use")
      .optional(),
    differ: z.literal("1", { errorMap: () => ({ message: "differ must be 1" }) }).optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    for (const key of ["q", "page"] as const)
      if (query[key] !== undefined && !query.questionnaire && query.assessment.length === 0)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key],
          message: `${key} searches the vendors of a questionnaire: choose the questionnaire too`,
        });
  });
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
  // The edge rule (docs/decisions/120-input-at-the-edge.md), in keys and values.
  const unstorable = findUnstorable(raw);
  if (unstorable) {
    const name = unstorable.path.join(".") || "A parameter name";
    return { ok: false, message: `${name}: ${unstorable.message}` };
  }
  const parsed = CompareQuerySchema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeZodError(parsed.error) };
}

/**
 * Whether the query asks for a comparison rather than for the picker's next step: an explicit
 * `compare=1`, or two or more vendors or assessments (every link made before the picker).
 * One chosen vendor is a picker in progress, not a mistake.
 */
export function wantsComparison(query: CompareQuery): boolean {
  return query.compare === "1" || query.vendor.length + query.assessment.length >= 2;
}

/**
 * What a link on the page keeps: the questionnaire, the chosen ones, the search it is on, and
 * the section of the question table shown (with its filter).
 */
export type PickerState = {
  questionnaire: string;
  vendor: string[];
  assessment: string[];
  q?: string;
  page?: number;
  compare?: "1";
  section?: string;
  differ?: "1";
};

/** `/compare?…` for a page state, defaults left out (page 1, no search, no section). */
export function compareHref(state: PickerState): `/compare${string}` {
  const params = new URLSearchParams();
  if (state.questionnaire) params.set("questionnaire", state.questionnaire);
  for (const id of state.vendor) params.append("vendor", id);
  for (const id of state.assessment) params.append("assessment", id);
  if (state.q) params.set("q", state.q);
  if (state.page && state.page > 1) params.set("page", String(state.page));
  if (state.compare) params.set("compare", state.compare);
  if (state.section) params.set("section", state.section);
  if (state.differ) params.set("differ", state.differ);
  const search = params.toString();
  return search ? `/compare?${search}` : "/compare";
}
