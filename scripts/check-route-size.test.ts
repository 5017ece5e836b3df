import path from "node:path";
import { expect, test } from "vitest";
import { checkRouteSizes, countLines, MAX_ROUTE_LINES, readRouteFiles } from "./check-route-size";

const lines = (n: number) => "x\n".repeat(n);

test("a route file over the limit is named with its length; one at the limit passes", () => {
  const files = new Map([
    ["app/routes/big.tsx", lines(MAX_ROUTE_LINES + 1)],
    ["app/routes/folder/route.tsx", lines(MAX_ROUTE_LINES)],
  ]);
  expect(checkRouteSizes(files, new Set())).toEqual([
    expect.stringContaining(`app/routes/big.tsx: ${MAX_ROUTE_LINES + 1} lines, over`),
  ]);
});

test("the list of files still over the limit may only shrink", () => {
  const files = new Map([["app/routes/split.tsx", lines(20)]]);
  expect(checkRouteSizes(files, new Set(["app/routes/split.tsx", "app/routes/gone.tsx"]))).toEqual([
    expect.stringContaining("app/routes/split.tsx: 20 lines now fits"),
    expect.stringContaining("app/routes/gone.tsx no longer exists"),
  ]);
});

test("lines are counted as an editor shows them", () => {
  expect([countLines(""), countLines("a"), countLines("a\n"), countLines("a\nb")]).toEqual([
    0, 1, 1, 2,
  ]);
});

test("the repository's route files pass, route folders and their components included", () => {
  const files = readRouteFiles(path.resolve(import.meta.dirname, ".."));
  expect([...files.keys()]).toContain("app/routes/findings.$findingId/route.tsx");
  expect([...files.keys()].some((f) => f.endsWith(".test.ts"))).toBe(false);
  expect(checkRouteSizes(files)).toEqual([]);
});
