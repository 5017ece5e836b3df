// Invariants of the scoring contract, for any valid questionnaire and any answers
// (fast-check builds both: every question type, weights, knockouts, findings, N/A and
// show-if conditions on earlier questions).
import fc from "fast-check";
import { expect, test } from "vitest";
import { type Answer, type Answers, type AnswerValue } from "~/questionnaire/model";
import {
  type Question,
  type Questionnaire,
  type QuestionnaireInput,
} from "~/questionnaire/definition";
import {
  buildQuestionnaire,
  questionnaireInput,
  type QuestionInput,
} from "~/questionnaire/test-factory";
import { conditionQuestionIds } from "~/questionnaire/conditions";
import { score, type ScoreResult } from "./engine";
import { prepare } from "./prepare";
import { riskRating, tierRank, type VendorProfile } from "./risk";

const AS_OF = "2025-01-01";
const AS_OF_MS = Date.UTC(2025, 0, 1);
const SEVERITIES = ["low", "medium", "high", "critical"] as const;

// ---------------------------------------------------------------------------------------
// Questionnaires

type Outcome = { finding: number | null; knockout: boolean };
type QuestionSpec = {
  kind: "yes_no" | "single" | "multi" | "maturity" | "number" | "date" | "presence";
  weight: number;
  allowNA: boolean;
  credits: number[];
  best: number;
  outcomes: Outcome[];
  exclusive: boolean;
  bandMax: number;
  bandWidth: number;
  catchAll: boolean;
  condition: { parent: number; value: number; form: "equals" | "not" | "oneOf" } | null;
};

