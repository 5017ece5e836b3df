// Two contacts saving the same answer from the same revision at the same moment, through the
// autosave route: exactly one is saved (200), the other is told who won and what they wrote
// (409) — never a 500 and never two rows claiming the same revision
// (docs/decisions/130-answer-save-race.md). Only a real PostgreSQL runs the two transactions
// at once; on PGlite (one connection) the pairs run one after the other and must still hold.
import { asc, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAssessment } from "~/assessments/assessments.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { action as saveAction } from "~/routes/v.answers";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, libraryVersionId } from "~/test/factories";
import { loadVendorWorkspace, startVendorSession } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
const PAIRS = process.env.DATABASE_URL ? 200 : 40;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement", name: "Priya" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
});
afterAll(async () => t.dispose());

async function cookieFor(email: string): Promise<string> {
  const [mail] = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.to, email))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1);
  const token = mail!.text.match(/\/respond\/([A-Za-z0-9_-]{43})/)![1]!;
  const started = await startVendorSession(t.db, token);
  if (!started.ok) throw new Error(`no session for ${email}`);
  return started.cookie.split(";")[0]!;
}

async function save(cookie: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const request = new Request("http://localhost:3000/v/answers", {
    method: "POST",
    headers: {
      Origin: "http://localhost:3000",
      "Content-Type": "application/json",
      Cookie: cookie,
    },
    body: JSON.stringify(body),
  });
  // A thrown error is what Remix would answer with a 500.
  const response = await saveAction({ request, params: {}, context: {} });
  return { status: response.status, body: await response.json() };
}

test(`${PAIRS} pairs of simultaneous saves from the same revision: always exactly one 200 and one 409 with the winner's value`, async () => {
  const vendor = await createVendor(t.db, { name: "Racing Labs", ownerId: staff.id });
  const contacts = await t.db
    .insert(schema.vendorContacts)
    .values([
      { vendorId: vendor.id, name: "Ada", email: "ada@racing.example" },
      { vendorId: vendor.id, name: "Bea", email: "bea@racing.example" },
    ])
    .returning();
  const created = await createAssessment(t.db, staff, {
    vendorId: vendor.id,
    questionnaireVersionId: await libraryVersionId(t.db, "training-data-supplier", "1.0.0"),
    dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    message: "",
    contactIds: contacts.map((c) => c.id),
    send: true,
  });
  if (!created.ok) throw new Error(created.message);
  const ada = await cookieFor("ada@racing.example");
  const bea = await cookieFor("bea@racing.example");
  const { questionnaire } = await loadVendorWorkspace(t.db, created.assessmentId);
  const question = questionnaire.sections
    .flatMap((s) => s.questions)
    .find((q) => q.type === "short_text" || q.type === "long_text")!;

  let base = 0;
  for (let pair = 0; pair < PAIRS; pair++) {
    const mine = `Ada's answer ${pair}`;
    const theirs = `Bea's answer ${pair}`;
    const answer = (value: string) => ({
      questionId: question.id,
      answer: { kind: "value", value },
      comment: "",
      baseRevision: base,
    });
    const [a, b] = await Promise.all([save(ada, answer(mine)), save(bea, answer(theirs))]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, `pair ${pair}: ${JSON.stringify([a, b])}`).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    const won = winner === a ? mine : theirs;
    expect(winner.body).toEqual({ ok: true, revision: base + 1 });
    expect(loser.body).toMatchObject({
      ok: false,
      kind: "conflict",
      current: {
        answer: { kind: "value", value: won },
        revision: base + 1,
        updatedBy: winner === a ? "Ada" : "Bea",
      },
    });
    base += 1;
  }

  // The history has one row per revision, in order, and the answer holds the last winner's.
  const [stored] = await t.db
    .select()
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, created.assessmentId));
  expect(stored!.revision).toBe(PAIRS);
  const history = await t.db
    .select({ revision: schema.answerRevisions.revision })
    .from(schema.answerRevisions)
    .where(eq(schema.answerRevisions.answerId, stored!.id))
    .orderBy(asc(schema.answerRevisions.revision));
  expect(history.map((h) => h.revision)).toEqual(Array.from({ length: PAIRS }, (_, i) => i + 1));
});

test("pairs of simultaneous first answers (revision 0) on an assessment in progress: one is saved, the other is told the winner's", async () => {
  const vendor = await createVendor(t.db, { name: "Racing Firsts", ownerId: staff.id });
  const contacts = await t.db
    .insert(schema.vendorContacts)
    .values([
      { vendorId: vendor.id, name: "Cy", email: "cy@firsts.example" },
      { vendorId: vendor.id, name: "Di", email: "di@firsts.example" },
    ])
    .returning();
  const created = await createAssessment(t.db, staff, {
    vendorId: vendor.id,
    questionnaireVersionId: await libraryVersionId(t.db, "training-data-supplier", "1.0.0"),
    dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    message: "",
    contactIds: contacts.map((c) => c.id),
    send: true,
  });
  if (!created.ok) throw new Error(created.message);
  const cy = await cookieFor("cy@firsts.example");
  const di = await cookieFor("di@firsts.example");
  const { questionnaire } = await loadVendorWorkspace(t.db, created.assessmentId);
  const questions = questionnaire.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.type === "short_text" || q.type === "long_text");
  expect(questions.length).toBeGreaterThan(2);
  // The first save moves the assessment to in progress; every pair after it is a first answer.
  const [opening, ...racing] = questions;
  const opened = await save(cy, {
    questionId: opening!.id,
    answer: { kind: "value", value: "Opening" },
    comment: "",
    baseRevision: 0,
  });
  expect(opened.status).toBe(200);
  for (const question of racing) {
    const body = (value: string) => ({
      questionId: question.id,
      answer: { kind: "value", value },
      comment: "",
      baseRevision: 0,
    });
    const [a, b] = await Promise.all([save(cy, body("Cy's")), save(di, body("Di's"))]);
    expect([a.status, b.status].sort(), `${question.id}: ${JSON.stringify([a, b])}`).toEqual([
      200, 409,
    ]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(winner.body).toEqual({ ok: true, revision: 1 });
    expect(loser.body).toMatchObject({
      kind: "conflict",
      current: {
        answer: { kind: "value", value: winner === a ? "Cy's" : "Di's" },
        revision: 1,
        updatedBy: winner === a ? "Cy" : "Di",
      },
    });
  }
  const revisions = await t.db
    .select({ answerId: schema.answerRevisions.answerId })
    .from(schema.answerRevisions)
    .innerJoin(schema.answers, eq(schema.answers.id, schema.answerRevisions.answerId))
    .where(eq(schema.answers.assessmentId, created.assessmentId));
  expect(revisions).toHaveLength(questions.length);
});
