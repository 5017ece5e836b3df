import fc from "fast-check";
import { expect, test } from "vitest";
import {
  conditionQuestionIds,
  evaluateCondition,
  explainCondition,
  explainVisibility,
  visibleAnswers,
  visibleQuestionIds,
} from "./conditions";
import { type Answer, type Answers } from "./model";
import { type Condition } from "./definition";
import {
  buildQuestionnaire,
  maturity,
  multipleChoice,
  questionnaireInput,
  singleChoice,
  yesNo,
  type QuestionInput,
} from "./test-factory";

const value = (v: string | number | string[]): Answer => ({ kind: "value", value: v });
const na: Answer = { kind: "na", justification: "We do not offer fine-tuning." };

// uses-subprocessors → (yes) subprocessor-review → (no) review-plan; training is independent.
const chain = buildQuestionnaire(
  questionnaireInput([
    [
      yesNo("uses-subprocessors", { text: "Do you use sub-processors?" }),
      yesNo("subprocessor-review", {
        text: "Do you review them yearly?",
        showIf: { equals: { question: "uses-subprocessors", value: "yes" } },
      }),
      yesNo("review-plan", {
        text: "Do you plan to start reviews?",
        showIf: { equals: { question: "subprocessor-review", value: "no" } },
      }),
    ],
    [
      singleChoice("training", ["never", "opt-in", "opt-out"], {
        text: "Is our data used for training?",
      }),
      yesNo("opt-out-scope", {
        text: "Does opting out cover old data?",
        showIf: { not: { oneOf: { question: "training", values: ["never", "opt-in"] } } },
      }),
      multipleChoice("certs", ["iso-27001", "soc2", "none"], {
        text: "Which reports cover the service?",
      }),
      maturity("testing", { text: "How mature is your testing?" }),
      yesNo("test-date-known", {
        text: "Do you know the last test date?",
        showIf: {
          all: [
            { oneOf: { question: "testing", values: [2, 3] } },
            { not: { equals: { question: "certs", value: "none" } } },
          ],
        },
      }),
    ],
  ]),
);

test("a question without a condition is always visible; a follow-up waits for its trigger", () => {
  const visible = visibleQuestionIds(chain, {});
  expect(visible).toEqual(new Set(["uses-subprocessors", "training", "certs", "testing"]));
});

test("answering the trigger reveals the follow-up, and the next one down the chain", () => {
  const answers = { "uses-subprocessors": value("yes"), "subprocessor-review": value("no") };
  expect(visibleQuestionIds(chain, answers)).toContain("review-plan");
});

test("hiding cascades: a hidden question's stored answer no longer reveals its dependants", () => {
  // The vendor first said yes/no, then changed the first answer to no.
  const answers = { "uses-subprocessors": value("no"), "subprocessor-review": value("no") };
  const visible = visibleQuestionIds(chain, answers);
  expect(visible.has("subprocessor-review")).toBe(false);
  expect(visible.has("review-plan")).toBe(false);
  expect(visibleAnswers(chain, { ...answers, "review-plan": value("yes") })).toEqual({
    "uses-subprocessors": value("no"),
  });
});

test("not over an unanswered question stays hidden until that question is answered", () => {
  expect(visibleQuestionIds(chain, {}).has("opt-out-scope")).toBe(false);
  expect(visibleQuestionIds(chain, { training: value("opt-out") }).has("opt-out-scope")).toBe(true);
  expect(visibleQuestionIds(chain, { training: value("never") }).has("opt-out-scope")).toBe(false);
});

test("an N/A answer satisfies no condition, not even a negated one", () => {
  expect(visibleQuestionIds(chain, { training: na }).has("opt-out-scope")).toBe(false);
  expect(visibleQuestionIds(chain, { "uses-subprocessors": na }).has("subprocessor-review")).toBe(
    false,
  );
});

