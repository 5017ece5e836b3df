import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { specProblems } from "./check-openapi";

const spec = readFileSync(path.resolve(import.meta.dirname, "..", "docs", "openapi.yaml"), "utf8");

test("docs/openapi.yaml passes the spec check", () => {
  expect(specProblems(spec)).toEqual([]);
});

test("a description cut short by an unquoted comma is caught", () => {
  const cut = spec.replace(
    'description: "Unrounded, 0-100; null when not scored"',
    "description: Unrounded, 0-100; null when not scored",
  );
  expect(cut).not.toBe(spec);
  expect(specProblems(cut)).toEqual([expect.stringContaining("0-100; null when not scored")]);
});

test("an operation without its 500, or a path without its 405, is caught", () => {
  const broken = spec.replace('    put: *readOnly\n', "");
  expect(specProblems(broken)).toEqual([expect.stringContaining("PUT must be documented")]);
});
