// Dates are rendered in UTC on the server and in the browser alike, so hydration matches
// and every reader sees the same timestamp.
const formatter = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function DateTime({ value }: { value: string | Date | null }) {
  if (!value) return <>—</>;
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatter.format(date)} UTC</time>;
}

const dayFormatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** A calendar day (YYYY-MM-DD, or a timestamp's UTC day) as "1 May 2026". */
export function formatDay(value: string | Date): string {
  const iso = typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  return dayFormatter.format(new Date(`${iso}T00:00:00Z`));
}
