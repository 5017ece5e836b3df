// README's Performance figures are generated from a results file (decision 263): the block
// between the markers must be exactly what the generator makes of the file it names, so a
// figure edited by hand, or a results file changed without regenerating, fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { OWNERS, type Owner } from "./profile";
import { END, figuresMarkdown, replaceFigures, START } from "./readme";

const root = path.resolve(import.meta.dirname, "..");

test("README's figures are what `npm run bench:readme` makes of the results file they name", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const block = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END));
  const file = block.match(/From `(bench\/results\/[^`]+\.json)`/)?.[1];
  expect(file, "the block names its results file").toBeDefined();
  const results = JSON.parse(readFileSync(path.join(root, file!), "utf8"));
  expect(block.trim()).toBe(figuresMarkdown(results, file!).trim());
});

test("regenerating replaces only the block between the markers", () => {
  const readme = `# Title\n\n## Performance\n\nBefore.\n\n${START}\n\nold | figures\n\n${END}\n\nAfter.\n`;
  expect(replaceFigures(readme, "new figures")).toBe(
    `# Title\n\n## Performance\n\nBefore.\n\n${START}\n\nnew figures\n\n${END}\n\nAfter.\n`,
  );
  expect(() => replaceFigures("# No markers\n", "x")).toThrow(/no .* block/);
});

test("a run with profiles shows each request's CPU by owner, beside the sign-in page's", () => {
  const results = JSON.parse(
    readFileSync(path.join(root, "bench/results/2026-12-06T01-31-47-382Z.json"), "utf8"),
  );
  const owners = (ms: number) => ({
    "Remix route matching (@remix-run/router)": ms,
    "Remix and Express request handling": 0,
    "React server render": ms,
    "turbo-stream (loader data)": 0,
    "drizzle-orm": 0,
    "postgres.js": 0,
    zod: 0,
    "Assay's own code": ms,
    "other packages": 0,
    "Web Fetch objects (Node's undici: Request, Headers, Response)": 0,
    "Node.js (HTTP, sockets, streams, crypto, timers)": 0,
    "V8 (compiled code, no JavaScript frame)": 0,
    "garbage collection": 0,
  });
  results.profiles = [
    {
      name: "sign-in",
      path: "/login",
      requests: 100,
      seconds: 6,
      busyMsPerRequest: 3,
      idleShare: 0,
      perRequestMs: owners(1),
      errors: 0,
    },
    {
      name: "findings",
      path: "/findings",
      requests: 50,
      seconds: 6,
      busyMsPerRequest: 9,
      idleShare: 0,
      perRequestMs: owners(3),
      errors: 0,
    },
  ];
  const markdown = figuresMarkdown(results, "x.json");
  expect(markdown).toMatch(
    /\| GET \/login \(sign-in page: the floor\) +\| +3\.00 ms \| +1\.00× \| +1\.00 \|/,
  );
  expect(markdown).toMatch(/\| GET \/findings +\| +9\.00 ms \| +3\.00× \| +3\.00 \|/);
  // Route matching is framework, React render and Assay's code are not: a third of the time.
  expect(markdown).toMatch(/\| GET \/findings .*\| +33% \|/);
});

test("the autosave floor line divides the budget into CPU per save and names the framework's part", async () => {
  const { floorLines } = await import("./readme");
  const results = JSON.parse(
    readFileSync(path.join(root, "bench/results/2026-12-06T01-31-47-382Z.json"), "utf8"),
  );
  const perRequestMs = Object.fromEntries(OWNERS.map((owner) => [owner, 0])) as Record<
    Owner,
    number
  >;
  perRequestMs["Remix route matching (@remix-run/router)"] = 1;
  perRequestMs["Node.js (HTTP, sockets, streams, crypto, timers)"] = 2;
  perRequestMs["Assay's own code"] = 1;
  const save = {
    name: "autosave",
    path: "/v/answers",
    requests: 1,
    seconds: 6,
    busyMsPerRequest: 4,
    idleShare: 0,
    perRequestMs,
    errors: 0,
  };
  const [line] = floorLines(results, [save]);
  // The large run's raw upsert p99 was 7.64 ms: 3× is 23 ms, about 1.15 ms per save at 20 connections.
  expect(line).toContain("3× the raw upsert's p99 is 23 ms");
  expect(line).toContain("about 1.15 ms of server CPU per save");
  expect(line).toContain(
    "a save spends 4.00 ms, of which 3.00 ms (75%) is the framework and runtime",
  );
  expect(line).toContain("route matching 1.00 ms");
  expect(line).toContain("and 1.00 ms Assay's code");
  expect(floorLines(results, [])).toEqual([]);
  // Results files from before the bare HTTP floor (decision 398) have no line about it.
  expect(line).not.toContain("node:http");
  const withBare = {
    ...results,
    floors: {
      ...results.floors,
      bareHttpUpsert: { ...results.floors.rawUpsert, p99Ms: 15.28, cpuMsPerRequest: 0.25 },
    },
  };
  const [bareLine] = floorLines(withBare, [save]);
  expect(bareLine).toContain(
    "A bare node:http server doing only that upsert per POST, in a process of its own, measured p99 15 ms (2.00× the raw upsert's) and 0.25 ms of CPU per request",
  );
  expect(bareLine).toContain("against a save's 4.00 ms in the profile above");
});

