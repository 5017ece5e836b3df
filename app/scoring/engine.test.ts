// Hand-worked examples, one or more per rule of the scoring contract (docs/scoring.md). Each
// test writes its arithmetic out so a reader can check the expected numbers by hand.
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
import { ENGINE_VERSION, getVerifiedQuestionIds, score } from "./engine";
import { formatScore } from "~/format";
import { prepare } from "./prepare";
import { AS_OF, dateQuestion, na, row, scoreAt, value } from "./test-helpers";

const finding = (
  severity: "low" | "medium" | "high" | "critical",
  title = `${severity} finding`,
) => ({
  severity,
  title,
  remediation: "Fix it.",
});

// ---------------------------------------------------------------------------------------
// Credit, per question type

test("yes/no earns the chosen option's credit", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("a", { weight: 2 }),
        yesNo("b", {
          weight: 3,
          options: [
            { value: "yes", credit: 1 },
            { value: "no", credit: 0.25, finding: finding("medium") },
          ],
        }),
      ],
    ]),
  );
  const result = scoreAt(q, { a: value("yes"), b: value("no") });
  // (2·1 + 3·0.25) / (2 + 3) = 2.75 / 5 = 55 %
  expect(row(result, "a").credit).toBe(1);
  expect(row(result, "b").credit).toBe(0.25);
  expect(result.overall).toBe(55);
  expect(result.findings.map((f) => f.key)).toEqual(["b/option:no"]);
});

test("single choice earns the chosen option's credit", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        singleChoice("s", ["best", "middle", "worst"], {
          weight: 4,
          options: [
            { value: "best", label: "Best", credit: 1 },
            { value: "middle", label: "Middle", credit: 0.6 },
            { value: "worst", label: "Worst", credit: 0 },
          ],
        }),
      ],
    ]),
  );
  // 4·0.6 / 4 = 60 %
  expect(scoreAt(q, { s: value("middle") }).overall).toBe(60);
  expect(scoreAt(q, { s: value("worst") }).overall).toBe(0);
  expect(row(scoreAt(q, { s: value("middle") }), "s").rule).toBe("“Middle” earns 0.6.");
});

test("maturity levels 0–3 default to credits 0, 1/3, 2/3 and 1, and a level may set its own", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        maturity("m", { weight: 3 }),
        maturity("custom", {
          weight: 3,
          levels: [0, 1, 2, 3].map((level) => ({
            level,
            description: `Level ${level}.`,
            ...(level === 1 ? { credit: 0.5 } : {}),
          })),
        }),
      ],
    ]),
  );
  for (const [level, credit] of [
    [0, 0],
    [1, 1 / 3],
    [2, 2 / 3],
    [3, 1],
  ] as const) {
    expect(row(scoreAt(q, { m: value(level) }), "m").credit).toBe(credit);
  }
  // m at level 2 and custom at level 1: (3·2/3 + 3·0.5) / 6 = (2 + 1.5) / 6 = 58.33 %
  const result = scoreAt(q, { m: value(2), custom: value(1) });
  expect(row(result, "custom").credit).toBe(0.5);
  expect(result.overall).toBeCloseTo(58.3333333333, 9);
});

test("multiple choice sums the chosen options' credits, clamped to 1, and opens one finding per option carrying one", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        multipleChoice("certs", ["iso", "soc2", "star", "none"], {
          weight: 4,
          options: [
            { value: "iso", label: "ISO 27001", credit: 0.4 },
            { value: "soc2", label: "SOC 2", credit: 0.4, finding: finding("low", "SOC 2 only") },
            { value: "star", label: "CSA STAR", credit: 0.4, finding: finding("low", "STAR") },
            {
              value: "none",
              label: "None",
              credit: 0,
              exclusive: true,
              finding: finding("high", "No certification"),
            },
          ],
        }),
      ],
    ]),
  );
  // 0.4 + 0.4 = 0.8 → 4·0.8 / 4 = 80 %
  const two = scoreAt(q, { certs: value(["soc2", "iso"]) });
  expect(row(two, "certs").credit).toBeCloseTo(0.8, 12);
  expect(two.overall).toBeCloseTo(80, 9);
  expect(two.findings.map((f) => f.title)).toEqual(["SOC 2 only"]);
  // 0.4 · 3 = 1.2, clamped to 1 → 100 %; two findings, in option order
  const three = scoreAt(q, { certs: value(["star", "soc2", "iso"]) });
  expect(row(three, "certs").credit).toBe(1);
  expect(three.overall).toBe(100);
  expect(three.findings.map((f) => f.key)).toEqual(["certs/option:soc2", "certs/option:star"]);
  expect(row(three, "certs").rule).toContain("capped at 1");
  // "None" alone: 0, and its finding
  const none = scoreAt(q, { certs: value(["none"]) });
  expect(none.overall).toBe(0);
  expect(none.findings.map((f) => f.severity)).toEqual(["high"]);
});

