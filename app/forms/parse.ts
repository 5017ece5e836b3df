// FormData → zod: one place that turns a form post into typed data or field errors.
import { type z } from "zod";

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

export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(formDataToObject(formData));
  return result.success
    ? { success: true, data: result.data }
    : { success: false, errors: zodFieldErrors(result.error) };
}
