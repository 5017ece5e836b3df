import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { readQuestionnaireFile } from "~/library/files.server";
import { DEFAULT_MATURITY_CREDITS, DEFAULT_THRESHOLDS } from "./definition";
import {
  buildQuestionnaire,
  maturity,
  multipleChoice,
  numberQuestion,
  questionnaireInput,
  singleChoice,
  textQuestion,
  yesNo,
} from "./test-factory";
import { formatPath, parsePath, validateAll, validateQuestionnaire } from "./validate";

const BROKEN = path.join(import.meta.dirname, "fixtures", "broken");

// One fixture per rule; each must fail with exactly this one error, at this line.
const EXPECTED: Record<string, { line: number; path: string; message: string }> = {
  "band-min-above-max.yaml": {
    line: 22,
    path: "sections[0].questions[0].bands[0].max",
    message: "max (24) is below min (72), so this band can never match",
  },
  "band-outside-range.yaml": {
    line: 25,
    path: "sections[0].questions[0].bands[2]",
    message:
      "this band can never match: it contains no possible answer (answers must be from 0 to 1000)",
  },
  "band-unreachable.yaml": {
    line: 23,
    path: "sections[0].questions[0].bands[1]",
    message:
      "this band can never match: earlier bands already match every answer it covers (from 0 to 24); bands are tried in order and the first match wins",
  },
  "condition-cycle.yaml": {
    line: 18,
    path: "sections[0].questions[0].showIf",
    message:
      'conditions go round in a circle: "has-policy" → "policy-review" → "has-policy" (each is shown depending on the next); a question cannot depend on its own answer',
  },
  "condition-unknown-option.yaml": {
    line: 33,
    path: "sections[0].questions[1].showIf.equals.value",
    message: '"maybe" is not an option of "has-policy"; its options are yes, no',
  },
  "condition-unknown-question.yaml": {
    line: 33,
    path: "sections[0].questions[1].showIf.equals.question",
    message: 'no question has the id "has-polcy" (did you mean "has-policy"?)',
  },
  "condition-unsupported-type.yaml": {
    line: 23,
    path: "sections[0].questions[1].showIf.equals.question",
    message:
      'conditions can test yes/no, single choice, multiple choice and maturity questions; "policy-owner" is a short text question',
  },
  "credit-out-of-range.yaml": {
    line: 20,
    path: "sections[0].questions[0].options[0].credit",
    message: "credit is between 0 and 1",
  },
  "duplicate-option-value.yaml": {
    line: 22,
    path: "sections[0].questions[0].options[1].value",
    message: 'duplicate option value "whole-organisation": options[0] already uses it',
  },
  "duplicate-question-id.yaml": {
    line: 27,
    path: "sections[0].questions[1].id",
    message:
      'duplicate question id "has-policy": sections[0].questions[0] already uses it; question ids must be unique across the questionnaire, because answers are stored by question id',
  },
  "duplicate-section-id.yaml": {
    line: 27,
    path: "sections[1].id",
    message:
      'duplicate section id "basics": sections[0] already uses it; section ids must be unique',
  },
  "empty-section.yaml": {
    line: 12,
    path: "sections[0].questions",
    message: "a section needs at least one question",
  },
  "finding-on-unscored.yaml": {
    line: 23,
    path: "sections[0].questions[0].options[1].finding",
    message:
      'findings only open on scored questions; give "has-policy" a weight from 1 to 5, or remove the finding',
  },
  "invalid-audience.yaml": {
    line: 7,
    path: "audience",
    message:
      '"vendors" is not allowed here; use one of model_api, cloud_infrastructure, data_supplier, any',
  },
  "invalid-condition.yaml": {
    line: 32,
    path: "sections[0].questions[1].showIf",
    message:
      "a condition has exactly one of equals, oneOf, not, all, any, but this one has equals and not; combine them with all or any",
  },
  "invalid-version.yaml": {
    line: 4,
    path: "version",
    message: "versions are MAJOR.MINOR.PATCH, e.g. 1.0.0 (no prefix or suffix)",
  },
  "knockout-finding-not-critical.yaml": {
    line: 25,
    path: "sections[0].questions[0].options[1].finding.severity",
    message:
      "a knockout's finding must be critical (found medium); set severity: critical, or remove the knockout",
  },
  "knockout-on-unscored.yaml": {
    line: 25,
    path: "sections[0].questions[0].options[1].knockout",
    message:
      'a knockout only works on a scored question; give "policy-scope" a weight from 1 to 5, or remove the knockout',
  },
  "knockout-without-finding.yaml": {
    line: 22,
    path: "sections[0].questions[0].options[1].finding",
    message:
      "missing: a knockout opens a critical finding, so add a finding with severity critical, a title and remediation",
  },
  "malformed-reference-id.yaml": {
    line: 17,
    path: "sections[0].questions[0].references[0]",
    message:
      '"13" is not an ID in NCSC supply chain security principles (principles 1–12); write it like NCSC-SC:5',
  },
  "maturity-credit-decreasing.yaml": {
    line: 25,
    path: "sections[0].questions[0].levels[2].credit",
    message:
      "level 2 earns less credit (0.2) than level 1 (0.333); credit must not fall as maturity rises",
  },
  "maturity-level-order.yaml": {
    line: 18,
    path: "sections[0].questions[0].levels",
    message: "list the levels in order 0, 1, 2, 3 (found 0, 2, 1, 3)",
  },
  "missing-credit.yaml": {
    line: 22,
    path: "sections[0].questions[0].options[1].credit",
    message:
      'missing: "policy-scope" is scored (weight 2), so every option needs a credit from 0 to 1',
  },
  "missing-field.yaml": {
    line: 13,
    path: "sections[0].questions[0].text",
    message: "missing: this field is required (it takes text)",
  },
  "no-full-credit.yaml": {
    line: 18,
    path: "sections[0].questions[0].options",
    message:
      "no answer earns full credit (the best earns 0.8); give the best answer credit 1, so a vendor can score 100",
  },
  "number-min-above-max.yaml": {
    line: 19,
    path: "sections[0].questions[0].max",
    message: "max (-1) is below min (0), so no answer would be accepted",
  },
  "presence-without-weight.yaml": {
    line: 17,
    path: "sections[0].questions[0].scoredOnPresence",
    message:
      'has no effect while the weight is 0; give "policy-owner" a weight from 1 to 5, or remove scoredOnPresence',
  },
  "scored-without-bands.yaml": {
    line: 13,
    path: "sections[0].questions[0].bands",
    message:
      '"notification-hours" is scored (weight 4) but has no bands, so every answer would earn 0; add bands, or set weight 0',
  },
  "text-weight-without-presence.yaml": {
    line: 17,
    path: "sections[0].questions[0].weight",
    message:
      "a short text answer is unscored unless scoredOnPresence is true; set scoredOnPresence: true, or weight 0",
  },
  "thresholds-out-of-order.yaml": {
    line: 11,
    path: "thresholds.medium",
    message: "thresholds fall from low to high: medium (90) must be below low (85)",
  },
  "unknown-condition-form.yaml": {
    line: 33,
    path: "sections[0].questions[1].showIf.equal",
    message:
      'unknown condition "equal" (did you mean "equals"?); a condition is one of equals, oneOf, not, all, any',
  },
  "unknown-field.yaml": {
    line: 23,
    path: "sections[0].questions[0].options[1].knockOut",
    message:
      'unknown field "knockOut" (did you mean "knockout"?); allowed here: value, label, help, credit, knockout, finding',
  },
  "unknown-question-type.yaml": {
    line: 14,
    path: "sections[0].questions[0].type",
    message:
      'unknown question type "boolean"; use one of yes_no, single_choice, multiple_choice, maturity, number, date, short_text, long_text, url, evidence, supplier_list, countries',
  },
  "unknown-reference-framework.yaml": {
    line: 17,
    path: "sections[0].questions[0].references[0]",
    message:
      'unknown framework "NIST-CSF"; use one of NCSC-SC, NCSC-SAID, NIST-AI-RMF, NIST-AI-600-1, NIST-SP-800-53, CSA-AICM, CSA-CCM, ISO-42001, OWASP-LLM, MITRE-ATLAS, EU-AI-Act, or write ORG:NIST-CSF:PR.DS-01 for an organisation-defined reference',
  },
  "text-nul.yaml": {
    line: 16,
    path: "sections[0].questions[0].text",
    message: "contains a NUL character (U+0000), which cannot be stored; remove it",
  },
  "weight-out-of-range.yaml": {
    line: 16,
    path: "sections[0].questions[0].weight",
    message: "weights are whole numbers 0–5",
  },
  "yaml-duplicate-key.yaml": {
    line: 18,
    path: "",
    message: "YAML syntax: Map keys must be unique",
  },
  "yaml-billion-laughs.yaml": {
    line: 12,
    path: "",
    message:
      "YAML: its aliases (*name) expand to too much data to read safely; write the content out instead of repeating anchors",
  },
  "yes-no-missing-option.yaml": {
    line: 18,
    path: "sections[0].questions[0].options",
    message: 'a yes/no question has exactly one "yes" and one "no" option; "no" is missing',
  },
};

