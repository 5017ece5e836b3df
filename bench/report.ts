// The printed table and the budgets. Budgets are goals: each is reported as met, missed, or
// not judged (tiny scale; a PGlite run for PostgreSQL budgets; the dashboard and compare
// budgets below the large scale) and never fails the run.
import { type PageSummary } from "./browser";
import { type DatabaseKind } from "./database";
import { type ExplainFigures } from "./explain";
import { type PageScripts, type UpsertFigures } from "./floor";
import { type LoadFigures } from "./load";
import { busyNote, CPUS, type LoadAverage, tooBusy } from "./machine-load";
import { type ScaleName } from "./scales";
import { type AuthoringFigures } from "./authoring";
import { type ScoringFigures } from "./scoring";
import { type LighthouseFigures } from "./lighthouse";
import { type MirrorFigures } from "./mirror";
import { frameworkShare, groupedMs, PROFILE_GROUPS } from "./profile";
import { type ProfileFigures } from "./profile-pass";

/** ", the median of 3 audits: 88, 91, 91" when the dashboard was audited more than once. */
export function auditRuns(lh: LighthouseFigures): string {
  const runs = lh.runs ?? [];
  return runs.length > 1
    ? `, the median of ${runs.length} audits: ${runs.map((r) => r.performance).join(", ")}`
    : "";
}

export type Budget = {
  name: string;
  goal: string;
  value: string;
  /** true met, false missed, null not judged. */
  met: boolean | null;
  note?: string;
  /** measured ÷ floor, for the budgets that are ratios to a floor measured in the same run. */
  ratio?: number;
};

/** The name of the sign-in page's second measurement, after the staff pages (decision 412). */
export const SIGN_IN_FLOOR_AGAIN = "sign-in page (floor, again)";

/**
 * The sign-in floor the ratio budgets divide by: of its measurements (at the start of the load
 * runs and, since decision 412, again after the staff pages), the one with the lower p95, so a
 * floor measured while the machine was slow cannot flatter the ratios.
 */
export function signInFloor(load: readonly LoadFigures[]): LoadFigures | undefined {
  let best: LoadFigures | undefined;
  for (const l of load) {
    if (l.path !== "/login" || l.state !== "measured") continue;
    if (!best || l.p95Ms < best.p95Ms) best = l;
  }
  return best;
}

/**
 * A page's single-process figures, to set cluster mode's beside: for the sign-in page, the
 * floor the budgets use.
 */
export function oneProcess(load: readonly LoadFigures[], path: string): LoadFigures | undefined {
  return path === "/login"
    ? signInFloor(load)
    : load.find((l) => l.path === path && l.state === "measured");
}

