import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { contentHash } from "~/library/files.server";
import {
  getQuestionnaireVersion,
  listLibrary,
  syncQuestionnaireLibrary,
} from "~/library/sync.server";
import { planCarryOver } from "~/assessments/carry-over";
import { QuestionnaireSchema } from "~/questionnaire/definition";
import { edited, questionnaireInput, yesNo } from "~/questionnaire/test-factory";
import { getSettings, updateSettings } from "~/settings/settings.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor } from "~/test/factories";
import { createAssessment } from "~/assessments/assessments.server";
import {
  createDraftFromVersion,
  createQuestionnaireDraft,
  getDraft,
  publishDraft,
  saveDraft,
  setVersionRetired,
} from "./drafts.server";

let t: TestDatabase;
let alice: { id: string; email: string; role: "procurement" };
let bob: { id: string; email: string; role: "admin" };
beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  alice = (await createUser(t.db, { role: "procurement" })) as typeof alice;
  bob = (await createUser(t.db, { role: "admin" })) as typeof bob;
});
afterAll(async () => {
  await t.dispose();
});

// Library rules apply to authored versions too: a "no" that earns nothing must open a finding.
const checked = (id: string) =>
  yesNo(id, {
    options: [
      { value: "yes", credit: 1 },
      {
        value: "no",
        credit: 0,
        finding: { severity: "high", title: `No ${id}`, remediation: `Put ${id} in place.` },
      },
    ],
  } as never);
const first = (slug: string) =>
  questionnaireInput([[checked("mfa"), checked("encryption")]], { slug, changelog: "First." });

async function draftOf(document: unknown) {
  const created = await createQuestionnaireDraft(t.db, {
    user: alice,
    document,
    origin: "builder",
  });
  if (!created.ok) throw new Error(created.message);
  return (await getDraft(t.db, created.id))!;
}

test("a valid draft publishes as an authored version with the library's content hash, once", async () => {
  const draft = await draftOf(first("hosting-review"));
  const published = await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 1 });
  expect(published, JSON.stringify(published)).toMatchObject({
    ok: true,
    published: true,
    version: "1.0.0",
  });
  const [row] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.slug, "hosting-review"));
  expect(row!.origin).toBe("authored");
  expect(row!.contentHash).toBe(contentHash(QuestionnaireSchema.parse(row!.content)));
  expect(published.ok && published.published && published.hash).toBe(row!.contentHash);
  // The draft is spent: it cannot be published or edited again.
  expect(
    await publishDraft(t.db, alice, draft.id, { version: "1.0.1", revision: 1 }),
  ).toMatchObject({ ok: false, status: 409 });
  expect(
    await saveDraft(t.db, alice, draft.id, { document: first("hosting-review"), revision: 1 }),
  ).toMatchObject({ ok: false, status: 409 });
  // And the database itself refuses to change the published row.
  await expect(
    t.db.execute(
      sql`update questionnaire_versions set title = 'changed' where slug = 'hosting-review'`,
    ),
  ).rejects.toThrow();
  const audit = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "questionnaire.version_published"));
  expect(audit.map((a) => a.targetId)).toContain("hosting-review@1.0.0");
});

test("a draft with problems is refused with every problem, in the validator's words", async () => {
  const broken = edited(first("broken-review"), (d) => {
    (d.sections[0]!.questions[1] as { options: Array<{ credit: number }> }).options[0]!.credit = 2;
    d.title = "";
  });
  const draft = await draftOf(broken);
  const result = await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 1 });
  expect(result.ok).toBe(false);
  const problems = !result.ok && "problems" in result ? result.problems! : [];
  expect(problems).toEqual(
    expect.arrayContaining([
      { path: "title", message: "a questionnaire needs a title" },
      { path: "sections[0].questions[1].options[0].credit", message: "credit is between 0 and 1" },
    ]),
  );
  expect(
    await t.db
      .select()
      .from(schema.questionnaireVersions)
      .where(eq(schema.questionnaireVersions.slug, "broken-review")),
  ).toEqual([]);
});

test("a slug of the built-in library cannot be published from the app", async () => {
  const draft = await draftOf(first("ai-model-vendor"));
  const result = await publishDraft(t.db, alice, draft.id, { version: "9.0.0", revision: 1 });
  expect(result.ok).toBe(false);
  const problems = !result.ok && "problems" in result ? result.problems! : [];
  expect(problems[0]).toMatchObject({ path: "slug" });
  expect(problems[0]!.message).toMatch(/built-in library/);
});

