// The scheduled jobs on a real database, with the clock moved through the `now` argument.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createAssessment, extendDueDate, revokeLink } from "~/assessments/assessments.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { DEFAULT_SETTINGS } from "~/settings/settings";
import { getSettings, updateSettings } from "~/settings/settings.server";
import { completeRequiredAnswers } from "~/test/assessment-factory";
import { transactionsOpenedBy } from "~/test/transactions";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor } from "~/test/factories";
import { loadVendorWorkspace, submitAssessment } from "~/assessments/respond.server";
import { claimOnce, unclaimedKeys } from "./claims.server";
import { type Job, runScheduledJobs } from "./scheduler.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY);
const dayString = (offset: number) => day(offset).toISOString().slice(0, 10);
/** 09:00 UTC on the day `offset` days from today. */
const at = (offset: number) => new Date(day(offset).getTime() + 9 * 3_600_000);

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement", name: "Olga Owner" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.slug, "training-data-supplier"));
  versionId = version!.id;
});
afterAll(async () => t.dispose());

let counter = 0;
/** An assessment due in `dueIn` days, sent today to the given people at a vendor Olga owns. */
async function sent(dueIn: number, people = ["ana", "bo"]) {
  const slug = `v${++counter}`;
  const vendor = await createVendor(t.db, { name: `Jobs Vendor ${slug}`, ownerId: staff.id });
  const contacts = await t.db
    .insert(schema.vendorContacts)
    .values(people.map((p) => ({ vendorId: vendor.id, name: p, email: `${p}@${slug}.example` })))
    .returning();
  const created = await createAssessment(t.db, staff, {
    vendorId: vendor.id,
    questionnaireVersionId: versionId,
    dueDate: dayString(dueIn),
    message: "",
    contactIds: contacts.map((c) => c.id),
    send: true,
  });
  if (!created.ok) throw new Error(created.message);
  const recipients = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const emailOf = (p: string) => `${p}@${slug}.example`;
  const recipientOf = (p: string) => recipients.find((r) => r.email === emailOf(p))!;
  return { assessmentId: created.assessmentId, emailOf, recipientOf };
}

async function mails(to: string, kind?: string) {
  return t.db
    .select()
    .from(schema.mailOutbox)
    .where(
      kind
        ? and(eq(schema.mailOutbox.to, to), eq(schema.mailOutbox.kind, kind))
        : eq(schema.mailOutbox.to, to),
    );
}

test("claiming a key succeeds once", async () => {
  expect(await claimOnce(t.db, "test:once")).toBe(true);
  expect(await claimOnce(t.db, "test:once")).toBe(false);
});

test("the unclaimed keys among thousands are read a page of keys at a time", async () => {
  const keys = Array.from({ length: 4_500 }, (_, i) => `test:page:${i}`);
  for (const i of [0, 1_999, 2_000, 4_499]) expect(await claimOnce(t.db, keys[i]!)).toBe(true);
  const unclaimed = await unclaimedKeys(t.db, keys);
  expect(unclaimed.size).toBe(4_496);
  for (const i of [0, 1_999, 2_000, 4_499]) expect(unclaimed.has(keys[i]!)).toBe(false);
  expect(unclaimed.has(keys[1]!) && unclaimed.has(keys[2_001]!)).toBe(true);
  expect(await unclaimedKeys(t.db, [])).toEqual(new Set());
});

test("a run after the mails due went out opens no transaction (decision 423)", async () => {
  const a = await sent(2, ["ana", "bo"]);
  await t.db
    .update(schema.assessmentRecipients)
    .set({ lastSentAt: day(-5) })
    .where(eq(schema.assessmentRecipients.assessmentId, a.assessmentId));
  // The reminder, then the overdue notices, each sent by the first run of its day.
  for (const offset of [0, 3]) {
    await runScheduledJobs(t.db, at(offset));
    expect(await transactionsOpenedBy(t.db, () => runScheduledJobs(t.db, at(offset)))).toBe(0);
  }
  expect(await mails(a.emailOf("ana"), "assessment_reminder")).toHaveLength(1);
  expect(await mails(a.emailOf("bo"), "assessment_overdue_vendor")).toHaveLength(1);
});

