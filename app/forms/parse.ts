// FormData, query strings and JSON bodies → zod: one place that turns outside input into typed
// data or field errors. Every path first applies the edge rule of ./input.ts (no NUL, no lone
// surrogates), so no schema can forget it (docs/decisions/120-input-at-the-edge.md).
// `data` from the browser-safe package: the vendor list reads its query in the browser too.
import { data } from "@remix-run/react";
import { type z } from "zod";
import { findUnstorable } from "./input";

export type FieldErrors = Record<string, string>;
export type ParseResult<T> = { success: true; data: T } | { success: false; errors: FieldErrors };

export function formDataToObject(
  formData: FormData,
): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key);
    object[key] = values.length > 1 ? values : values[0]!;
  }
  return object;
}

/** The first message per field (the one a person should fix first); form-level errors under "form". */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Runs the edge rule, then the schema. */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): ParseResult<z.output<S>> {
  const unstorable = findUnstorable(input);
  if (unstorable) {
    const key = unstorable.path.length ? unstorable.path.join(".") : "form";
    return { success: false, errors: { [key]: unstorable.message } };
  }
  const result = schema.safeParse(input);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, errors: zodFieldErrors(result.error) };
}

export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
): ParseResult<z.output<S>> {
  return parseInput(schema, formDataToObject(formData));
}

/** A query string as an object: repeated parameters become arrays, like form fields. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    object[key] = values.length > 1 ? values : values[0]!;
  }
  return object;
}

export function parseQuery<S extends z.ZodTypeAny>(
  schema: S,
  source: Request | URL | URLSearchParams,
): ParseResult<z.output<S>> {
  const params =
    source instanceof URLSearchParams
      ? source
      : source instanceof URL
        ? source.searchParams
        : new URL(source.url).searchParams;
  return parseInput(schema, searchParamsToObject(params));
}

/** The message of a failed parse, naming the field: for answers that have no form to show it. */
export function describeErrors(errors: FieldErrors): string {
  return Object.entries(errors)
    .map(([field, message]) => (field === "form" ? message : `${field}: ${message}`))
    .join("; ");
}

/**
 * A page's query string, or a 400 that says what is wrong with it (a hand-edited or broken
 * link; the error page shows the message).
 */
export function requireQuery<S extends z.ZodTypeAny>(
  schema: S,
  source: Request | URL | URLSearchParams,
): z.output<S> {
  const parsed = parseQuery(schema, source);
  if (!parsed.success) {
    throw data(`This address has a value that cannot be used: ${describeErrors(parsed.errors)}.`, {
      status: 400,
    });
  }
  return parsed.data;
}
