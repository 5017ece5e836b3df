import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { readAll } from "~/storage/storage.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor } from "~/test/factories";
import { createAssessment } from "./assessments.server";
import {
  evidenceDownload,
  getEvidenceFile,
  removeEvidence,
  uploadEvidence,
} from "./evidence.server";
import { loadVendorWorkspace } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const pdf = new TextEncoder().encode("%PDF-1.7\n% a tiny test document\n");

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.slug, "training-data-supplier"));
  versionId = version!.id;
});
afterAll(async () => t.dispose());

async function openAssessment(name: string) {
  const vendor = await createVendor(t.db, { name });
  const [contact] = await t.db
    .insert(schema.vendorContacts)
    .values({
      vendorId: vendor.id,
      name: "Vee",
      email: `vee@${name.toLowerCase().replace(/\W/g, "")}.example`,
    })
    .returning();
  const created = await createAssessment(t.db, staff, {
    vendorId: vendor.id,
    questionnaireVersionId: versionId,
    dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    message: "",
    contactIds: [contact!.id],
    send: true,
  });
  if (!created.ok) throw new Error(created.message);
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const { questionnaire } = await loadVendorWorkspace(t.db, created.assessmentId);
  return {
    context: {
      assessmentId: created.assessmentId,
      recipientId: recipient!.id,
      status: "sent" as const,
    },
    questionnaire,
  };
}

test("an upload is checked, hashed, stored under a random key and becomes the evidence answer", async () => {
  const { context, questionnaire } = await openAssessment("Upload One");
  const result = await uploadEvidence(t.db, context, questionnaire, {
    questionId: "bias-documentation",
    fileName: "../../etc/bias report.pdf",
    bytes: pdf,
  });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.file.fileName).toBe("bias report.pdf");
  const row = await getEvidenceFile(t.db, context.assessmentId, result.file.id);
  expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(row?.storageKey).toMatch(/^\d{4}\/[0-9a-f-]{36}$/);
  expect(await readAll(row!)).toEqual(pdf);
  const { stored } = await loadVendorWorkspace(t.db, context.assessmentId);
  expect(stored["bias-documentation"]?.answer).toEqual({ kind: "value", value: [result.file.id] });

  const download = await evidenceDownload(row!);
  expect(download.headers.get("content-disposition")).toMatch(
    /^attachment; filename="bias report.pdf"/,
  );
  expect(download.headers.get("content-type")).toBe("application/octet-stream");
  await download.body?.cancel();

  // Opened from a page, a PDF is shown by the browser, inert: sandboxed, nothing loads (nosniff
  // is the server's, on every response: e2e/assessment-journey.spec.ts checks it there).
  const url = `http://localhost/assessments/${context.assessmentId}/evidence/${row!.id}`;
  const opened = await evidenceDownload(row!, new Request(url));
  expect(opened.headers.get("content-type")).toBe("application/pdf");
  expect(opened.headers.get("content-disposition")).toMatch(/^inline; filename="bias report.pdf"/);
  expect(opened.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
  expect(Buffer.from(await opened.arrayBuffer())).toEqual(Buffer.from(pdf));
  // "Download" asks for the attachment; a type a browser would not just show always downloads.
  const saved = await evidenceDownload(row!, new Request(`${url}?download=1`));
  expect(saved.headers.get("content-disposition")).toMatch(/^attachment;/);
  await saved.body?.cancel();
  const text = await evidenceDownload({ ...row!, contentType: "text/plain" }, new Request(url));
  expect(text.headers.get("content-disposition")).toMatch(/^attachment;/);
  expect(text.headers.get("content-type")).toBe("application/octet-stream");
  await text.body?.cancel();

  expect(await removeEvidence(t.db, context, questionnaire, result.file.id)).toMatchObject({
    ok: true,
  });
  expect(await getEvidenceFile(t.db, context.assessmentId, result.file.id)).toBeNull();
  expect(
    (await loadVendorWorkspace(t.db, context.assessmentId)).stored["bias-documentation"]?.answer,
  ).toBeNull();
});

test("disguised, oversized and misplaced uploads are refused with a clear message", async () => {
  const { context, questionnaire } = await openAssessment("Upload Two");
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  expect(
    await uploadEvidence(t.db, context, questionnaire, {
      questionId: "bias-documentation",
      fileName: "report.pdf",
      bytes: png,
    }),
  ).toMatchObject({
    ok: false,
    status: 400,
    message: expect.stringContaining("does not match its name"),
  });
  const big = new Uint8Array(MAX_EVIDENCE_BYTES + 10);
  big.set(pdf);
  expect(
    await uploadEvidence(t.db, context, questionnaire, {
      questionId: "bias-documentation",
      fileName: "big.pdf",
      bytes: big,
    }),
  ).toMatchObject({
    ok: false,
    status: 413,
  });
  expect(
    await uploadEvidence(t.db, context, questionnaire, {
      questionId: "content-rights",
      fileName: "x.pdf",
      bytes: pdf,
    }),
  ).toMatchObject({
    ok: false,
    message: "This question does not take files.",
  });
  expect(
    await uploadEvidence(t.db, { ...context, status: "submitted" }, questionnaire, {
      questionId: "bias-documentation",
      fileName: "x.pdf",
      bytes: pdf,
    }),
  ).toMatchObject({
    ok: false,
    status: 423,
  });
  const files = await t.db
    .select()
    .from(schema.evidenceFiles)
    .where(eq(schema.evidenceFiles.assessmentId, context.assessmentId));
  expect(files).toHaveLength(0);
});

test("a file can only be reached through its own assessment", async () => {
  const a = await openAssessment("Upload Three");
  const b = await openAssessment("Upload Four");
  const result = await uploadEvidence(t.db, a.context, a.questionnaire, {
    questionId: "bias-documentation",
    fileName: "a.pdf",
    bytes: pdf,
  });
  if (!result.ok) throw new Error(result.message);
  expect(await getEvidenceFile(t.db, b.context.assessmentId, result.file.id)).toBeNull();
  expect(await removeEvidence(t.db, b.context, b.questionnaire, result.file.id)).toMatchObject({
    ok: false,
    status: 404,
  });
  expect(await getEvidenceFile(t.db, a.context.assessmentId, result.file.id)).not.toBeNull();
});
