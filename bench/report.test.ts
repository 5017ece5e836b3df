// Budgets as ratios to the floors of the same run, and the refusal to judge a measurement
// that started while the machine was busy (decision 261).
import { expect, test } from "vitest";
import { type LoadFigures } from "./load";
import { CPUS } from "./machine-load";
import {
  judgeBudgets,
  LARGE_RUN_SECONDS,
  mirrorRows,
  type Results,
  runLength,
  SIGN_IN_FLOOR_AGAIN,
} from "./report";

const quiet = { before: 0.5, after: 2.5, waitedSeconds: 0, extraWaits: 0 };
const busy = { before: CPUS + 3, after: CPUS + 4, waitedSeconds: 60, extraWaits: 1 };

function load(path: string, p: Partial<LoadFigures>): LoadFigures {
  return {
    name: path === "/login" ? "sign-in page (floor)" : `staff ${path}`,
    method: path === "/v/answers" ? "POST" : "GET",
    path,
    state: "measured",
    seconds: 30,
    requests: 1000,
    throughputPerSecond: 33,
    p50Ms: 10,
    p95Ms: 20,
    p99Ms: 30,
    maxMs: 40,
    errors: 0,
    statusCounts: { "200": 1000 },
    loadAverage: quiet,
    ...p,
  };
}

function results(loads: LoadFigures[], upsertP99 = 10): Omit<Results, "budgets"> {
  return {
    meta: {
      startedAt: "2026-12-05T18:00:00.000Z",
      scale: "small",
      database: { kind: "postgres", label: "PostgreSQL 15" },
      machine: {
        cpus: CPUS,
        cpuModel: "test",
        memoryGb: 1,
        os: "test",
        node: "v20",
        loadAverage: { start: 0.5, end: 1 },
      },
      browser: { version: "not run", pinning: "not run", runs: 0 },
      commit: null,
      counts: {},
      durations: {},
    },
    browser: null,
    browserLoadAverage: null,
    floors: {
      framework: { routeId: "routes/_index", files: 4, bytes: 200_000, gzipBytes: 80_000 },
      vendorScripts: { files: 9, bytes: 300_000, gzipBytes: 100_000 },
      rawUpsert: {
        name: "raw upsert",
        state: "measured",
        seconds: 30,
        requests: 10_000,
        throughputPerSecond: 333,
        p50Ms: 3,
        p95Ms: 8,
        p99Ms: upsertP99,
        maxMs: 20,
        errors: 0,
        loadAverage: quiet,
      },
    },
    load: loads,
    scoring: {
      questions: 500,
      runs: 1,
      scoreMedianMs: 0.3,
      scoreP95Ms: 0.5,
      scoreMaxMs: 0.6,
      rescoreAssessments: 1,
      rescoreTotalMs: 1,
      rescorePerAssessmentMs: 1,
    },
    queries: [],
  };
}

const find = (budgets: ReturnType<typeof judgeBudgets>, start: string) =>
  budgets.find((b) => b.name.startsWith(start))!;

test("each budget is judged as a ratio to its floor from the same run", () => {
  const budgets = judgeBudgets(
    results([
      load("/login", { p50Ms: 10, p95Ms: 20 }),
      load("/v/sections/bench-section", { p50Ms: 31, documentBytes: 140 * 1024 }),
      load("/v/answers", { p99Ms: 29 }),
      load("/dashboard", { p95Ms: 30 }),
      load("/vendors", { p95Ms: 31 }),
    ]),
  );
  expect(find(budgets, "autosave p99")).toMatchObject({ met: true, ratio: 2.9 });
  expect(find(budgets, "/dashboard p95")).toMatchObject({ met: true, ratio: 1.5 });
  expect(find(budgets, "/vendors p95")).toMatchObject({ met: false, ratio: 1.55 });
  expect(find(budgets, "vendor section GET p50")).toMatchObject({ met: false, ratio: 3.1 });
  expect(find(budgets, "vendor section document")).toMatchObject({ met: true });
  expect(find(budgets, "vendor page JavaScript (gzip), to a minimal")).toMatchObject({
    met: false,
    ratio: 1.25,
  });
});

test("a budget resting on a measurement that started above the CPU count is not judged, and says why", () => {
  const budgets = judgeBudgets(
    results([
      load("/login", { p95Ms: 20 }),
      load("/v/answers", { p99Ms: 500, loadAverage: busy }),
      load("/dashboard", { p95Ms: 25 }),
    ]),
  );
  expect(find(budgets, "autosave p99")).toMatchObject({
    met: null,
    note: expect.stringContaining(`above ${CPUS} CPUs`),
  });
  // The sign-in floor was quiet and so was the dashboard: that budget is judged.
  expect(find(budgets, "/dashboard p95")).toMatchObject({ met: true });
  // A busy floor makes every budget that divides by it not judged.
  const busyFloor = judgeBudgets(
    results([load("/login", { loadAverage: busy }), load("/dashboard", { p95Ms: 25 })]),
  );
  expect(find(busyFloor, "/dashboard p95").met).toBeNull();
});

