import { expect, test } from "vitest";
import { type DecisionRecord, readRecord, renderIndex } from "./decision-index";

test("a record's head gives its number, title, date and status", () => {
  const text =
    "# 052 — Scheduled jobs\n\nDate: 2026-11-30\nStatus: superseded by 140\n\n**Context.** …";
  expect(readRecord("052-scheduler.md", text)).toEqual({
    file: "052-scheduler.md",
    number: "052",
    title: "Scheduled jobs",
    date: "2026-11-30",
    status: "superseded by 140",
  });
});

test("a record without a Date or Status line, or with a wrong title, is refused", () => {
  expect(readRecord("052-scheduler.md", "# 052 — Jobs\n\nStatus: accepted\n")).toMatchObject({
    problem: expect.stringContaining("Date"),
  });
  expect(readRecord("052-scheduler.md", "# 052 — Jobs\n\nDate: 2026-11-30\n")).toMatchObject({
    problem: expect.stringContaining("Status"),
  });
  expect(
    readRecord("052-scheduler.md", "# 053 — Jobs\n\nDate: 2026-11-30\nStatus: accepted\n"),
  ).toMatchObject({
    problem: expect.stringContaining("# 052"),
  });
  expect(readRecord("notes.md", "# Notes")).toMatchObject({ problem: expect.any(String) });
});

test("the index lists every record and links the record that supersedes another", () => {
  const records: DecisionRecord[] = [
    {
      file: "052-scheduler.md",
      number: "052",
      title: "Jobs",
      date: "2026-11-30",
      status: "superseded by 140",
    },
    {
      file: "140-jobs-table.md",
      number: "140",
      title: "A | B",
      date: "2026-12-05",
      status: "accepted",
    },
  ];
  const index = renderIndex(records);
  expect(index).toContain(
    "| [052](052-scheduler.md) | Jobs | 2026-11-30 | superseded by [140](140-jobs-table.md) |",
  );
  expect(index).toContain("| [140](140-jobs-table.md) | A \\| B | 2026-12-05 | accepted |");
});