test("multiple-choice equals means 'among the chosen options'; maturity compares the level", () => {
  const base = { testing: value(2) };
  expect(
    visibleQuestionIds(chain, { ...base, certs: value(["iso-27001", "soc2"]) }).has(
      "test-date-known",
    ),
  ).toBe(true);
  expect(
    visibleQuestionIds(chain, { ...base, certs: value(["none"]) }).has("test-date-known"),
  ).toBe(false);
  expect(
    visibleQuestionIds(chain, { testing: value(1), certs: value(["soc2"]) }).has("test-date-known"),
  ).toBe(false);
  // An empty selection is no answer: the negated test stays unknown, so the question stays hidden.
  expect(visibleQuestionIds(chain, { ...base, certs: value([]) }).has("test-date-known")).toBe(
    false,
  );
});

test("all and any follow three-valued logic: a known false or true decides despite unknowns", () => {
  const yes = { equals: { question: "a", value: "yes" } };
  const unknown = { equals: { question: "b", value: "yes" } };
  const answers: Answers = { a: value("no") };
  expect(evaluateCondition({ all: [yes, unknown] }, answers)).toBe(false);
  expect(evaluateCondition({ any: [yes, unknown] }, answers)).toBe(null);
  expect(evaluateCondition({ any: [{ not: yes }, unknown] }, answers)).toBe(true);
  expect(evaluateCondition({ not: unknown }, answers)).toBe(null);
});

test("conditionQuestionIds lists each tested question once", () => {
  const condition: Condition = {
    any: [
      { equals: { question: "a", value: "yes" } },
      { not: { oneOf: { question: "b", values: ["x"] } } },
      { equals: { question: "a", value: "no" } },
    ],
  };
  expect(conditionQuestionIds(condition)).toEqual(["a", "b"]);
});

test("conditions are explained in plain English with the questions' own words", () => {
  const [, review, ,] = chain.sections[0]!.questions;
  expect(explainVisibility(review!, chain)).toBe(
    "Shown only when the answer to “Do you use sub-processors?” is “Yes”.",
  );
  expect(explainVisibility(chain.sections[0]!.questions[0]!, chain)).toBe("Always shown.");
  const scope = chain.sections[1]!.questions[1]!;
  expect(explainCondition(scope.showIf!, chain)).toBe(
    "“Is our data used for training?” is answered with something other than “Label never” or “Label opt-in”",
  );
  const testDate = chain.sections[1]!.questions[4]!;
  expect(explainCondition(testDate.showIf!, chain)).toBe(
    "both the answer to “How mature is your testing?” is level 2 (“Level 2 description.”) or level 3 (“Level 3 description.”) and the answers chosen for “Which reports cover the service?” do not include “Label none”",
  );
});

test("nested groups are bracketed so and/or read unambiguously", () => {
  const condition: Condition = {
    any: [
      { equals: { question: "uses-subprocessors", value: "no" } },
      {
        all: [
          { equals: { question: "training", value: "never" } },
          { equals: { question: "certs", value: "soc2" } },
        ],
      },
    ],
  };
  expect(explainCondition(condition, chain)).toBe(
    "either the answer to “Do you use sub-processors?” is “No” or (both the answer to “Is our data used for training?” is “Label never” and the answers chosen for “Which reports cover the service?” include “Label soc2”)",
  );
});

// Random questionnaires: yes/no questions, each conditional on an earlier one (so no
// cycles), with random condition shapes, and random raw answers.
const conditionOn = (earlier: string[]): fc.Arbitrary<Condition> => {
  const leaf = fc.oneof(
    fc.record({
      equals: fc.record({
        question: fc.constantFrom(...earlier),
        value: fc.constantFrom("yes", "no"),
      }),
    }),
    fc.record({
      oneOf: fc.record({
        question: fc.constantFrom(...earlier),
        values: fc.subarray(["yes", "no"], { minLength: 1 }),
      }),
    }),
  );
  return fc.oneof(
    leaf,
    leaf.map((inner) => ({ not: inner })),
    fc.array(leaf, { minLength: 1, maxLength: 3 }).map((parts) => ({ all: parts })),
    fc.array(leaf, { minLength: 1, maxLength: 3 }).map((parts) => ({ any: parts })),
  );
};