test("a reminder goes once to each recipient with a working link, reminderDaysBefore days before the due date", async () => {
  const a = await sent(10, ["ana", "bo", "cy"]);
  await revokeLink(t.db, staff, a.assessmentId, a.recipientOf("cy").id);
  // Too early: ten days before, with reminders three days before.
  await runScheduledJobs(t.db, at(0));
  expect(await mails(a.emailOf("ana"), "assessment_reminder")).toHaveLength(0);
  await runScheduledJobs(t.db, at(7));
  await runScheduledJobs(t.db, at(8));
  await runScheduledJobs(t.db, at(10));
  const [reminder] = await mails(a.emailOf("ana"), "assessment_reminder");
  expect(await mails(a.emailOf("ana"), "assessment_reminder")).toHaveLength(1);
  expect(await mails(a.emailOf("bo"), "assessment_reminder")).toHaveLength(1);
  // Revoked: no reminder.
  expect(await mails(a.emailOf("cy"), "assessment_reminder")).toHaveLength(0);
  expect(reminder!.subject).toContain("Reminder");
  expect(reminder!.text).toContain("due in 3 days");
  expect(reminder!.text).toContain("invitation email");
  expect(reminder!.text).toContain("Olga Owner");
  // No credential in it: tokens can't be re-sent, and none is minted.
  expect(reminder!.text).not.toMatch(/\/respond\//);
  expect(reminder!.html).toContain("<p>");
});

test("a new due date earns a new reminder", async () => {
  const a = await sent(5, ["ana"]);
  await runScheduledJobs(t.db, at(2));
  expect(await mails(a.emailOf("ana"), "assessment_reminder")).toHaveLength(1);
  const extended = await extendDueDate(t.db, staff, a.assessmentId, dayString(12), at(2));
  expect(extended.ok).toBe(true);
  await runScheduledJobs(t.db, at(3));
  expect(await mails(a.emailOf("ana"), "assessment_reminder")).toHaveLength(1);
  await runScheduledJobs(t.db, at(9));
  const reminders = await mails(a.emailOf("ana"), "assessment_reminder");
  expect(reminders).toHaveLength(2);
  expect(reminders.map((m) => m.subject).join()).toContain(
    new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(day(12)),
  );
});

test("no reminder after submission, nor to someone invited inside the reminder window", async () => {
  const done = await sent(6, ["ana"]);
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, done.assessmentId));
  const context = {
    assessmentId: done.assessmentId,
    recipientId: recipient!.id,
    recipientName: recipient!.name,
    recipientEmail: recipient!.email,
  };
  const { questionnaire } = await loadVendorWorkspace(t.db, done.assessmentId);
  await completeRequiredAnswers(t.db, { ...done, vendorId: "", questionnaire, context });
  expect((await submitAssessment(t.db, context)).ok).toBe(true);
  const late = await sent(2, ["ana"]);
  await runScheduledJobs(t.db, at(3));
  expect(await mails(done.emailOf("ana"), "assessment_reminder")).toHaveLength(0);
  expect(await mails(late.emailOf("ana"), "assessment_reminder")).toHaveLength(0);
});

test("with reminderDaysBefore set to 0 no reminder is sent", async () => {
  const admin = await createUser(t.db, { role: "admin" });
  const actor = { id: admin.id, email: admin.email };
  await updateSettings(t.db, actor, { ...(await getSettings(t.db)), reminderDaysBefore: 0 });
  try {
    const a = await sent(4, ["ana"]);
    for (const offset of [0, 1, 2, 3, 4]) await runScheduledJobs(t.db, at(offset));
    expect(await mails(a.emailOf("ana"), "assessment_reminder")).toHaveLength(0);
  } finally {
    await updateSettings(t.db, actor, {
      ...(await getSettings(t.db)),
      reminderDaysBefore: DEFAULT_SETTINGS.reminderDaysBefore,
    });
  }
});

