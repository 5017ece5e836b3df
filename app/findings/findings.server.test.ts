// Findings and review on a real database: opened at submission, worked through every path of
// docs/decisions/090 and 091 (verify, send back, accept and expire, clarification), with revisions,
// vendor isolation, scores and mails checked from the stored rows.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { saveAnswer } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { runScheduledJobs } from "~/jobs/scheduler.server";
import { type Answer } from "~/questionnaire/model";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import {
  acceptAnswer,
  addStaffNote,
  closeReview,
  getVendorClarifications,
  requestClarification,
  replyToClarification,
} from "~/review/review.server";
import { type TestAssessment, submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import { transactionsOpenedBy } from "~/test/transactions";
import {
  addFindingComment,
  type Changer,
  changeSeverity,
  getFindingThread,
  listAssessmentFindings,
  saveVendorPlan,
  transitionFinding,
  updateFindingDetails,
} from "./findings.server";
import { expireRiskAcceptances, notifyOverdueFindings } from "./finding-jobs.server";
import { getVendorFindings } from "./vendor-findings.server";

let t: TestDatabase;
let db: Db;
let procurement: SessionUser;
let officer: SessionUser;
let versionId: string;

const staff = (user: SessionUser): Extract<Changer, { kind: "staff" }> => ({ kind: "staff", user });
const vendorOf = (a: TestAssessment): Extract<Changer, { kind: "vendor" }> => ({
  kind: "vendor",
  recipientId: a.context.recipientId,
  recipientName: a.context.recipientName,
  assessmentId: a.assessmentId,
});

async function asUser(role: "procurement" | "risk_officer" | "admin"): Promise<SessionUser> {
  const u = await createUser(db, { role });
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await syncQuestionnaireLibrary(db);
  procurement = await asUser("procurement");
  officer = await asUser("risk_officer");
  const [version] = await db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  versionId = version!.id;
});
afterAll(async () => t.dispose());

let counter = 0;
async function submitted(fixture = "training-data-supplier-1.0.0.worst", now = new Date()) {
  counter++;
  return submittedTestAssessment(
    db,
    procurement,
    versionId,
    { name: `Findings Vendor ${counter}` },
    {
      fixture,
      now,
    },
  );
}

async function scores(assessmentId: string) {
  const rows = await db
    .select()
    .from(schema.assessmentScores)
    .where(eq(schema.assessmentScores.assessmentId, assessmentId));
  return {
    submitted: rows.find((r) => r.kind === "submitted")!,
    current: rows.find((r) => r.kind === "current")!,
  };
}

async function findingRow(id: string) {
  const [row] = await db.select().from(schema.findings).where(eq(schema.findings.id, id));
  return row!;
}

async function mailsTo(to: string, kind?: string) {
  const rows = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.to, to));
  return kind ? rows.filter((r) => r.kind === kind) : rows;
}

describe("opening findings at submission", () => {
  test("every engine finding of the submitted score is stored once, owned, due by severity", async () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const a = await submitted("training-data-supplier-1.0.0.worst", now);
    const { submitted: score } = await scores(a.assessmentId);
    const expected = (score.result as { findings: { key: string; severity: string }[] }).findings;
    const stored = await listAssessmentFindings(db, a.assessmentId);
    expect(expected.length).toBeGreaterThan(0);
    expect(stored.map((f) => f.key).sort()).toEqual(expected.map((f) => f.key).sort());
    const days = { critical: 30, high: 60, medium: 90, low: 180 } as const;
    for (const f of stored) {
      expect(f.status).toBe("open");
      expect(f.ownerId).toBe(procurement.id);
      expect(f.vendorContactId).not.toBeNull();
      const due = new Date(now);
      due.setUTCDate(due.getUTCDate() + days[f.severity]);
      expect(f.dueDate).toBe(due.toISOString().slice(0, 10));
      expect(f.sharedWithVendor).toBe(false);
    }
    const events = await db.select().from(schema.findingEvents);
    expect(events.filter((e) => stored.some((f) => f.id === e.findingId))).toHaveLength(
      stored.length,
    );
  });
});