test("every broken fixture has an expected error, and every expected error a fixture", () => {
  const files = readdirSync(BROKEN)
    .filter((name) => name.endsWith(".yaml"))
    .sort();
  expect(files).toEqual(Object.keys(EXPECTED).sort());
});

test.each(Object.entries(EXPECTED))(
  "broken fixture %s fails with its one precise error",
  async (name, expected) => {
    const file = path.join(BROKEN, name);
    const result = await readQuestionnaireFile(file);
    expect(result.questionnaire).toBeUndefined();
    expect(result.errors).toEqual([{ file, ...expected }]);
  },
);

test("a minimal questionnaire validates and gets the documented defaults", () => {
  const questionnaire = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("has-policy", { options: undefined, weight: 0 }),
        maturity("access-review"),
        textQuestion("notes"),
      ],
    ]),
  );
  expect(questionnaire.thresholds).toEqual(DEFAULT_THRESHOLDS);
  const [policy, review, notes] = questionnaire.sections[0]!.questions;
  expect(questionnaire.sections[0]!.weight).toBe(1);
  expect(policy).toMatchObject({ required: true, allowNA: false, evidence: "none" });
  expect(policy?.type === "yes_no" && policy.options.map((option) => option.label)).toEqual([
    "Yes",
    "No",
  ]);
  expect(review?.type === "maturity" && review.levels.map((level) => level.credit)).toEqual([
    ...DEFAULT_MATURITY_CREDITS,
  ]);
  expect(notes).toMatchObject({ weight: 0, scoredOnPresence: false });
});

