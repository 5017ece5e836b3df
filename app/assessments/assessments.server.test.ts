import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor } from "~/test/factories";
import {
  cancelAssessment,
  createAssessment,
  extendDueDate,
  reopenAssessment,
  resendLink,
  revokeLink,
} from "./assessments.server";
import {
  getLinkState,
  getVendorContext,
  loadVendorWorkspace,
  saveAnswer,
  startVendorSession,
  submitAssessment,
  submissionProblems,
} from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement", name: "Priya" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.slug, "training-data-supplier"));
  versionId = version!.id;
});
afterAll(async () => t.dispose());

async function vendorWithContacts(name: string, emails: string[]) {
  const vendor = await createVendor(t.db, { name, ownerId: staff.id });
  const contacts = await t.db
    .insert(schema.vendorContacts)
    .values(emails.map((email) => ({ vendorId: vendor.id, name: email.split("@")[0]!, email })))
    .returning();
  return { vendor, contacts };
}

async function linkFromOutbox(email: string): Promise<string> {
  const [mail] = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.to, email))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1);
  const token = mail?.text.match(/\/respond\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  return token;
}

async function sendTo(name: string, emails: string[], dueDate = inDays(14)) {
  const { vendor, contacts } = await vendorWithContacts(name, emails);
  const result = await createAssessment(t.db, staff, {
    vendorId: vendor.id,
    questionnaireVersionId: versionId,
    dueDate,
    message: "Please complete by the due date.",
    contactIds: contacts.map((c) => c.id),
    send: true,
  });
  if (!result.ok) throw new Error(result.message);
  return { assessmentId: result.assessmentId, contacts, vendor };
}

function cookieRequest(cookie: string) {
  return new Request("http://localhost:3000/v", { headers: { Cookie: cookie.split(";")[0]! } });
}

test("sending mails each recipient a personal link; the link opens a session bound to that assessment", async () => {
  const { assessmentId } = await sendTo("Acme Labelling", ["ana@acme.example", "bo@acme.example"]);
  const token = await linkFromOutbox("ana@acme.example");
  expect(await getLinkState(t.db, token)).toMatchObject({
    state: "valid",
    assessmentId,
    vendorName: "Acme Labelling",
  });
  // The token is stored only as a hash.
  const recipients = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
  expect(recipients.map((r) => r.tokenHash)).not.toContain(token);
  const started = await startVendorSession(t.db, token);
  expect(started.ok).toBe(true);
  if (!started.ok) return;
  const context = await getVendorContext(t.db, cookieRequest(started.cookie));
  expect(context).toMatchObject({
    assessmentId,
    recipientEmail: "ana@acme.example",
    status: "sent",
  });
});

test("a tampered, unknown, revoked or expired link is refused, saying whom to ask", async () => {
  const { assessmentId, contacts } = await sendTo("Beta Data", ["cy@beta.example"]);
  const token = await linkFromOutbox("cy@beta.example");
  const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
  expect(await getLinkState(t.db, tampered)).toEqual({ state: "unknown" });
  expect((await startVendorSession(t.db, tampered)).ok).toBe(false);

  const farFuture = new Date(Date.now() + 400 * 86_400_000);
  expect(await getLinkState(t.db, token, farFuture)).toMatchObject({
    state: "expired",
    contactName: "Priya",
  });

  const started = await startVendorSession(t.db, token);
  if (!started.ok) throw new Error("could not start");
  expect(await revokeLink(t.db, staff, assessmentId, contacts[0]!.id)).toEqual({
    ok: false,
    status: 404,
    message: expect.any(String),
    field: undefined,
  });
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
  expect(await revokeLink(t.db, staff, assessmentId, recipient!.id)).toEqual({ ok: true });
  expect(await getLinkState(t.db, token)).toMatchObject({ state: "revoked" });
  // Revoking also ends the session already open through that link.
  expect(await getVendorContext(t.db, cookieRequest(started.cookie))).toBeNull();

  // A resent link works again; the revoked token stays dead.
  expect(await resendLink(t.db, staff, assessmentId, recipient!.id)).toEqual({ ok: true });
  const fresh = await linkFromOutbox("cy@beta.example");
  expect(fresh).not.toBe(token);
  expect((await getLinkState(t.db, fresh)).state).toBe("valid");
  expect((await getLinkState(t.db, token)).state).toBe("unknown");
});