test("a multiple-choice sum that is 1 by hand but not in binary earns full credit", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        multipleChoice("parts", ["a", "b", "c", "d"], {
          options: [
            { value: "a", label: "A", credit: 0.7 },
            { value: "b", label: "B", credit: 0.2 },
            { value: "c", label: "C", credit: 0.1 },
            // validate.ts sums in binary too and would refuse a, b, c as the only way to 1
            { value: "d", label: "D", credit: 1 },
          ],
        }),
      ],
    ]),
  );
  // 0.7 + 0.2 + 0.1 = 0.9999999999999999 in floating point; by hand it is 1
  expect(0.7 + 0.2 + 0.1).toBeLessThan(1);
  const result = scoreAt(q, { parts: value(["a", "b", "c"]) });
  expect(row(result, "parts").credit).toBe(1);
  expect(result.overall).toBe(100);
});

test("number: bands are tried in order, the first match wins, bounds are inclusive, no match earns 0", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        numberQuestion("hours", {
          weight: 5,
          bands: [
            { max: 24, credit: 1 },
            { min: 12, max: 72, credit: 0.5, finding: finding("medium") },
            { min: 100, credit: 0.1, finding: finding("high") },
          ],
        }),
      ],
    ]),
  );
  const credit = (hours: number) => row(scoreAt(q, { hours: value(hours) }), "hours").credit;
  expect(credit(24)).toBe(1); // 24 ≤ 24: band 1 (inclusive max)
  expect(credit(12)).toBe(1); // also in band 2, but band 1 comes first
  expect(credit(25)).toBe(0.5); // band 2
  expect(credit(72)).toBe(0.5); // band 2 (inclusive max)
  expect(credit(100)).toBe(0.1); // band 3 (inclusive min)
  expect(credit(80)).toBe(0); // between 72 and 100: no band → 0
  expect(credit(72.5)).toBe(0);
  const result = scoreAt(q, { hours: value(80) });
  expect(result.findings).toEqual([]);
  expect(row(result, "hours").rule).toBe("80 hours: no band matches, so it earns 0.");
  expect(scoreAt(q, { hours: value(100) }).findings[0]?.source).toEqual({
    kind: "band",
    index: 2,
    min: 100,
  });
});

test("date: bands apply to the age in whole days at asOf, counting leap days", () => {
  const q = buildQuestionnaire(questionnaireInput([[dateQuestion("issued")]]));
  const at = (date: string, asOf: string) =>
    row(scoreAt(q, { issued: value(date) }, { asOf }), "issued");
  // 2024-01-01 → 2024-12-31 is 365 days (2024 is a leap year): band 1, credit 1
  expect(at("2024-01-01", "2024-12-31").credit).toBe(1);
  // 2024-01-01 → 2025-01-01 is 366 days: band 2, credit 0
  expect(at("2024-01-01", "2025-01-01").credit).toBe(0);
  // 2023-01-01 → 2024-01-01 is 365 days (2023 is not): band 1
  expect(at("2023-01-01", "2024-01-01").credit).toBe(1);
  // the same day is 0 days old: band 1
  expect(at("2025-01-01", "2025-01-01").credit).toBe(1);
  // a future date has a negative age; no band covers it → 0
  const future = at("2025-01-10", "2025-01-01");
  expect(future.credit).toBe(0);
  expect(future.rule).toBe(
    "2025-01-10 is 9 days after 2025-01-01 (age -9): no band matches, so it earns 0.",
  );
  expect(at("2024-06-01", "2025-01-01").rule).toBe(
    "2024-06-01 is 214 days old on 2025-01-01: band 1 (0–365 days) earns 1.",
  );
});

test("asOf may be a Date, read as its UTC calendar day; an invalid asOf is refused", () => {
  const q = buildQuestionnaire(questionnaireInput([[dateQuestion("issued")]]));
  const answers = { issued: value("2024-01-01") };
  // 23:30 UTC on 2024-12-31 is still 2024-12-31: 365 days → credit 1
  const fromDate = scoreAt(q, answers, { asOf: new Date("2024-12-31T23:30:00Z") });
  expect(fromDate.asOf).toBe("2024-12-31");
  expect(row(fromDate, "issued").credit).toBe(1);
  expect(() => scoreAt(q, answers, { asOf: "2024-02-30" })).toThrow(RangeError);
  expect(() => scoreAt(q, answers, { asOf: "31/12/2024" })).toThrow(RangeError);
});