test("a maturity level's own credit overrides the default", () => {
  const levels = [0, 1, 2, 3].map((level) => ({
    level,
    description: `Level ${level}.`,
    credit: level === 1 ? 0.5 : undefined,
  }));
  const questionnaire = buildQuestionnaire(questionnaireInput([[maturity("m", { levels })]]));
  const question = questionnaire.sections[0]!.questions[0]!;
  expect(question.type === "maturity" && question.levels.map((level) => level.credit)).toEqual([
    0,
    0.5,
    2 / 3,
    1,
  ]);
});

test("all mistakes of a valid-shaped document are reported together", () => {
  const result = validateQuestionnaire(
    questionnaireInput([[singleChoice("a", ["x", "y"]), singleChoice("a", ["x", "y"])]], {
      thresholds: { low: 50, medium: 60, high: 70 },
    }),
  );
  expect(result.ok).toBe(false);
  expect(!result.ok && result.errors.map((error) => error.path)).toEqual([
    "thresholds.medium",
    "thresholds.high",
    "sections[0].questions[1].id",
  ]);
});

test("a condition nested in all/not is checked at its own path", () => {
  const result = validateQuestionnaire(
    questionnaireInput([
      [
        yesNo("a"),
        maturity("m"),
        yesNo("b", {
          showIf: {
            all: [
              { equals: { question: "a", value: "yes" } },
              { not: { oneOf: { question: "m", values: [1, 7] } } },
            ],
          },
        }),
      ],
    ]),
  );
  expect(result).toEqual({
    ok: false,
    errors: [
      {
        path: "sections[0].questions[2].showIf.all[1].not.oneOf.values[1]",
        message: '"m" is a maturity question: use a level number 0, 1, 2 or 3 (without quotes)',
      },
    ],
  });
});

test("a maturity condition written as text is refused with a hint", () => {
  const result = validateQuestionnaire(
    questionnaireInput([
      [maturity("m"), yesNo("b", { showIf: { equals: { question: "m", value: "2" } } })],
    ]),
  );
  expect(!result.ok && result.errors[0]?.message).toBe(
    '"m" is a maturity question: use a level number 0, 1, 2 or 3 (without quotes)',
  );
});

