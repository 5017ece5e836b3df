// The answer fields' schema for a post without JavaScript (zod). Apart from answer-form.ts so
// that the vendor page's browser code, which only names and reads fields, carries no zod.
import { z } from "zod";
import { boundedIntField } from "~/forms/input";
import { type Question } from "~/questionnaire/definition";
import {
  commentName,
  fieldName,
  naName,
  naWhyName,
  questionIdOf,
  revisionName,
} from "./answer-form";

const RAW_TEXT = z.string().max(100_000, "This answer is too long to be saved");
const MAX_REVISION = 2_147_483_647;

/**
 * The answer fields of these questions as a zod schema, so a no-JavaScript post goes through
 * the edge rule (docs/decisions/120-input-at-the-edge.md): one value per field except where a
 * question takes several, a revision that is a whole number. Other fields pass through.
 */
export function answerFieldsSchema(questions: readonly Question[]) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const question of questions) {
    const several =
      question.type === "multiple_choice" ||
      question.type === "evidence" ||
      question.type === "countries";
    shape[fieldName(question.id)] = (
      several ? z.union([RAW_TEXT, z.array(RAW_TEXT).max(500, "Too many values")]) : RAW_TEXT
    ).optional();
    shape[naName(question.id)] = z.string().max(1).optional();
    shape[naWhyName(question.id)] = RAW_TEXT.optional();
    shape[commentName(question.id)] = RAW_TEXT.optional();
    shape[revisionName(question.id)] = boundedIntField(
      0,
      MAX_REVISION,
      "The page sent a broken revision number: reload it and try again",
    ).optional();
  }
  return z.object(shape).passthrough();
}

/** The field errors of answerFieldsSchema under the page's keys (`q-<question id>`). */
export function answerFieldErrors(
  errors: Record<string, string>,
  questions: readonly Question[],
): Record<string, string> {
  const texts = new Map(questions.map((q) => [q.id, q.text]));
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const id = questionIdOf(key) ?? /^q:([a-z0-9][a-z0-9-]*):rev$/.exec(key)?.[1] ?? null;
    if (id && texts.has(id)) out[`q-${id}`] ??= `${texts.get(id)}: ${message}`;
    else out.form ??= message;
  }
  return out;
}