describe("remediation", () => {
  test("fixed by the vendor and verified: the current score rises, the submitted stays", async () => {
    const a = await submitted();
    const before = await scores(a.assessmentId);
    const [finding] = await listAssessmentFindings(db, a.assessmentId);
    // Not shared yet: the vendor cannot reach it.
    expect(
      await transitionFinding(db, vendorOf(a), finding!.id, {
        to: "fixed_by_vendor",
        revision: finding!.revision,
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await updateFindingDetails(db, procurement, finding!.id, {
        revision: finding!.revision,
        ownerId: procurement.id,
        vendorContactId: finding!.vendorContactId,
        dueDate: finding!.dueDate,
        sharedWithVendor: true,
      }),
    ).toEqual({ ok: true });
    expect(await mailsTo(a.context.recipientEmail, "vendor_finding")).toHaveLength(1);
    let row = await findingRow(finding!.id);
    expect(
      await saveVendorPlan(db, vendorOf(a), finding!.id, {
        revision: row.revision,
        plan: "Rotate keys into the HSM",
        targetDate: "2026-12-01",
      }),
    ).toEqual({ ok: true });
    row = await findingRow(finding!.id);
    expect(
      await transitionFinding(db, vendorOf(a), finding!.id, {
        to: "fixed_by_vendor",
        revision: row.revision,
        note: "Done",
      }),
    ).toEqual({ ok: true, status: "fixed_by_vendor" });
    expect(await mailsTo(procurement.email, "finding_update_owner")).not.toHaveLength(0);
    row = await findingRow(finding!.id);
    // The vendor cannot verify its own fix.
    expect(
      await transitionFinding(db, vendorOf(a), finding!.id, {
        to: "verified",
        revision: row.revision,
      }),
    ).toMatchObject({ ok: false, message: "Vendors can only mark a finding as fixed." });
    expect(
      await transitionFinding(db, staff(officer), finding!.id, {
        to: "verified",
        revision: row.revision,
      }),
    ).toEqual({ ok: true, status: "verified" });
    const after = await scores(a.assessmentId);
    expect(after.submitted.overall).toBe(before.submitted.overall);
    expect(after.submitted.computedAt).toEqual(before.submitted.computedAt);
    // Verified counts only if all the question's findings are verified.
    const all = await listAssessmentFindings(db, a.assessmentId);
    const others = all.filter((f) => f.questionId === finding!.questionId && f.id !== finding!.id);
    if (others.length === 0)
      expect(after.current.overall!).toBeGreaterThan(before.current.overall!);
    expect((after.current.result as { verifiedQuestionIds: string[] }).verifiedQuestionIds).toEqual(
      others.length === 0 ? [finding!.questionId] : [],
    );
    row = await findingRow(finding!.id);
    expect(row.closedAt).not.toBeNull();
    const { events } = await getFindingThread(db, finding!.id);
    expect(events.map((e) => e.kind)).toEqual(["opened", "details", "plan", "status", "status"]);
    const audit = await db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, finding!.id));
    expect(audit.map((e) => e.action)).toContain("finding.status_changed");
  });

  test("sent back needs a reason; reopening a verified finding lowers the current score again", async () => {
    const a = await submitted();
    const [f] = await listAssessmentFindings(db, a.assessmentId);
    const id = f!.id;
    const go = async (
      changer: Changer,
      to: Parameters<typeof transitionFinding>[3]["to"],
      note?: string,
    ) =>
      transitionFinding(db, changer, id, { to, revision: (await findingRow(id)).revision, note });
    expect(await go(staff(procurement), "fixed_by_vendor")).toMatchObject({ ok: true });
    expect(await go(staff(procurement), "in_progress")).toMatchObject({ ok: false, status: 400 });
    expect(await go(staff(procurement), "in_progress", "Evidence missing")).toMatchObject({
      ok: true,
    });
    expect(await go(staff(procurement), "verified")).toMatchObject({ ok: false, status: 409 });
    await go(staff(procurement), "fixed_by_vendor");
    const base = (await scores(a.assessmentId)).current.overall!;
    await go(staff(procurement), "verified");
    await go(staff(procurement), "reopened", "The fix regressed");
    expect((await scores(a.assessmentId)).current.overall).toBe(base);
    expect((await findingRow(id)).closedAt).toBeNull();
  });

  test("risk acceptance: risk officers only, with justification and expiry; expiry reopens it", async () => {
    const now = new Date("2026-04-01T09:00:00Z");
    const a = await submitted("training-data-supplier-1.0.0.worst", now);
    const [f] = await listAssessmentFindings(db, a.assessmentId);
    const rev = async () => (await findingRow(f!.id)).revision;
    const accept = async (user: SessionUser, note: string, expires?: string) =>
      transitionFinding(
        db,
        staff(user),
        f!.id,
        { to: "risk_accepted", revision: await rev(), note, acceptanceExpiresOn: expires },
        now,
      );
    expect(await accept(procurement, "fine", "2026-05-01")).toMatchObject({
      ok: false,
      message: "Only a risk officer can accept a risk.",
    });
    expect(await accept(officer, "", "2026-05-01")).toMatchObject({ ok: false, status: 400 });
    expect(await accept(officer, "Compensating control", undefined)).toMatchObject({ ok: false });
    expect(await accept(officer, "Compensating control", "2026-04-01")).toMatchObject({
      ok: false,
      message: "The acceptance must expire after today",
    });
    expect(
      await accept(officer, "Compensating control: data is pseudonymised", "2026-05-01"),
    ).toEqual({ ok: true, status: "risk_accepted" });
    let row = await findingRow(f!.id);
    expect(row).toMatchObject({ acceptedById: officer.id, acceptanceExpiresOn: "2026-05-01" });
    // Not yet: the day before expiry changes nothing.
    expect(await expireRiskAcceptances.run(db, new Date("2026-04-30T23:00:00Z"))).toBe(0);
    // Through the scheduler, twice at once (two app instances): reopened once.
    const later = new Date("2026-05-01T06:00:00Z");
    await Promise.all([runScheduledJobs(db, later), runScheduledJobs(db, later)]);
    row = await findingRow(f!.id);
    expect(row.status).toBe("reopened");
    expect(row.acceptanceExpiresOn).toBeNull();
    const { events } = await getFindingThread(db, f!.id);
    const reopen = events.filter((e) => e.toStatus === "reopened");
    expect(reopen).toHaveLength(1);
    expect(reopen[0]).toMatchObject({ actorUserId: null, actor: "Assay" });
    expect(reopen[0]!.note).toMatch(/expired on 1 May 2026/);
    expect(await mailsTo(procurement.email, "finding_update_owner")).not.toHaveLength(0);
  });

  test("two staff changing the same finding: the second gets a conflict, the first is kept", async () => {
    const a = await submitted();
    const [f] = await listAssessmentFindings(db, a.assessmentId);
    const details = (dueDate: string) => ({
      revision: f!.revision,
      ownerId: procurement.id,
      vendorContactId: f!.vendorContactId,
      dueDate,
      sharedWithVendor: false,
    });
    expect(await updateFindingDetails(db, procurement, f!.id, details("2030-01-01"))).toEqual({
      ok: true,
    });
    expect(await updateFindingDetails(db, officer, f!.id, details("2031-01-01"))).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(
      await transitionFinding(db, staff(officer), f!.id, {
        to: "in_progress",
        revision: f!.revision,
      }),
    ).toMatchObject({ ok: false, status: 409 });
    expect((await findingRow(f!.id)).dueDate).toBe("2030-01-01");
  });

  test("a vendor never reaches another assessment's findings, nor internal comments", async () => {
    const a = await submitted();
    const b = await submitted();
    const [fb] = await listAssessmentFindings(db, b.assessmentId);
    await updateFindingDetails(db, procurement, fb!.id, {
      revision: fb!.revision,
      ownerId: procurement.id,
      vendorContactId: fb!.vendorContactId,
      dueDate: fb!.dueDate,
      sharedWithVendor: true,
    });
    const rev = (await findingRow(fb!.id)).revision;
    for (const attempt of [
      transitionFinding(db, vendorOf(a), fb!.id, { to: "fixed_by_vendor", revision: rev }),
      saveVendorPlan(db, vendorOf(a), fb!.id, { revision: rev, plan: "x", targetDate: null }),
      addFindingComment(db, vendorOf(a), fb!.id, { body: "hi", visibility: "shared" }),
    ])
      expect(await attempt).toMatchObject({ ok: false, status: 404 });
    await addFindingComment(db, staff(officer), fb!.id, {
      body: "Internal only",
      visibility: "internal",
    });
    await addFindingComment(db, staff(officer), fb!.id, {
      body: "Please fix",
      visibility: "shared",
    });
    // A vendor asking for an internal comment still gets a shared one.
    await addFindingComment(db, vendorOf(b), fb!.id, { body: "On it", visibility: "internal" });
    const vendorView = await getFindingThread(db, fb!.id, { forVendor: true });
    expect(vendorView.comments.map((c) => c.body)).toEqual(["Please fix", "On it"]);
    const staffView = await getFindingThread(db, fb!.id);
    expect(staffView.comments.map((c) => c.body)).toEqual(["Internal only", "Please fix", "On it"]);
  });

  test("severity changes need a justification and keep the original", async () => {
    const a = await submitted();
    const [f] = await listAssessmentFindings(db, a.assessmentId);
    const to = f!.severity === "low" ? "high" : "low";
    expect(
      await changeSeverity(db, officer, f!.id, {
        severity: to,
        justification: " ",
        revision: f!.revision,
      }),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await changeSeverity(db, officer, f!.id, {
        severity: to,
        justification: "Only test data is affected",
        revision: f!.revision,
      }),
    ).toEqual({ ok: true });
    const row = await findingRow(f!.id);
    expect(row).toMatchObject({ severity: to, originalSeverity: f!.severity });
  });

  test("overdue findings are mailed once per week to owner and vendor contact", async () => {
    const now = new Date("2026-01-05T08:00:00Z");
    const a = await submitted("training-data-supplier-1.0.0.worst", now);
    const findings = await listAssessmentFindings(db, a.assessmentId);
    const critical = findings.find((f) => f.severity === "critical") ?? findings[0]!;
    await updateFindingDetails(db, procurement, critical.id, {
      revision: critical.revision,
      ownerId: procurement.id,
      vendorContactId: critical.vendorContactId,
      dueDate: "2026-01-10",
      sharedWithVendor: true,
    });
    const day = (d: string) => new Date(`${d}T07:00:00Z`);
    const overdueMails = async () =>
      (await mailsTo(a.context.recipientEmail, "finding_overdue_vendor")).filter((m) =>
        m.subject.includes(critical.title),
      ).length;
    await notifyOverdueFindings.run(db, day("2026-01-10"));
    expect(await overdueMails()).toBe(0);
    await Promise.all([
      notifyOverdueFindings.run(db, day("2026-01-11")),
      notifyOverdueFindings.run(db, day("2026-01-11")),
    ]);
    await notifyOverdueFindings.run(db, day("2026-01-14"));
    expect(await overdueMails()).toBe(1);
    // Nothing new at the same moment: the run opens no transaction (decision 423).
    expect(
      await transactionsOpenedBy(db, () => notifyOverdueFindings.run(db, day("2026-01-14"))),
    ).toBe(0);
    await notifyOverdueFindings.run(db, day("2026-01-18"));
    expect(await overdueMails()).toBe(2);
    const ownerMails = (await mailsTo(procurement.email, "finding_overdue_owner")).filter((m) =>
      m.subject.includes(critical.title),
    );
    expect(ownerMails.length).toBeGreaterThanOrEqual(2);
  });
});