test("text, URL and evidence are unscored unless scoredOnPresence, where any answer earns 1", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("gate", { weight: 1 }),
        textQuestion("notes"),
        textQuestion("plan", { weight: 2, scoredOnPresence: true }),
        { id: "link", type: "url", text: "Link?", references: ["NCSC-SC:2"] },
        {
          id: "report",
          type: "evidence",
          text: "Upload it.",
          weight: 3,
          scoredOnPresence: true,
          references: ["NCSC-SC:10"],
        },
      ],
    ]),
  );
  const result = scoreAt(q, {
    gate: value("no"),
    notes: value("Anything"),
    plan: value("We will fix it by March."),
    link: value("https://example.com"),
    report: value(["file-1"]),
  });
  // gate 1·0, plan 2·1, report 3·1: (0 + 2 + 3) / (1 + 2 + 3) = 5 / 6 = 83.33 %
  expect(result.overall).toBeCloseTo(83.3333333333, 9);
  expect(row(result, "notes").applicability).toBe("unscored");
  expect(row(result, "link").applicability).toBe("unscored");
  expect(row(result, "plan").credit).toBe(1);
  expect(row(result, "report").credit).toBe(1);
  // Blank text and no files are no answer: 0 / 6
  const empty = scoreAt(q, { gate: value("no"), plan: value("  "), report: value([]) });
  expect(row(empty, "plan").applicability).toBe("unanswered");
  expect(row(empty, "report").applicability).toBe("unanswered");
  expect(empty.overall).toBe(0);
});

// ---------------------------------------------------------------------------------------
// Applicability

test("a hidden question leaves numerator and denominator, and hiding cascades", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("uses-ai", { weight: 1 }),
        yesNo("signs-models", {
          weight: 4,
          showIf: { equals: { question: "uses-ai", value: "yes" } },
        }),
        yesNo("sign-all", {
          weight: 5,
          // `not` over a hidden question is undecided, so this stays hidden too
          showIf: { not: { equals: { question: "signs-models", value: "no" } } },
        }),
      ],
    ]),
  );
  const answers = { "uses-ai": value("no"), "signs-models": value("yes"), "sign-all": value("no") };
  const result = scoreAt(q, answers);
  // Only uses-ai counts: 1·0 / 1 = 0 %
  expect(result.overall).toBe(0);
  expect(result.possible).toBe(1);
  expect(row(result, "signs-models").applicability).toBe("hidden");
  expect(row(result, "sign-all").applicability).toBe("hidden");
  expect(row(result, "signs-models").rule).toBe(
    "Hidden, so left out of the score. Shown only when the answer to “Question uses-ai?” is “Yes”.",
  );
  // Shown: uses-ai yes, signs-models yes, sign-all no → (1 + 4 + 0) / (1 + 4 + 5) = 50 %
  expect(scoreAt(q, { ...answers, "uses-ai": value("yes") }).overall).toBe(50);
});

test("an N/A answer where allowed, with a justification, leaves numerator and denominator", () => {
  const q = buildQuestionnaire(
    questionnaireInput([[yesNo("a", { weight: 2 }), yesNo("b", { weight: 3, allowNA: true })]]),
  );
  const result = scoreAt(q, { a: value("yes"), b: na("We host nothing.") });
  // 2·1 / 2 = 100 %: b is out of both sums
  expect(result.overall).toBe(100);
  expect(result.possible).toBe(2);
  expect(row(result, "b")).toMatchObject({
    applicability: "na",
    credit: null,
    pointsPossible: 0,
    rule: "Answered N/A (“We host nothing.”), so left out of the score.",
  });
  expect(result.warnings).toEqual([]);
});

test("an N/A where N/A is not allowed, or without a justification, counts as unanswered and is reported", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("a", { weight: 2 }),
        yesNo("b", { weight: 3 }),
        yesNo("c", { weight: 5, allowNA: true }),
      ],
    ]),
  );
  const result = scoreAt(q, { a: value("yes"), b: na("Not relevant."), c: na("   ") });
  // b and c count at 0: 2·1 / (2 + 3 + 5) = 20 %
  expect(result.overall).toBe(20);
  expect(row(result, "b").applicability).toBe("unanswered");
  expect(row(result, "c").applicability).toBe("unanswered");
  expect(result.warnings).toEqual([
    {
      questionId: "b",
      message:
        "answer ignored, counted as unanswered: N/A is not allowed for this question (it does not set allowNA)",
    },
    {
      questionId: "c",
      message: "answer ignored, counted as unanswered: an N/A answer needs a justification",
    },
  ]);
});

