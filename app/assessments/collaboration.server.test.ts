// Collaboration inside the vendor on a real database: colleagues invited with their own links,
// the vendor's email domains enforced, sections and questions assigned — and never across
// assessments.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { action as teamAction, loader as teamLoader } from "~/routes/v.team";
import { loader as taskListLoader } from "~/routes/v._index";
import { loader as shellLoader } from "~/routes/v";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment, type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest } from "~/test/factories";
import { getAssessmentForStaff, revokeLink } from "./assessments.server";
import { assignWork, getTeam, inviteColleague } from "./collaboration.server";
import {
  getLinkState,
  getVendorContext,
  saveAnswer,
  startVendorSession,
  submitAssessment,
} from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
let acme: TestAssessment;
let other: TestAssessment;

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
  acme = await sendTestAssessment(t.db, staff, versionId, { name: "Acme Collab" });
  other = await sendTestAssessment(t.db, staff, versionId, { name: "Other Collab" });
});
afterAll(async () => t.dispose());

async function latestMailTo(email: string) {
  const [mail] = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.to, email))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1);
  return mail;
}

const tokenIn = (text: string) => text.match(/\/respond\/([A-Za-z0-9_-]{43})/)?.[1];

/** The cookie a recipient's browser holds after opening their personal link. */
async function sessionCookieFor(email: string) {
  const mail = await latestMailTo(email);
  const started = await startVendorSession(t.db, tokenIn(mail!.text)!);
  if (!started.ok) throw new Error(`no session for ${email}`);
  return started.cookie.split(";")[0]!;
}

async function post(cookie: string, fields: Record<string, string>) {
  try {
    const result = await teamAction({
      request: formRequest("/v/team", fields, { Cookie: cookie }),
      params: {},
      context: {},
    });
    const init = (result as { init?: { status?: number } }).init;
    return {
      status: init?.status ?? 200,
      data: (result as { data?: { errors?: Record<string, string> } }).data,
    };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("location") };
    if (thrown && typeof thrown === "object" && "init" in thrown)
      return { status: (thrown as { init?: { status?: number } }).init?.status ?? 500 };
    throw thrown;
  }
}

test("a recipient invites a colleague, who gets a personal link of their own and a mail saying who invited them", async () => {
  const invited = await inviteColleague(t.db, acme.context, {
    name: "Bo Colleague",
    email: "Bo@Acme.Example",
  });
  expect(invited.ok).toBe(true);
  if (!invited.ok) return;
  const [row] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.id, invited.recipientId));
  expect(row).toMatchObject({
    assessmentId: acme.assessmentId,
    email: "bo@acme.example",
    invitedByRecipientId: acme.context.recipientId,
    contactId: null,
  });
  const mail = await latestMailTo("bo@acme.example");
  expect(mail).toMatchObject({ kind: "assessment_invitation_colleague" });
  expect(mail!.subject).toContain("Vendor Contact invited you");
  expect(mail!.text).toContain("Vendor Contact invited you to help Acme Collab");
  expect(mail!.html).toContain("Open the assessment");
  const token = tokenIn(mail!.text)!;
  // Stored only hashed, and bound to this assessment.
  expect(row!.tokenHash).not.toBe(token);
  expect(await getLinkState(t.db, token)).toMatchObject({
    state: "valid",
    assessmentId: acme.assessmentId,
    name: "Bo Colleague",
  });
  const staffView = await getAssessmentForStaff(t.db, acme.assessmentId);
  expect(staffView!.recipients.find((r) => r.email === "bo@acme.example")).toMatchObject({
    invitedBy: "Vendor Contact",
  });
  const [event] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.targetId, acme.assessmentId),
        eq(schema.auditEvents.action, "recipient.invited_by_colleague"),
      ),
    );
  expect(event).toMatchObject({ actorLabel: "vendor: Vendor Contact" });
  // Somebody already on the assessment is not invited twice.
  expect(
    await inviteColleague(t.db, acme.context, { name: "Bo again", email: "bo@acme.example" }),
  ).toMatchObject({ ok: false, status: 409, field: "email" });
});

test("with email domains set on the vendor, an address outside them is refused with a clear message", async () => {
  const restricted = await sendTestAssessment(t.db, staff, versionId, {
    name: "Domain Collab",
    emailDomains: ["domain-collab.example", "dc.example"],
  });
  const refused = await inviteColleague(t.db, restricted.context, {
    name: "Mallory",
    email: "mallory@gmail.example",
  });
  expect(refused).toEqual({
    ok: false,
    status: 400,
    field: "email",
    message:
      "You can only invite colleagues with an address at @domain-collab.example, @dc.example. Ask the person who sent you this assessment if someone else needs access.",
  });
  expect(await latestMailTo("mallory@gmail.example")).toBeUndefined();
  expect(
    await inviteColleague(t.db, restricted.context, {
      name: "Uma",
      email: "uma@uk.domain-collab.example",
    }),
  ).toMatchObject({ ok: true });
  // Through the page: the same message, as a 400 on the email field.
  const cookie = await sessionCookieFor(restricted.context.recipientEmail);
  const viaPage = await post(cookie, {
    intent: "invite",
    name: "Mallory",
    email: "mallory@gmail.example",
  });
  expect(viaPage.status).toBe(400);
  expect(viaPage.data?.errors?.email).toContain("@domain-collab.example");
});

