// The printed table and the budgets. Budgets are goals: each is reported as met, missed, or
// not judged (tiny scale; a PGlite run for PostgreSQL budgets; the dashboard and compare
// budgets below the large scale) and never fails the run.
import { type PageSummary } from "./browser";
import { type DatabaseKind } from "./database";
import { type ExplainFigures } from "./explain";
import { type LoadFigures } from "./load";
import { type ScaleName } from "./scales";
import { type ScoringFigures } from "./scoring";

export type Budget = {
  name: string;
  goal: string;
  value: string;
  /** true met, false missed, null not judged. */
  met: boolean | null;
  note?: string;
};

export type Results = {
  meta: {
    startedAt: string;
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
    durations: Record<string, number>;
  };
  browser: { assay: PageSummary; surveyjs: PageSummary } | null;
  load: LoadFigures[];
  scoring: ScoringFigures;
  queries: ExplainFigures[];
  budgets: Budget[];
};

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");
const inp = (v: number) => (v < 16 ? "<16 ms" : ms(v));

export function judgeBudgets(results: Omit<Results, "budgets">): Budget[] {
  const { scale } = results.meta;
  const postgres = results.meta.database.kind === "postgres";
  const judged = scale !== "tiny";
  const verdict = (ok: boolean, when = judged) => (when ? ok : null);
  const budgets: Budget[] = [];
  const b = results.browser;
  if (b) {
    const { assay, surveyjs } = b;
    budgets.push(
      {
        name: "300 questions ready to type: hydrated and first character saved (median)",
        goal: "≤ 1.5 s and ≥ 2× sooner than SurveyJS",
        value: `${ms(assay.readyMedianMs)} vs ${ms(surveyjs.readyMedianMs)} (${ratio(assay.readyMedianMs, surveyjs.readyMedianMs)})`,
        met: verdict(
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
        goal: "p75 ≤ 100 ms, max ≤ 200 ms",
        value: `p75 ${inp(assay.inpP75Ms)}, max ${inp(assay.inpMaxMs)}`,
        met: verdict(assay.inpP75Ms <= 100 && assay.inpMaxMs <= 200),
      },
    );
  }
  const autosave = results.load.find((l) => l.path === "/v/answers");
  if (autosave) {
    budgets.push({
      name: "autosave at 20 connections",
      goal: "p99 ≤ 100 ms, zero errors, on PostgreSQL",
      value: `p99 ${ms(autosave.p99Ms)}, ${autosave.errors} errors`,
      met: verdict(autosave.p99Ms <= 100 && autosave.errors === 0, judged && postgres),
      note: postgres ? undefined : "not judged on PGlite",
    });
  }
  for (const path of ["/dashboard", "/compare"]) {
    const figures = results.load.find((l) => l.path.startsWith(path));
    budgets.push({
      name: `${path} p95 at the large scale`,
      goal: "≤ 100 ms",
      value:
        figures?.state === "measured" ? `p95 ${ms(figures.p95Ms)}` : (figures?.state ?? "not run"),
      met: figures?.state === "measured" ? verdict(figures.p95Ms <= 100, scale === "large") : null,
      note: scale === "large" ? undefined : "judged at the large scale only",
    });
  }
  budgets.push({
    name: "score a 500-answer assessment (median)",
    goal: "≤ 5 ms",
    value: `${results.scoring.scoreMedianMs.toFixed(2)} ms`,
    met: verdict(results.scoring.scoreMedianMs <= 5),
  });
  const seqScans = results.queries.filter((q) => q.seqScanOfAnswers);
  budgets.push({
    name: "no sequential scan of answers",
    goal: "none in any EXPLAINed query",
    value: seqScans.length ? seqScans.map((q) => q.name).join("; ") : "none",
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

export function formatResults(results: Results): string {
  const { meta } = results;
  const lines: string[] = [];
  lines.push(
    `Assay benchmark — scale ${meta.scale}, database: ${meta.database.kind} (${meta.database.label})`,
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
      ]),
      "",
    );
  }
  lines.push(`2. Server under load — autocannon, 20 connections, loopback`);
  lines.push(
    table([
      ["", "p50", "p95", "p99", "req/s", "errors", "requests"],
      ...results.load.map((l) =>
        l.state === "measured" && l.requests === 0
          ? [
              `  ${l.method} ${l.path}`,
              `no response within ${l.seconds.toFixed(0)} s`,
              "",
              "",
              "",
              "",
              "",
            ]
          : l.state === "measured"
            ? [
                `  ${l.method} ${l.path.length > 40 ? `${l.path.slice(0, 37)}…` : l.path}`,
                ms(l.p50Ms),
                ms(l.p95Ms),
                ms(l.p99Ms),
                l.throughputPerSecond.toFixed(0),
                String(l.errors),
                String(l.requests),
              ]
            : [`  ${l.method} ${l.path}`, l.state, "", "", "", "", ""],
      ),
    ]),
    "",
  );
  const s = results.scoring;
  lines.push(
    `3. Scoring (scripts/score-bench.ts)`,
    `  score one ${s.questions}-answer assessment: median ${s.scoreMedianMs.toFixed(2)} ms, p95 ${s.scoreP95Ms.toFixed(2)} ms (${s.runs} runs)`,
    `  rescore ${s.rescoreAssessments} assessments: ${(s.rescoreTotalMs / 1000).toFixed(2)} s (${s.rescorePerAssessmentMs.toFixed(2)} ms each)`,
    "",
    `4. Queries — EXPLAIN (ANALYZE, BUFFERS) on ${meta.database.kind}, plans in the results file`,
    table([
      ["", "execution", "seq scan of answers"],
      ...results.queries.map((q) => [
        `  ${q.name}`,
        `${q.executionMs.toFixed(2)} ms`,
        q.seqScanOfAnswers ? "YES" : "no",
      ]),
    ]),
    "",
    `Budgets (goals; never fail the run)`,
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