test("a visible scored question with no answer earns 0 and stays in the denominator", () => {
  const q = buildQuestionnaire(
    questionnaireInput([[yesNo("a", { weight: 1 }), maturity("b", { weight: 3 })]]),
  );
  const result = scoreAt(q, { a: value("yes") });
  // 1·1 / (1 + 3) = 25 %
  expect(result.overall).toBe(25);
  expect(row(result, "b")).toMatchObject({ applicability: "unanswered", credit: 0 });
  expect(result.findings).toEqual([]);
});

test("an invalid answer counts as unanswered, does not reveal follow-ups, and is reported", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        singleChoice("kind", ["x", "y"], { weight: 1 }),
        yesNo("follow-up", {
          weight: 1,
          showIf: { not: { equals: { question: "kind", value: "x" } } },
        }),
        numberQuestion("n", { weight: 2, integer: true, min: 0 }),
      ],
    ]),
  );
  const result = scoreAt(q, {
    kind: value("maybe"),
    "follow-up": value("yes"),
    n: value(2.5),
    ghost: value("yes"),
  });
  // kind is unanswered (not an option), so follow-up stays hidden; n is not a whole number:
  // (1·0 + 2·0) / (1 + 2) = 0 %
  expect(result.overall).toBe(0);
  expect(row(result, "follow-up").applicability).toBe("hidden");
  expect(result.warnings.map((warning) => `${warning.questionId}: ${warning.message}`)).toEqual([
    'kind: answer ignored, counted as unanswered: "maybe" is not an option; use one of "x", "y"',
    "n: answer ignored, counted as unanswered: expected a whole number of hours, found 2.5",
    "ghost: answer ignored: no question has this id",
  ]);
});

// ---------------------------------------------------------------------------------------
// Roll-up

test("section scores and the overall score combine weights as the contract says", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      { weight: 3, questions: [yesNo("a", { weight: 2 }), maturity("b", { weight: 4 })] },
      { weight: 1, questions: [yesNo("c", { weight: 5 })] },
    ]),
  );
  const result = scoreAt(q, { a: value("yes"), b: value(1), c: value("no") });
  // Section 1: (2·1 + 4·1/3) / (2 + 4) = 3.3333 / 6 = 55.56 %
  // Section 2: 5·0 / 5 = 0 %
  // Overall: (3·2·1 + 3·4·1/3 + 1·5·0) / (3·2 + 3·4 + 1·5) = (6 + 4 + 0) / 23 = 43.48 %
  expect(result.sections.map((section) => section.score)).toEqual([(100 * (2 + 4 / 3)) / 6, 0]);
  expect(result.overall).toBeCloseTo((100 * 10) / 23, 9);
  expect(result.earned).toBeCloseTo(10, 12);
  expect(result.possible).toBe(23);
  expect(result.sections[0]).toMatchObject({ weight: 3, possible: 6 });
});

test("a section with no applicable scored question is not scored and leaves the overall", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [yesNo("a", { weight: 2 })],
      [yesNo("b", { weight: 5, allowNA: true }), textQuestion("notes")],
    ]),
  );
  const result = scoreAt(q, { a: value("yes"), b: na() });
  expect(result.sections.map((section) => section.score)).toEqual([100, null]);
  expect(formatScore(result.sections[1]!.score)).toBe("not scored");
  expect(result.overall).toBe(100);
});

test("with nothing applicable the assessment is not scored: no residual tier, no risk rating", () => {
  const q = buildQuestionnaire(
    questionnaireInput([[yesNo("a", { weight: 2, allowNA: true }), textQuestion("notes")]]),
  );
  const result = scoreAt(
    q,
    { a: na(), notes: value("hello") },
    { profile: { dataAccess: "confidential", criticality: "low" } },
  );
  expect(result).toMatchObject({
    overall: null,
    scoreTier: null,
    residualTier: null,
    riskRating: null,
    inherentTier: "High",
  });
  expect(result.residualRule).toMatch(/^Not scored/);
});