describe("review", () => {
  test("clarification reopens just that answer; the reply comes back; closing waits for it", async () => {
    const a = await submitted();
    const [q1, q2] = a.questionnaire.sections[0]!.questions;
    expect(await acceptAnswer(db, officer, a.assessmentId, q2!.id)).toEqual({ ok: true });
    let [assessment] = await db
      .select()
      .from(schema.assessments)
      .where(eq(schema.assessments.id, a.assessmentId));
    expect(assessment).toMatchObject({ status: "in_review", reviewerId: officer.id });
    expect(await requestClarification(db, officer, a.assessmentId, q1!.id, "  ")).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      await requestClarification(
        db,
        officer,
        a.assessmentId,
        q1!.id,
        "Which regions hold the data?",
      ),
    ).toEqual({ ok: true });
    await addStaffNote(db, officer, a.assessmentId, q1!.id, "Vendor was vague on the call");
    const mail = (await mailsTo(a.context.recipientEmail, "vendor_clarification"))[0];
    expect(mail?.text).toMatch(/\/respond\/[A-Za-z0-9_-]{20,}/);
    // Only the reopened answer can change.
    const [stored1] = await db
      .select()
      .from(schema.answers)
      .where(
        and(eq(schema.answers.assessmentId, a.assessmentId), eq(schema.answers.questionId, q1!.id)),
      );
    const [stored2] = await db
      .select()
      .from(schema.answers)
      .where(
        and(eq(schema.answers.assessmentId, a.assessmentId), eq(schema.answers.questionId, q2!.id)),
      );
    expect(
      await saveAnswer(db, a.context, a.questionnaire, {
        questionId: q2!.id,
        answer: stored2!.answer as Answer,
        comment: "changed",
        baseRevision: stored2!.revision,
      }),
    ).toMatchObject({ ok: false, kind: "closed" });
    expect(
      await saveAnswer(db, a.context, a.questionnaire, {
        questionId: q1!.id,
        answer: stored1!.answer as Answer,
        comment: "Data stays in the EU (Frankfurt and Dublin).",
        baseRevision: stored1!.revision,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await closeReview(db, officer, a.assessmentId, { decision: "approved", note: "" }),
    ).toMatchObject({ ok: false, status: 409 });
    // The vendor sees the request, never the staff note.
    const seen = await getVendorClarifications(db, a.assessmentId);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.thread.map((m) => m.body)).toEqual(["Which regions hold the data?"]);
    expect(await replyToClarification(db, a.context, q1!.id, "See the updated comment.")).toEqual({
      ok: true,
    });
    expect(await replyToClarification(db, a.context, q1!.id, "again")).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await mailsTo(officer.email, "review_clarified")).toHaveLength(1);
    // Closed again for the vendor.
    const [again] = await db
      .select()
      .from(schema.answers)
      .where(
        and(eq(schema.answers.assessmentId, a.assessmentId), eq(schema.answers.questionId, q1!.id)),
      );
    expect(
      await saveAnswer(db, a.context, a.questionnaire, {
        questionId: q1!.id,
        answer: again!.answer as Answer,
        comment: "more",
        baseRevision: again!.revision,
      }),
    ).toMatchObject({ ok: false, kind: "closed" });
    expect(
      await closeReview(db, officer, a.assessmentId, {
        decision: "approved_with_conditions",
        note: "",
      }),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await closeReview(db, officer, a.assessmentId, {
        decision: "approved_with_conditions",
        note: "Fix the critical findings within 30 days",
      }),
    ).toEqual({ ok: true });
    [assessment] = await db
      .select()
      .from(schema.assessments)
      .where(eq(schema.assessments.id, a.assessmentId));
    expect(assessment).toMatchObject({
      status: "closed",
      reviewDecision: "approved_with_conditions",
      reviewedById: officer.id,
    });
    expect(await acceptAnswer(db, officer, a.assessmentId, q2!.id)).toMatchObject({
      ok: false,
      message: "This review is closed",
    });
  });
});

