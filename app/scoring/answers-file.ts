// The answers JSON that questionnaire authors write to try their scoring (docs/scoring.md):
// one object from question id to answer value, `{ "na": "<justification>" }` for N/A, or null
// for unanswered. Parsed with zod, then checked against the questionnaire with the same
// rules the engine applies (answer-check.ts), so the CLI refuses what the engine would ignore.
import { z } from "zod";
import { type Answer, type AnswerValue, type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { closest } from "~/questionnaire/validate";
import { getAnswerProblem } from "./answer-check";
import { parseCalendarDate } from "./dates";
import { isPrepared, prepare, type PreparedVersion } from "./prepare";

export const AnswerFileValueSchema = z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.object({ na: z.string() }).strict(),
  // A supplier list; its rows are checked against the question by getAnswerProblem.
  z.object({ suppliers: z.array(z.unknown()) }).strict(),
  z.null(),
]);

export const AnswersFileSchema = z.record(z.string(), z.unknown());

export type AnswersFileError = { questionId: string; message: string };
export type AnswersFileResult =
  { ok: true; answers: Answers } | { ok: false; errors: AnswersFileError[] };

/**
 * Parses an answers file's JSON value into stored-form answers, or lists every problem. With
 * `asOf`, a date after it is refused: every date question asks when something happened, and
 * a future date proves nothing (docs/decisions/170-library-rules.md).
 */
export function parseAnswersFile(
  input: unknown,
  version: Questionnaire | PreparedVersion,
  options: { asOf?: string } = {},
): AnswersFileResult {
  const prepared = isPrepared(version) ? version : prepare(version);
  const top = AnswersFileSchema.safeParse(input);
  if (!top.success) {
    return {
      ok: false,
      errors: [
        {
          questionId: "",
          message: `the answers file must be a JSON object from question id to answer, found ${describeJson(input)}`,
        },
      ],
    };
  }
  const errors: AnswersFileError[] = [];
  const answers: Record<string, Answer> = {};
  const ids = [...prepared.byId.keys()];
  for (const [id, raw] of Object.entries(top.data)) {
    const entry = prepared.byId.get(id);
    if (!entry) {
      const suggestion = closest(id, ids);
      errors.push({
        questionId: id,
        message: `no question has this id${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`,
      });
      continue;
    }
    const value = AnswerFileValueSchema.safeParse(raw);
    if (!value.success) {
      errors.push({
        questionId: id,
        message: `an answer is text, a number, a list of texts, { "suppliers": [...] }, { "na": "<justification>" } or null; found ${describeJson(raw)}`,
      });
      continue;
    }
    if (value.data === null) continue;
    const answer: Answer =
      typeof value.data === "object" && "na" in value.data
        ? { kind: "na", justification: value.data.na }
        : { kind: "value", value: value.data as AnswerValue };
    const problem =
      getAnswerProblem(entry.question, answer) ??
      futureDateProblem(entry.question, answer, options.asOf);
    if (problem !== null) {
      errors.push({ questionId: id, message: problem });
      continue;
    }
    answers[id] = answer;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}

function futureDateProblem(
  question: Questionnaire["sections"][number]["questions"][number],
  answer: Answer,
  asOf: string | undefined,
): string | null {
  if (question.type !== "date" || answer.kind !== "value" || typeof answer.value !== "string")
    return null;
  if (asOf === undefined) return null;
  const day = parseCalendarDate(answer.value);
  const limit = parseCalendarDate(asOf);
  if (day === null || limit === null || day <= limit) return null;
  return `${answer.value} is after the scoring date ${asOf}; the question asks when something happened, so give a past date, or the "never" or N/A answer the questionnaire offers`;
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object")
    return `an object with ${Object.keys(value).join(", ") || "no keys"}`;
  return JSON.stringify(value) ?? String(value);
}