test("sections and questions are assigned to one colleague each; the task list shows who is on what", async () => {
  const team = await getTeam(t.db, acme.assessmentId);
  const bo = team.members.find((m) => m.email === "bo@acme.example")!;
  const [section] = acme.questionnaire.sections;
  const question = acme.questionnaire.sections[1]!.questions[0]!;
  expect(
    await assignWork(t.db, acme.context, acme.questionnaire, {
      target: { sectionId: section!.id },
      recipientId: bo.id,
    }),
  ).toEqual({ ok: true });
  expect(
    await assignWork(t.db, acme.context, acme.questionnaire, {
      target: { questionId: question.id },
      recipientId: acme.context.recipientId,
    }),
  ).toEqual({ ok: true });
  // Reassigning replaces: one assignee per section.
  expect(
    await assignWork(t.db, acme.context, acme.questionnaire, {
      target: { questionId: question.id },
      recipientId: bo.id,
    }),
  ).toEqual({ ok: true });
  const after = await getTeam(t.db, acme.assessmentId);
  expect(after.sections[section!.id]).toMatchObject({ name: "Bo Colleague" });
  expect(after.questions[question.id]).toMatchObject({ name: "Bo Colleague" });
  // Bo opens his own link and sees it on the task list.
  const cookie = await sessionCookieFor("bo@acme.example");
  const page = (await taskListLoader({
    request: new Request("http://localhost:3000/v", { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  })) as Awaited<ReturnType<typeof taskListLoader>>;
  // The vendor shell (the layout route) says who is signed in.
  const shell = await shellLoader({
    request: new Request("http://localhost:3000/v", { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  });
  expect(shell?.recipientName).toBe("Bo Colleague");
  expect(page.sections[0]).toMatchObject({ assignee: "Bo Colleague" });
  expect(page.sections[1]!.questionAssignees).toEqual(["Bo Colleague: 1 question"]);
  expect(page.teamSize).toBeGreaterThanOrEqual(2);
  // The answer records who changed it last.
  const saved = await saveAnswer(
    t.db,
    (await getVendorContext(t.db, new Request("http://x/", { headers: { Cookie: cookie } })))!,
    acme.questionnaire,
    {
      questionId: question.id,
      answer: null,
      comment: "Bo is on it.",
      baseRevision: 0,
    },
  );
  expect(saved.ok).toBe(true);
  // Removing an assignment.
  const viaPage = await post(cookie, {
    intent: "assign",
    target: `question:${question.id}`,
    recipientId: "",
  });
  expect(viaPage).toMatchObject({ status: 302, location: "/v/team" });
  expect((await getTeam(t.db, acme.assessmentId)).questions[question.id]).toBeUndefined();
  // Nonsense targets are refused.
  expect(
    await assignWork(t.db, acme.context, acme.questionnaire, {
      target: { sectionId: "no-such-section" },
      recipientId: bo.id,
    }),
  ).toMatchObject({ ok: false, status: 400 });
});

test("a vendor session cannot invite into, or assign within, another assessment", async () => {
  const cookie = await sessionCookieFor(acme.context.recipientEmail);
  // Someone working on the other assessment cannot be put on this one's work.
  const section = acme.questionnaire.sections[0]!;
  const viaPage = await post(cookie, {
    intent: "assign",
    target: `section:${section.id}`,
    recipientId: other.context.recipientId,
  });
  expect(viaPage.status).toBe(400);
  expect(viaPage.data?.errors?.recipientId).toBe(
    "Choose someone who is working on this assessment",
  );
  expect(
    await assignWork(t.db, acme.context, acme.questionnaire, {
      target: { sectionId: section.id },
      recipientId: other.context.recipientId,
    }),
  ).toMatchObject({ ok: false, status: 400 });
  // An assessment id in the form is ignored: the invitation lands on the session's assessment.
  const invited = await post(cookie, {
    intent: "invite",
    name: "Cy",
    email: "cy@acme.example",
    assessmentId: other.assessmentId,
  });
  expect(invited).toMatchObject({ status: 302, location: "/v/team" });
  const [cy] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.email, "cy@acme.example"));
  expect(cy!.assessmentId).toBe(acme.assessmentId);
  const otherTeam = await getTeam(t.db, other.assessmentId);
  expect(otherTeam.members.map((m) => m.email)).toEqual([other.context.recipientEmail]);
  expect(otherTeam.sections).toEqual({});
  // The other assessment's team page shows nothing of this one.
  const otherCookie = await sessionCookieFor(other.context.recipientEmail);
  const otherPage = (await teamLoader({
    request: new Request("http://localhost:3000/v/team", { headers: { Cookie: otherCookie } }),
    params: {},
    context: {},
  })) as Awaited<ReturnType<typeof teamLoader>>;
  expect(JSON.stringify(otherPage)).not.toContain("acme.example");
  // A revoked colleague cannot be assigned work.
  await revokeLink(t.db, staff, acme.assessmentId, cy!.id);
  expect(
    await assignWork(t.db, acme.context, acme.questionnaire, {
      target: { sectionId: section.id },
      recipientId: cy!.id,
    }),
  ).toMatchObject({ ok: false, status: 400 });
  // Without a session, nothing.
  expect(
    await post("assay_vendor=nope", { intent: "invite", name: "X", email: "x@acme.example" }),
  ).toMatchObject({
    status: 401,
  });
});

test("once submitted, nobody new can be invited", async () => {
  const done = await sendTestAssessment(t.db, staff, versionId, { name: "Done Collab" });
  const { completeRequiredAnswers } = await import("~/test/assessment-factory");
  await completeRequiredAnswers(t.db, done);
  expect((await submitAssessment(t.db, done.context)).ok).toBe(true);
  expect(
    await inviteColleague(t.db, done.context, { name: "Late", email: "late@done.example" }),
  ).toMatchObject({ ok: false, status: 409 });
});
