// What each --scale loads and how long each measurement runs.
export type ScaleName = "tiny" | "small" | "large";

export type Scale = {
  name: ScaleName;
  vendors: number;
  assessments: number;
  /** Share of the assessments on the 300-question benchmark version (in progress, 90% answered). */
  benchShare: number;
  /** Browser runs per page (Assay and SurveyJS). */
  browserRuns: number;
  /** Lighthouse audits of the dashboard; the median one is judged (decision 404). */
  lighthouseRuns: number;
  /** Seconds per autocannon run. */
  loadSeconds: number;
  /** Seconds of load under the CPU profiler, per measured request kind (decision 386). */
  profileSeconds: number;
  /** Seconds of load on each page and on its mirror, back to back (decision 433). */
  mirrorSeconds: number;
  /** Assessments whose vendor sessions the autosave load spreads its writes over. */
  autosavePool: number;
  /** Runs of one 500-answer score, and assessments rescored. */
  scoreRuns: number;
  rescoreAssessments: number;
  /** Saves, builder loads and browser opens of the 300-question draft (authoring figures). */
  authoringRuns: number;
  /** Whether budgets are judged as goals (tiny only reports them, marked "not judged"). */
  judged: boolean;
  /** Longest wait, before each measurement, for the load average to fall to the CPU count. */
  settleSeconds: number;
};

export const SCALES: Record<ScaleName, Scale> = {
  tiny: {
    name: "tiny",
    profileSeconds: 2,
    mirrorSeconds: 1,
    vendors: 40,
    assessments: 120,
    benchShare: 0.1,
    browserRuns: 1,
    lighthouseRuns: 1,
    loadSeconds: 3,
    autosavePool: 6,
    scoreRuns: 200,
    rescoreAssessments: 500,
    authoringRuns: 2,
    judged: false,
    settleSeconds: 0,
  },
  small: {
    name: "small",
    profileSeconds: 5,
    mirrorSeconds: 3,
    vendors: 1_000,
    assessments: 3_000,
    benchShare: 0.1,
    browserRuns: 10,
    lighthouseRuns: 3,
    loadSeconds: 30,
    autosavePool: 40,
    scoreRuns: 2_000,
    rescoreAssessments: 10_000,
    authoringRuns: 10,
    judged: true,
    settleSeconds: 30,
  },
  large: {
    name: "large",
    // 4 s profiles, 2 s mirrors, 8 browser runs and 6 authoring runs: room for the second
    // sign-in floor (decision 412) and the mirrors (decision 433) in the 15 minutes (decision 437).
    profileSeconds: 4,
    mirrorSeconds: 2,
    vendors: 10_000,
    assessments: 30_000,
    benchShare: 0.1,
    browserRuns: 8,
    lighthouseRuns: 3,
    // 12 s runs (decisions 386 and 437): at 20 connections each still serves thousands of
    // requests, and the load average a run leaves falls back to the CPU count sooner, so the run
    // fits 15 minutes.
    loadSeconds: 12,
    autosavePool: 40,
    scoreRuns: 2_000,
    rescoreAssessments: 10_000,
    authoringRuns: 6,
    judged: true,
    settleSeconds: 30,
  },
};
