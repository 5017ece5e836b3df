// The score CLI as an author runs it: JSON and table output on the worked example, and clear
// errors for bad answers, profiles and usage.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ENGINE_VERSION } from "~/scoring/engine";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const EXAMPLE = "docs/examples/example-vendor.yaml";
const ANSWERS = "docs/examples/example-vendor.answers.json";
const PROFILE = "docs/examples/example-vendor.profile.json";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "assay-score-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      TSX,
      [path.join("scripts", "score.ts"), ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function tempFile(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

test("score prints the worked example's full result as JSON", async () => {
  const result = await run(EXAMPLE, ANSWERS, "--profile", PROFILE, "--as-of", "2025-06-30");
  expect(result).toMatchObject({ code: 0, stderr: "" });
  const json = JSON.parse(result.stdout) as Record<string, unknown> & {
    overall: number;
    sections: Array<{ score: number }>;
    findings: Array<{ key: string }>;
    questions: unknown[];
  };
  expect(json).toMatchObject({
    engineVersion: ENGINE_VERSION,
    questionnaire: { slug: "example-vendor", version: "1.0.0" },
    asOf: "2025-06-30",
    possible: 32,
    residualTier: "High",
    inherentTier: "High",
    riskRating: "High",
    knockouts: [],
    warnings: [],
  });
  // 100 × 16.1 / 32, and sections 3.8 / 11 and 8.5 / 10 (docs/scoring.md)
  expect(json.overall).toBeCloseTo(50.3125, 9);
  expect(json.sections.map((section) => section.score)).toEqual([
    expect.closeTo(100 * (3.8 / 11), 9),
    85,
  ]);
  expect(json.findings.map((finding) => finding.key)).toEqual([
    "customer-data-training/option:opt-out",
    "retention-days/band:2",
  ]);
  expect(json.questions).toHaveLength(13);
});

test("score --table prints a report sorted by the points each question cost", async () => {
  const result = await run(
    EXAMPLE,
    ANSWERS,
    "--profile",
    PROFILE,
    "--as-of",
    "2025-06-30",
    "--table",
  );
  expect(result).toMatchObject({ code: 0, stderr: "" });
  const lines = result.stdout.split("\n");
  expect(lines.slice(0, 8)).toEqual([
    "Example vendor assessment — example-vendor 1.0.0",
    `Engine ${ENGINE_VERSION}, dates judged on 2025-06-30`,
    "",
    "Overall score  50.3",
    "Residual tier  High  Overall 50.31 is at or above 50, the High threshold → High.",
    "Inherent tier  High",
    "Risk rating    High",
    "",
  ]);
  expect(result.stdout).toContain("  Use of our data (data-use)  2  34.5   3.8 / 11\n");
  const questionRows = lines.filter((line) =>
    /^ {2}(customer-data-training|retention-days|certifications) /.test(line),
  );
  expect(questionRows.map((line) => line.trim().split(/\s+/)[0])).toEqual([
    "customer-data-training",
    "retention-days",
    "certifications",
  ]);
  expect(questionRows[0]).toMatch(
    /scored\s+2\s+5\s+0\.2\s+2 \/ 10\s+25\.0\s+“Yes, unless we opt out” earns 0\.2\./,
  );
});

test("score --verified gives the current score", async () => {
  const result = await run(
    EXAMPLE,
    ANSWERS,
    "--as-of",
    "2025-06-30",
    "--verified",
    "customer-data-training, retention-days",
  );
  expect(result.code).toBe(0);
  const json = JSON.parse(result.stdout) as { overall: number; verifiedQuestionIds: string[] };
  // Both count at 1: 100 × (16.1 + 2·5·0.8 + 2·4·0.8) / 32 = 100 × 30.5 / 32
  expect(json.overall).toBeCloseTo((100 * 30.5) / 32, 9);
  expect(json.verifiedQuestionIds).toEqual(["customer-data-training", "retention-days"]);
});

test("score refuses an answers file with unknown ids, wrong types and N/A where not allowed", async () => {
  const answers = await tempFile("bad.json", {
    "customer-data-training": "sometimes",
    "retention-days": "45",
    "red-teaming": { na: "We do not train models." },
    certificatons: ["iso-27001"],
  });
  const result = await run(EXAMPLE, answers, "--as-of", "2025-06-30");
  expect(result.code).toBe(1);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(
    [
      `${answers} "customer-data-training": "sometimes" is not an option; use one of "never", "opt-out", "default-on"`,
      `${answers} "retention-days": expected a number of days, found "45"`,
      `${answers} "red-teaming": N/A is not allowed for this question (it does not set allowNA)`,
      `${answers} "certificatons": no question has this id (did you mean "certifications"?)`,
      "",
      `✗ 4 problem(s) in ${answers}`,
      "",
    ].join("\n"),
  );
});

test("score explains a bad profile", async () => {
  const profile = await tempFile("profile.json", { dataAccess: "everything", criticality: "low" });
  const badProfile = await run(EXAMPLE, ANSWERS, "--profile", profile, "--as-of", "2025-06-30");
  expect(badProfile.code).toBe(1);
  expect(badProfile.stderr).toBe(
    `${profile} dataAccess: "everything" is not allowed; use one of none, business, confidential, training_or_model\n`,
  );
});

test("score explains bad JSON and a bad date", async () => {
  const notJson = await tempFile("broken.json", "{ nope");
  const broken = await run(EXAMPLE, notJson);
  expect(broken.code).toBe(1);
  expect(broken.stderr).toMatch(new RegExp(`^${notJson}: not valid JSON: `));

  const date = await run(EXAMPLE, ANSWERS, "--as-of", "2025-02-30");
  expect(date).toMatchObject({
    code: 2,
    stderr: '--as-of must be a real date written YYYY-MM-DD, got "2025-02-30"\n',
  });
});

test("score explains wrong usage and a missing questionnaire file", async () => {
  const usage = await run(EXAMPLE);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("Usage: score <questionnaire.yaml> <answers.json>");

  const missing = await run("questionnaires/nope/1.0.0.yaml", ANSWERS);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/cannot read the file: ENOENT/);
});

test("score runs on a library questionnaire with its fixture answers", async () => {
  const result = await run(
    "questionnaires/cloud-ai-infrastructure/1.0.0.yaml",
    "app/scoring/fixtures/cloud-ai-infrastructure-1.0.0.worst.json",
    "--as-of",
    "2025-06-30",
    "--table",
  );
  expect(result.code).toBe(0);
  // The numbers docs/scoring.md documents for this file
  expect(result.stdout).toContain("\nOverall score  1.1\n");
  expect(result.stdout).toContain("\nKnockouts (9)\n");
  expect(result.stdout).toContain("\nFindings (22)\n");
});