test("a breaking change is refused a minor bump with the diff's reason, and publishes as 2.0.0; answers carry over", async () => {
  const v1 = await draftOf(first("model-host-review"));
  const one = await publishDraft(t.db, alice, v1.id, { version: "1.0.0", revision: 1 });
  if (!one.ok || !one.published) throw new Error("1.0.0 not published");
  const next = await createDraftFromVersion(t.db, alice, one.versionId);
  if (!next.ok) throw new Error(next.message);
  const draft = (await getDraft(t.db, next.id))!;
  expect(draft.basedOnVersionId).toBe(one.versionId);
  const document = edited(draft.content as ReturnType<typeof first>, (d) => {
    d.sections[0]!.questions = d.sections[0]!.questions.filter((q) => q.id !== "encryption");
    d.changelog = "Encryption moved to another questionnaire.";
  });
  const saved = await saveDraft(t.db, alice, draft.id, { document, revision: 1 });
  expect(saved).toEqual({ ok: true, revision: 2 });
  // A save from the old revision is refused, not lost.
  expect(await saveDraft(t.db, bob, draft.id, { document, revision: 1 })).toMatchObject({
    ok: false,
    status: 409,
  });
  const minor = await publishDraft(t.db, alice, draft.id, { version: "1.1.0", revision: 2 });
  expect(minor.ok).toBe(false);
  const problems = !minor.ok && "problems" in minor ? minor.problems! : [];
  expect(problems.map((p) => p.message).join("\n")).toMatch(
    /question "encryption" removed needs a major bump .* make this version 2\.0\.0/,
  );
  const two = await publishDraft(t.db, alice, draft.id, { version: "2.0.0", revision: 2 });
  expect(two).toMatchObject({ ok: true, published: true, version: "2.0.0" });
  // Answers carry over to the new version as between library versions.
  const [v1Row, v2Row] = await Promise.all(
    ["1.0.0", "2.0.0"].map((version) =>
      getQuestionnaireVersion(t.db, "model-host-review", version),
    ),
  );
  const plan = planCarryOver(v1Row!.questionnaire, v2Row!.questionnaire, [
    { questionId: "mfa", answer: { kind: "value", value: "yes" }, comment: "" },
    { questionId: "encryption", answer: { kind: "value", value: "no" }, comment: "" },
  ]);
  expect(plan.carried.map((c) => c.questionId)).toEqual(["mfa"]);
  const group = (await listLibrary(t.db)).find((g) => g.slug === "model-host-review")!;
  expect(group.versions.map((v) => [v.version, v.origin])).toEqual([
    ["2.0.0", "authored"],
    ["1.0.0", "authored"],
  ]);
});

test("with approval required, the requester cannot publish alone; a second person's approval publishes and is audited", async () => {
  await updateSettings(t.db, bob, {
    ...(await getSettings(t.db)),
    questionnairePublishingNeedsApproval: true,
  });
  try {
    const draft = await draftOf(first("approved-review"));
    const asked = await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 1 });
    expect(asked).toEqual({ ok: true, published: false, awaitingApproval: true });
    expect(
      await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 1 }),
    ).toMatchObject({ ok: false, status: 409 });
    const approved = await publishDraft(t.db, bob, draft.id, { version: "1.0.0", revision: 1 });
    expect(approved).toMatchObject({ ok: true, published: true });
    const [event] = await t.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, "approved-review@1.0.0"));
    expect(event!.after).toMatchObject({ requestedBy: alice.id, approvedBy: bob.id });
  } finally {
    await updateSettings(t.db, bob, {
      ...(await getSettings(t.db)),
      questionnairePublishingNeedsApproval: false,
    });
  }
});

test("a retired version is not offered for new assessments but keeps its row", async () => {
  const draft = await draftOf(first("retiring-review"));
  const one = await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 1 });
  if (!one.ok || !one.published) throw new Error("not published");
  await setVersionRetired(t.db, alice, one.versionId, true);
  const vendor = await createVendor(t.db, { name: "Retiring Ltd" });
  const refused = await createAssessment(
    t.db,
    alice as never,
    {
      vendorId: vendor.id,
      questionnaireVersionId: one.versionId,
      dueDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      contactIds: [],
      message: "",
      send: false,
    } as never,
  );
  expect(refused).toMatchObject({ ok: false, field: "questionnaireVersionId" });
  const group = (await listLibrary(t.db)).find((g) => g.slug === "retiring-review")!;
  expect(group.versions[0]!.retired).toBe(true);
});

test("a library file may not take the slug of a questionnaire written in the app", async () => {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const root = mkdtempSync(path.join(tmpdir(), "assay-authored-"));
  try {
    mkdirSync(path.join(root, "hosting-review"));
    const { questionnaireYaml } = await import("~/library/spreadsheet.server");
    writeFileSync(
      path.join(root, "hosting-review", "1.0.0.yaml"),
      questionnaireYaml(QuestionnaireSchema.parse(first("hosting-review"))),
    );
    await expect(syncQuestionnaireLibrary(t.db, { root })).rejects.toThrow(
      /slug of a questionnaire written in the app/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
