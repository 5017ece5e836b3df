// How numbers, sizes and days are printed for people: one function per kind, used by the pages,
// the PDF report, the mail and the scoring rules alike, so a value never reads two ways on one
// screen (docs/decisions/160-one-home-for-formatting.md). Pure, no I/O.

const credits = new Map<number, string>();

/**
 * A credit between 0 and 1 for people: 1, 0.5, 0.333 — at most three decimals, never a long
 * binary fraction; "—" when the question has no credit (not applicable, or not scored).
 */
export function formatCredit(credit: number | null | undefined): string {
  if (credit === null || credit === undefined) return "—";
  // Rules repeat the same few credits thousands of times when rescoring; toFixed is slow.
  let text = credits.get(credit);
  if (text === undefined) {
    text = String(Number(credit.toFixed(3)));
    if (credits.size > 10_000) credits.clear();
    credits.set(credit, text);
  }
  return text;
}

/** A score for people: one decimal, or "not scored". Thresholds use the unrounded value. */
export function formatScore(value: number | null): string {
  return value === null ? "not scored" : value.toFixed(1);
}

/** Points lost or earned, to one decimal, like the scores they add up to. */
export function formatPoints(value: number): string {
  return value.toFixed(1);
}

/** A file size: "512 bytes", "12 KB", "3.4 MB" (binary multiples, as browsers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * A calendar day (YYYY-MM-DD, or a timestamp's UTC day) as "1 May 2026": what
 * `Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" })` prints, without its
 * cost (a few microseconds a call, and lists print hundreds of days per page). A day that is not
 * one is a RangeError, as it is for Intl.
 */
export function formatDay(value: string | Date): string {
  const iso = typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  const day = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw new RangeError(`Not a day: ${String(value)}`);
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

const SHORT_MONTHS = MONTHS.map((month) => (month === "September" ? "Sept" : month.slice(0, 3)));
const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * An instant on a page, in UTC, as "6 Sept 2026, 09:05": what
 * `Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })`
 * prints with Node's ICU, the same in every browser whatever its ICU (so hydration matches), and
 * without Intl's cost per call. An invalid date is a RangeError, as it is for Intl.
 */
export function formatDateTime(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new RangeError("Invalid time value");
  const day = `${value.getUTCDate()} ${SHORT_MONTHS[value.getUTCMonth()]} ${value.getUTCFullYear()}`;
  return `${day}, ${twoDigits(value.getUTCHours())}:${twoDigits(value.getUTCMinutes())}`;
}

/** An instant as plain text (PDF, mail): UTC, to the minute, "2026-05-01 09:30 UTC". */
export function formatInstant(value: string | Date | null): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
