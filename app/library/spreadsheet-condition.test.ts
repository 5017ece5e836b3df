import fc from "fast-check";
import { expect, test } from "vitest";
import { canonicalJson } from "~/questionnaire/canonical-json";
import { type Condition } from "~/questionnaire/definition";
import { formatCondition, parseCondition } from "./spreadsheet-condition";

const equals = (question: string, value: string | number): Condition => ({
  equals: { question, value },
});

test.each<[string, Condition]>([
  ["q1 = yes", equals("q1", "yes")],
  ["q1 == yes", equals("q1", "yes")],
  ["red-teaming = 2", equals("red-teaming", 2)],
  ["q1 != none", { not: equals("q1", "none") }],
  ["q1 in (a, b)", { oneOf: { question: "q1", values: ["a", "b"] } }],
  ["level in (2,3)", { oneOf: { question: "level", values: [2, 3] } }],
  ["q1 not in (a)", { not: { oneOf: { question: "q1", values: ["a"] } } }],
  ["not q1 = a", { not: equals("q1", "a") }],
  ["NOT (q1 = a OR q2 = b)", { not: { any: [equals("q1", "a"), equals("q2", "b")] } }],
  [
    "a = x and b = y or c = z",
    { any: [{ all: [equals("a", "x"), equals("b", "y")] }, equals("c", "z")] },
  ],
  [
    "a = x and (b = y or c = z)",
    { all: [equals("a", "x"), { any: [equals("b", "y"), equals("c", "z")] }] },
  ],
  // Brackets group without adding a node, so a nested `all` survives.
  [
    "(a = x and b = y) and c = z",
    { all: [{ all: [equals("a", "x"), equals("b", "y")] }, equals("c", "z")] },
  ],
  ['"and" = "2"', equals("and", "2")],
  ['{"equals":{"question":"q1","value":"yes"}}', equals("q1", "yes")],
])("parses %s", (text, condition) => {
  expect(parseCondition(text)).toEqual({ ok: true, condition });
});

test.each([
  ["", "expected a question id, but the condition ends there"],
  ["q1", 'expected =, !=, in or not in after "q1", but the condition ends there'],
  ["q1 = ", "expected a value (an option value or a level number), but the condition ends there"],
  ["q1 = a b = c", 'unexpected "b" at character 8; join tests with and / or'],
  ["q1 in a", 'expected "(" to start the list of values, but found "a" at character 7'],
  ["q1 in (a, b", 'expected ")" to close the list of values, but the condition ends there'],
  ["(q1 = a", 'expected ")" to close the bracket, but the condition ends there'],
  ["q1 not a", 'expected "in" after "not", but found "a" at character 8'],
  ["q1 = a & q2 = b", 'unexpected "&" at character 8'],
  ['q1 = "open', "a quoted name or value starting at character 6 is not closed"],
  [
    "{equals: q1}",
    `starts with "{" but is not valid JSON; write JSON like {"equals": {"question": "q1", "value": "yes"}}, or an expression like q1 = yes`,
  ],
  ["not ".repeat(40) + "q1 = a", "the condition is nested too deeply"],
])("refuses %j", (text, message) => {
  expect(parseCondition(text)).toEqual({ ok: false, message });
});

test.each<[Condition, string]>([
  [equals("q1", "yes"), "q1 = yes"],
  [{ not: equals("certifications", "none") }, "certifications != none"],
  [{ oneOf: { question: "red-teaming", values: [2, 3] } }, "red-teaming in (2, 3)"],
  [{ not: { not: equals("a", "x") } }, "not a != x"],
  [{ not: { all: [equals("a", "x"), equals("b", "y")] } }, "not (a = x and b = y)"],
  [
    {
      all: [
        { oneOf: { question: "r", values: [2, 3] } },
        { any: [equals("c", "a"), equals("c", "b")] },
      ],
    },
    "r in (2, 3) and (c = a or c = b)",
  ],
  [equals("in", "x y"), '"in" = "x y"'],
  // A one-item `all` has no expression of its own, so it is written as JSON.
  [{ all: [equals("a", "x")] }, '{"all":[{"equals":{"question":"a","value":"x"}}]}'],
])("formats %j as %s", (condition, text) => {
  expect(formatCondition(condition)).toBe(text);
});

const word = fc.oneof(
  fc.constantFrom("q1", "data-use", "yes", "no", "and", "or", "not", "in", "2", "-1", "x.y"),
  fc.string({ maxLength: 8 }),
);
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    equals: fc.record({ question: word, value: fc.oneof(word, fc.integer({ min: -5, max: 5 })) }),
  }),
  fc.record({
    oneOf: fc.record({
      question: word,
      values: fc.array(fc.oneof(word, fc.integer({ min: -5, max: 5 })), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ not: tie("node") }),
    fc.record({ all: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
  ),
})).node;

test("property: every condition reads back from its cell text unchanged", () => {
  fc.assert(
    fc.property(condition, (original) => {
      const parsed = parseCondition(formatCondition(original));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(canonicalJson(parsed.condition)).toBe(canonicalJson(original));
    }),
    { numRuns: 500 },
  );
});
