import fc from "fast-check";
import { expect, test } from "vitest";
import {
  formatBytes,
  formatCredit,
  formatDateTime,
  formatDay,
  formatInstant,
  formatPoints,
} from "./format";

test("a credit prints with at most three decimals, the same wherever it is shown", () => {
  expect(formatCredit(1 / 3)).toBe("0.333");
  expect(formatCredit(2 / 3)).toBe("0.667");
  expect(formatCredit(0.5)).toBe("0.5");
  expect(formatCredit(1)).toBe("1");
  expect(formatCredit(0)).toBe("0");
  expect(formatCredit(0.1 + 0.2)).toBe("0.3");
  // Asked twice: the cached text is the same text.
  expect(formatCredit(1 / 3)).toBe("0.333");
});

test("a question without a credit prints a dash", () => {
  expect(formatCredit(null)).toBe("—");
  expect(formatCredit(undefined)).toBe("—");
});

test("points print to one decimal", () => {
  expect(formatPoints(12.345)).toBe("12.3");
  expect(formatPoints(0)).toBe("0.0");
});

test("sizes print in bytes, whole kilobytes or megabytes to one decimal", () => {
  expect(formatBytes(0)).toBe("0 bytes");
  expect(formatBytes(1023)).toBe("1023 bytes");
  expect(formatBytes(1024)).toBe("1 KB");
  expect(formatBytes(1536)).toBe("2 KB");
  expect(formatBytes(5 * 1024 * 1024 + 100 * 1024)).toBe("5.1 MB");
});

test("a day prints in words, in UTC, from a date or a timestamp", () => {
  expect(formatDay("2026-05-01")).toBe("1 May 2026");
  expect(formatDay("2026-05-01T23:30:00.000Z")).toBe("1 May 2026");
  expect(formatDay(new Date("2026-12-31T23:59:59Z"))).toBe("31 December 2026");
  expect(() => formatDay("not a day")).toThrow(RangeError);
});

/** Any instant between 1900 and 2200, for comparing the formats with Intl's. */
const instants = fc.date({
  min: new Date("1900-01-01T00:00:00Z"),
  max: new Date("2200-12-31T23:59:59Z"),
  noInvalidDate: true,
});

test("a day prints as Intl's en-GB long date in UTC, from a day or any instant in it", () => {
  const intl = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });
  fc.assert(
    fc.property(instants, (instant) => {
      const expected = intl.format(instant);
      expect(formatDay(instant)).toBe(expected);
      expect(formatDay(instant.toISOString())).toBe(expected);
      expect(formatDay(instant.toISOString().slice(0, 10))).toBe(expected);
    }),
    { numRuns: 2000 },
  );
});

test("an instant on a page prints as Intl's en-GB medium date and short time in UTC", () => {
  expect(formatDateTime(new Date("2026-09-06T09:05:59Z"))).toBe("6 Sept 2026, 09:05");
  expect(() => formatDateTime(new Date("nonsense"))).toThrow(RangeError);
  const intl = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  fc.assert(
    fc.property(instants, (instant) => {
      expect(formatDateTime(instant)).toBe(intl.format(instant));
    }),
    { numRuns: 2000 },
  );
});

test("an instant prints in UTC to the minute, or a dash when there is none", () => {
  expect(formatInstant("2026-05-01T09:30:45.123Z")).toBe("2026-05-01 09:30 UTC");
  expect(formatInstant(new Date("2026-05-01T09:30:00Z"))).toBe("2026-05-01 09:30 UTC");
  expect(formatInstant(null)).toBe("—");
});