test("a page that never answered within the measurement is missed, not a 0 ms pass", () => {
  const budgets = judgeBudgets(
    results([
      load("/login", { p95Ms: 20 }),
      load("/findings", { requests: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, statusCounts: {} }),
    ]),
  );
  expect(find(budgets, "/findings p95")).toMatchObject({
    met: false,
    value: "no response within 30 s",
  });
});

test("a sequential scan of answers in a query's generic plan misses the budget too (decision 403)", () => {
  const query = (name: string, custom: boolean, generic: boolean) => ({
    name,
    page: "/p",
    executionMs: 1,
    planningMs: 1,
    seqScanOfAnswers: custom,
    plan: [],
    generic: { executionMs: 1, seqScanOfAnswers: generic, plan: [] },
  });
  const judged = (queries: ReturnType<typeof query>[]) =>
    find(
      judgeBudgets({
        ...results([load("/login", {})]),
        meta: { ...results([]).meta, scale: "large" },
        queries,
      }),
      "no sequential scan",
    );
  expect(judged([query("a", false, false), query("b", false, false)])).toMatchObject({
    met: true,
    value: "none",
  });
  expect(judged([query("a", false, false), query("b", false, true)])).toMatchObject({
    met: false,
    value: "b (generic plan)",
  });
  expect(judged([query("a", true, false)])).toMatchObject({ met: false, value: "a" });
});

test("the budgets divide by the faster of the two sign-in measurements (decision 412)", () => {
  const pages = [
    load("/v/sections/bench-section", { p50Ms: 31 }),
    load("/dashboard", { p95Ms: 30 }),
  ];
  // Measured slow at the start (p95 40 ms), then at 20 ms after the pages: the ratios use 20.
  const slowFirst = judgeBudgets(
    results([
      load("/login", { p50Ms: 20, p95Ms: 40 }),
      ...pages,
      load("/login", { name: SIGN_IN_FLOOR_AGAIN, p50Ms: 10, p95Ms: 20 }),
    ]),
  );
  expect(find(slowFirst, "/dashboard p95")).toMatchObject({ met: true, ratio: 1.5 });
  expect(find(slowFirst, "vendor section GET p50")).toMatchObject({ met: false, ratio: 3.1 });
  // The other way round, the same figures.
  const slowAfter = judgeBudgets(
    results([
      load("/login", { p50Ms: 10, p95Ms: 20 }),
      ...pages,
      load("/login", { name: SIGN_IN_FLOOR_AGAIN, p50Ms: 20, p95Ms: 40 }),
    ]),
  );
  expect(find(slowAfter, "/dashboard p95")).toMatchObject({ ratio: 1.5 });
  // A second measurement that did not complete is not a floor.
  const unmeasured = judgeBudgets(
    results([
      load("/login", { p50Ms: 10, p95Ms: 20 }),
      ...pages,
      load("/login", { name: SIGN_IN_FLOOR_AGAIN, state: "no answer", p95Ms: 1 }),
    ]),
  );
  expect(find(unmeasured, "/dashboard p95")).toMatchObject({ ratio: 1.5 });
});

test("each page's row beside its mirror: ratios to the sign-in page of the same pass, and Assay's share", () => {
  const pair = (path: string, page: [number, number], mirror: [number, number]) => ({
    name: path,
    path,
    documentBytes: 40 * 1024,
    mirrorBytes: 36 * 1024,
    elements: 600,
    page: { ...load(path, { p95Ms: page[0] }), cpuMsPerRequest: page[1] },
    mirror: { ...load(path, { p95Ms: mirror[0] }), cpuMsPerRequest: mirror[1] },
  });
  const rows = mirrorRows(
    [
      pair("/login", [40, 1.2], [36, 1]),
      pair("/vendors", [80, 4], [48, 2]),
      {
        ...pair("/findings", [60, 3], [30, 1.5]),
        mirror: { ...load("/findings", { p95Ms: 30 }), cpuMsPerRequest: null },
      },
    ],
    (m) => m.path,
  );
  expect(rows[1]).toEqual([
    "/vendors",
    "600",
    "40.0 KB / 36.0 KB",
    "80 ms / 48 ms",
    "2.00×",
    "1.20×",
    "4.00 / 2.00 ms",
    "2.00 ms (50%)",
  ]);
  expect(rows[2]!.slice(6)).toEqual(["3.00 / ? ms", "–"]);
});

test("a run says how long it took, and a large run whether it kept to its 15 minutes (decision 437)", () => {
  expect(runLength("small", 1_500)).toBe("took 25.0 minutes");
  expect(runLength("large", 900)).toBe(
    "took 15.0 minutes (within the 15 minutes a large run may take)",
  );
  expect(runLength("large", 901)).toBe(
    "took 15.0 minutes (over the 15 minutes a large run may take)",
  );
  expect(runLength("large", 944)).toMatch(/^took 15\.7 minutes \(over/);
  expect(LARGE_RUN_SECONDS).toBe(900);
});