test("thresholds compare the unrounded score: 84.96 shows as 85.0 but is Medium", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        singleChoice("s", ["a", "b"], {
          weight: 5,
          options: [
            { value: "a", label: "A", credit: 1 },
            { value: "b", label: "B", credit: 0.8496 },
          ],
        }),
      ],
    ]),
  );
  // 5·0.8496 / 5 = 84.96 %
  const result = scoreAt(q, { s: value("b") });
  expect(result.overall).toBeCloseTo(84.96, 9);
  expect(formatScore(result.overall)).toBe("85.0");
  expect(result.residualTier).toBe("Medium");
  expect(result.residualRule).toBe(
    "Overall 84.96 is at or above 70, the Medium threshold → Medium.",
  );
});

test("the residual tier uses the questionnaire's own thresholds", () => {
  const input = questionnaireInput([[maturity("m", { weight: 1 })]], {
    thresholds: { low: 90, medium: 60, high: 30 },
  });
  const q = buildQuestionnaire(input);
  // level 2 → 66.67: ≥ 60 → Medium; level 1 → 33.33: ≥ 30 → High; level 0 → 0: Critical
  expect(scoreAt(q, { m: value(2) }).residualTier).toBe("Medium");
  expect(scoreAt(q, { m: value(1) }).residualTier).toBe("High");
  expect(scoreAt(q, { m: value(0) }).residualTier).toBe("Critical");
  expect(scoreAt(q, { m: value(3) }).residualTier).toBe("Low");
});

test("a score that meets a threshold by hand meets it despite binary rounding", () => {
  const option = { value: "good", label: "Good", credit: 0.7 };
  const q = buildQuestionnaire(
    questionnaireInput([
      ["a", "b", "c"].map((id) =>
        singleChoice(id, ["best", "good"], {
          weight: 1,
          options: [{ value: "best", label: "Best", credit: 1 }, option],
        }),
      ),
    ]),
  );
  // (0.7 + 0.7 + 0.7) / 3 = 70 % by hand; 69.99999999999999 in floating point
  const result = scoreAt(q, { a: value("good"), b: value("good"), c: value("good") });
  expect(result.overall).toBeCloseTo(70, 9);
  expect(result.residualTier).toBe("Medium");
});

// ---------------------------------------------------------------------------------------
// Knockouts, findings, tiers

const knockoutQuestionnaire = buildQuestionnaire(
  questionnaireInput([
    [
      singleChoice("training", ["never", "opt-out", "always"], {
        weight: 1,
        references: ["NCSC-SC:6"],
        options: [
          { value: "never", label: "Never", credit: 1 },
          { value: "opt-out", label: "Unless we opt out", credit: 0.5, finding: finding("high") },
          {
            value: "always",
            label: "Always",
            credit: 0,
            knockout: true,
            finding: {
              ...finding("critical", "Our data trains their models"),
              references: ["OWASP-LLM:LLM02"],
            },
          },
        ],
      }),
      yesNo("mfa", { weight: 5 }),
      yesNo("logs", { weight: 5, allowNA: true }),
    ],
  ]),
);

test("a knockout opens a critical finding and keeps the residual tier at High or worse", () => {
  const result = scoreAt(
    knockoutQuestionnaire,
    { training: value("always"), mfa: value("yes"), logs: value("yes") },
    { profile: { dataAccess: "none", criticality: "low" } },
  );
  // (1·0 + 5·1 + 5·1) / 11 = 90.91 %: Low by score, worsened to High by the knockout
  expect(result.overall).toBeCloseTo(90.9090909, 6);
  expect(result.scoreTier).toBe("Low");
  expect(result.residualTier).toBe("High");
  expect(result.residualRule).toBe(
    "Overall 90.91 is at or above 85, the Low threshold → Low. A knockout (training) keeps it at High or worse → High.",
  );
  // inherent Low × residual High = Medium
  expect(result.inherentTier).toBe("Low");
  expect(result.riskRating).toBe("Medium");
  expect(result.knockouts).toEqual([
    {
      questionId: "training",
      sectionId: "section-1",
      findingKey: "training/option:always",
      source: { kind: "option", value: "always", label: "Always" },
    },
  ]);
  expect(result.findings).toEqual([
    {
      key: "training/option:always",
      questionId: "training",
      sectionId: "section-1",
      severity: "critical",
      title: "Our data trains their models",
      remediation: "Fix it.",
      references: ["OWASP-LLM:LLM02"],
      source: { kind: "option", value: "always", label: "Always" },
      knockout: true,
      verified: false,
    },
  ]);
  expect(row(result, "training").knockout).toBe(true);
});

test("a knockout never improves a Critical residual tier", () => {
  const result = scoreAt(knockoutQuestionnaire, {
    training: value("always"),
    mfa: value("no"),
    logs: value("no"),
  });
  // 0 / 11 = 0 % → Critical, and a knockout keeps it Critical
  expect(result.residualTier).toBe("Critical");
});

