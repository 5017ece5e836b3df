import { expect, test } from "vitest";
import { answerSchema, isAnswerComplete } from "./answer-schema";
import { QuestionSchema } from "./definition";

const q = (input: unknown) => QuestionSchema.parse(input);
const yesNo = q({
  id: "a",
  type: "yes_no",
  text: "Do you?",
  weight: 2,
  options: [
    { value: "yes", credit: 1 },
    { value: "no", credit: 0 },
  ],
});
const multi = q({
  id: "m",
  type: "multiple_choice",
  text: "Which?",
  weight: 1,
  options: [
    { value: "x", label: "X", credit: 0.5 },
    { value: "y", label: "Y", credit: 0.5 },
    { value: "none", label: "None of these", credit: 0, exclusive: true },
  ],
});
const number = q({
  id: "n",
  type: "number",
  text: "How many days?",
  unit: "days",
  weight: 0,
  min: 0,
  max: 365,
  integer: true,
  allowNA: true,
});

test("choice answers must be one of the options", () => {
  expect(answerSchema(yesNo).safeParse({ kind: "value", value: "yes" }).success).toBe(true);
  expect(answerSchema(yesNo).safeParse({ kind: "value", value: "maybe" }).success).toBe(false);
});

test("N/A is refused where not allowed and needs a justification where it is", () => {
  expect(answerSchema(yesNo).safeParse({ kind: "na", justification: "n/a" }).success).toBe(false);
  expect(
    answerSchema(number).safeParse({ kind: "na", justification: "We keep nothing" }).success,
  ).toBe(true);
  const blank = answerSchema(number).safeParse({ kind: "na", justification: "  " });
  expect(blank.success).toBe(false);
  expect(!blank.success && blank.error.issues[0]?.message).toBe(
    "Say why this question does not apply to you",
  );
});

test("an exclusive option cannot be combined, and nothing is chosen twice", () => {
  expect(answerSchema(multi).safeParse({ kind: "value", value: ["x", "y"] }).success).toBe(true);
  expect(answerSchema(multi).safeParse({ kind: "value", value: ["none"] }).success).toBe(true);
  const combined = answerSchema(multi).safeParse({ kind: "value", value: ["x", "none"] });
  expect(!combined.success && combined.error.issues[0]?.message).toBe(
    "“None of these” cannot be combined with other answers",
  );
  expect(answerSchema(multi).safeParse({ kind: "value", value: ["x", "x"] }).success).toBe(false);
  expect(answerSchema(multi).safeParse({ kind: "value", value: [] }).success).toBe(false);
});

test("numbers respect the question's limits and whole-number rule, with messages to act on", () => {
  const check = (value: unknown) => answerSchema(number).safeParse({ kind: "value", value });
  expect(check(30).success).toBe(true);
  expect(check("30").success).toBe(true);
  const tooBig = check(400);
  expect(!tooBig.success && tooBig.error.issues[0]?.message).toBe("Enter 365 or less");
  expect(check(1.5).success).toBe(false);
  expect(check("thirty").success).toBe(false);
});

test("dates must be real calendar dates", () => {
  const date = q({ id: "d", type: "date", text: "When?", weight: 0 });
  expect(isAnswerComplete(date, { kind: "value", value: "2026-02-28" })).toBe(true);
  expect(isAnswerComplete(date, { kind: "value", value: "2026-02-30" })).toBe(false);
  expect(isAnswerComplete(date, { kind: "value", value: "28/02/2026" })).toBe(false);
});

test("a date in the future is refused with a message saying why (one day's grace for time zones)", () => {
  const date = q({ id: "d", type: "date", text: "When did your last test end?", weight: 0 });
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  expect(isAnswerComplete(date, { kind: "value", value: day(0) })).toBe(true);
  expect(isAnswerComplete(date, { kind: "value", value: day(1) })).toBe(true);
  const future = answerSchema(date).safeParse({ kind: "value", value: day(3) });
  expect(future.success).toBe(false);
  expect(future.error?.issues.map((issue) => issue.message)).toEqual([
    "Enter a date that is not in the future: the question asks when this last happened",
  ]);
});