const randomQuestionnaire = fc.integer({ min: 2, max: 8 }).chain((count) => {
  const ids = Array.from({ length: count }, (_, index) => `q${index}`);
  const conditions = ids.map((_, index) =>
    index === 0
      ? fc.constant(undefined)
      : fc.option(conditionOn(ids.slice(0, index)), { nil: undefined }),
  );
  return fc.tuple(fc.constant(ids), fc.tuple(...conditions));
});

const randomAnswers = (ids: string[]) =>
  fc.dictionary(fc.constantFrom(...ids), fc.constantFrom<Answer>(value("yes"), value("no"), na), {
    maxKeys: ids.length,
  });

function build(ids: string[], conditions: Array<Condition | undefined>) {
  const questions: QuestionInput[] = ids.map((id, index) =>
    yesNo(id, conditions[index] ? { showIf: conditions[index] } : {}),
  );
  return buildQuestionnaire(questionnaireInput([questions]));
}

test("property: the answer stored for a hidden question never changes what is visible", () => {
  fc.assert(
    fc.property(
      randomQuestionnaire.chain(([ids, conditions]) =>
        fc.tuple(
          fc.constant(ids),
          fc.constant(conditions),
          randomAnswers(ids),
          fc.constantFrom<Answer | undefined>(value("yes"), value("no"), undefined),
        ),
      ),
      ([ids, conditions, answers, replacement]) => {
        const questionnaire = build(ids, conditions);
        const visible = visibleQuestionIds(questionnaire, answers);
        for (const hidden of ids.filter((id) => !visible.has(id))) {
          const changed = { ...answers, [hidden]: replacement };
          expect(visibleQuestionIds(questionnaire, changed)).toEqual(visible);
        }
      },
    ),
  );
});

test("property: a question whose condition tests only hidden questions is hidden", () => {
  fc.assert(
    fc.property(
      randomQuestionnaire.chain(([ids, conditions]) =>
        fc.tuple(fc.constant(ids), fc.constant(conditions), randomAnswers(ids)),
      ),
      ([ids, conditions, answers]) => {
        const questionnaire = build(ids, conditions);
        const visible = visibleQuestionIds(questionnaire, answers);
        ids.forEach((id, index) => {
          const condition = conditions[index];
          if (
            condition &&
            conditionQuestionIds(condition).every((tested) => !visible.has(tested))
          ) {
            expect(visible.has(id)).toBe(false);
          }
        });
      },
    ),
  );
});

test("property: visibility is a fixed point — re-evaluating over only the visible answers changes nothing", () => {
  fc.assert(
    fc.property(
      randomQuestionnaire.chain(([ids, conditions]) =>
        fc.tuple(fc.constant(ids), fc.constant(conditions), randomAnswers(ids)),
      ),
      ([ids, conditions, answers]) => {
        const questionnaire = build(ids, conditions);
        const visible = visibleQuestionIds(questionnaire, answers);
        const onlyVisible = visibleAnswers(questionnaire, answers);
        ids.forEach((id, index) => {
          const condition = conditions[index];
          const shown =
            condition === undefined || evaluateCondition(condition, onlyVisible) === true;
          expect(shown).toBe(visible.has(id));
        });
      },
    ),
  );
});

test("a question id that is also an object property name is just an id", () => {
  const questionnaire = buildQuestionnaire(
    questionnaireInput([
      [
        yesNo("constructor"),
        yesNo("follow-up", {
          showIf: { not: { equals: { question: "constructor", value: "no" } } },
        }),
      ],
    ]),
  );
  expect(visibleQuestionIds(questionnaire, {})).toEqual(new Set(["constructor"]));
  expect(visibleQuestionIds(questionnaire, { constructor: value("yes") })).toEqual(
    new Set(["constructor", "follow-up"]),
  );
});
