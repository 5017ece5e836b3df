import { expect, test } from "vitest";
import { compareHref, parseCompareQuery, wantsComparison } from "./compare-query";

const A = "0b6f1c3e-8f2a-4c1d-9e7b-1a2b3c4d5e6f";
const B = "1c7a2d4f-9a3b-4d2e-8f8c-2b3c4d5e6f70";

function parse(search: string) {
  return parseCompareQuery(new URLSearchParams(search));
}

test("the picker's search and page are read with the chosen vendors", () => {
  const parsed = parse(`questionnaire=ai-model-vendor&vendor=${A}&q=+North+&page=3`);
  expect(parsed).toEqual({
    ok: true,
    value: { questionnaire: "ai-model-vendor", vendor: [A], assessment: [], q: "North", page: 3 },
  });
});

test("an empty or blank search is no search", () => {
  for (const search of ["questionnaire=x&q=", "questionnaire=x&q=%20%20"]) {
    const parsed = parse(search);
    expect(parsed.ok && parsed.value.q).toBeUndefined();
  }
});

test.each([
  ["page=0", "page must be a whole number from 1 to 99999"],
  ["page=2.5", "page must be a whole number from 1 to 99999"],
  ["page=abc", "page must be a whole number from 1 to 99999"],
  ["page=100000", "page must be a whole number from 1 to 99999"],
  ["q=a&q=b", "q is given more than once"],
  ["section=Data_Use", "section must be a section's id, like data-use"],
  ["section=-data", "section must be a section's id, like data-use"],
  [`section=${"a".repeat(101)}`, "section must be a section's id, like data-use"],
  ["section=data-use&section=testing", "section is given more than once"],
  ["differ=yes", "differ must be 1"],
  [`q=${"x".repeat(101)}`, "q (the vendor search) must be at most 100 characters"],
])("refuses %s", (search, message) => {
  const parsed = parse(`questionnaire=ai-model-vendor&${search}`);
  expect(parsed).toEqual({ ok: false, message });
});

test("a search needs a questionnaire (or assessments to take it from)", () => {
  expect(parse("q=North")).toEqual({
    ok: false,
    message: "q searches the vendors of a questionnaire: choose the questionnaire too",
  });
  expect(parse(`page=2&assessment=${A}`).ok).toBe(true);
});

test("one chosen vendor is a picker in progress; two, or compare=1, ask for the comparison", () => {
  const ask = (search: string) => {
    const parsed = parse(search);
    if (!parsed.ok) throw new Error(parsed.message);
    return wantsComparison(parsed.value);
  };
  expect(ask("questionnaire=x")).toBe(false);
  expect(ask(`questionnaire=x&vendor=${A}`)).toBe(false);
  expect(ask(`questionnaire=x&vendor=${A}&compare=1`)).toBe(true);
  expect(ask(`questionnaire=x&vendor=${A}&vendor=${B}`)).toBe(true);
  expect(ask(`assessment=${A}&assessment=${B}`)).toBe(true);
});

test("picker links keep the whole state and round-trip through the parser", () => {
  const state = {
    questionnaire: "ai-model-vendor",
    vendor: [A, B],
    assessment: [],
    q: "50% & more",
    page: 2,
  };
  const href = compareHref(state);
  expect(href).toBe(
    `/compare?questionnaire=ai-model-vendor&vendor=${A}&vendor=${B}&q=50%25+%26+more&page=2`,
  );
  expect(parse(href.split("?")[1]!)).toEqual({ ok: true, value: state });
  expect(compareHref({ questionnaire: "x", vendor: [], assessment: [], q: "", page: 1 })).toBe(
    "/compare?questionnaire=x",
  );
});

test("the shown section and the differ filter are read, and links keep them with compare=1", () => {
  const state = {
    questionnaire: "ai-model-vendor",
    vendor: [A, B],
    assessment: [],
    q: "north",
    page: 2,
    compare: "1" as const,
    section: "data-use",
    differ: "1" as const,
  };
  const href = compareHref(state);
  expect(href).toBe(
    `/compare?questionnaire=ai-model-vendor&vendor=${A}&vendor=${B}&q=north&page=2&compare=1&section=data-use&differ=1`,
  );
  expect(parse(href.split("?")[1]!)).toEqual({ ok: true, value: state });
  // An unchecked filter is no parameter at all (a GET form leaves it out).
  const parsed = parse(`questionnaire=x&vendor=${A}&vendor=${B}&section=testing`);
  expect(parsed.ok && parsed.value.differ).toBeUndefined();
});