test("a longer condition cycle is reported once, at the member that comes first", () => {
  const result = validateQuestionnaire(
    questionnaireInput([
      [
        yesNo("a", { showIf: { equals: { question: "c", value: "yes" } } }),
        yesNo("b", { showIf: { equals: { question: "a", value: "yes" } } }),
      ],
      [yesNo("c", { showIf: { any: [{ equals: { question: "b", value: "no" } }] } })],
    ]),
  );
  expect(!result.ok && result.errors).toEqual([
    {
      path: "sections[0].questions[0].showIf",
      message:
        'conditions go round in a circle: "a" → "c" → "b" → "a" (each is shown depending on the next); a question cannot depend on its own answer',
    },
  ]);
});

test("a question may not show itself", () => {
  const result = validateQuestionnaire(
    questionnaireInput([[yesNo("a", { showIf: { equals: { question: "a", value: "yes" } } })]]),
  );
  expect(!result.ok && result.errors.map((error) => error.message)).toEqual([
    'conditions go round in a circle: "a" → "a" (each is shown depending on the next); a question cannot depend on its own answer',
  ]);
});

test("a multiple-choice question's best answer combines options, and an exclusive option stands alone", () => {
  const options = [
    { value: "a", label: "A", credit: 0.5 },
    { value: "b", label: "B", credit: 0.5 },
    { value: "none", label: "None", credit: 0, exclusive: true },
  ];
  expect(
    validateQuestionnaire(questionnaireInput([[multipleChoice("mc", [], { options })]])).ok,
  ).toBe(true);
  const short = options.map((option) => ({
    ...option,
    credit: option.value === "b" ? 0.3 : option.credit,
  }));
  const result = validateQuestionnaire(
    questionnaireInput([[multipleChoice("mc", [], { options: short })]]),
  );
  expect(!result.ok && result.errors).toEqual([
    {
      path: "sections[0].questions[0].options",
      message:
        "no answer earns full credit (the best earns 0.8); give the best answer credit 1, so a vendor can score 100",
    },
  ]);
});

test("bands on a whole-number question leave no gap between 24 and 25", () => {
  const bands = [{ max: 24, credit: 1 }, { min: 25, credit: 0.5 }, { credit: 0 }];
  const integer = validateQuestionnaire(
    questionnaireInput([[numberQuestion("n", { integer: true, bands })]]),
  );
  expect(!integer.ok && integer.errors.map((error) => error.path)).toEqual([
    "sections[0].questions[0].bands[2]",
  ]);
  // With decimals allowed, 24.5 still reaches the catch-all band.
  expect(validateQuestionnaire(questionnaireInput([[numberQuestion("n", { bands })]])).ok).toBe(
    true,
  );
});

test("an unscored question needs no credits, bands or findings", () => {
  const result = validateQuestionnaire(
    questionnaireInput([
      [
        numberQuestion("n", { weight: 0, bands: [] }),
        singleChoice("s", ["a", "b"], {
          weight: 0,
          options: [
            { value: "a", label: "A" },
            { value: "b", label: "B" },
          ],
        }),
      ],
    ]),
  );
  expect(result.ok).toBe(true);
});

test("a scored text question counts only with scoredOnPresence", () => {
  expect(
    validateQuestionnaire(
      questionnaireInput([[textQuestion("t", { weight: 2, scoredOnPresence: true })]]),
    ).ok,
  ).toBe(true);
});

test("an unknown field on a question lists the fields that question type allows", () => {
  const result = validateQuestionnaire(
    questionnaireInput([[numberQuestion("n", { options: [] } as never)]]),
  );
  expect(!result.ok && result.errors).toEqual([
    {
      path: "sections[0].questions[0].options",
      message:
        'unknown field "options"; allowed here for a number question: id, text, help, required, allowNA, references, evidence, showIf, type, weight, unit, min, max, integer, bands',
    },
  ]);
});

test("a value of the wrong type says what was expected and how to fix it", () => {
  const result = validateQuestionnaire({ ...questionnaireInput([[yesNo("a")]]), title: 2024 });
  expect(!result.ok && result.errors).toEqual([
    { path: "title", message: "expected text, but found a number; put the value in quotes" },
  ]);
});

