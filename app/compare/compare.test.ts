// The comparison's pure parts (the database-backed journeys are in compare.server.test.ts).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Applicability } from "~/scoring/engine";
import { type QuestionCell, sameCell } from "./compare";

const cell: fc.Arbitrary<QuestionCell> = fc.oneof(
  fc.record({ present: fc.constant(false as const), version: fc.constantFrom("1.0.0", "1.1.0") }),
  fc.record({
    present: fc.constant(true as const),
    answer: fc.constantFrom("Yes", "No", "Partly", "", '["a","b"]'),
    credit: fc.constantFrom(null, 0, 0.5, 1),
    applicability: fc.constantFrom<Applicability>(
      "scored",
      "hidden",
      "na",
      "unscored",
      "unanswered",
    ),
    verified: fc.boolean(),
  }),
);

/** What a cell reads as, as one string (how "differs" was first defined). */
const readsAs = (c: QuestionCell) =>
  c.present ? JSON.stringify([c.answer, c.credit, c.applicability, c.verified]) : "absent";

describe("sameCell", () => {
  test("two cells are the same exactly when they read the same", () => {
    fc.assert(
      fc.property(cell, cell, (a, b) => {
        expect(sameCell(a, b)).toBe(readsAs(a) === readsAs(b));
        expect(sameCell(a, b)).toBe(sameCell(b, a));
      }),
      { numRuns: 2_000 },
    );
  });

  test("a row differs when any cell reads otherwise than the first", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 10 }), (cells) => {
        expect(cells.some((c) => !sameCell(c, cells[0]!))).toBe(
          new Set(cells.map(readsAs)).size > 1,
        );
      }),
    );
  });

  test("missing cells of different versions read the same", () => {
    expect(
      sameCell({ present: false, version: "1.0.0" }, { present: false, version: "2.0.0" }),
    ).toBe(true);
  });
});