const credit = fc.oneof(
  fc.constantFrom(0, 0.1, 0.2, 0.25, 1 / 3, 0.5, 2 / 3, 0.7, 0.8, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

const questionSpec: fc.Arbitrary<QuestionSpec> = fc.record({
  kind: fc.constantFrom("yes_no", "single", "multi", "maturity", "number", "date", "presence"),
  weight: fc.integer({ min: 0, max: 5 }),
  allowNA: fc.boolean(),
  credits: fc.array(credit, { minLength: 4, maxLength: 4 }),
  best: fc.nat(3),
  outcomes: fc.array(
    fc.record({
      finding: fc.option(fc.nat(3), { nil: null }),
      knockout: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    }),
    { minLength: 4, maxLength: 4 },
  ),
  exclusive: fc.boolean(),
  bandMax: fc.integer({ min: -10, max: 60 }),
  bandWidth: fc.integer({ min: 1, max: 60 }),
  catchAll: fc.boolean(),
  condition: fc.option(
    fc.record({
      parent: fc.nat(),
      value: fc.nat(3),
      form: fc.constantFrom("equals" as const, "not" as const, "oneOf" as const),
    }),
    { nil: null, freq: 2 },
  ),
});

type SectionSpec = { weight: number; questions: QuestionSpec[] };

const questionnaireSpec: fc.Arbitrary<SectionSpec[]> = fc.array(
  fc.record({
    weight: fc.integer({ min: 1, max: 5 }),
    questions: fc.array(questionSpec, { minLength: 1, maxLength: 5 }),
  }),
  { minLength: 1, maxLength: 3 },
);

function outcomeFields(outcome: Outcome | undefined, scored: boolean) {
  if (!scored || !outcome) return {};
  if (outcome.knockout) {
    return {
      knockout: true,
      finding: { severity: "critical", title: "Knocked out", remediation: "Fix it now." },
    };
  }
  if (outcome.finding === null) return {};
  return {
    finding: {
      severity: SEVERITIES[outcome.finding],
      title: `A ${SEVERITIES[outcome.finding]} finding`,
      remediation: "Fix it.",
    },
  };
}

// Values a condition may test, per question built so far.
type Testable = { id: string; values: Array<string | number> };

function buildQuestion(spec: QuestionSpec, id: string, testable: Testable[]): QuestionInput {
  const scored = spec.weight > 0;
  const base = {
    id,
    text: `Question ${id}?`,
    weight: spec.weight,
    allowNA: spec.allowNA,
    references: ["NCSC-SC:1"],
  } as Record<string, unknown>;
  if (spec.condition && testable.length > 0) {
    const parent = testable[spec.condition.parent % testable.length]!;
    const tested = parent.values[spec.condition.value % parent.values.length]!;
    const test =
      spec.condition.form === "oneOf"
        ? { oneOf: { question: parent.id, values: [tested] } }
        : { equals: { question: parent.id, value: tested } };
    base.showIf = spec.condition.form === "not" ? { not: test } : test;
  }
  // Credits with one option at 1, so the best answer earns full credit (validate.ts).
  const credits = spec.credits.map((value, index) => (index === spec.best ? 1 : value));
  switch (spec.kind) {
    case "yes_no":
      return {
        ...base,
        type: "yes_no",
        options: [
          { value: "yes", credit: 1 },
          { value: "no", credit: credits[0], ...outcomeFields(spec.outcomes[0], scored) },
        ],
      } as QuestionInput;
    case "single":
    case "multi": {
      const options: Array<Record<string, unknown>> = credits.slice(0, 3).map((value, index) => ({
        value: `o${index}`,
        label: `Option ${index}`,
        credit: spec.kind === "single" && index === 0 ? 1 : value,
        ...outcomeFields(spec.outcomes[index], scored),
      }));
      if (spec.kind === "multi") {
        options[0]!.credit = 1;
        if (spec.exclusive) {
          options.push({
            value: "none",
            label: "None",
            credit: 0,
            exclusive: true,
            ...outcomeFields(spec.outcomes[3], scored),
          });
        }
      }
      return {
        ...base,
        type: spec.kind === "single" ? "single_choice" : "multiple_choice",
        options,
      } as QuestionInput;
    }
    case "maturity":
      return {
        ...base,
        type: "maturity",
        levels: [0, 1, 2, 3].map((level) => ({
          level,
          description: `Level ${level}.`,
          ...outcomeFields(level < 2 ? spec.outcomes[level] : undefined, scored),
        })),
      } as QuestionInput;
    case "number": {
      const bands: Array<Record<string, unknown>> = [
        { max: spec.bandMax, credit: 1 },
        {
          max: spec.bandMax + spec.bandWidth,
          credit: credits[1],
          ...outcomeFields(spec.outcomes[1], scored),
        },
      ];
      if (spec.catchAll)
        bands.push({ credit: credits[2], ...outcomeFields(spec.outcomes[2], scored) });
      return { ...base, type: "number", unit: "days", bands } as QuestionInput;
    }
    case "date":
      return {
        ...base,
        type: "date",
        bands: [
          { min: 0, max: 365, credit: 1 },
          { min: 366, credit: credits[1], ...outcomeFields(spec.outcomes[1], scored) },
        ],
      } as QuestionInput;
    case "presence":
      return {
        ...base,
        type: spec.best % 2 === 0 ? "short_text" : "evidence",
        ...(scored ? { scoredOnPresence: true } : {}),
      } as QuestionInput;
  }
}

function buildInput(spec: SectionSpec[]): QuestionnaireInput {
  const testable: Testable[] = [];
  let count = 0;
  const sections = spec.map((section) => ({
    weight: section.weight,
    questions: section.questions.map((questionSpec) => {
      const id = `q${++count}`;
      const question = buildQuestion(questionSpec, id, testable);
      const options = (question as { options?: Array<{ value: string }> }).options;
      if (options) testable.push({ id, values: options.map((option) => option.value) });
      if (question.type === "maturity") testable.push({ id, values: [0, 1, 2, 3] });
      return question;
    }),
  }));
  return questionnaireInput(sections);
}

// ---------------------------------------------------------------------------------------
// Answers

function dateDaysAgo(days: number): string {
  return new Date(AS_OF_MS - days * 86_400_000).toISOString().slice(0, 10);
}

function valueAnswer(question: Question): fc.Arbitrary<Answer> {
  const wrap = <T extends AnswerValue>(arbitrary: fc.Arbitrary<T>) =>
    arbitrary.map((value): Answer => ({ kind: "value", value }));
  switch (question.type) {
    case "yes_no":
    case "single_choice":
      return wrap(fc.constantFrom(...question.options.map((option) => option.value)));
    case "multiple_choice": {
      const exclusive = question.options.filter((option) => option.exclusive);
      const combinable = question.options.filter((option) => !option.exclusive);
      return wrap(
        fc
          .oneof(
            fc.subarray(combinable.map((option) => option.value)),
            ...(exclusive.length > 0 ? [fc.constant<string[]>([exclusive[0]!.value])] : []),
          )
          .chain((values) => fc.shuffledSubarray(values, { minLength: values.length })),
      );
    }
    case "maturity":
      return wrap(fc.integer({ min: 0, max: 3 }));
    case "number":
      return wrap(
        fc.oneof(
          fc.integer({ min: -20, max: 150 }),
          fc.double({ min: -20, max: 150, noNaN: true }),
        ),
      );
    case "date":
      return wrap(fc.integer({ min: -30, max: 900 }).map(dateDaysAgo));
    case "evidence":
      return wrap(fc.constantFrom(["file-1"], [], ["a", "b"]));
    default:
      return wrap(fc.constantFrom("Some text", "", "  "));
  }
}

const invalidAnswer: fc.Arbitrary<Answer> = fc.constantFrom<Answer>(
  { kind: "value", value: "not-an-option" },
  { kind: "value", value: 99.5 },
  { kind: "value", value: ["x", "x"] },
  { kind: "na", justification: "" },
);

function answerFor(question: Question): fc.Arbitrary<Answer | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc
        .string({ minLength: 1 })
        .map((text) => ({ kind: "na", justification: `Because ${text}` }) as Answer),
    },
    { weight: 6, arbitrary: valueAnswer(question) },
    { weight: 1, arbitrary: invalidAnswer },
  );
}