test("a document that is not a mapping at all is refused at the top", () => {
  const result = validateQuestionnaire(null);
  expect(!result.ok && result.errors).toEqual([
    { path: "", message: "expected a mapping of fields, but found an empty value" },
  ]);
});

test("paths print and parse as sections[2].questions[4].options[1].credit", () => {
  const segments = ["sections", 2, "questions", 4, "options", 1, "credit"];
  expect(formatPath(segments)).toBe("sections[2].questions[4].options[1].credit");
  expect(parsePath("sections[2].questions[4].options[1].credit")).toEqual(segments);
  expect(formatPath([])).toBe("");
});

test("text that cannot be stored is refused where it is: lone surrogates and NULs in field names", () => {
  const input = questionnaireInput([[textQuestion("notes")]]) as Record<string, unknown>;
  const cases: Array<[unknown, string, string]> = [
    [
      { ...input, description: "half \ud800 a character" },
      "description",
      "contains a broken character (half of a UTF-16 surrogate pair), which cannot be stored; retype that text",
    ],
    [
      { ...input, "x-note\u0000": "hidden" },
      "",
      "a field name contains a NUL character (U+0000), which cannot be stored; remove it",
    ],
  ];
  for (const [value, path, message] of cases) {
    const result = validateQuestionnaire(value);
    expect(result).toEqual({ ok: false, errors: [{ path, message }] });
  }
  // Other control characters, line breaks and whole surrogate pairs are text.
  const fine = validateQuestionnaire({ ...input, description: "a\tb\r\nc\u0007 📄" });
  expect(fine.ok).toBe(true);
});

test("an organisation-defined reference (ORG:label) is accepted; a malformed one says what the label may hold", () => {
  const accepted = validateQuestionnaire(
    questionnaireInput([
      [yesNo("a", { references: ["ORG:ISO-27001:A.5.19", "NCSC-SC:5", "ORG:Policy-4.2(b)"] })],
    ]),
  );
  expect(accepted.ok).toBe(true);
  for (const reference of [
    "ORG:",
    "ORG:has space",
    "ORG:-starts-with-dash",
    `ORG:${"x".repeat(121)}`,
  ]) {
    const refused = validateQuestionnaire(
      questionnaireInput([[yesNo("a", { references: [reference] })]]),
    );
    expect(refused.ok, reference).toBe(false);
    expect(!refused.ok && refused.errors[0]!.message, reference).toMatch(
      /is not an organisation reference: write ORG: and a label/,
    );
  }
});

test("validateAll reports the schema's errors and the document rules together: fixing one layer reveals none", () => {
  const input = questionnaireInput([
    [
      singleChoice("a", ["x", "y"], { weight: 9 }), // schema: weight out of range
      singleChoice("b", ["x", "y"]),
      singleChoice("b", ["x", "y"]), // rule: duplicate id
      yesNo("c", { showIf: { equals: { question: "nope", value: "yes" } } }), // rule: unknown question
      yesNo("d", { showIf: { equals: { question: "a", value: "x" } } }), // on a refused question: quiet
    ],
  ]);
  const first = validateQuestionnaire(input);
  expect(!first.ok && first.errors.map((error) => error.path)).toEqual([
    "sections[0].questions[0].weight",
  ]);
  const all = validateAll(input);
  expect(!all.ok && all.errors.map((error) => error.path)).toEqual([
    "sections[0].questions[0].weight",
    "sections[0].questions[2].id",
    "sections[0].questions[3].showIf.equals.question",
  ]);
  // Paths inside messages name the input's positions, not the partial document's.
  expect(!all.ok && all.errors[1]!.message).toContain("sections[0].questions[1] already uses it");
  // Fixing what was reported leaves nothing: the count was exact.
  const fixed = structuredClone(input);
  const questions = fixed.sections[0]!.questions as Array<Record<string, unknown>>;
  questions[0]!.weight = 2;
  questions[2]!.id = "b2";
  questions[3]!.showIf = { equals: { question: "b", value: "x" } };
  expect(validateAll(fixed).ok).toBe(true);
});

test("validateAll on a valid document is validateQuestionnaire", () => {
  const input = questionnaireInput([[yesNo("a"), textQuestion("t")]]);
  expect(validateAll(input)).toEqual(validateQuestionnaire(input));
});