test("urls must be http(s); text has a length limit", () => {
  const url = q({ id: "u", type: "url", text: "Where?", weight: 0 });
  expect(isAnswerComplete(url, { kind: "value", value: "https://trust.example.com" })).toBe(true);
  expect(isAnswerComplete(url, { kind: "value", value: "javascript:alert(1)" })).toBe(false);
  const text = q({ id: "t", type: "short_text", text: "Who?", weight: 0 });
  expect(isAnswerComplete(text, { kind: "value", value: "x".repeat(501) })).toBe(false);
  expect(isAnswerComplete(text, null)).toBe(false);
});

const suppliers = q({
  id: "sub-processors",
  type: "supplier_list",
  text: "Who handles our data?",
  weight: 3,
  scoredOnPresence: true,
});
const countries = q({ id: "where", type: "countries", text: "Where?" });
const gpuRow = {
  name: "Acme GPU Cloud",
  domain: "acmegpu.example",
  service: "cloud_compute",
  receives: ["training_data"],
  countries: ["US", "IE"],
  stateControlled: "no",
};

test("a supplier list is rows of the shared shape; domains and codes are normalised", () => {
  const parsed = answerSchema(suppliers).safeParse({
    kind: "value",
    value: { suppliers: [{ ...gpuRow, domain: " AcmeGPU.Example ", countries: ["us"] }] },
  });
  expect(parsed.success && parsed.data).toEqual({
    kind: "value",
    value: { suppliers: [{ ...gpuRow, domain: "acmegpu.example", countries: ["US"] }] },
  });
  expect(
    answerSchema(suppliers).safeParse({
      kind: "value",
      value: { suppliers: [{ ...gpuRow, domain: null, receives: ["none"], countries: [] }] },
    }).success,
  ).toBe(true);
});

test("a supplier row says what is wrong with it", () => {
  const problem = (row: Record<string, unknown>) => {
    const parsed = answerSchema(suppliers).safeParse({
      kind: "value",
      value: { suppliers: [{ ...gpuRow, ...row }] },
    });
    return parsed.success ? null : parsed.error.issues[0]!.message;
  };
  expect(problem({ name: " " })).toBe("Enter the supplier's name");
  expect(problem({ domain: "https://acmegpu.example/x" })).toMatch(/domain only/);
  expect(problem({ service: "mining" })).toBe("Choose what the supplier does for you");
  expect(problem({ receives: [] })).toMatch(/receives/);
  expect(problem({ receives: ["none", "metadata"] })).toMatch(/cannot be combined/);
  expect(problem({ countries: [] })).toMatch(/countries where the supplier processes/);
  expect(problem({ countries: ["USA"] })).toMatch(/two-letter ISO 3166/);
  expect(problem({ countries: ["US", "us"] })).toBe("Each country can be chosen once");
  expect(problem({ stateControlled: "maybe" })).toMatch(/state-controlled/);
  expect(problem({ extra: 1 })).toMatch(/Unrecognized key/);
  expect(
    answerSchema(suppliers).safeParse({ kind: "value", value: { suppliers: [] } }).success,
  ).toBe(false);
});

test("a countries answer is at least one ISO code, each once", () => {
  expect(answerSchema(countries).safeParse({ kind: "value", value: ["de", "FR"] })).toEqual({
    success: true,
    data: { kind: "value", value: ["DE", "FR"] },
  });
  expect(answerSchema(countries).safeParse({ kind: "value", value: [] }).success).toBe(false);
  expect(answerSchema(countries).safeParse({ kind: "value", value: ["Germany"] }).success).toBe(
    false,
  );
  expect(isAnswerComplete(countries, { kind: "value", value: ["DE"] })).toBe(true);
});