function answersFor(questionnaire: Questionnaire): fc.Arbitrary<Answers> {
  const questions = questionnaire.sections.flatMap((section) => section.questions);
  return fc
    .tuple(...questions.map((question) => answerFor(question)))
    .map((list) =>
      Object.fromEntries(
        list.flatMap((answer, index) => (answer ? [[questions[index]!.id, answer]] : [])),
      ),
    );
}

const profile: fc.Arbitrary<VendorProfile> = fc.record({
  dataAccess: fc.constantFrom("none", "business", "confidential", "training_or_model"),
  criticality: fc.constantFrom("low", "medium", "high"),
});

type Case = {
  input: QuestionnaireInput;
  questionnaire: Questionnaire;
  answers: Answers;
  profile: VendorProfile;
};

const scenario: fc.Arbitrary<Case> = questionnaireSpec
  .map((spec) => {
    const input = buildInput(spec);
    return { input, questionnaire: buildQuestionnaire(input) };
  })
  .chain(({ input, questionnaire }) =>
    fc.record({
      input: fc.constant(input),
      questionnaire: fc.constant(questionnaire),
      answers: answersFor(questionnaire),
      profile,
    }),
  );

function run(
  c: Pick<Case, "questionnaire" | "answers" | "profile">,
  verified: string[] = [],
): ScoreResult {
  return score(c.questionnaire, c.answers, c.profile, {
    asOf: AS_OF,
    verifiedQuestionIds: verified,
  });
}

function questionsOf(questionnaire: Questionnaire): Question[] {
  return questionnaire.sections.flatMap((section) => section.questions);
}

function dependants(questionnaire: Questionnaire): Set<string> {
  return new Set(
    questionsOf(questionnaire).flatMap((question) =>
      question.showIf ? conditionQuestionIds(question.showIf) : [],
    ),
  );
}

// The numbers a score is made of, without the words.
function numbers(result: ScoreResult) {
  return {
    overall: result.overall,
    earned: result.earned,
    possible: result.possible,
    sections: result.sections.map((section) => section.score),
    residualTier: result.residualTier,
    riskRating: result.riskRating,
    knockouts: result.knockouts,
    findings: result.findings,
  };
}

// ---------------------------------------------------------------------------------------
// Properties

