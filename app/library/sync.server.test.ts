import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { contentHash, QUESTIONNAIRE_DIR } from "./files.server";
import {
  getQuestionnaireVersion,
  LibraryRefusedError,
  listLibrary,
  syncQuestionnaireLibrary,
} from "./sync.server";

let t: TestDatabase;
let root: string;
beforeAll(async () => {
  t = await createTestDatabase();
  root = mkdtempSync(path.join(tmpdir(), "assay-library-"));
  cpSync(QUESTIONNAIRE_DIR, root, { recursive: true });
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await t.dispose();
});

const file = (slug: string, version: string) => path.join(root, slug, `${version}.yaml`);

test("the library is recorded once, with content hashes, and a second start changes nothing", async () => {
  const first = await syncQuestionnaireLibrary(t.db, { root });
  expect(first.recorded).toEqual(
    expect.arrayContaining([
      "ai-model-vendor@1.0.0",
      "ai-model-vendor@1.1.0",
      "cloud-ai-infrastructure@1.0.0",
    ]),
  );
  const second = await syncQuestionnaireLibrary(t.db, { root });
  expect(second.recorded).toEqual([]);
  expect(second.unchanged.sort()).toEqual(first.recorded.sort());
  const stored = await getQuestionnaireVersion(t.db, "ai-model-vendor", "1.1.0");
  expect(stored?.contentHash).toBe(contentHash(stored!.questionnaire));
  const library = await listLibrary(t.db);
  expect(library.find((g) => g.slug === "ai-model-vendor")?.versions.map((v) => v.version)).toEqual(
    ["2.3.0", "2.2.0", "2.1.0", "2.0.0", "1.1.0", "1.0.0"],
  );
  expect(library.flatMap((g) => g.versions).every((v) => v.assessmentCount === 0)).toBe(true);
});

test("editing a recorded version's file is refused with the diff; bumping the version is accepted", async () => {
  await syncQuestionnaireLibrary(t.db, { root });
  const original = readFileSync(file("training-data-supplier", "1.0.0"), "utf8");
  const edited = original.replace(
    /^title: .*$/m,
    "title: Training data supplier assessment (edited)",
  );
  expect(edited).not.toBe(original);
  writeFileSync(file("training-data-supplier", "1.0.0"), edited);

  const refusal = await syncQuestionnaireLibrary(t.db, { root }).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(LibraryRefusedError);
  const message = (refusal as Error).message;
  expect(message).toContain("training-data-supplier@1.0.0 was published with different content");
  expect(message).toContain("Bump the version");
  expect(message).toContain("Training data supplier assessment (edited)");

  // The same edit as a new patch version, with the published file restored.
  writeFileSync(file("training-data-supplier", "1.0.0"), original);
  writeFileSync(
    file("training-data-supplier", "1.0.1"),
    edited
      .replace(/^version: 1\.0\.0$/m, "version: 1.0.1")
      .replace(/^changelog: .*$/m, "changelog: Clearer title."),
  );
  const accepted = await syncQuestionnaireLibrary(t.db, { root });
  expect(accepted.recorded).toEqual(["training-data-supplier@1.0.1"]);
});

test("an invalid file stops the sync with the file and path named", async () => {
  const target = file("cloud-ai-infrastructure", "1.0.0");
  const original = readFileSync(target, "utf8");
  writeFileSync(target, original.replace(/^ {4}weight: \d+$/m, "    weight: 9"));
  try {
    const refusal = await syncQuestionnaireLibrary(t.db, { root }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(LibraryRefusedError);
    expect((refusal as Error).message).toMatch(
      /cloud-ai-infrastructure\/1\.0\.0\.yaml.*sections\[\d+\]\.weight/,
    );
  } finally {
    writeFileSync(target, original);
  }
});

test("a recorded version whose file is removed stays recorded", async () => {
  await syncQuestionnaireLibrary(t.db, { root });
  unlinkSync(file("training-data-supplier", "1.0.1"));
  await syncQuestionnaireLibrary(t.db, { root });
  expect(await getQuestionnaireVersion(t.db, "training-data-supplier", "1.0.1")).not.toBeNull();
});

test("the database itself refuses to change a recorded version", async () => {
  await syncQuestionnaireLibrary(t.db, { root });
  const change = t.db
    .update(schema.questionnaireVersions)
    .set({ title: "tampered" })
    .where(eq(schema.questionnaireVersions.slug, "ai-model-vendor"));
  await expect(change).rejects.toThrow();
  const [row] = await t.db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.title, "tampered"));
  expect(row?.n).toBe(0);
});
