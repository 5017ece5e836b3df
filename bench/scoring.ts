// Scoring figures from scripts/score-bench.ts, run as its own process so its timings are not
// disturbed by the harness: the median time to score one 500-answer assessment, and the time
// to rescore many assessments of one version.
import { spawnSync } from "node:child_process";
import path from "node:path";

export type ScoringFigures = {
  questions: number;
  scoreMedianMs: number;
  scoreP95Ms: number;
  scoreMaxMs: number;
  runs: number;
  rescoreAssessments: number;
  rescoreTotalMs: number;
  rescorePerAssessmentMs: number;
};

type ScoreBenchOutput = {
  questions: number;
  scoreMs: { median: number; p95: number; max: number; runs: number };
  rescore: { assessments: number; totalMs: number; perAssessmentMs: number };
};

export function measureScoring(runs: number, assessments: number): ScoringFigures {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const result = spawnSync(
    tsx,
    [
      "scripts/score-bench.ts",
      "--questions",
      "500",
      "--runs",
      String(runs),
      "--assessments",
      String(assessments),
    ],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`score-bench failed: ${result.stderr}`);
  const output = JSON.parse(result.stdout) as ScoreBenchOutput;
  return {
    questions: output.questions,
    scoreMedianMs: output.scoreMs.median,
    scoreP95Ms: output.scoreMs.p95,
    scoreMaxMs: output.scoreMs.max,
    runs: output.scoreMs.runs,
    rescoreAssessments: output.rescore.assessments,
    rescoreTotalMs: output.rescore.totalMs,
    rescorePerAssessmentMs: output.rescore.perAssessmentMs,
  };
}
