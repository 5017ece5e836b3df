// supplier_list and countries in the engine: presence-scored, and an answer of the wrong shape
// is ignored with a warning like any other (docs/decisions/240-supply-chain-answers-and-policy.md).
import { expect, test } from "vitest";
import { buildQuestionnaire, questionnaireInput } from "~/questionnaire/test-factory";
import { row, scoreAt, value } from "./test-helpers";

const version = buildQuestionnaire(
  questionnaireInput([
    [
      {
        id: "sub-processors",
        type: "supplier_list",
        text: "Who handles our data?",
        weight: 3,
        scoredOnPresence: true,
        references: ["NCSC-SC:3"],
      },
      {
        id: "where",
        type: "countries",
        text: "Where do you process our data?",
        weight: 1,
        scoredOnPresence: true,
        references: ["NCSC-SC:3"],
      },
    ],
  ]),
);
const gpu = {
  name: "Acme GPU Cloud",
  domain: "acmegpu.example",
  service: "cloud_compute" as const,
  receives: ["training_data" as const],
  countries: ["US"],
  stateControlled: "no" as const,
};

test("a declared list and countries earn credit 1 on presence", () => {
  const result = scoreAt(version, {
    "sub-processors": value({ suppliers: [gpu] }),
    where: value(["DE"]),
  });
  expect(result.overall).toBe(100);
  expect(row(result, "sub-processors").rule).toMatch(/scored on presence/);
  expect(result.warnings).toEqual([]);
});

test("an empty list is unanswered, and a malformed one is ignored with the reason", () => {
  const result = scoreAt(version, {
    "sub-processors": value({ suppliers: [] }),
    where: value(["Germany"]),
  });
  expect(row(result, "sub-processors").applicability).toBe("unanswered");
  expect(row(result, "where").applicability).toBe("unanswered");
  expect(result.warnings).toEqual([
    {
      questionId: "where",
      message: expect.stringMatching(/two-letter ISO 3166 country codes.*at 0/),
    },
  ]);
  expect(result.overall).toBe(0);
});
