// The spreadsheet CLIs as a user runs them: exit codes, what they print, what they write.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import prettier from "prettier";
import { afterEach, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
// Each run starts tsx and loads exceljs: a few seconds alone, far more when the suite runs in parallel.
const CLI_TIMEOUT = 120_000;

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

const temporary: string[] = [];
afterEach(async () => {
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "assay-spreadsheet-cli-"));
  temporary.push(dir);
  return dir;
}

test(
  "export to XLSX, import into a library: a new version file that passes questionnaires:check",
  async () => {
    const dir = await temporaryDir();
    const xlsx = path.join(dir, "amv.xlsx");
    const exported = await run(
      "questionnaires-export.ts",
      "ai-model-vendor",
      "1.1.0",
      "--out",
      xlsx,
    );
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(exported.stdout).toContain(
      "ai-model-vendor 1.1.0, full export with scoring (for staff; use --vendor for a copy to send to a vendor)",
    );

    const library = path.join(dir, "library");
    const imported = await run("questionnaires-import.ts", xlsx, "--out", library);
    expect(imported).toMatchObject({ code: 0, stderr: "" });
    expect(imported.stdout).toMatch(
      /^✓ .*library\/ai-model-vendor\/1\.1\.0\.yaml: AI model and API vendor security assessment 1\.1\.0, 33 question\(s\) in 6 section\(s\)\n$/,
    );
    const file = path.join(library, "ai-model-vendor", "1.1.0.yaml");
    const text = await readFile(file, "utf8");
    expect(text.startsWith("# yaml-language-server: $schema=../schema.json\n")).toBe(true);
    expect(
      await prettier.check(text, { ...(await prettier.resolveConfig(file)), parser: "yaml" }),
    ).toBe(true);

    const check = await run("questionnaires-check.ts", library);
    expect(check).toMatchObject({ code: 0, stderr: "" });
    // The round trip keeps the content hash, so the old version stays exempt from the
    // library rules it predates (decision 170).
    expect(check.stdout).toBe(
      `✓ 1 questionnaire version(s) in ${path.relative(ROOT, library)} are valid\n` +
        "  published before the library rules, unchanged and exempt (decision 170): ai-model-vendor@1.1.0\n",
    );
  },
  CLI_TIMEOUT,
);

test(
  "import refuses to overwrite a published version, and says what to do",
  async () => {
    const dir = await temporaryDir();
    const library = path.join(dir, "library");
    await cp(path.join(ROOT, "questionnaires"), library, { recursive: true });
    const csv = path.join(dir, "amv.csv");
    expect(
      (await run("questionnaires-export.ts", "ai-model-vendor", "1.1.0", "--out", csv)).code,
    ).toBe(0);
    // The changelog has commas, so its cell is quoted.
    const edited = (await readFile(csv, "utf8")).replace(
      'meta,changelog,"',
      'meta,changelog,"Clearer wording. ',
    );
    await writeFile(csv, edited);
    const before = await readFile(path.join(library, "ai-model-vendor", "1.1.0.yaml"), "utf8");

    const result = await run("questionnaires-import.ts", csv, "--out", library);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${path.join(library, "ai-model-vendor", "1.1.0.yaml")} already exists, and a published version never changes: set the version to 3.0.0 (a major bump from 2.3.0 covers these changes) and import again\n\n✗ ai-model-vendor 1.1.0 was not written\n`,
    );
    expect(await readFile(path.join(library, "ai-model-vendor", "1.1.0.yaml"), "utf8")).toBe(
      before,
    );
  },
  CLI_TIMEOUT,
);

test(
  "import prints every bad cell as Sheet!A1 (Column) and writes nothing",
  async () => {
    const dir = await temporaryDir();
    const result = await run(
      "questionnaires-import.ts",
      "app/library/fixtures/spreadsheets/broken/credit-out-of-range.csv",
      "--out",
      dir,
    );
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      "'credit-out-of-range'!S13 (Credit): credit is between 0 and 1\n\n✗ 1 problem(s) in app/library/fixtures/spreadsheets/broken/credit-out-of-range.csv; nothing was written\n",
    );
    await expect(stat(path.join(dir, "example-vendor"))).rejects.toThrow(/ENOENT/);
  },
  CLI_TIMEOUT,
);

test(
  "a vendor copy leaves out the scoring, and cannot be imported by mistake",
  async () => {
    const dir = await temporaryDir();
    const xlsx = path.join(dir, "vendor.xlsx");
    const exported = await run(
      "questionnaires-export.ts",
      "training-data-supplier",
      "1.0.0",
      "--vendor",
      "--out",
      xlsx,
    );
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(exported.stdout).toContain("training-data-supplier 1.0.0, vendor copy without scoring");
    const imported = await run("questionnaires-import.ts", xlsx, "--out", dir);
    expect(imported.code).toBe(1);
    expect(imported.stderr.split("\n")[0]).toBe(
      "Questions: there is no Weight or Credit column, so nothing is scored; if this is a vendor copy (exported with --vendor), import the full export instead",
    );
  },
  CLI_TIMEOUT,
);

test(
  "export keeps an existing file unless told to replace it",
  async () => {
    const dir = await temporaryDir();
    const out = path.join(dir, "filled-in.xlsx");
    await writeFile(out, "a vendor's answers");
    const kept = await run("questionnaires-export.ts", "ai-model-vendor", "1.0.0", "--out", out);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toMatch(
      /filled-in\.xlsx already exists; choose another --out, or add --force to replace it\n$/,
    );
    expect(await readFile(out, "utf8")).toBe("a vendor's answers");
    const replaced = await run(
      "questionnaires-export.ts",
      "ai-model-vendor",
      "1.0.0",
      "--out",
      out,
      "--force",
    );
    expect(replaced.code).toBe(0);
    expect((await readFile(out)).subarray(0, 2).toString()).toBe("PK");
  },
  CLI_TIMEOUT,
);

test(
  "both CLIs explain their usage and a missing version",
  async () => {
    const noFile = await run("questionnaires-import.ts");
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain(
      "Usage: questionnaires-import <file.xlsx|file.csv> [--out questionnaires]",
    );
    const wrongKind = await run("questionnaires-import.ts", "README.md");
    expect(wrongKind).toMatchObject({ code: 1 });
    expect(wrongKind.stderr).toContain('Workbook: cannot import a ".md" file: use .xlsx or .csv');
    const noVersion = await run("questionnaires-export.ts", "ai-model-vendor");
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toContain("Usage: questionnaires-export <slug> <version>");
    const missing = await run("questionnaires-export.ts", "ai-model-vendor", "9.9.9");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^questionnaires\/ai-model-vendor\/9\.9\.9\.yaml \(file\): cannot read the file: ENOENT/,
    );
  },
  CLI_TIMEOUT,
);
