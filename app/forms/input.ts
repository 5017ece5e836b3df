// The input-normalisation rule at the edge (docs/decisions/120-input-at-the-edge.md): every
// string that comes from outside — a form field, a query parameter, a JSON body — is refused
// with a message before any schema, query or database sees it if it holds a character that
// cannot be stored or shown: NUL (PostgreSQL text cannot hold it), a lone UTF-16 surrogate
// (not Unicode; encoding it fails), or another C0 control character where a single-line
// value is expected. Shared by parseForm, parseQuery and parseJson, and by the field
// builders below, so one rule covers every form and query schema.
import { z } from "zod";

export const NUL_MESSAGE = "Remove the NUL character (a zero byte); it cannot be stored";
export const SURROGATE_MESSAGE =
  "This text contains a broken character (a lone UTF-16 surrogate); retype it or paste it again";
export const CONTROL_MESSAGE =
  "Remove the control character (a line break, tab or similar); this value is one line";

// A high surrogate not followed by a low one, or a low one not preceded by a high one
// (String.prototype.isWellFormed, which older browsers running these schemas lack).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** Why a string from outside cannot be accepted, or null when it can. */
export function unstorableReason(value: string): string | null {
  if (value.includes("\u0000")) return NUL_MESSAGE;
  if (!isWellFormedText(value)) return SURROGATE_MESSAGE;
  return null;
}

/**
 * Walks a parsed form, query or JSON value and returns the first unstorable string's path and
 * reason. Keys are checked as well as values: a key is stored too (as JSON, or in a message).
 */
export function findUnstorable(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): { path: (string | number)[]; message: string } | null {
  if (depth > 64) return { path, message: "This value is nested too deeply" };
  if (typeof value === "string") {
    const message = unstorableReason(value);
    return message ? { path, message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // A repeated form field is one field to the person filling it in.
      const found = findUnstorable(value[i], path, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && !(value instanceof Blob)) {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = unstorableReason(key);
      if (keyReason) return { path: path.length ? path : ["form"], message: keyReason };
      const found = findUnstorable(item, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** A zod refinement for any string field: no NUL, well-formed Unicode. */
export function storable<S extends z.ZodType<string, z.ZodTypeDef, unknown>>(schema: S) {
  return schema.superRefine((value, ctx) => {
    const message = unstorableReason(value);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });
}

/** Single-line text: storable and without C0 control characters (tabs, line breaks). */
export function oneLine(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f]/.test(value);
}

// ISO calendar dates: the pattern, then a round trip through Date so 2026-02-30 and
// 2026-13-01 are refused rather than rolled over into March or next January.
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A date field (YYYY-MM-DD) that must name a real day. */
export function calendarDateField(
  messages: { required?: string; format?: string; real?: string } = {},
) {
  return z
    .string({ required_error: messages.required ?? "Enter a date" })
    .trim()
    .min(1, messages.required ?? "Enter a date")
    .regex(/^\d{4}-\d{2}-\d{2}$/, messages.format ?? "Enter a date, like 2026-03-31")
    .refine(isCalendarDate, messages.real ?? "Enter a real date, like 2026-03-31");
}

/**
 * A whole number from a query string or form, within bounds. Only plain decimal digits
 * ("07" yes; "1e3", "0x10", "+7", "7.0" no): what a person types, and what links carry.
 */
export function boundedIntField(
  min: number,
  max: number,
  message = `Enter a whole number from ${min} to ${max}`,
) {
  return z
    .string()
    .trim()
    .regex(/^-?\d{1,16}$/, message)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, message);
}
