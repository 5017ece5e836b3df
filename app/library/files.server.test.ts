import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { stringify } from "yaml";
import {
  QUESTIONNAIRE_DIR,
  checkQuestionnaireDir,
  contentHash,
  formatFileError,
  loadQuestionnaireLibrary,
  parseQuestionnaireYaml,
  readQuestionnaireVersion,
} from "./files.server";
import { type QuestionnaireInput } from "~/questionnaire/definition";
import {
  buildQuestionnaire,
  edited,
  questionnaireInput,
  singleChoice,
  yesNo,
} from "~/questionnaire/test-factory";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "assay-questionnaires-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const base = questionnaireInput([[yesNo("has-policy"), singleChoice("scope", ["all", "some"])]], {
  slug: "sample",
  version: "1.0.0",
});

async function put(relative: string, content: QuestionnaireInput | string): Promise<string> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === "string" ? content : stringify(content));
  return file;
}

test("a library of valid versions loads with a content hash each", async () => {
  await put("sample/1.0.0.yaml", base);
  await put(
    "sample/1.1.0.yaml",
    edited(base, (draft) => {
      draft.version = "1.1.0";
      draft.sections[0]!.questions.push(yesNo("new-question"));
    }),
  );
  await put("README.md", "Not a questionnaire.");
  const { versions, errors } = await loadQuestionnaireLibrary(root);
  expect(errors).toEqual([]);
  expect(
    versions.map((version) => [path.relative(root, version.file), version.questionnaire.version]),
  ).toEqual([
    ["sample/1.0.0.yaml", "1.0.0"],
    ["sample/1.1.0.yaml", "1.1.0"],
  ]);
  expect(versions[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(versions[0]!.hash).not.toBe(versions[1]!.hash);
});

test("a bump too small for its changes is refused, with the line and the version to use", async () => {
  await put("sample/1.0.0.yaml", base);
  const file = await put(
    "sample/1.0.1.yaml",
    edited(base, (draft) => {
      draft.version = "1.0.1";
      draft.sections[0]!.questions.push(yesNo("new-question"));
    }),
  );
  const { versions, errors } = await loadQuestionnaireLibrary(root);
  expect(versions.map((version) => version.questionnaire.version)).toEqual(["1.0.0"]);
  expect(errors).toEqual([
    {
      file,
      path: "sections[0].questions[2]",
      line: 35,
      message:
        'question "new-question" added needs a minor bump (adds a question), but 1.0.0 → 1.0.1 is a patch bump; make this version 1.1.0 (compared with 1.0.0.yaml)',
    },
  ]);
  expect(formatFileError(errors[0]!, root)).toBe(
    'sample/1.0.1.yaml:35 sections[0].questions[2]: question "new-question" added needs a minor bump (adds a question), but 1.0.0 → 1.0.1 is a patch bump; make this version 1.1.0 (compared with 1.0.0.yaml)',
  );
});

test("a version after a broken one is held back until the broken one is fixed", async () => {
  await put("sample/1.0.0.yaml", base);
  const broken = await put(
    "sample/1.1.0.yaml",
    edited(base, (draft) => {
      draft.version = "1.1.0";
      draft.title = "";
    }),
  );
  const later = await put(
    "sample/1.2.0.yaml",
    edited(base, (draft) => {
      draft.version = "1.2.0";
    }),
  );
  const { versions, errors } = await loadQuestionnaireLibrary(root);
  expect(versions.map((version) => version.questionnaire.version)).toEqual(["1.0.0"]);
  expect(errors).toEqual([
    { file: broken, path: "title", line: 3, message: "a questionnaire needs a title" },
    {
      file: later,
      path: "version",
      line: 2,
      message: "not loaded: its bump cannot be checked until 1.1.0.yaml passes its checks",
    },
  ]);
});

test("a file must sit at <slug>/<version>.yaml and say the same inside", async () => {
  const wrongSlug = await put("other/1.0.0.yaml", base);
  const wrongVersion = await put("sample/1.2.0.yaml", base);
  const badName = await put("sample/latest.yaml", base);
  const loose = await put("loose.yaml", base);
  const { versions, errors } = await loadQuestionnaireLibrary(root);
  expect(versions).toEqual([]);
  expect(errors).toEqual([
    {
      file: loose,
      path: "",
      message:
        "questionnaire files live in a folder named after their slug: move this file to <slug>/<version>.yaml",
    },
    {
      file: wrongSlug,
      path: "slug",
      line: 1,
      message:
        'slug "sample" does not match its folder "other"; a file lives at <slug>/<version>.yaml',
    },
    {
      file: wrongVersion,
      path: "version",
      line: 2,
      message: "version 1.0.0 does not match the file name 1.2.0.yaml",
    },
    { file: badName, path: "", message: "name the file after its version, e.g. sample/1.0.0.yaml" },
  ]);
});

test("the content hash ignores comments, layout and key order, and explicit defaults", async () => {
  const questionnaire = buildQuestionnaire(base);
  const reordered = parseQuestionnaireYaml(
    `# A comment\n${stringify(base, { sortMapEntries: true })}`,
  );
  const explicit = parseQuestionnaireYaml(
    stringify(
      edited(base, (draft) => {
        draft.thresholds = { low: 85, medium: 70, high: 50 };
      }),
    ),
  );
  expect(reordered.ok && contentHash(reordered.questionnaire)).toBe(contentHash(questionnaire));
  expect(explicit.ok && contentHash(explicit.questionnaire)).toBe(contentHash(questionnaire));
});

test("the content hash changes with any change of meaning", () => {
  const original = contentHash(buildQuestionnaire(base));
  const reworded = contentHash(
    buildQuestionnaire(
      edited(base, (draft) => {
        draft.description = "Reworded.";
      }),
    ),
  );
  const reweighted = contentHash(
    buildQuestionnaire(
      edited(base, (draft) => {
        (draft.sections[0]!.questions[0] as { weight: number }).weight = 4;
      }),
    ),
  );
  expect(new Set([original, reworded, reweighted]).size).toBe(3);
});

test("a YAML syntax error names its line", () => {
  expect(parseQuestionnaireYaml("slug: a\ntitle: [unclosed\n")).toEqual({
    ok: false,
    errors: [{ path: "", line: 3, message: expect.stringMatching(/^YAML syntax: /) as string }],
  });
});

test("a duplicated key is a YAML error, not a silent overwrite", () => {
  const result = parseQuestionnaireYaml("slug: a\nslug: b\n");
  expect(!result.ok && result.errors[0]?.message).toBe("YAML syntax: Map keys must be unique");
});

test("reading one version checks it against its path", async () => {
  await put("sample/1.0.0.yaml", base);
  expect((await readQuestionnaireVersion("sample", "1.0.0", root)).questionnaire?.version).toBe(
    "1.0.0",
  );
  const missing = await readQuestionnaireVersion("sample", "9.9.9", root);
  expect(missing.questionnaire).toBeUndefined();
  expect(missing.errors[0]?.message).toMatch(/^cannot read the file: ENOENT/);
});

test("a directory of loose files is checked file by file", async () => {
  // Loose drafts are held to the library rules too (decision 170): every answer that earns
  // nothing opens a finding.
  const good = edited(base, (draft) => {
    for (const question of draft.sections[0]!.questions)
      for (const option of (question as { options: Array<Record<string, unknown>> }).options)
        if (option.credit === 0)
          option.finding = { severity: "high", title: "Shortfall", remediation: "Fix it." };
  });
  await put("good.yaml", good);
  const bad = await put(
    "bad.yaml",
    edited(base, (draft) => {
      draft.audience = "everyone" as never;
    }),
  );
  const result = await checkQuestionnaireDir(root);
  expect(result.mode).toBe("files");
  expect(result.files).toBe(2);
  expect(result.versions.map((version) => path.basename(version.file))).toEqual(["good.yaml"]);
  expect(result.errors).toEqual([
    {
      file: bad,
      path: "audience",
      line: 5,
      message:
        '"everyone" is not allowed here; use one of model_api, cloud_infrastructure, data_supplier, any',
    },
  ]);
});

test("the built-in library passes every check", async () => {
  const result = await checkQuestionnaireDir(QUESTIONNAIRE_DIR);
  expect(result.errors).toEqual([]);
  expect(result.mode).toBe("library");
  expect(
    result.versions.map(
      (version) => `${version.questionnaire.slug}@${version.questionnaire.version}`,
    ),
  ).toEqual([
    "ai-agent-platform@1.0.0",
    "ai-agent-platform@1.1.0",
    "ai-features-in-saas@1.0.0",
    "ai-features-in-saas@1.1.0",
    "ai-model-vendor@1.0.0",
    "ai-model-vendor@1.1.0",
    "ai-model-vendor@2.0.0",
    "ai-model-vendor@2.1.0",
    "ai-model-vendor@2.2.0",
    "ai-model-vendor@2.3.0",
    "cloud-ai-infrastructure@1.0.0",
    "cloud-ai-infrastructure@2.0.0",
    "cloud-ai-infrastructure@2.1.0",
    "cloud-ai-infrastructure@2.2.0",
    "dataset-licensor@1.0.0",
    "dataset-licensor@1.1.0",
    "labelling-workforce@1.0.0",
    "labelling-workforce@1.1.0",
    "labelling-workforce@1.2.0",
    "mlops-model-hosting@1.0.0",
    "mlops-model-hosting@1.1.0",
    "training-data-supplier@1.0.0",
  ]);
});

test("every broken fixture fails the check, each with at least one error", async () => {
  const dir = path.join(import.meta.dirname, "..", "questionnaire", "fixtures", "broken");
  const result = await checkQuestionnaireDir(dir);
  expect(result.mode).toBe("files");
  expect(result.versions).toEqual([]);
  expect(new Set(result.errors.map((error) => error.file)).size).toBe(result.files);
  expect(await readFile(path.join(dir, "condition-cycle.yaml"), "utf8")).toContain(
    "$schema=../../../../questionnaires/schema.json",
  );
});
