// The questionnaire CLIs as a user runs them: exit codes and what they print.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

async function run(
  script: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      TSX,
      [path.join("scripts", script), ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("questionnaires:check passes on the library", async () => {
  const result = await run("questionnaires-check.ts");
  expect(result).toMatchObject({ code: 0, stderr: "" });
  // Every version file in the library, counted rather than named: new versions land often.
  const versions = (await readdir(path.join(ROOT, "questionnaires"), { recursive: true })).filter(
    (f) => /\.ya?ml$/.test(String(f)),
  ).length;
  expect(result.stdout).toBe(
    `✓ ${versions} questionnaire version(s) in questionnaires are valid\n` +
      "  published before the library rules, unchanged and exempt (decision 170): ai-model-vendor@1.0.0, ai-model-vendor@1.1.0, cloud-ai-infrastructure@1.0.0, training-data-supplier@1.0.0\n" +
      "  published before rule knockout-evidence, unchanged, superseded and exempt from it alone (decision 301): ai-agent-platform@1.0.0, ai-features-in-saas@1.0.0, ai-model-vendor@2.0.0, ai-model-vendor@2.1.0, ai-model-vendor@2.2.0, cloud-ai-infrastructure@2.0.0, cloud-ai-infrastructure@2.1.0, dataset-licensor@1.0.0, labelling-workforce@1.0.0, labelling-workforce@1.1.0, mlops-model-hosting@1.0.0\n",
  );
});

test("questionnaires:check fails on the broken fixtures with file, line, path and message", async () => {
  const result = await run("questionnaires-check.ts", "app/questionnaire/fixtures/broken");
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(
    'app/questionnaire/fixtures/broken/condition-unknown-question.yaml:33 sections[0].questions[1].showIf.equals.question: no question has the id "has-polcy" (did you mean "has-policy"?)\n',
  );
  expect(result.stderr).toMatch(
    /✗ 39 error\(s\) in 39 of 39 file\(s\) in app\/questionnaire\/fixtures\/broken\n$/,
  );
});

test("questionnaires:diff prints the changes and approves a large enough bump", async () => {
  const result = await run("questionnaires-diff.ts", "ai-model-vendor", "1.0.0", "1.1.0");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^ai-model-vendor 1\.0\.0 → 1\.1\.0\nRequired bump: minor\n/);
  expect(result.stdout).toContain("  + deletion-at-exit (data-use): ");
  expect(result.stdout).toContain("      weight: 4 → 5  [minor: changes scoring]");
  expect(result.stdout).toContain("✓ 1.0.0 → 1.1.0 is a minor bump, enough for these changes.");
});

test("questionnaires:diff explains a missing version and usage", async () => {
  const missing = await run("questionnaires-diff.ts", "ai-model-vendor", "1.0.0", "9.0.0");
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(
    /^questionnaires\/ai-model-vendor\/9\.0\.0\.yaml \(file\): cannot read the file: ENOENT/,
  );
  const usage = await run("questionnaires-diff.ts", "ai-model-vendor");
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("Usage: questionnaires-diff <slug> <from> <to>");
});

test("questionnaires:diff fails when the newer version's bump is too small", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "assay-diff-"));
  try {
    const slugDir = path.join(dir, "ai-model-vendor");
    await cp(
      path.join(ROOT, "questionnaires", "ai-model-vendor", "1.0.0.yaml"),
      path.join(slugDir, "1.0.0.yaml"),
      { recursive: true },
    );
    const text = await readFile(path.join(slugDir, "1.0.0.yaml"), "utf8");
    const patched = text
      .replace("version: 1.0.0", "version: 1.0.1")
      .replace(/(id: version-pinning[\s\S]*?weight: )2/, "$13");
    await writeFile(path.join(slugDir, "1.0.1.yaml"), patched);
    const result = await run("questionnaires-diff.ts", "ai-model-vendor", "1.0.0", "1.0.1", dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        "",
        "✗ 1.0.0 → 1.0.1 is a patch bump, too small for these changes:",
        '  sections[5].questions[4].weight: question "version-pinning": weight changed from 2 to 3 needs a minor bump (changes scoring), but 1.0.0 → 1.0.1 is a patch bump; make this version 1.1.0',
        "",
      ].join("\n"),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
