import { expect, test } from "vitest";
import { checkComments, checkDocument, listComments, type Repository } from "./check-comments";

const repository: Repository = {
  files: new Set([
    "README.md",
    "docs/design.md",
    "docs/decisions/052-scheduler.md",
    "docs/decisions/053-reminders-carry-no-link.md",
    "app/jobs/scheduler.server.ts",
  ]),
};

function problems(file: string, text: string): string[] {
  return checkComments(file, text, repository).map(
    (problem) => `${problem.line}: ${problem.message}`,
  );
}

test("an issue number in any kind of comment is refused", () => {
  const source = [
    "// The lifecycle (issue 4).",
    "/** Reopens one answer (Issue #6). */",
    "export const x = 1; // see #12",
    "export const y = <div>{/* from issues 3 and 4 */}</div>;",
  ].join("\n");
  expect(problems("app/example.tsx", source)).toEqual([
    expect.stringMatching(/^1: cites "issue 4"/),
    expect.stringMatching(/^2: cites "Issue #6"/),
    expect.stringMatching(/^3: cites "#12"/),
    expect.stringMatching(/^4: cites "issues 3"/),
  ]);
  expect(problems("app/styles/app.css", "a {}\n/* Vendor follow-up (issue 6) */")).toEqual([
    expect.stringMatching(/^2: cites "issue 6"/),
  ]);
  expect(problems("db/migrations/0001.sql", "SELECT 1;\n-- Invariant 1 (PR 12)")).toEqual([
    expect.stringMatching(/^2: cites "PR 12"/),
  ]);
});

test("strings, templates, regular expressions and colours are not comments", () => {
  const source = [
    'const a = "// issue 4";',
    "const b = `/* issue ${a} #12 */`;",
    "const c = /\\/\\/ issue 5/;",
    'const d = "#1d4ed8"; // the brand colour #1d4ed8',
    "const e = error.issues[0]; // zod's issues, by position",
  ].join("\n");
  expect(problems("app/example.ts", source)).toEqual([]);
  expect(problems("db/migrations/0001.sql", "SELECT '-- issue 4';")).toEqual([]);
});

test("a path outside the repository, or a Markdown file it does not hold, is refused", () => {
  const source = [
    '// The headers every response carries (../shared/DESIGN.md, "Security rules").',
    "// The brief (DESIGN.md, invariant 1).",
    "// Notes in /work/notes/todo.txt.",
    "/** The current score (DESIGN: all findings verified). */",
  ].join("\n");
  expect(problems("app/http/headers.ts", source)).toEqual([
    expect.stringMatching(/^1: cites "\.\.\/shared\/", a path outside the repository/),
    expect.stringMatching(/^1: cites "\.\.\/shared\/DESIGN\.md", which is not a file/),
    expect.stringMatching(/^2: cites "DESIGN\.md", which is not a file/),
    expect.stringMatching(/^3: cites "\/work\/notes\/todo\.txt", a path outside/),
    expect.stringMatching(/^4: cites "DESIGN", the brief outside the repository/),
  ]);
});

test("docs/ files, decision records by path, bare name or number, and relative paths pass", () => {
  const source = [
    '// (docs/design.md, "Reliability rules"); see README.md.',
    "// Decisions: docs/decisions/052-scheduler.md, 053-reminders-carry-no-link.md.",
    "// The scheduler (docs/decisions/052 and 053; decision 052; decisions 052, 053).",
    "// Run by ../jobs/scheduler.server.ts.",
  ].join("\n");
  expect(problems("app/findings/finding-jobs.server.ts", source)).toEqual([]);
});

test("a decision number or a docs/ file that does not exist is refused", () => {
  const source = "// (docs/decisions/052 and 099; docs/no-such-page.md)";
  expect(problems("app/example.ts", source)).toEqual([
    expect.stringMatching(/cites "docs\/no-such-page\.md", which is not a file/),
    expect.stringMatching(/cites decision 099, which has no record/),
  ]);
});

test("every comment is listed once, with the line it starts on", () => {
  const source = "/* one */\nfunction f(/* two */ a: number) {\n  return a; // three\n}\n";
  expect(listComments("app/example.ts", source)).toEqual([
    { line: 1, text: "/* one */" },
    { line: 2, text: "/* two */" },
    { line: 3, text: "// three" },
  ]);
});

test("Markdown may mention issues, but not files outside the repository", () => {
  const text = [
    "# 170 — Library rules",
    "",
    "**Context.** Issue 17 asked for it; the review (`../shared/reviews/library-review.md`) found it.",
    "See CHECKED_REFERENCES in library.test.ts and docs/design.md.",
  ].join("\n");
  expect(checkDocument("docs/decisions/170-library-rules.md", text, repository)).toEqual([
    expect.objectContaining({ line: 3, message: expect.stringContaining('"../shared/"') }),
  ]);
});

test("a path in the repository named by a comment or a map page must exist", () => {
  const source = [
    "// Run by app/jobs/scheduler.server.ts (see app/jobs/ and docs/decisions/052).",
    "// Claimed like app/findings/jobs.server.ts; results in bench/results/kept.json.",
  ].join("\n");
  expect(problems("app/findings/finding-jobs.server.ts", source)).toEqual([
    expect.stringMatching(
      /^2: cites "app\/findings\/jobs\.server\.ts", which is not in the repository/,
    ),
  ]);
  const page =
    "Jobs: `app/jobs/scheduler.server.ts`, `app/jobs/old.server.ts`, docs/decisions/NNN-title.md";
  expect(checkDocument("docs/design.md", page, repository)).toEqual([
    expect.objectContaining({
      line: 1,
      message: expect.stringContaining('"app/jobs/old.server.ts"'),
    }),
  ]);
  // Decision records are history: the paths of their day stay.
  expect(checkDocument("docs/decisions/052-scheduler.md", page, repository)).toEqual([]);
});