describe("per vendor", () => {
  test("open findings, accepted risks with expiry and verified history, from the stored rows", async () => {
    const a = await submitted();
    const all = await listAssessmentFindings(db, a.assessmentId);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const [x, y] = all;
    await transitionFinding(db, staff(officer), x!.id, {
      to: "risk_accepted",
      revision: x!.revision,
      note: "Synthetic data only",
      acceptanceExpiresOn: "2099-01-01",
    });
    await transitionFinding(db, staff(officer), y!.id, {
      to: "fixed_by_vendor",
      revision: y!.revision,
    });
    await transitionFinding(db, staff(officer), y!.id, {
      to: "verified",
      revision: (await findingRow(y!.id)).revision,
    });
    const view = await getVendorFindings(db, a.vendorId);
    expect(view.counts).toEqual({ open: all.length - 2, accepted: 1, verified: 1 });
    expect(view.accepted[0]).toMatchObject({ id: x!.id, acceptanceExpiresOn: "2099-01-01" });
    expect(view.closed.map((f) => f.id)).toEqual([y!.id]);
    expect(view.open.map((f) => f.id).sort()).toEqual(
      all
        .filter((f) => f.id !== x!.id && f.id !== y!.id)
        .map((f) => f.id)
        .sort(),
    );
  });
});