test("a finding without references of its own carries its question's references", () => {
  const result = scoreAt(knockoutQuestionnaire, { training: value("opt-out") });
  expect(result.findings).toMatchObject([
    {
      key: "training/option:opt-out",
      severity: "high",
      references: ["NCSC-SC:6"],
      knockout: false,
    },
  ]);
});

test("N/A, hidden and unanswered questions open no findings and no knockouts", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("gate", { weight: 1 }),
        yesNo("hidden-knockout", {
          weight: 2,
          showIf: { equals: { question: "gate", value: "yes" } },
          options: [
            { value: "yes", credit: 1 },
            { value: "no", credit: 0, knockout: true, finding: finding("critical") },
          ],
        }),
        yesNo("na-knockout", {
          weight: 2,
          allowNA: true,
          options: [
            { value: "yes", credit: 1 },
            { value: "no", credit: 0, knockout: true, finding: finding("critical") },
          ],
        }),
      ],
    ]),
  );
  const result = scoreAt(q, {
    gate: value("no"),
    "hidden-knockout": value("no"),
    "na-knockout": na(),
  });
  expect(result.findings).toEqual([]);
  expect(result.knockouts).toEqual([]);
  expect(result.residualTier).toBe("Critical"); // 0 / 1, from the score alone
});

test("maturity levels and bands open the findings they carry, named by their source", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        maturity("m", {
          levels: [0, 1, 2, 3].map((level) => ({
            level,
            description: `Level ${level}.`,
            ...(level === 0 ? { knockout: true, finding: finding("critical") } : {}),
            ...(level === 1 ? { finding: finding("medium") } : {}),
          })),
        }),
        dateQuestion("issued"),
      ],
    ]),
  );
  const result = scoreAt(q, { m: value(1), issued: value("2020-01-01") });
  expect(result.findings.map((f) => [f.key, f.severity, f.source])).toEqual([
    ["m/level:1", "medium", { kind: "level", level: 1, description: "Level 1." }],
    ["issued/band:1", "medium", { kind: "band", index: 1, min: 366 }],
  ]);
  const knockedOut = scoreAt(q, { m: value(0), issued: value("2024-06-01") });
  expect(knockedOut.knockouts.map((k) => k.findingKey)).toEqual(["m/level:0"]);
  // (4·0 + 2·1) / 6 = 33.33 % → Critical (already worse than High)
  expect(knockedOut.residualTier).toBe("Critical");
});

test("the risk rating combines the inherent tier from the profile with the residual tier", () => {
  const q = buildQuestionnaire(questionnaireInput([[maturity("m", { weight: 1 })]]));
  // level 2 → 66.67 % → High (≥ 50, < 70)
  const high = (dataAccess: "none" | "business" | "confidential" | "training_or_model") =>
    scoreAt(q, { m: value(2) }, { profile: { dataAccess, criticality: "low" } });
  expect(high("none")).toMatchObject({
    residualTier: "High",
    inherentTier: "Low",
    riskRating: "Medium",
  });
  expect(high("business").riskRating).toBe("High");
  expect(high("training_or_model")).toMatchObject({
    inherentTier: "Critical",
    riskRating: "Critical",
  });
  // Without a profile there is no inherent tier and no rating, but the residual stands
  expect(scoreAt(q, { m: value(2) })).toMatchObject({
    residualTier: "High",
    inherentTier: null,
    riskRating: null,
  });
});

// ---------------------------------------------------------------------------------------
// Current score

test("current score: verified questions count at credit 1 and no longer knock out; the submitted score is unchanged", () => {
  const answers = { training: value("always"), mfa: value("no"), logs: value("yes") };
  const submitted = scoreAt(knockoutQuestionnaire, answers);
  // (1·0 + 5·0 + 5·1) / 11 = 45.45 % → Critical
  expect(submitted.overall).toBeCloseTo((100 * 5) / 11, 9);
  expect(submitted.knockouts).toHaveLength(1);

  const current = scoreAt(knockoutQuestionnaire, answers, { verifiedQuestionIds: ["training"] });
  // training now counts at 1: (1·1 + 5·0 + 5·1) / 11 = 54.55 % → High, and no knockout
  expect(current.overall).toBeCloseTo((100 * 6) / 11, 9);
  expect(current.knockouts).toEqual([]);
  expect(current.residualTier).toBe("High");
  expect(current.verifiedQuestionIds).toEqual(["training"]);
  expect(current.findings).toMatchObject([{ key: "training/option:always", verified: true }]);
  expect(row(current, "training")).toMatchObject({ credit: 1, verified: true, knockout: false });
  expect(row(current, "training").rule).toBe(
    "“Always” earns 0. All its findings are verified, so the current score counts it at credit 1 and it no longer knocks out.",
  );

  // Scoring again without verified ids gives the submitted numbers
  expect(scoreAt(knockoutQuestionnaire, answers)).toEqual(submitted);
});

