// The portfolio filters shared by the dashboard and the lists its numbers link to: vendor
// category, questionnaire, residual tier, vendor owner and a date range — their values, links
// and words. Pure: no I/O. Parsing them from a URL is filter-schemas.ts (zod): this module is
// also the dashboard's browser code, which does not need the schemas (decision 411).
import { type Severity } from "~/questionnaire/definition";
import { type Tier } from "~/scoring/risk";
import { VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";
import { type PortfolioFilter, type PortfolioList } from "./filter-schemas";

export type { PortfolioFilter, PortfolioList };

export const FILTER_KEYS = ["category", "questionnaire", "tier", "owner", "from", "to"] as const;

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
