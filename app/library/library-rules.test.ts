// The library rules (docs/decisions/170-library-rules.md): each has a broken fixture that
// breaks it and nothing else, and the old, immutable versions are exempt only as published.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { checkQuestionnaireDir, loadQuestionnaireLibrary, QUESTIONNAIRE_DIR } from "./files.server";
import { compareVersions } from "~/questionnaire/diff";
import {
  checkVersionRules,
  claimEvidenceFor,
  GRANDFATHERED,
  isGrandfathered,
  isKnockoutEvidenceExempt,
  LIBRARY_RULES,
  PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE,
} from "~/questionnaire/library-rules";

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
  expect(message("knockout-evidence")).toBe(
    '"stored-data-encryption" can knock a supplier out, but an answer that claims the control needs no evidence; a claim that decides whether the supplier passes must be backed by a file. Add a required evidence question shown after the answers that claim the control (showIf on "stored-data-encryption"), or set evidence: required [library rule knockout-evidence]',
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

test("a knockout's claim needs required evidence; versions published before the rule are exempt only as published", async () => {
  const library = await loadQuestionnaireLibrary(QUESTIONNAIRE_DIR);
  const find = (key: string) =>
    library.versions.find(
      (version) => `${version.questionnaire.slug}@${version.questionnaire.version}` === key,
    )!;
  // The published 2.2.0 is exempt with its recorded hash …
  const published = find("ai-model-vendor@2.2.0");
  expect(PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE["ai-model-vendor@2.2.0"]).toBe(published.hash);
  expect(checkVersionRules(published)).toEqual([]);
  // … and held to the rule with any other content: its seven knockout claims carry no file.
  const edited = checkVersionRules({ ...published, hash: "edited" });
  expect(edited.map((error) => error.rule)).toEqual(Array(7).fill("knockout-evidence"));
  expect(edited.map((error) => /^"([^"]+)"/.exec(error.message)![1])).toEqual([
    "customer-data-use",
    "data-location-commitment",
    "stored-data-encryption",
    "retrieval-index-isolation",
    "vendor-state-control",
    "staff-access-to-customer-data",
    "incident-notification-contract",
  ]);
  // The versions that fix it are not exempt, and meet it.
  for (const key of [
    "ai-model-vendor@2.3.0",
    "cloud-ai-infrastructure@2.2.0",
    "ai-agent-platform@1.1.0",
    "ai-features-in-saas@1.1.0",
    "dataset-licensor@1.1.0",
    "labelling-workforce@1.2.0",
    "mlops-model-hosting@1.1.0",
  ]) {
    expect(Object.hasOwn(PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE, key), key).toBe(false);
    expect(checkVersionRules({ ...find(key), hash: "not-exempt" }), key).toEqual([]);
  }
  // The follow-up pattern: a pentest summary gated on the test's recency backs the follow-up
  // claim "no critical finding is overdue" too.
  const model = find("ai-model-vendor@2.3.0").questionnaire;
  const questions = model.sections.flatMap((section) => section.questions);
  const overdue = questions.find((question) => question.id === "pentest-open-critical-overdue")!;
  expect(claimEvidenceFor(overdue, questions)?.id).toBe("pentest-summary");
});

test("only superseded versions are exempt from knockout-evidence; the check lists them, and the newest version of every slug meets the rule", async () => {
  const result = await checkQuestionnaireDir(QUESTIONNAIRE_DIR);
  expect(result.errors).toEqual([]);
  expect(result.knockoutEvidenceExempt).toEqual(Object.keys(PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE));
  const newest = new Map<string, (typeof result.versions)[number]>();
  for (const version of result.versions) {
    const seen = newest.get(version.questionnaire.slug);
    if (!seen || compareVersions(seen.questionnaire.version, version.questionnaire.version) < 0)
      newest.set(version.questionnaire.slug, version);
  }
  for (const [slug, version] of newest) {
    if (isGrandfathered(version)) continue;
    expect(isKnockoutEvidenceExempt(version), slug).toBe(false);
    expect(checkVersionRules({ ...version, hash: "not-exempt" }), slug).toEqual([]);
  }

  // Without its 1.1.0, ai-agent-platform 1.0.0 is the newest version again, and its exemption
  // no longer holds: what is sent by default must back its knockout claims.
  const root = await mkdtemp(path.join(tmpdir(), "assay-rules-"));
  try {
    await cp(QUESTIONNAIRE_DIR, root, { recursive: true });
    await rm(path.join(root, "ai-agent-platform", "1.1.0.yaml"));
    const check = await checkQuestionnaireDir(root);
    expect(check.errors).toEqual([
      {
        file: path.join(root, "ai-agent-platform", "1.0.0.yaml"),
        path: "version",
        line: 3,
        message:
          "ai-agent-platform@1.0.0 is exempt from rule knockout-evidence only as a published version that a newer one replaces, but it is the newest version of ai-agent-platform; publish a new version in which every claim that decides a knockout requires evidence [library rule knockout-evidence]",
      },
    ]);
    expect(check.knockoutEvidenceExempt).not.toContain("ai-agent-platform@1.0.0");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
