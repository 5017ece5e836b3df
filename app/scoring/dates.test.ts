import fc from "fast-check";
import { expect, test } from "vitest";
import { parseCalendarDate, toCalendarDate } from "./dates";

test("calendar dates become day numbers counted from 1970-01-01", () => {
  expect(parseCalendarDate("1970-01-01")).toBe(0);
  expect(parseCalendarDate("1970-01-02")).toBe(1);
  expect(parseCalendarDate("1969-12-31")).toBe(-1);
  // 2024 is a leap year: 29 February exists and the year has 366 days
  expect(parseCalendarDate("2025-01-01")! - parseCalendarDate("2024-01-01")!).toBe(366);
  expect(parseCalendarDate("2024-03-01")! - parseCalendarDate("2024-02-28")!).toBe(2);
  // 1900 is not a leap year, 2000 is
  expect(parseCalendarDate("1900-02-29")).toBeNull();
  expect(parseCalendarDate("2000-02-29")).not.toBeNull();
});

test("strings that are not real YYYY-MM-DD dates are refused", () => {
  for (const text of [
    "2024-02-30",
    "2024-13-01",
    "2024-00-10",
    "2024-1-1",
    "24-01-01",
    "2024-01-01T00:00:00Z",
    "",
  ]) {
    expect(parseCalendarDate(text), text).toBeNull();
  }
});

test("day numbers agree with the UTC calendar for any date", () => {
  fc.assert(
    fc.property(
      // 0001-01-01 to 9999-12-31: the years YYYY can write
      fc.integer({ min: -719_162, max: 2_932_896 }),
      (day) => {
        const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(parseCalendarDate(text)).toBe(day);
      },
    ),
  );
});

test("asOf is a calendar date, or a Date read as its UTC day", () => {
  expect(toCalendarDate("2025-06-30")).toBe("2025-06-30");
  expect(toCalendarDate(new Date("2025-06-30T23:59:59Z"))).toBe("2025-06-30");
  expect(toCalendarDate(new Date("2025-06-30T23:59:59-05:00"))).toBe("2025-07-01");
  expect(() => toCalendarDate("2025-06-31")).toThrow(RangeError);
  expect(() => toCalendarDate(new Date("nonsense"))).toThrow(RangeError);
});