test("current score: a verified id on an N/A or hidden question changes nothing, and an unknown one is reported", () => {
  const answers = { training: value("never"), mfa: value("yes"), logs: na() };
  const plain = scoreAt(knockoutQuestionnaire, answers);
  const current = scoreAt(knockoutQuestionnaire, answers, {
    verifiedQuestionIds: ["logs", "nope"],
  });
  expect(current.overall).toBe(plain.overall);
  expect(current.verifiedQuestionIds).toEqual([]);
  expect(current.warnings).toEqual([
    { questionId: "nope", message: "verified question ignored: no question has this id" },
  ]);
});

test("getVerifiedQuestionIds keeps questions whose findings are all verified", () => {
  expect(
    getVerifiedQuestionIds([
      { questionId: "a", verified: true },
      { questionId: "b", verified: true },
      { questionId: "b", verified: false }, // e.g. risk accepted: keeps its credit
      { questionId: "c", verified: false },
      { questionId: "a", verified: true },
    ]),
  ).toEqual(["a"]);
  expect(getVerifiedQuestionIds([])).toEqual([]);
});

// ---------------------------------------------------------------------------------------
// Explanation

test("each question explains its weight, credit, points and the overall points it cost", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      { weight: 2, questions: [yesNo("a", { weight: 3 }), maturity("b", { weight: 4 })] },
      { weight: 1, questions: [yesNo("c", { weight: 5 }), textQuestion("notes")] },
    ]),
  );
  const result = scoreAt(q, { a: value("no"), b: value(2), c: value("yes") });
  // Σ W·w = 2·3 + 2·4 + 1·5 = 19
  // a: earned 2·3·0 = 0 of 6; lost 100·6·(1 − 0)/19 = 31.58
  // b: earned 2·4·2/3 = 5.33 of 8; lost 100·8·(1/3)/19 = 14.04
  // c: earned 5 of 5; lost 0
  expect(row(result, "a")).toMatchObject({
    weight: 3,
    sectionWeight: 2,
    credit: 0,
    pointsEarned: 0,
    pointsPossible: 6,
    applicability: "scored",
  });
  expect(row(result, "a").overallLost).toBeCloseTo(600 / 19, 9);
  expect(row(result, "b").pointsEarned).toBeCloseTo(16 / 3, 12);
  expect(row(result, "b").overallLost).toBeCloseTo(800 / 3 / 19, 9);
  expect(row(result, "c")).toMatchObject({ pointsEarned: 5, pointsPossible: 5, overallLost: 0 });
  expect(row(result, "notes")).toMatchObject({
    applicability: "unscored",
    credit: null,
    pointsPossible: 0,
    overallLost: 0,
  });
  // What the questions cost adds up to what the vendor lost: 100 − overall
  const lost = result.questions.reduce((sum, question) => sum + question.overallLost, 0);
  expect(lost).toBeCloseTo(100 - result.overall!, 9);
});