test("answers carry revisions: a stale write is a conflict showing the current value", async () => {
  const { assessmentId } = await sendTo("Gamma Annotations", [
    "di@gamma.example",
    "ed@gamma.example",
  ]);
  const [di, ed] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
  const { questionnaire } = await loadVendorWorkspace(t.db, assessmentId);
  const question = questionnaire.sections[0]!.questions.find(
    (q) => q.type === "short_text" || q.type === "long_text" || q.type === "yes_no",
  )!;
  const value = question.type === "yes_no" ? "yes" : "Our answer";
  const other = question.type === "yes_no" ? "no" : "Their answer";
  const first = await saveAnswer(t.db, { assessmentId, recipientId: di!.id }, questionnaire, {
    questionId: question.id,
    answer: { kind: "value", value },
    comment: "",
    baseRevision: 0,
  });
  expect(first).toEqual({ ok: true, revision: 1 });
  // Ed started from the empty answer too: his write is stale.
  const stale = await saveAnswer(t.db, { assessmentId, recipientId: ed!.id }, questionnaire, {
    questionId: question.id,
    answer: { kind: "value", value: other },
    comment: "",
    baseRevision: 0,
  });
  expect(stale).toMatchObject({
    ok: false,
    kind: "conflict",
    current: { answer: { kind: "value", value }, revision: 1, updatedBy: di!.name },
  });
  const resolved = await saveAnswer(t.db, { assessmentId, recipientId: ed!.id }, questionnaire, {
    questionId: question.id,
    answer: { kind: "value", value: other },
    comment: "checked with Di",
    baseRevision: 1,
  });
  expect(resolved).toEqual({ ok: true, revision: 2 });
  const history = await t.db.select().from(schema.answerRevisions);
  expect(history.filter((h) => h.revision <= 2).length).toBeGreaterThanOrEqual(2);
  const [status] = await t.db
    .select({ s: schema.assessments.status })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId));
  expect(status?.s).toBe("in_progress");
  // Unknown questions and invalid values are refused.
  expect(
    await saveAnswer(t.db, { assessmentId, recipientId: di!.id }, questionnaire, {
      questionId: "nope",
      answer: null,
      comment: "",
      baseRevision: 0,
    }),
  ).toMatchObject({ ok: false, kind: "invalid" });
});

test("a vendor session reads and writes only its own assessment", async () => {
  const a = await sendTo("Delta Models", ["fay@delta.example"]);
  const b = await sendTo("Epsilon Models", ["gus@epsilon.example"]);
  const started = await startVendorSession(t.db, await linkFromOutbox("fay@delta.example"));
  if (!started.ok) throw new Error("could not start");
  const context = (await getVendorContext(t.db, cookieRequest(started.cookie)))!;
  expect(context.assessmentId).toBe(a.assessmentId);
  expect(context.assessmentId).not.toBe(b.assessmentId);
});

test("submission needs every visible required answer, happens once, and locks the answers", async () => {
  const { assessmentId } = await sendTo("Zeta Labels", ["hal@zeta.example"]);
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
  const context = {
    assessmentId,
    recipientId: recipient!.id,
    recipientName: recipient!.name,
    recipientEmail: recipient!.email,
  };
  const early = await submitAssessment(t.db, context);
  expect(early.ok).toBe(false);
  expect(!early.ok && "problems" in early && early.problems.length).toBeGreaterThan(5);

  // Answer everything required with the first valid value of each type.
  const { questionnaire } = await loadVendorWorkspace(t.db, assessmentId);
  for (let round = 0; round < 5; round++) {
    const { answers, stored } = await loadVendorWorkspace(t.db, assessmentId);
    const missing = submissionProblems(questionnaire, answers);
    if (missing.length === 0) break;
    for (const problem of missing) {
      const question = questionnaire.sections
        .flatMap((s) => s.questions)
        .find((q) => q.id === problem.questionId)!;
      const value =
        question.type === "yes_no" || question.type === "single_choice"
          ? question.options[0]!.value
          : question.type === "multiple_choice"
            ? [question.options[0]!.value]
            : question.type === "maturity"
              ? 3
              : question.type === "number"
                ? (question.min ?? 1)
                : question.type === "date"
                  ? today
                  : question.type === "url"
                    ? "https://trust.example.com"
                    : question.type === "evidence"
                      ? null
                      : "Answered in full.";
      const answer =
        value === null
          ? { kind: "na" as const, justification: "Sent separately" }
          : { kind: "value" as const, value };
      await saveAnswer(t.db, context, questionnaire, {
        questionId: question.id,
        answer,
        comment: "",
        baseRevision: stored[question.id]?.revision ?? 0,
      });
    }
  }
  const [first, second] = await Promise.all([
    submitAssessment(t.db, context),
    submitAssessment(t.db, context),
  ]);
  expect([first, second].filter((r) => r.ok && !r.alreadySubmitted)).toHaveLength(1);
  expect([first, second].every((r) => r.ok)).toBe(true);
  const submittedEvents = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "assessment.submitted"));
  expect(submittedEvents.filter((e) => e.targetId === assessmentId)).toHaveLength(1);
  const receipts = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.kind, "assessment_receipt_vendor"));
  const receipt = receipts.filter((m) => m.to === "hal@zeta.example");
  expect(receipt).toHaveLength(1);
  // The questionnaire's title ends in "assessment": the mail does not say it twice.
  expect(questionnaire.title).toMatch(/assessment$/);
  expect(receipt[0]!.text).toContain(`Thank you: the “${questionnaire.title}” for Zeta`);
  expect(`${receipt[0]!.text}${receipt[0]!.html}`).not.toMatch(/assessment(”|&#8221;)? assessment/i);
  // Locked: no more writes.
  const late = await saveAnswer(t.db, context, questionnaire, {
    questionId: questionnaire.sections[0]!.questions[0]!.id,
    answer: null,
    comment: "",
    baseRevision: 1,
  });
  expect(late).toMatchObject({ ok: false, kind: "closed" });
});