test("every score is in [0, 100], every credit in [0, 1], and nothing is NaN", () => {
  fc.assert(
    fc.property(scenario, (c) => {
      const result = run(c);
      for (const value of [result.overall, ...result.sections.map((section) => section.score)]) {
        if (value === null) continue;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }
      for (const question of result.questions) {
        if (question.credit !== null) {
          expect(question.credit).toBeGreaterThanOrEqual(0);
          expect(question.credit).toBeLessThanOrEqual(1);
        }
        expect(question.overallLost).toBeGreaterThanOrEqual(0);
        expect(Number.isNaN(question.overallLost)).toBe(false);
      }
      expect(result.overall === null).toBe(result.residualTier === null);
    }),
  );
});

test("a hidden question's answer, whatever it is, changes no number", () => {
  let hiddenSeen = 0;
  fc.assert(
    fc.property(
      scenario.chain((c) =>
        fc.record({
          c: fc.constant(c),
          replacements: fc.tuple(
            ...questionsOf(c.questionnaire).map((question) => answerFor(question)),
          ),
        }),
      ),
      ({ c, replacements }) => {
        const before = run(c);
        const hidden = before.questions.filter((question) => question.applicability === "hidden");
        hiddenSeen += hidden.length;
        const answers: Record<string, Answer | undefined> = { ...c.answers };
        const ids = questionsOf(c.questionnaire).map((question) => question.id);
        for (const question of hidden) {
          answers[question.questionId] = replacements[ids.indexOf(question.questionId)];
        }
        expect(numbers(run({ ...c, answers }))).toEqual(numbers(before));
      },
    ),
  );
  expect(hiddenSeen).toBeGreaterThan(20);
});

test("an N/A question counts exactly as if it were not in the questionnaire", () => {
  const tested = { count: 0 };
  fc.assert(
    fc.property(scenario, fc.string(), (c, justification) => {
      const parents = dependants(c.questionnaire);
      const result = run(c);
      for (const row of result.questions) {
        if (row.applicability !== "na" || parents.has(row.questionId)) continue;
        // Any justification: the same numbers
        const rejustified = run({
          ...c,
          answers: {
            ...c.answers,
            [row.questionId]: { kind: "na", justification: `Why: ${justification}` },
          },
        });
        expect(numbers(rejustified)).toEqual(numbers(result));
        // Removing the question gives bit-identical sums (it is skipped in the same place)
        const input = structuredClone(c.input);
        const section = input.sections.find((candidate) =>
          candidate.questions.some((question) => question.id === row.questionId),
        )!;
        if (section.questions.length === 1) continue;
        section.questions = section.questions.filter((question) => question.id !== row.questionId);
        const without = run({ ...c, questionnaire: buildQuestionnaire(input) });
        expect(without.overall).toBe(result.overall);
        expect(without.sections.map((s) => s.score)).toEqual(result.sections.map((s) => s.score));
        tested.count++;
      }
    }),
    { numRuns: 300 },
  );
  // About one N/A case in ten qualifies; 300 runs make a handful certain in practice.
  expect(tested.count).toBeGreaterThan(5);
});

test("raising an answer's credit never lowers a section or the overall score", () => {
  let compared = 0;
  fc.assert(
    fc.property(
      scenario.chain((c) =>
        fc.record({
          c: fc.constant(c),
          pick: fc.nat(),
          other: fc.tuple(...questionsOf(c.questionnaire).map((question) => valueAnswer(question))),
        }),
      ),
      ({ c, pick, other }) => {
        const questions = questionsOf(c.questionnaire);
        // A question no condition tests, so changing its answer changes no visibility.
        const parents = dependants(c.questionnaire);
        const free = questions
          .map((question, index) => ({ question, index }))
          .filter(({ question }) => !parents.has(question.id));
        if (free.length === 0) return;
        const { question, index } = free[pick % free.length]!;
        const a = run(c);
        const b = run({ ...c, answers: { ...c.answers, [question.id]: other[index] } });
        const rowA = a.questions[index]!;
        const rowB = b.questions[index]!;
        if (rowA.credit === null || rowB.credit === null) return; // not applicable both ways
        if (rowA.credit !== rowB.credit) compared++;
        const [low, high] = rowA.credit <= rowB.credit ? [a, b] : [b, a];
        expect(high.overall!).toBeGreaterThanOrEqual(low.overall!);
        high.sections.forEach((section, s) => {
          if (section.score !== null)
            expect(section.score).toBeGreaterThanOrEqual(low.sections[s]!.score!);
        });
      },
    ),
    { numRuns: 300 },
  );
  expect(compared).toBeGreaterThan(20);
});

