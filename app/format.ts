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

const dayFormatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** A calendar day (YYYY-MM-DD, or a timestamp's UTC day) as "1 May 2026". */
export function formatDay(value: string | Date): string {
  const iso = typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  return dayFormatter.format(new Date(`${iso}T00:00:00Z`));
}

/** An instant as plain text (PDF, mail): UTC, to the minute, "2026-05-01 09:30 UTC". */
export function formatInstant(value: string | Date | null): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