test("the JavaScript line names the dashboard's size when the run measured it (decision 411)", () => {
  const results = JSON.parse(
    readFileSync(path.join(root, "bench/results/2026-12-06T01-31-47-382Z.json"), "utf8"),
  );
  const file = "bench/results/x.json";
  // Older results files have no dashboard figure: the line ends as before.
  expect(figuresMarkdown(results, file)).toMatch(
    /minimal Remix 2 \+ React 18 page [\d.]+ KB \([\d.]+×\)\./,
  );
  const withDashboard = {
    ...results,
    floors: {
      ...results.floors,
      dashboardScripts: { files: 20, bytes: 300_000, gzipBytes: 97_280 },
    },
  };
  expect(figuresMarkdown(withDashboard, file)).toContain(
    "; the dashboard (the page Lighthouse audits) 95.0 KB.",
  );
});

test("cluster mode's sign-in throughput is compared with the floor the budgets use (decision 412)", () => {
  const results = JSON.parse(
    readFileSync(path.join(root, "bench/results/2026-12-07T02-40-16-053Z.json"), "utf8"),
  );
  const logins = results.load.filter((l: { path: string }) => l.path === "/login");
  expect(logins).toHaveLength(2);
  const [first, again] = logins;
  // The run's first measurement was the slow one; the comparison uses the second.
  expect(again.p95Ms).toBeLessThan(first.p95Ms);
  const clustered = results.cluster.load.find((l: { path: string }) => l.path === "/login");
  const expected = (clustered.throughputPerSecond / again.throughputPerSecond).toFixed(2);
  const markdown = figuresMarkdown(results, "x.json");
  const row = markdown
    .slice(markdown.indexOf("Cluster mode"))
    .split("\n")
    .find((line) => line.startsWith("| GET /login (sign-in page: the floor)"));
  expect(row).toContain(`${expected}×`);
});

test("under the mirror table, each staff page is placed by its p95 and its mirror's against 1.5× the sign-in page's (decision 433)", async () => {
  const { mirrorVerdicts } = await import("./readme");
  const figures = (p95Ms: number) => ({
    name: "",
    method: "GET" as const,
    path: "",
    state: "measured",
    seconds: 3,
    requests: 100,
    throughputPerSecond: 33,
    p50Ms: p95Ms / 2,
    p95Ms,
    p99Ms: p95Ms,
    maxMs: p95Ms,
    errors: 0,
    statusCounts: {},
    cpuMsPerRequest: 1,
  });
  const pair = (path: string, page: number, mirror: number) => ({
    name: path,
    path,
    documentBytes: 1,
    mirrorBytes: 1,
    elements: 1,
    page: figures(page),
    mirror: figures(mirror),
  });
  const [line] = mirrorVerdicts([
    pair("/login", 40, 38),
    pair("/v/sections/bench-section", 200, 150),
    pair("/dashboard", 55, 30),
    pair("/vendors", 80, 45),
    pair("/supply-chain", 120, 90),
  ]);
  expect(line).toBe(
    "In this pass, against 1.5× the sign-in page's p95 (60 ms): within it, `/dashboard`; " +
      "over it while its mirror is within it, so what remains is Assay's own work, `/vendors`; " +
      "over it with its mirror over it too, so the framework alone misses at that page's size, `/supply-chain`.",
  );
  expect(mirrorVerdicts([pair("/vendors", 80, 45)])).toEqual([]);
});
