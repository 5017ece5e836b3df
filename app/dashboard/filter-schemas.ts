// Parsing the portfolio filters from a URL (see filters.ts for what they are). Unlike the
// vendor list (which forgives a mangled bookmark), a bad value here is a 400 naming the
// parameter, because a silently dropped filter would show the wrong numbers as if they were
// filtered. Loaders and server code only: the page's browser code uses filters.ts.
import { z } from "zod";
import { TIERS } from "~/scoring/risk";
import { VENDOR_CATEGORIES } from "~/vendors/vendors";
import { findUnstorable } from "~/forms/input";
import { isUuid } from "~/uuid";

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** A calendar day, YYYY-MM-DD, that exists. */
export const calendarDay = (name: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date written YYYY-MM-DD`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && isRealDay(v), {
      message: `${name} is not a real date`,
    });

function isRealDay(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** A date range's rule, shared by the filter and the lists behind its numbers. */
const fromNotAfterTo = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from <= f.to;
const FROM_NOT_AFTER_TO = { message: "from must be on or before to", path: ["from"] };

export const PortfolioFilterShape = {
  category: z
    .enum(VENDOR_CATEGORIES, {
      errorMap: () => ({ message: `category must be one of ${VENDOR_CATEGORIES.join(", ")}` }),
    })
    .optional(),
  questionnaire: z
    .string()
    .regex(SLUG, "questionnaire must be a questionnaire's slug, like ai-model-vendor")
    .optional(),
  tier: z
    .enum(TIERS, { errorMap: () => ({ message: `tier must be one of ${TIERS.join(", ")}` }) })
    .optional(),
  owner: z
    .string()
    .refine((v) => v === "none" || isUuid(v), { message: "owner must be a user id or “none”" })
    .transform((v) => v.toLowerCase())
    .optional(),
  from: calendarDay("from").optional(),
  to: calendarDay("to").optional(),
};

export const PortfolioFilterSchema = z
  .object(PortfolioFilterShape)
  .strict()
  .refine(fromNotAfterTo, FROM_NOT_AFTER_TO);
export type PortfolioFilter = z.output<typeof PortfolioFilterSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads search params, empty values meaning "no filter"; repeated values are refused. */
export function searchParamsObject(
  params: URLSearchParams,
  { ignore = [] as readonly string[] } = {},
): ParseResult<Record<string, string>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (ignore.includes(key) || value === "") continue;
    if (key in raw) return { ok: false, message: `${key} is given more than once` };
    raw[key] = value;
  }
  // The edge rule (docs/decisions/120-input-at-the-edge.md), in keys and values.
  const unstorable = findUnstorable(raw);
  if (unstorable) {
    const name = unstorable.path.join(".") || "A parameter name";
    return { ok: false, message: `${name}: ${unstorable.message}` };
  }
  return { ok: true, value: raw };
}

/** Every problem in one sentence each, naming the parameter. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === "unrecognized_keys") {
        return `Unknown parameter${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
      }
      const name = issue.path.join(".");
      return issue.message.startsWith(name) || !name ? issue.message : `${name}: ${issue.message}`;
    })
    .join(". ");
}

export function parsePortfolioFilter(
  params: URLSearchParams,
  { ignore = ["export"] as readonly string[] } = {},
): ParseResult<PortfolioFilter> {
  const raw = searchParamsObject(params, { ignore });
  if (!raw.ok) return raw;
  const parsed = PortfolioFilterSchema.safeParse(raw.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeZodError(parsed.error) };
}

/**
 * The lists behind the dashboard's numbers: /assessments with the portfolio filters plus
 * which slice — vendors' latest submitted assessments (by rating, residual tier or score
 * bin) or open assessments (overdue, due soon).
 */
const listShape = {
  ...PortfolioFilterShape,
  latest: z.literal("1", { errorMap: () => ({ message: "latest must be 1" }) }).optional(),
  rating: z
    .enum(TIERS, { errorMap: () => ({ message: `rating must be one of ${TIERS.join(", ")}` }) })
    .optional(),
  scoreMin: z.coerce
    .number({ invalid_type_error: "scoreMin must be a number" })
    .min(0, "scoreMin must be between 0 and 100")
    .max(100, "scoreMin must be between 0 and 100")
    .optional(),
  scoreBelow: z.coerce
    .number({ invalid_type_error: "scoreBelow must be a number" })
    .min(0, "scoreBelow must be between 0 and 100")
    .max(100, "scoreBelow must be between 0 and 100")
    .optional(),
  notScored: z.literal("1", { errorMap: () => ({ message: "notScored must be 1" }) }).optional(),
  overdue: z.literal("1", { errorMap: () => ({ message: "overdue must be 1" }) }).optional(),
  dueSoon: z.literal("1", { errorMap: () => ({ message: "dueSoon must be 1" }) }).optional(),
};

export const PortfolioListSchema = z
  .object(listShape)
  .strict()
  .refine(fromNotAfterTo, FROM_NOT_AFTER_TO)
  .refine((f) => !(f.overdue && f.dueSoon), {
    message: "overdue and dueSoon cannot be combined: choose one",
    path: ["overdue"],
  })
  .refine(
    (f) =>
      !(f.overdue || f.dueSoon) ||
      (!f.latest && !f.rating && f.scoreMin === undefined && !f.scoreBelow && !f.notScored),
    {
      message: "overdue and dueSoon list open assessments; they cannot be combined with scores",
      path: ["overdue"],
    },
  );
export type PortfolioList = z.output<typeof PortfolioListSchema>;

const LIST_KEYS = new Set(Object.keys(listShape));

/**
 * The portfolio part of an /assessments URL: null when it has none (the plain list),
 * else the parsed slice, or a message for a 400. `keep` are the list's own parameters.
 */
export function parsePortfolioList(
  params: URLSearchParams,
  keep: readonly string[],
): ParseResult<PortfolioList | null> {
  const relevant = new URLSearchParams();
  for (const [key, value] of params) if (!keep.includes(key)) relevant.append(key, value);
  if (![...relevant.keys()].some((key) => LIST_KEYS.has(key))) return { ok: true, value: null };
  const raw = searchParamsObject(relevant);
  if (!raw.ok) return raw;
  const parsed = PortfolioListSchema.safeParse(raw.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeZodError(parsed.error) };
}
