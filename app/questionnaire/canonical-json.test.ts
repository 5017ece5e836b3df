import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { expect, test } from "vitest";
import { canonicalJson } from "./canonical-json";

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, index) => shuffleKeys(item, seed + index));
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    // Rotate by a seed-dependent amount and sometimes reverse: a different insertion order.
    const rotated = [
      ...entries.slice(seed % (entries.length || 1)),
      ...entries.slice(0, seed % (entries.length || 1)),
    ];
    const ordered = seed % 2 ? rotated.reverse() : rotated;
    return Object.fromEntries(ordered.map(([key, inner]) => [key, shuffleKeys(inner, seed + 1)]));
  }
  return value;
}

test("keys are sorted at every depth and there is no whitespace", () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe(
    '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
  );
});

test("undefined object values are left out, as JSON.stringify does", () => {
  expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  expect(canonicalJson([undefined])).toBe("[null]");
});

test("values with no JSON form are refused rather than silently changed", () => {
  expect(() => canonicalJson({ a: Number.NaN })).toThrow("$.a: NaN has no JSON form");
  expect(() => canonicalJson({ a: new Date(0) })).toThrow(
    "$.a: only plain objects have a canonical form",
  );
  expect(() => canonicalJson({ a: 1n })).toThrow("$.a: a bigint has no JSON form");
});

test("property: the same content in any key order gives the same text", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
      expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
    }),
  );
});

test("property: canonical JSON parses back to the same value", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }),
  );
});

test("property: different content gives different text", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      // Deep equality ignores key order; the JSON round trip maps -0 to 0 as JSON does.
      const same = isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
      expect(canonicalJson(a) === canonicalJson(b)).toBe(same);
    }),
  );
});