export type Results = {
  meta: {
    startedAt: string;
    /** The whole run, build to results, in seconds (absent before decision 437). */
    wallSeconds?: number;
    scale: ScaleName;
    database: { kind: DatabaseKind; label: string };
    machine: {
      cpus: number;
      cpuModel: string;
      memoryGb: number;
      os: string;
      node: string;
      /** 1-minute load average when the run started and ended: other work on the machine. */
      loadAverage: { start: number; end: number };
    };
    browser: {
      version: string;
      pinning: string;
      /** Chromium features turned off on top of Playwright's own list (browser UI noise). */
      disabledFeatures?: string;
      runs: number;
    };
    commit: string | null;
    counts: Record<string, number>;
    /** What the app's scheduled jobs did in the data phase (decision 423; absent before it). */
    settled?: { jobs: Record<string, number>; mails: number; seconds: number };
    durations: Record<string, number>;
  };
  browser: {
    assay: PageSummary;
    surveyjs: PageSummary;
    /**
     * q250's part with its scripts removed: the interactions' floor on this machine and
     * browser (decision 424; absent before it). Only its interaction figures mean anything.
     */
    floor?: PageSummary;
  } | null;
  /** The load average before and after the browser runs (null when they did not run). */
  browserLoadAverage?: { before: number; after: number } | null;
  /** What the ratio budgets divide by, measured in the same run (decision 261). */
  floors: {
    /** A minimal Remix 2 + React 18 page's JavaScript. */
    framework: PageScripts & { routeId: string };
    /** The vendor section page's JavaScript, counted the same way. */
    vendorScripts: PageScripts;
    /**
     * The dashboard's (the page Lighthouse audits), counted the same way; absent from results
     * files older than decision 411.
     */
    dashboardScripts?: PageScripts;
    /** A bare upsert at 20 connections; null on PGlite. */
    rawUpsert: (UpsertFigures & { loadAverage: LoadAverage }) | null;
    /**
     * The same upsert behind a bare node:http server, loaded like autosave (decision 398); null
     * on PGlite, absent from results files older than it.
     */
    bareHttpUpsert?:
      (UpsertFigures & { cpuMsPerRequest: number | null; loadAverage: LoadAverage }) | null;
  };
  load: LoadFigures[];
  /**
   * The same server in cluster mode (WEB_CONCURRENCY, decision 321): the sign-in page, the
   * vendor section and autosave again, on PostgreSQL only (embedded PGlite is one process).
   */
  cluster?: { workers: number; load: LoadFigures[] } | null;
  /**
   * Server CPU per request by owner, one profile per measured request kind, taken after the
   * timed runs (decision 386; absent in older results files).
   */
  profiles?: ProfileFigures[];
  /**
   * Each GET page against its mirror: its own document and data from a minimal Remix 2 + React
   * 18 app, back to back under the same load (decision 433; absent in older results files).
   */
  mirrors?: MirrorFigures[];
  /** Lighthouse's mobile performance audit of /dashboard (decision 322); null when it failed. */
  lighthouse?: LighthouseFigures | null;
  scoring: ScoringFigures;
  /** A 300-question draft: made, opened, saved, published (absent in older results files). */
  authoring?: AuthoringFigures;
  queries: ExplainFigures[];
  budgets: Budget[];
};

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");
const inp = (v: number) => (v < 16 ? "<16 ms" : ms(v));

/**
 * The mirror table's rows (decision 433): each page against its own document and data served by a
 * minimal Remix 2 + React 18 app, both measured back to back; ratios are to the sign-in page as
 * measured in the same pass.
 */
export const MIRROR_HEADER = [
  "page",
  "elements",
  "document: page / mirror",
  "p95: page / mirror",
  "page ÷ sign-in",
  "mirror ÷ sign-in",
  "CPU/request: page / mirror",
  "Assay's own CPU",
];

export function mirrorRows(
  mirrors: readonly MirrorFigures[],
  label: (m: MirrorFigures) => string,
): string[][] {
  const signIn = mirrors.find((m) => m.path === "/login")?.page;
  const cpu = (v: number | null) => (v === null ? "?" : v.toFixed(2));
  return mirrors.map((m) => [
    label(m),
    String(m.elements),
    `${kb(m.documentBytes)} / ${kb(m.mirrorBytes)}`,
    `${ms(m.page.p95Ms)} / ${ms(m.mirror.p95Ms)}`,
    signIn ? ratio(m.page.p95Ms, signIn.p95Ms) : "–",
    signIn ? ratio(m.mirror.p95Ms, signIn.p95Ms) : "–",
    `${cpu(m.page.cpuMsPerRequest)} / ${cpu(m.mirror.cpuMsPerRequest)} ms`,
    m.page.cpuMsPerRequest !== null && m.mirror.cpuMsPerRequest !== null
      ? `${(m.page.cpuMsPerRequest - m.mirror.cpuMsPerRequest).toFixed(2)} ms (${Math.round((1 - m.mirror.cpuMsPerRequest / m.page.cpuMsPerRequest) * 100)}%)`
      : "–",
  ]);
}

