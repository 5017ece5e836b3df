// The portfolio filters shared by the dashboard and the lists its numbers link to: vendor
// category, questionnaire, residual tier, vendor owner and a date range. Pure: no I/O. Unlike
// the vendor list (which forgives a mangled bookmark), a bad value here is a 400 naming the
// parameter, because a silently dropped filter would show the wrong numbers as if they were
// filtered.
import { z } from "zod";
import { findUnstorable } from "~/forms/input";
import { type Severity } from "~/questionnaire/definition";
import { type Tier, TIERS } from "~/scoring/risk";
import { VENDOR_CATEGORIES, VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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
    .refine((v) => v === "none" || UUID.test(v), { message: "owner must be a user id or “none”" })
    .transform((v) => v.toLowerCase())
    .optional(),
  from: calendarDay("from").optional(),
  to: calendarDay("to").optional(),
};

export const PortfolioFilterSchema = z
  .object(PortfolioFilterShape)
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "from must be on or before to",
    path: ["from"],
  });
export type PortfolioFilter = z.output<typeof PortfolioFilterSchema>;

export const FILTER_KEYS = ["category", "questionnaire", "tier", "owner", "from", "to"] as const;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

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

/** The filter as query parameters, defaults left out. */
export function filterParams(filter: Partial<PortfolioFilter>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** A link to a list with these filters plus the list's own parameters. */
export function hrefWith(
  path: string,
  filter: Partial<PortfolioFilter>,
  extra: Record<string, string | number | readonly string[] | undefined> = {},
): string {
  const params = filterParams(filter);
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** A day n days after `day` (YYYY-MM-DD, UTC calendar days). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export const SCORE_BINS = 10;
/** Score bins of 10 points: 0–9.9 … 80–89.9, 90–100 (100 belongs to the last). */
export function binLabel(bin: number): string {
  const low = bin * 10;
  return bin === SCORE_BINS - 1 ? `${low}–100` : `${low}–${low + 9.9}`;
}

/** Unresolved findings: the ones still counted as open on the dashboard. */
export const OPEN_FINDING_STATUSES = [
  "open",
  "in_progress",
  "fixed_by_vendor",
  "reopened",
] as const;

export const AGE_BUCKETS = [
  { key: "d0_30", label: "0–30 days", min: 0, max: 30 },
  { key: "d31_90", label: "31–90 days", min: 31, max: 90 },
  { key: "d91_180", label: "91–180 days", min: 91, max: 180 },
  { key: "d181", label: "Over 180 days", min: 181, max: undefined },
] as const;

/** Most severe first, as the dashboard lists them. */
export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

export const DUE_SOON_DAYS = 14;
export const ACCEPTANCE_EXPIRY_DAYS = 30;

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
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "from must be on or before to",
    path: ["from"],
  })
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

/** What a portfolio list shows, in words, for the page above it. */
export function describePortfolioList(list: PortfolioList): string {
  const parts: string[] = [];
  if (list.overdue) parts.push("Sent or in-progress assessments past their due date");
  else if (list.dueSoon)
    parts.push(`Sent or in-progress assessments due in the next ${DUE_SOON_DAYS} days`);
  else parts.push("Each vendor's latest submitted assessment, with its current score");
  const conditions: string[] = [];
  if (list.rating) conditions.push(`risk rating ${list.rating}`);
  if (list.tier) conditions.push(`residual tier ${list.tier}`);
  if (list.notScored) conditions.push("not scored");
  if (list.scoreMin !== undefined) conditions.push(`score at least ${list.scoreMin}`);
  if (list.scoreBelow !== undefined) conditions.push(`score below ${list.scoreBelow}`);
  if (list.category) conditions.push(`category ${VENDOR_CATEGORY_LABELS[list.category]}`);
  if (list.questionnaire) conditions.push(`questionnaire ${list.questionnaire}`);
  if (list.owner === "none") conditions.push("vendors without an owner");
  else if (list.owner) conditions.push("vendors of the chosen owner");
  if (list.from) conditions.push(`submitted from ${list.from}`);
  if (list.to) conditions.push(`submitted up to ${list.to}`);
  return `${parts[0]}${conditions.length ? `: ${conditions.join(", ")}` : ""}.`;
}

/** A row of the list behind a dashboard number (portfolioListQuery's columns). */
export type PortfolioAssessmentRow = {
  id: string;
  vendorId: string;
  vendorName: string;
  questionnaireTitle: string;
  questionnaireVersion: string;
  status: string;
  dueDate: string;
  submittedAt: string | null;
  overall: number | null;
  residualTier: Tier | null;
  riskRating: Tier | null;
  knockouts: number | null;
};
