// The edge rule against generated hostile strings, through every parse helper, plus the
// concrete inputs that used to reach the database as a 500.
import fc from "fast-check";
import { expect, test } from "vitest";
import { z } from "zod";
import { ExtendSchema, NewAssessmentSchema } from "~/assessments/schemas";
import { ChangePasswordSchema, InviteUserSchema, LoginSchema } from "~/auth/schemas";
import { parseVendorListQuery } from "~/vendors/schemas";
import { boundedIntField, findUnstorable, isCalendarDate } from "./input";
import { parseInput, parseQuery } from "./parse";

const hostile = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfff", "\u0000\ud83d", "%00", "\r\n", "\t"),
);

const schemas: [string, z.ZodTypeAny][] = [
  ["LoginSchema", LoginSchema],
  ["InviteUserSchema", InviteUserSchema],
  ["ChangePasswordSchema", ChangePasswordSchema],
  ["NewAssessmentSchema", NewAssessmentSchema],
  ["ExtendSchema", ExtendSchema],
];

test("no schema, through parseInput, throws or lets a NUL or lone surrogate through", () => {
  for (const [, schema] of schemas) {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), hostile), (input) => {
        const result = parseInput(schema, input);
        if (result.success) expect(findUnstorable(result.data)).toBeNull();
        else expect(Object.values(result.errors).every((m) => m.length > 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  }
});

test("a query with a NUL or a broken character is refused with a message", () => {
  fc.assert(
    fc.property(hostile, (value) => {
      const params = new URLSearchParams({ q: value });
      const parsed = parseQuery(z.object({ q: z.string() }), params);
      // URLSearchParams already turns a lone surrogate into U+FFFD; a NUL stays.
      if (findUnstorable(params.get("q"))) expect(parsed.success).toBe(false);
      else expect(parsed.success).toBe(true);
    }),
  );
  let thrown: unknown;
  try {
    parseVendorListQuery(new URLSearchParams({ q: "\u0000" }));
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(400);
});

test("impossible dates are refused with a message, never an exception", () => {
  for (const date of ["2026-13-01", "2026-02-30", "2026-00-10", "9999-99-99", "2025-02-29"]) {
    expect(isCalendarDate(date)).toBe(false);
    const parsed = parseInput(ExtendSchema, { intent: "extend", dueDate: date });
    expect(parsed).toEqual({ success: false, errors: { dueDate: "Enter a real date" } });
  }
  expect(isCalendarDate("2028-02-29")).toBe(true);
});

test("out-of-range numbers are refused, not overflowed", () => {
  const before = boundedIntField(1, Number.MAX_SAFE_INTEGER);
  expect(before.safeParse("99999999999999999999").success).toBe(false);
  expect(before.safeParse("1e3").success).toBe(false);
  expect(before.safeParse("42")).toEqual({ success: true, data: 42 });
});
