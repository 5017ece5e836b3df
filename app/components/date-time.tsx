// Dates are rendered in UTC on the server and in the browser alike, so hydration matches
// and every reader sees the same timestamp.
import { formatDateTime } from "~/format";

export function DateTime({ value }: { value: string | Date | null }) {
  if (!value) return <>—</>;
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{formatDateTime(date)} UTC</time>;
}