test("the result names the engine version, the version scored and the date", () => {
  const q = buildQuestionnaire(questionnaireInput([[yesNo("a")]]));
  const result = scoreAt(q, { a: value("yes") });
  expect(ENGINE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  expect(result).toMatchObject({
    engineVersion: ENGINE_VERSION,
    questionnaire: { slug: "test-questionnaire", version: "1.0.0", title: "Test questionnaire" },
    asOf: AS_OF,
  });
});

test("a prepared version scores exactly like the plain version", () => {
  const answers = { training: value("opt-out"), mfa: value("yes") };
  const prepared = prepare(knockoutQuestionnaire);
  expect(prepare(knockoutQuestionnaire)).toBe(prepared);
  expect(score(prepared, answers, null, { asOf: AS_OF })).toEqual(
    score(knockoutQuestionnaire, answers, null, { asOf: AS_OF }),
  );
});

test("formatScore shows one decimal", () => {
  expect(formatScore(50.3125)).toBe("50.3");
  expect(formatScore(100)).toBe("100.0");
  expect(formatScore(0)).toBe("0.0");
  expect(formatScore(null)).toBe("not scored");
});

test("two open high findings keep the residual tier at Medium or worse; one, or verified ones, do not", () => {
  const highNo = (id: string) =>
    yesNo(id, {
      weight: 1,
      options: [
        { value: "yes", credit: 1 },
        { value: "no", credit: 0, finding: finding("high", `${id} is missing`) },
      ],
    });
  const q = buildQuestionnaire(
    questionnaireInput([[highNo("a"), highNo("b"), yesNo("big", { weight: 5 })]]),
  );
  const all = { a: value("yes"), b: value("yes"), big: value("yes") };
  // One high: (0 + 1 + 5) / 7 = 85.7 % → Low by the score, and one gap leaves it there.
  const one = scoreAt(q, { ...all, a: value("no") });
  expect(one.scoreTier).toBe("Low");
  expect(one.residualTier).toBe("Low");
  // Two highs: 5 / 7 = 71.4 % → Medium by the score already; the rule keeps a worse tier.
  const two = scoreAt(q, { ...all, a: value("no"), b: value("no") });
  expect(two.scoreTier).toBe("Medium");
  expect(two.residualTier).toBe("Medium");
  // With 7 more weight elsewhere two highs cost 2/14 = 14.3 points → 85.7, Low by the score.
  const wide = buildQuestionnaire(
    questionnaireInput([
      [
        highNo("a"),
        highNo("b"),
        yesNo("big", { weight: 5 }),
        yesNo("more", { weight: 5 }),
        yesNo("rest", { weight: 2 }),
      ],
    ]),
  );
  const wideAll = {
    a: value("no"),
    b: value("no"),
    big: value("yes"),
    more: value("yes"),
    rest: value("yes"),
  };
  const floored = scoreAt(wide, wideAll);
  expect(floored.overall).toBeCloseTo((100 * 12) / 14, 9);
  expect(floored.scoreTier).toBe("Low");
  expect(floored.residualTier).toBe("Medium");
  expect(floored.residualRule).toContain(
    "2 open high findings (a, b) keep it at Medium or worse → Medium.",
  );
  // Verified findings are closed: the current score no longer applies the floor.
  const current = scoreAt(wide, wideAll, { verifiedQuestionIds: ["a"] });
  expect(current.residualTier).toBe("Low");
});

test("a claim whose required evidence is missing is named, in its explanation and in the residual rule; the numbers follow the contract", () => {
  const q = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("contract", {
          weight: 4,
          options: [
            { value: "yes", credit: 1 },
            { value: "no", credit: 0, knockout: true, finding: finding("critical") },
          ],
        }),
        textQuestion("contract-clause", {
          type: "evidence",
          weight: 2,
          scoredOnPresence: true,
          showIf: { equals: { question: "contract", value: "yes" } },
        } as never),
        yesNo("encrypted", { weight: 4, evidence: "required" }),
      ],
    ]),
  );
  const claims = { contract: value("yes"), encrypted: value("yes") };
  const bare = scoreAt(q, claims, { questionsWithFiles: [] });
  // (4 + 0 + 4) / 10 = 80 %: the empty evidence question earns 0 as any unanswered one.
  expect(bare.overall).toBe(80);
  expect(bare.unsupportedClaims).toEqual([
    {
      questionId: "contract",
      sectionId: "section-1",
      evidenceQuestionId: "contract-clause",
      decidesKnockout: true,
    },
    {
      questionId: "encrypted",
      sectionId: "section-1",
      evidenceQuestionId: null,
      decidesKnockout: false,
    },
  ]);
  expect(row(bare, "contract").rule).toContain(
    "Its required evidence (contract-clause) was not provided, so this answer is an unsupported claim.",
  );
  expect(bare.residualRule).toContain(
    "2 answers rest on evidence that was not provided (contract, encrypted); contract could otherwise be a knockout, so the tier is unconfirmed until the evidence arrives.",
  );
  // With the files, nothing is unsupported; without knowing the files, only the evidence
  // question (whose answer is the file list) can say so.
  const backed = scoreAt(
    q,
    { ...claims, "contract-clause": value(["file-1"]) },
    { questionsWithFiles: ["encrypted"] },
  );
  expect(backed.unsupportedClaims).toEqual([]);
  expect(backed.overall).toBe(100);
  expect(scoreAt(q, claims).unsupportedClaims.map((claim) => claim.questionId)).toEqual([
    "contract",
  ]);
  // The knockout answer claims nothing, so it needs no evidence.
  expect(scoreAt(q, { contract: value("no") }).unsupportedClaims).toEqual([]);
});
