// Calendar dates for the engine: "YYYY-MM-DD" strings turned into day numbers with integer
// arithmetic only, so a date's age never depends on the machine's time zone, daylight saving
// or the clock (docs/decisions/021-dates-are-calendar-days.md).

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid "YYYY-MM-DD", or null when it is not a real date. */
export function parseCalendarDate(text: string): number | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/**
 * The calendar date a score is judged at. A Date is read as its UTC day, so the same instant
 * gives the same date on every server.
 */
export function toCalendarDate(asOf: string | Date): string {
  if (typeof asOf === "string") {
    if (parseCalendarDate(asOf) === null) {
      throw new RangeError(`asOf must be a real date written YYYY-MM-DD, got "${asOf}"`);
    }
    return asOf;
  }
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is an invalid Date");
  return asOf.toISOString().slice(0, 10);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Howard Hinnant's days_from_civil (http://howardhinnant.github.io/date_algorithms.html):
// exact for the proleptic Gregorian calendar, no Date object involved.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