test("verifying questions (the current score) never lowers a score", () => {
  fc.assert(
    fc.property(scenario, fc.array(fc.nat()), (c, picks) => {
      const ids = questionsOf(c.questionnaire).map((question) => question.id);
      const verified = picks.map((pick) => ids[pick % ids.length]!);
      const submitted = run(c);
      const current = run(c, verified);
      if (submitted.overall === null) {
        expect(current.overall).toBeNull();
        return;
      }
      expect(current.overall!).toBeGreaterThanOrEqual(submitted.overall);
      expect(tierRank(current.residualTier!)).toBeLessThanOrEqual(
        tierRank(submitted.residualTier!),
      );
    }),
  );
});

test("a knockout always yields a critical finding and a residual tier of High or worse", () => {
  let knockedOut = 0;
  fc.assert(
    fc.property(scenario, (c) => {
      const result = run(c);
      // Independently of the engine's bookkeeping: a visible, answered choice or level
      // that the questionnaire marks as a knockout.
      const chosenKnockout = questionsOf(c.questionnaire).some((question) => {
        const answer = c.answers[question.id];
        const row = result.questions.find((candidate) => candidate.questionId === question.id)!;
        if (row.applicability !== "scored" || answer?.kind !== "value") return false;
        const chosen = Array.isArray(answer.value) ? answer.value : [answer.value];
        if ("options" in question) {
          return question.options.some(
            (option) => option.knockout && chosen.includes(option.value),
          );
        }
        if (question.type === "maturity") {
          return question.levels.some((level) => level.knockout && chosen.includes(level.level));
        }
        return false;
      });
      if (chosenKnockout) expect(result.knockouts.length).toBeGreaterThan(0);
      if (result.knockouts.length === 0) return;
      knockedOut++;
      for (const knockout of result.knockouts) {
        const finding = result.findings.find((candidate) => candidate.key === knockout.findingKey);
        expect(finding).toMatchObject({ severity: "critical", knockout: true });
      }
      expect(tierRank(result.residualTier!)).toBeGreaterThanOrEqual(tierRank("High"));
      expect(tierRank(result.riskRating!)).toBeGreaterThanOrEqual(
        tierRank(riskRating(result.inherentTier!, "High")),
      );
    }),
  );
  expect(knockedOut).toBeGreaterThan(5);
});

test("the overall score is the weighted combination of the section scores", () => {
  fc.assert(
    fc.property(scenario, (c) => {
      const result = run(c);
      let numerator = 0;
      let denominator = 0;
      for (const section of result.sections) {
        if (section.score === null) continue;
        numerator += section.weight * section.possible * section.score;
        denominator += section.weight * section.possible;
      }
      if (denominator === 0) {
        expect(result.overall).toBeNull();
        return;
      }
      expect(result.overall).toBeCloseTo(numerator / denominator, 9);
      // and the points each question cost add up to what the vendor lost
      const lost = result.questions.reduce((sum, question) => sum + question.overallLost, 0);
      expect(lost).toBeCloseTo(100 - result.overall!, 9);
    }),
  );
});

test("the same input gives bit-identical output, whatever the order of the answers", () => {
  fc.assert(
    fc.property(scenario, fc.boolean(), (c, prepared) => {
      const first = run(c);
      const reordered = Object.fromEntries(Object.entries(c.answers).reverse());
      const again = score(
        prepared ? prepare(c.questionnaire) : structuredClone(c.questionnaire),
        reordered,
        c.profile,
        {
          asOf: AS_OF,
        },
      );
      expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      expectIdentical(again, first);
    }),
  );
});

// Object.is on every leaf: -0 and 0, or two NaNs, would pass toEqual but are not bit-identical.
function expectIdentical(a: unknown, b: unknown, path = "result"): void {
  if (typeof a === "number" || typeof b === "number") {
    expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
    return;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    expect(a, path).toBe(b);
    return;
  }
  const keys = Object.keys(a);
  expect(keys, path).toEqual(Object.keys(b));
  for (const key of keys) {
    expectIdentical(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
  }
}