test("recipients must be the vendor's own contacts; cancelled assessments close their links", async () => {
  const mine = await vendorWithContacts("Eta Compute", ["ivy@eta.example"]);
  const theirs = await vendorWithContacts("Theta Compute", ["jo@theta.example"]);
  const wrong = await createAssessment(t.db, staff, {
    vendorId: mine.vendor.id,
    questionnaireVersionId: versionId,
    dueDate: inDays(7),
    message: "",
    contactIds: [theirs.contacts[0]!.id],
    send: true,
  });
  expect(wrong).toMatchObject({ ok: false, field: "contactIds" });
  const past = await createAssessment(t.db, staff, {
    vendorId: mine.vendor.id,
    questionnaireVersionId: versionId,
    dueDate: "2020-01-01",
    message: "",
    contactIds: [mine.contacts[0]!.id],
    send: true,
  });
  expect(past).toMatchObject({ ok: false, field: "dueDate" });

  const { assessmentId } = await sendTo("Iota Compute", ["kim@iota.example"]);
  const token = await linkFromOutbox("kim@iota.example");
  expect(await extendDueDate(t.db, staff, assessmentId, inDays(30))).toEqual({ ok: true });
  expect(await cancelAssessment(t.db, staff, assessmentId, "Contract ended")).toEqual({ ok: true });
  expect((await getLinkState(t.db, token)).state).toBe("closed");
  expect(await cancelAssessment(t.db, staff, assessmentId, "Again")).toMatchObject({
    ok: false,
    status: 409,
  });
});

test("a cancellation is audited with its reason and mailed; reopening within 30 days brings the links back", async () => {
  const { assessmentId } = await sendTo("Kappa Compute", [
    "lee@kappa.example",
    "max@kappa.example",
  ]);
  const token = await linkFromOutbox("lee@kappa.example");
  const cancelledAt = new Date();
  expect(
    await cancelAssessment(t.db, staff, assessmentId, "Supplier withdrawn", cancelledAt),
  ).toEqual({ ok: true });
  expect((await getLinkState(t.db, token)).state).toBe("closed");
  const [audit] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "assessment.cancelled"))
    .orderBy(desc(schema.auditEvents.id))
    .limit(1);
  expect(audit).toMatchObject({
    targetId: assessmentId,
    actorUserId: staff.id,
    before: { status: "sent" },
    detail: { reason: "Supplier withdrawn" },
  });
  const notices = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.kind, "assessment_cancelled"));
  const mine = notices.filter((m) => m.assessmentId === assessmentId);
  expect(mine.map((m) => m.to).sort()).toEqual(["lee@kappa.example", "max@kappa.example"]);
  expect(mine[0]!.text).toContain("Supplier withdrawn");
  // The invitation mails had not left yet: the cancellation stopped them.
  const invitations = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.kind, "assessment_invitation"));
  expect(invitations.filter((m) => m.assessmentId === assessmentId).map((m) => m.status)).toEqual([
    "cancelled",
    "cancelled",
  ]);

  // 31 days later it can no longer be reopened.
  const late = new Date(cancelledAt.getTime() + 31 * 86_400_000);
  expect(await reopenAssessment(t.db, staff, assessmentId, late)).toMatchObject({
    ok: false,
    status: 409,
  });
  expect(await reopenAssessment(t.db, staff, assessmentId)).toEqual({ ok: true });
  const [row] = await t.db
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId));
  expect(row?.status).toBe("sent");
  // Links work again: the stopped invitations were re-issued with a new link.
  expect((await getLinkState(t.db, token)).state).toBe("valid");
  expect((await getLinkState(t.db, await linkFromOutbox("max@kappa.example"))).state).toBe("valid");
  expect(await reopenAssessment(t.db, staff, assessmentId)).toMatchObject({
    ok: false,
    status: 409,
  });
});

test("the library counts the assessments pinned to each version, and lists them by version", async () => {
  const { listLibrary } = await import("~/library/sync.server");
  const { listAssessmentPage } = await import("./assessments.server");
  const { assessments: pinned, total } = await listAssessmentPage(
    t.db,
    { questionnaireVersionId: versionId },
    1,
    1000,
  );
  expect(total).toBe(pinned.length);
  expect(pinned.length).toBeGreaterThan(0);
  expect(
    pinned.every((a) => a.questionnaireTitle === "Training data and labelling supplier assessment"),
  ).toBe(true);
  const version = (await listLibrary(t.db))
    .flatMap((g) => g.versions)
    .find((v) => v.id === versionId);
  expect(version?.assessmentCount).toBe(pinned.length);
});
