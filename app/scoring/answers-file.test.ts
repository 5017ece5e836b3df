import { expect, test } from "vitest";
import {
  buildQuestionnaire,
  maturity,
  multipleChoice,
  numberQuestion,
  questionnaireInput,
  singleChoice,
  textQuestion,
  yesNo,
} from "~/questionnaire/test-factory";
import { parseAnswersFile } from "./answers-file";
import { dateQuestion } from "./test-helpers";

const questionnaire = buildQuestionnaire(
  questionnaireInput([
    [
      yesNo("mfa", { allowNA: true }),
      yesNo("sso"),
      singleChoice("hosting", ["own", "cloud"]),
      multipleChoice("certs", ["iso", "soc2", "none"], {
        options: [
          { value: "iso", label: "ISO", credit: 1 },
          { value: "soc2", label: "SOC 2", credit: 1 },
          { value: "none", label: "None", credit: 0, exclusive: true },
        ],
      }),
      maturity("logging"),
      numberQuestion("hours", { integer: true, min: 0, max: 720 }),
      dateQuestion("issued"),
      textQuestion("notes"),
      {
        id: "report",
        type: "evidence",
        text: "Upload it.",
        weight: 1,
        scoredOnPresence: true,
        references: ["NCSC-SC:10"],
      },
    ],
  ]),
);

test("a valid file becomes stored-form answers; null means unanswered", () => {
  const valid = parseAnswersFile(
    {
      mfa: { na: "We only offer API keys." },
      sso: "yes",
      hosting: "cloud",
      certs: ["iso", "soc2"],
      logging: 2,
      hours: 24,
      issued: "2024-02-29",
      notes: null,
      report: ["file-1"],
    },
    questionnaire,
  );
  expect(valid).toEqual({
    ok: true,
    answers: {
      mfa: { kind: "na", justification: "We only offer API keys." },
      sso: { kind: "value", value: "yes" },
      hosting: { kind: "value", value: "cloud" },
      certs: { kind: "value", value: ["iso", "soc2"] },
      logging: { kind: "value", value: 2 },
      hours: { kind: "value", value: 24 },
      issued: { kind: "value", value: "2024-02-29" },
      report: { kind: "value", value: ["file-1"] },
    },
  });
});

test("every problem in a file is reported against its question, in words", () => {
  const result = parseAnswersFile(
    {
      mfa: { na: "  " },
      sso: { na: "Not relevant." },
      hosting: "on-prem",
      certs: ["iso", "none"],
      logging: "2",
      hours: 12.5,
      issued: "2023-02-29",
      notes: 42,
      report: "file-1",
      hostnig: "own",
      mfa2: "yes",
    },
    questionnaire,
  );
  expect(
    result.ok ? [] : result.errors.map((error) => `${error.questionId}: ${error.message}`),
  ).toEqual([
    "mfa: an N/A answer needs a justification",
    "sso: N/A is not allowed for this question (it does not set allowNA)",
    'hosting: "on-prem" is not an option; use one of "own", "cloud"',
    'certs: "none" (“None”) cannot be chosen together with other options',
    'logging: expected a maturity level 0, 1, 2 or 3, found "2"',
    "hours: expected a whole number of hours, found 12.5",
    'issued: expected a real date written YYYY-MM-DD, found "2023-02-29"',
    "notes: expected text, found 42",
    'report: expected a list of file ids, found "file-1"',
    'hostnig: no question has this id (did you mean "hosting"?)',
    'mfa2: no question has this id (did you mean "mfa"?)',
  ]);
});

test("values outside a number's limits, repeated choices and odd shapes are refused", () => {
  const errors = (input: unknown) => {
    const result = parseAnswersFile(input, questionnaire);
    return result.ok ? [] : result.errors.map((error) => `${error.questionId}: ${error.message}`);
  };
  expect(errors({ hours: -1 })).toEqual(["hours: must be at least 0 hours, found -1"]);
  expect(errors({ hours: 721 })).toEqual(["hours: must be at most 720 hours, found 721"]);
  expect(errors({ certs: ["iso", "iso"] })).toEqual(['certs: "iso" is chosen more than once']);
  expect(errors({ certs: "iso" })).toEqual([
    'certs: expected a list of option values ("iso", "soc2", "none"), found "iso"',
  ]);
  expect(errors({ sso: true })).toEqual([
    'sso: an answer is text, a number, a list of texts, { "suppliers": [...] }, { "na": "<justification>" } or null; found true',
  ]);
  expect(errors({ sso: { na: "x", extra: 1 } })).toHaveLength(1);
  expect(errors([])).toEqual([
    ": the answers file must be a JSON object from question id to answer, found a list",
  ]);
  expect(errors("yes")).toHaveLength(1);
});

test("with a scoring date, a date answer after it is refused, in words", () => {
  const file = { issued: "2025-07-01" };
  expect(parseAnswersFile(file, questionnaire).ok).toBe(true);
  expect(parseAnswersFile({ issued: "2025-06-30" }, questionnaire, { asOf: "2025-06-30" }).ok).toBe(
    true,
  );
  expect(parseAnswersFile(file, questionnaire, { asOf: "2025-06-30" })).toEqual({
    ok: false,
    errors: [
      {
        questionId: "issued",
        message:
          '2025-07-01 is after the scoring date 2025-06-30; the question asks when something happened, so give a past date, or the "never" or N/A answer the questionnaire offers',
      },
    ],
  });
});