export function judgeBudgets(results: Omit<Results, "budgets">): Budget[] {
  const { scale } = results.meta;
  const postgres = results.meta.database.kind === "postgres";
  const judged = scale !== "tiny";
  const verdict = (ok: boolean, when = judged) => (when ? ok : null);
  const budgets: Budget[] = [];
  const b = results.browser;
  if (b) {
    const { assay, surveyjs } = b;
    const busy = results.browserLoadAverage && results.browserLoadAverage.before > CPUS;
    const browserVerdict = (ok: boolean): { met: boolean | null; note?: string } =>
      busy && judged
        ? {
            met: null,
            note: busyNote({ ...results.browserLoadAverage!, waitedSeconds: 0, extraWaits: 0 }),
          }
        : { met: verdict(ok) };
    budgets.push(
      {
        name: "300 questions ready to type: hydrated and first character saved (median)",
        goal: "≤ 1.5 s and ≥ 2× sooner than SurveyJS",
        value: `${ms(assay.readyMedianMs)} vs ${ms(surveyjs.readyMedianMs)} (${ratio(assay.readyMedianMs, surveyjs.readyMedianMs)})`,
        ...browserVerdict(
          assay.readyMedianMs <= 1500 && assay.readyMedianMs * 2 <= surveyjs.readyMedianMs,
        ),
      },
      {
        name: "vendor page JavaScript (gzip)",
        goal: "≤ 150 KB and ≤ half of SurveyJS's",
        value: `${kb(assay.jsBytes)} vs ${kb(surveyjs.jsBytes)} (${ratio(assay.jsBytes, surveyjs.jsBytes)})`,
        met: verdict(assay.jsBytes <= 150 * 1024 && assay.jsBytes * 2 <= surveyjs.jsBytes),
      },
      {
        name: "responsiveness at q250",
        goal: "p75 ≤ 16 ms, max ≤ 50 ms",
        value:
          `p75 ${inp(assay.inpP75Ms)}, max ${inp(assay.inpMaxMs)}` +
          (b.floor
            ? `; the same part without scripts: p75 ${inp(b.floor.inpP75Ms)}, max ${inp(b.floor.inpMaxMs)}`
            : ""),
        ...browserVerdict(assay.inpP75Ms <= 16 && assay.inpMaxMs <= 50),
      },
    );
  }
  // Ratios to the floors of the same run (decision 261). A measurement that started while the
  // machine was busy (load average above the CPU count) is not judged: the note says so.
  const signIn = signInFloor(results.load);
  const judgedAgainst = (
    figures: { loadAverage?: LoadAverage }[],
    ok: boolean,
    when = judged,
  ): { met: boolean | null; note?: string } => {
    const busy = figures.map((f) => f.loadAverage).find((l) => tooBusy(l));
    if (busy && when) return { met: null, note: busyNote(busy) };
    return { met: verdict(ok, when) };
  };
  const floors = results.floors;
  const autosave = results.load.find((l) => l.path === "/v/answers");
  if (autosave) {
    const floor = floors.rawUpsert;
    const r = floor && floor.p99Ms > 0 ? autosave.p99Ms / floor.p99Ms : undefined;
    budgets.push({
      name: "autosave p99 at 20 connections, to a bare upsert's p99",
      goal: "≤ 3× the raw upsert p99, zero errors, on PostgreSQL",
      value: floor
        ? `p99 ${ms(autosave.p99Ms)} vs ${ms(floor.p99Ms)} (${ratio(autosave.p99Ms, floor.p99Ms)}), ${autosave.errors} errors`
        : `p99 ${ms(autosave.p99Ms)}, ${autosave.errors} errors; no raw upsert floor`,
      ratio: r,
      ...(floor && postgres
        ? judgedAgainst(
            [autosave, floor],
            autosave.requests > 0 && r! <= 3 && autosave.errors === 0,
          )
        : { met: null, note: "not judged on PGlite (no raw upsert floor)" }),
    });
  }
  const section = results.load.find((l) => l.path.startsWith("/v/sections/"));
  if (section?.state === "measured" && signIn) {
    const r = section.p50Ms / signIn.p50Ms;
    budgets.push({
      name: "vendor section GET p50 (300 questions), to the sign-in page's p50",
      goal: "≤ 3×",
      value: `p50 ${ms(section.p50Ms)} vs ${ms(signIn.p50Ms)} (${ratio(section.p50Ms, signIn.p50Ms)})`,
      ratio: r,
      ...judgedAgainst([section, signIn], section.requests > 0 && r <= 3),
    });
  }
  const lh = results.lighthouse;
  if (lh) {
    budgets.push({
      name: "dashboard on a phone: Lighthouse mobile performance",
      goal: "≥ 90",
      value: `${lh.performance}${auditRuns(lh)} (TBT ${ms(lh.totalBlockingTimeMs)}, LCP ${ms(lh.largestContentfulPaintMs)})`,
      ...judgedAgainst([lh], lh.performance >= 90),
    });
  }
  if (section?.documentBytes !== undefined) {
    budgets.push({
      name: "vendor section document (300 questions), before compression",
      goal: "≤ 150 KB",
      value: kb(section.documentBytes),
      met: verdict(section.documentBytes <= 150 * 1024),
    });
  }
  budgets.push({
    name: "vendor page JavaScript (gzip), to a minimal Remix 2 + React 18 page's",
    goal: "≤ 1.1×",
    value: `${kb(floors.vendorScripts.gzipBytes)} vs ${kb(floors.framework.gzipBytes)} (${ratio(floors.vendorScripts.gzipBytes, floors.framework.gzipBytes)})`,
    ratio: floors.vendorScripts.gzipBytes / floors.framework.gzipBytes,
    met: verdict(floors.vendorScripts.gzipBytes <= 1.1 * floors.framework.gzipBytes),
  });
  for (const page of results.load.filter((l) => l.name.startsWith("staff "))) {
    const label = page.name
      .slice("staff ".length)
      .replace(/\?\{compareQuery\}/, " (3 vendors)")
      .replace(/\?\{compareQuery10\}/, " (10 vendors)");
    if (page.state !== "measured" || !signIn) {
      budgets.push({
        name: `${label} p95, to the sign-in page's p95`,
        goal: "≤ 1.5×",
        value: page.state,
        met: null,
      });
      continue;
    }
    if (page.requests === 0) {
      // Not one response in the whole measurement: a miss (unless the machine was busy).
      budgets.push({
        name: `${label} p95, to the sign-in page's p95`,
        goal: "≤ 1.5×",
        value: `no response within ${page.seconds.toFixed(0)} s`,
        ...judgedAgainst([page, signIn], false),
      });
      continue;
    }
    const r = page.p95Ms / signIn.p95Ms;
    budgets.push({
      name: `${label} p95, to the sign-in page's p95`,
      goal: "≤ 1.5×",
      value: `p95 ${ms(page.p95Ms)} vs ${ms(signIn.p95Ms)} (${ratio(page.p95Ms, signIn.p95Ms)})`,
      ratio: r,
      ...judgedAgainst([page, signIn], r <= 1.5 && page.errors === 0),
    });
  }
  budgets.push({
    name: "score a 500-answer assessment (median)",
    goal: "≤ 5 ms",
    value: `${results.scoring.scoreMedianMs.toFixed(2)} ms`,
    met: verdict(results.scoring.scoreMedianMs <= 5),
  });
  const seqScans = results.queries.flatMap((q) => [
    ...(q.seqScanOfAnswers ? [q.name] : []),
    ...(q.generic?.seqScanOfAnswers ? [`${q.name} (generic plan)`] : []),
  ]);
  budgets.push({
    name: "no sequential scan of answers",
    goal: "none in any EXPLAINed query",
    value: seqScans.length ? seqScans.join("; ") : "none",
    met: verdict(seqScans.length === 0, scale === "large"),
    note:
      scale === "large"
        ? undefined
        : "judged at the large scale only (small tables may be scanned)",
  });
  return budgets;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The longest a large run may take (15 minutes, decision 437). */
export const LARGE_RUN_SECONDS = 15 * 60;

/** "took 14.2 minutes", and whether a large run passed its 15 minutes. */
export function runLength(scale: ScaleName, seconds: number): string {
  const took = `took ${(seconds / 60).toFixed(1)} minutes`;
  if (scale !== "large") return took;
  return `${took} (${seconds <= LARGE_RUN_SECONDS ? "within" : "over"} the ${LARGE_RUN_SECONDS / 60} minutes a large run may take)`;
}

export function formatResults(results: Results): string {
  const { meta } = results;
  const lines: string[] = [];
  lines.push(
    `Assay benchmark — scale ${meta.scale}, database: ${meta.database.kind} (${meta.database.label})${meta.wallSeconds === undefined ? "" : `; ${runLength(meta.scale, meta.wallSeconds)}`}`,
    `${meta.machine.cpus} CPUs (${meta.machine.cpuModel}), ${meta.machine.memoryGb} GB, ${meta.machine.os}, Node ${meta.machine.node}; load average ${meta.machine.loadAverage.start} at start, ${meta.machine.loadAverage.end} at end`,
    `Data: ${Object.entries(meta.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}`,
    "",
  );
  const b = results.browser;
  if (b) {
    lines.push(
      `1. Vendor page vs SurveyJS — 300 questions, ${meta.browser.runs} cold runs each, Chromium ${meta.browser.version}, ${meta.browser.pinning}${meta.browser.disabledFeatures ? `, features off: ${meta.browser.disabledFeatures}` : ""}`,
    );
    const row = (label: string, a: number, s: number, f: (v: number) => string) => [
      `  ${label}`,
      f(a),
      f(s),
      ratio(a, s),
    ];
    lines.push(
      table([
        ["", "Assay", "SurveyJS", "Assay/SurveyJS"],
        row("ready to type (saved), median", b.assay.readyMedianMs, b.surveyjs.readyMedianMs, ms),
        row("ready to type (saved), max", b.assay.readyMaxMs, b.surveyjs.readyMaxMs, ms),
        row("JavaScript transferred (gzip)", b.assay.jsBytes, b.surveyjs.jsBytes, kb),
        row(
          "longest task in load, median",
          b.assay.longestTaskMedianMs,
          b.surveyjs.longestTaskMedianMs,
          ms,
        ),
        row("longest task in load, max", b.assay.longestTaskMaxMs, b.surveyjs.longestTaskMaxMs, ms),
        row("q250 interactions, p75", b.assay.inpP75Ms, b.surveyjs.inpP75Ms, inp),
        row("q250 interactions, max", b.assay.inpMaxMs, b.surveyjs.inpMaxMs, inp),
        ...(b.floor
          ? [
              [
                "q250 interactions without scripts (floor), p75 / max",
                `${inp(b.floor.inpP75Ms)} / ${inp(b.floor.inpMaxMs)}`,
                "–",
                "–",
              ],
            ]
          : []),
      ]),
      "",
    );
  }
  const loadCell = (l?: LoadAverage) => (l ? `${l.before} → ${l.after}` : "–");
  const label = (l: Pick<LoadFigures, "path">) =>
    l.path.startsWith("/compare?")
      ? `/compare (${new URLSearchParams(l.path.split("?")[1]).getAll("vendor").length} vendors)`
      : l.path.length > 40
        ? `${l.path.slice(0, 37)}…`
        : l.path;
  const f = results.floors;
  const upsert = f.rawUpsert;
  lines.push(
    `2. Server under load — autocannon, 20 connections, loopback; load average before → after each (${CPUS} CPUs)`,
  );
  lines.push(
    table([
      ["", "p50", "p95", "p99", "req/s", "errors", "requests", "load avg"],
      ...(upsert
        ? [
            [
              "  floor: raw upsert (postgres.js, no app)",
              ms(upsert.p50Ms),
              ms(upsert.p95Ms),
              ms(upsert.p99Ms),
              upsert.throughputPerSecond.toFixed(0),
              String(upsert.errors),
              String(upsert.requests),
              loadCell(upsert.loadAverage),
            ],
          ]
        : [["  floor: raw upsert", "not measured (PGlite)", "", "", "", "", "", ""]]),
      ...(f.bareHttpUpsert
        ? [
            [
              "  floor: bare node:http + the upsert",
              ms(f.bareHttpUpsert.p50Ms),
              ms(f.bareHttpUpsert.p95Ms),
              ms(f.bareHttpUpsert.p99Ms),
              f.bareHttpUpsert.throughputPerSecond.toFixed(0),
              String(f.bareHttpUpsert.errors),
              String(f.bareHttpUpsert.requests),
              loadCell(f.bareHttpUpsert.loadAverage),
            ],
          ]
        : []),
      ...results.load.map((l) =>
        l.state === "measured" && l.requests === 0
          ? [
              `  ${l.method} ${label(l)}`,
              `no response within ${l.seconds.toFixed(0)} s`,
              "",
              "",
              "",
              "",
              "",
              loadCell(l.loadAverage),
            ]
          : l.state === "measured"
            ? [
                `  ${l.path === "/login" ? "floor: " : ""}${l.method} ${label(l)}${l.name === SIGN_IN_FLOOR_AGAIN ? " (again, after the pages)" : ""}`,
                ms(l.p50Ms),
                ms(l.p95Ms),
                ms(l.p99Ms),
                l.throughputPerSecond.toFixed(0),
                String(l.errors),
                String(l.requests),
                loadCell(l.loadAverage),
              ]
            : [`  ${l.method} ${l.path}`, l.state, "", "", "", "", "", ""],
      ),
    ]),
    `  JavaScript (gzip, from Remix's manifest): vendor page ${kb(f.vendorScripts.gzipBytes)} in ${f.vendorScripts.files} files; framework floor (minimal Remix 2 + React 18 page) ${kb(f.framework.gzipBytes)} in ${f.framework.files} files${f.dashboardScripts ? `; dashboard ${kb(f.dashboardScripts.gzipBytes)} in ${f.dashboardScripts.files} files` : ""}`,
    "",
  );
  const c = results.cluster;
  if (c) {
    lines.push(
      `   Cluster mode: ${c.workers} worker processes (WEB_CONCURRENCY=auto), same load; throughput against one process`,
      table([
        ["", "p50", "p95", "p99", "req/s", "errors", "× one process", "load avg"],
        ...c.load.map((l) => [
          `  ${l.method} ${label(l)}`,
          ms(l.p50Ms),
          ms(l.p95Ms),
          ms(l.p99Ms),
          l.throughputPerSecond.toFixed(0),
          String(l.errors),
          ratio(l.throughputPerSecond, oneProcess(results.load, l.path)?.throughputPerSecond ?? 0),
          loadCell(l.loadAverage),
        ]),
      ]),
      "",
    );
  } else {
    lines.push("   Cluster mode: not measured (PGlite is one process, or one CPU)", "");
  }
  const profiles = results.profiles ?? [];
  if (profiles.length > 0) {
    const floor = profiles.find((p) => p.path === "/login");
    const labels = PROFILE_GROUPS.map((g) => g.label);
    lines.push(
      `   Server CPU per request by owner, ms (a V8 profile of the one process over ${profiles[0]!.seconds.toFixed(0)} s more of each load; decision 386)`,
      table([
        ["", "CPU/req", "× /login", ...labels, "framework", "waited", "PostgreSQL"],
        ...profiles.map((p) => {
          const groups = groupedMs(p);
          return [
            `  ${p.path.startsWith("/v/answers") ? "POST" : "GET"} ${label(p)}`,
            p.busyMsPerRequest.toFixed(2),
            floor ? ratio(p.busyMsPerRequest, floor.busyMsPerRequest) : "–",
            ...labels.map((l) => groups[l]!.toFixed(2)),
            `${Math.round(frameworkShare(p) * 100)}%`,
            p.waitingMsPerRequest?.toFixed(2) ?? "–",
            p.postgresCpuMsPerRequest?.toFixed(2) ?? "–",
          ];
        }),
      ]),
      "",
    );
  }
  const mirrors = results.mirrors ?? [];
  if (mirrors.length > 0) {
    lines.push(
      `   Each page against its mirror: its own document and loader data from a minimal Remix 2 + React 18 app (no Assay code), ${mirrors[0]!.page.seconds.toFixed(0)} s each, back to back (decision 433)`,
      table([MIRROR_HEADER, ...mirrorRows(mirrors, (m) => `  ${label(m)}`)]),
      "",
    );
  }
  const s = results.scoring;
  lines.push(
    `3. Scoring (scripts/score-bench.ts)`,
    `  score one ${s.questions}-answer assessment: median ${s.scoreMedianMs.toFixed(2)} ms, p95 ${s.scoreP95Ms.toFixed(2)} ms (${s.runs} runs)`,
    `  rescore ${s.rescoreAssessments} assessments: ${(s.rescoreTotalMs / 1000).toFixed(2)} s (${s.rescorePerAssessmentMs.toFixed(2)} ms each)`,
    "",
    ...authoringLines(results.authoring),
    `4. Queries — EXPLAIN (ANALYZE, BUFFERS) on ${meta.database.kind}, with its values and as the generic plan; plans in the results file`,
    table([
      ["", "execution", "seq scan of answers", "generic plan", "its seq scan"],
      ...results.queries.map((q) => [
        `  ${q.name}`,
        `${q.executionMs.toFixed(2)} ms`,
        q.seqScanOfAnswers ? "YES" : "no",
        q.generic ? `${q.generic.executionMs.toFixed(2)} ms` : "-",
        q.generic ? (q.generic.seqScanOfAnswers ? "YES" : "no") : "-",
      ]),
    ]),
    "",
    `Budgets (goals; never fail the run; ratios are to floors measured in this run)`,
    table([
      ["", "goal", "measured", "verdict"],
      ...results.budgets.map((budget) => [
        `  ${budget.name}`,
        budget.goal,
        budget.value,
        budget.met === null
          ? `not judged${budget.note ? ` (${budget.note})` : ""}`
          : budget.met
            ? "met"
            : "MISSED",
      ]),
    ]),
  );
  return lines.join("\n");
}

export function authoringLines(a: AuthoringFigures | undefined): string[] {
  if (!a) return [];
  const lines = [
    `3b. Authoring — a ${a.questions}-question draft (${kb(a.documentBytes)} of JSON), through the app's routes`,
    `  make it from a file: ${a.createMs.map((v) => ms(v)).join(", ")}; publish 1.0.0 (whole check, hash, insert): ${a.publishMs.map((v) => ms(v)).join(", ")}`,
    `  builder page GET: median ${ms(a.builderGet.medianMs)}, max ${ms(a.builderGet.maxMs)} (${a.builderGet.runs} runs), document ${kb(a.builderGet.documentBytes)}`,
    `  save the whole draft: median ${ms(a.save.medianMs)}, max ${ms(a.save.maxMs)} (${a.save.runs} runs)`,
  ];
  if (a.browser)
    lines.push(
      `  in Chromium: open to hydrated with the problem list: median ${ms(a.browser.openMedianMs)}, max ${ms(a.browser.openMaxMs)}; type 30 characters into one question: median ${ms(a.browser.typeMedianMs)}; outline updated after the last key (250 ms settle included): median ${ms(a.browser.settleMedianMs)} (${a.browser.runs} runs)`,
    );
  lines.push("");
  return lines;
}