test("two runs at the same moment (two app instances) send each mail exactly once", async () => {
  const a = await sent(3, ["ana", "bo"]);
  // Sent "yesterday" so today is inside the window and the reminder is due.
  await t.db
    .update(schema.assessmentRecipients)
    .set({ lastSentAt: day(-5) })
    .where(eq(schema.assessmentRecipients.assessmentId, a.assessmentId));
  await Promise.all([runScheduledJobs(t.db, at(0)), runScheduledJobs(t.db, at(0))]);
  await Promise.all([runScheduledJobs(t.db, at(4)), runScheduledJobs(t.db, at(4))]);
  for (const p of ["ana", "bo"]) {
    expect(await mails(a.emailOf(p), "assessment_reminder")).toHaveLength(1);
    expect(await mails(a.emailOf(p), "assessment_overdue_vendor")).toHaveLength(1);
  }
  const ownerNotices = (await mails(staff.email, "assessment_overdue_owner")).filter((m) =>
    m.text.includes(a.assessmentId),
  );
  expect(ownerNotices).toHaveLength(1);
});

test("the day after the due date, each recipient and the owner get one overdue notice", async () => {
  const a = await sent(2, ["ana"]);
  await runScheduledJobs(t.db, at(2));
  expect(await mails(a.emailOf("ana"), "assessment_overdue_vendor")).toHaveLength(0);
  await runScheduledJobs(t.db, at(3));
  await runScheduledJobs(t.db, at(4));
  const [notice] = await mails(a.emailOf("ana"), "assessment_overdue_vendor");
  expect(await mails(a.emailOf("ana"), "assessment_overdue_vendor")).toHaveLength(1);
  expect(notice!.text).toContain("has not been submitted");
  const owner = (await mails(staff.email, "assessment_overdue_owner")).filter((m) =>
    m.text.includes(`/assessments/${a.assessmentId}`),
  );
  expect(owner).toHaveLength(1);
  expect(owner[0]!.subject).toContain("Jobs Vendor");
});

test("once every link has run out the assessment expires: audited, the owner told, once", async () => {
  const a = await sent(1, ["ana"]);
  const grace = DEFAULT_SETTINGS.vendorLinkGraceDays;
  // The last day of grace: links still work.
  await runScheduledJobs(t.db, at(1 + grace));
  const status = async () =>
    (
      await t.db
        .select({ status: schema.assessments.status })
        .from(schema.assessments)
        .where(eq(schema.assessments.id, a.assessmentId))
    )[0]!.status;
  expect(await status()).toBe("sent");
  await runScheduledJobs(t.db, at(2 + grace));
  await runScheduledJobs(t.db, at(3 + grace));
  expect(await status()).toBe("expired");
  const events = await t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.targetId, a.assessmentId),
        eq(schema.auditEvents.action, "assessment.expired"),
      ),
    );
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    actorLabel: "system: scheduler",
    before: { status: "sent" },
    after: { status: "expired" },
  });
  const told = (await mails(staff.email, "assessment_expired_owner")).filter((m) =>
    m.text.includes(`/assessments/${a.assessmentId}`),
  );
  expect(told).toHaveLength(1);
});

test("a link that still works keeps an assessment open past the grace, without a transaction each run", async () => {
  const a = await sent(1, ["ana"]);
  const grace = DEFAULT_SETTINGS.vendorLinkGraceDays;
  // A link made later (say, after the due date moved) works for another month.
  await t.db
    .update(schema.assessmentRecipients)
    .set({ expiresAt: day(40 + grace) })
    .where(eq(schema.assessmentRecipients.assessmentId, a.assessmentId));
  await runScheduledJobs(t.db, at(3 + grace));
  expect(await transactionsOpenedBy(t.db, () => runScheduledJobs(t.db, at(3 + grace)))).toBe(0);
  const [row] = await t.db
    .select({ status: schema.assessments.status })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, a.assessmentId));
  expect(row!.status).toBe("sent");
});

test("a failing job is logged and the others still run", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const ran: string[] = [];
  const jobs: Job[] = [
    {
      name: "first",
      run: async () => {
        ran.push("first");
        return 2;
      },
    },
    {
      name: "broken",
      run: async () => {
        throw new Error("boom");
      },
    },
    {
      name: "last",
      run: async () => {
        ran.push("last");
        return 1;
      },
    },
  ];
  expect(await runScheduledJobs(t.db, new Date(), jobs)).toEqual({ first: 2, last: 1 });
  expect(ran).toEqual(["first", "last"]);
  expect(logged).toHaveBeenCalledWith(
    expect.stringContaining('"broken" failed'),
    expect.any(Error),
  );
});
