// The library rules (docs/decisions/170-library-rules.md): each has a broken fixture that
// breaks it and nothing else, and the old, immutable versions are exempt only as published.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { checkQuestionnaireDir, QUESTIONNAIRE_DIR } from "./files.server";
import { GRANDFATHERED, LIBRARY_RULES } from "~/questionnaire/library-rules";

const FIXTURES = path.join(import.meta.dirname, "..", "questionnaire", "fixtures");

test("each single-version rule has a broken fixture that breaks that rule alone", async () => {
  const result = await checkQuestionnaireDir(path.join(FIXTURES, "library-rules"));
  expect(result.mode).toBe("files");
  expect(result.versions).toEqual([]);
  const singleVersionRules = LIBRARY_RULES.filter(
    (rule) => rule !== "same-id-same-question" && rule !== "grandfathered-unchanged",
  );
  for (const rule of singleVersionRules) {
    const file = path.join(FIXTURES, "library-rules", `${rule}.yaml`);
    const errors = result.errors.filter((error) => error.file === file);
    expect(
      errors.map((error) => error.message),
      rule,
    ).toHaveLength(1);
    expect(errors[0]!.message, rule).toMatch(new RegExp(`\\[library rule ${rule}\\]$`));
    expect(errors[0]!.line, rule).toBeGreaterThan(0);
  }
});

test("the rules' messages say what to do", async () => {
  const result = await checkQuestionnaireDir(path.join(FIXTURES, "library-rules"));
  const message = (rule: string) =>
    result.errors.find((error) => error.file.endsWith(`/${rule}.yaml`))?.message;
  expect(message("date-never-path")).toBe(
    '"last-pentest-date" asks for a date with no way to say "never" or "not applicable": follow up a question that offers "never" (showIf), or set allowNA [library rule date-never-path]',
  );
  expect(message("optional-weighted")).toBe(
    '"bias-documentation" is shown as optional but has weight 2, so skipping it costs points; make it required or give it weight 0 [library rule optional-weighted]',
  );
  expect(message("shortfall-finding")).toBe(
    '"customer-log-coverage": an answer that earns 0.3 (half the credit or less) must open a finding saying what is missing, or the shortfall passes silently [library rule shortfall-finding]',
  );
  expect(message("coverage-multiple-choice")).toContain(
    'options "datasets", "checkpoints", "scratch" earn part credit',
  );
});

test("a question id shared by two questionnaires must score the same in both", async () => {
  const dir = path.join(FIXTURES, "library-rules-shared-id");
  const result = await checkQuestionnaireDir(dir);
  expect(result.mode).toBe("library");
  expect(result.errors).toEqual([
    {
      file: path.join(dir, "beta", "1.0.0.yaml"),
      path: "sections[0].questions[0]",
      line: 14,
      message:
        '"incident-notification-hours" is also a question in alpha 1.0.0 but differs in bands; the same id must ask and score the same thing everywhere (weights may differ), so align them or give this question its own id [library rule same-id-same-question]',
    },
  ]);
});

test("the versions published before the rules are exempt, listed, and only while unchanged", async () => {
  const result = await checkQuestionnaireDir(QUESTIONNAIRE_DIR);
  expect(result.errors).toEqual([]);
  // Every fixture file is one rule's; no rule is left without one.
  expect(
    (await readdir(path.join(FIXTURES, "library-rules")))
      .map((name) => name.replace(".yaml", ""))
      .sort(),
  ).toEqual(
    LIBRARY_RULES.filter(
      (rule) => rule !== "same-id-same-question" && rule !== "grandfathered-unchanged",
    ).sort(),
  );
  expect(result.grandfathered).toEqual(Object.keys(GRANDFATHERED));

  // A copy of the library with one grandfathered file edited (a wording-only change that the
  // format alone accepts) loses the exemption and is held to the rules.
  const root = await mkdtemp(path.join(tmpdir(), "assay-rules-"));
  try {
    await cp(QUESTIONNAIRE_DIR, root, { recursive: true });
    const file = path.join(root, "training-data-supplier", "1.0.0.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("title: Training data and", "title: Training-data and"));
    expect(text).toContain("title: Training data and");
    const edited = await checkQuestionnaireDir(root);
    const messages = edited.errors.filter((error) => error.file === file).map((e) => e.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^training-data-supplier@1\.0\.0 was published before the library rules/,
      ),
    );
    expect(messages).toContainEqual(expect.stringContaining("[library rule optional-weighted]"));
    expect(edited.grandfathered).not.toContain("training-data-supplier@1.0.0");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
