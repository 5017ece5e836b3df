// docs/library-coverage.md is generated (scripts/library-coverage.ts) and must not be stale.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { renderCoverage } from "./coverage";
import { loadQuestionnaireLibrary } from "./files.server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

test("docs/library-coverage.md matches the library; regenerate it with scripts/library-coverage.ts", async () => {
  const { versions, errors } = await loadQuestionnaireLibrary(path.join(ROOT, "questionnaires"));
  expect(errors).toEqual([]);
  const expected = renderCoverage(versions.map((version) => version.questionnaire));
  const actual = await readFile(path.join(ROOT, "docs", "library-coverage.md"), "utf8");
  expect(actual).toBe(expected);
  // Every one of the brief's NCSC points is asked, with weight, somewhere in the library.
  const ncsc = expected.slice(expected.indexOf("## NCSC"), expected.indexOf("## OWASP"));
  expect(ncsc).toContain("Covered: 8 of 8.");
});
