// Autosave with one round trip (docs/decisions/400-lean-autosave.md): a session's fixed facts
// are remembered after its first save, and from then on whether it still lets its contact in
// is checked by the save's own statement. Every way a session ends must still stop the next
// save with a 401 and write nothing, on every path (the one statement, the transaction, the
// refusals), and the endpoint the production server answers directly must behave as the route.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { rowsOf, schema } from "~/db.server";
import { serveAutosave } from "~/http/autosave-endpoint.server";
import { closeLingeringIfUnread, hasPendingBody } from "~/http/body-limit.server";
import { type Db } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { signedInTestAssessment } from "~/test/vendor-session";
import { autosaveAnswer, autosaveSession, SIGNED_OUT_REPLY } from "./autosave.server";
import { SIGNED_OUT_MESSAGE } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const TEXT = "workforce-locations";
const EVIDENCE = "bias-documentation";

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
});
afterAll(async () => t.dispose());

let n = 0;
async function assessment(): Promise<TestAssessment & { cookie: string }> {
  return signedInTestAssessment(t.db, staff, versionId, { name: `Autosave Vendor ${++n}` });
}

function text(questionId: string, value: string, baseRevision: number) {
  return { questionId, answer: { kind: "value", value }, comment: "", baseRevision };
}

/** The answers and revision rows of an assessment, to show that nothing was written. */
async function written(a: TestAssessment) {
  const answers = await t.db
    .select({ questionId: schema.answers.questionId, revision: schema.answers.revision })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, a.assessmentId));
  const [revisions] = await t.db
    .select({ n: count() })
    .from(schema.answerRevisions)
    .innerJoin(schema.answers, eq(schema.answers.id, schema.answerRevisions.answerId))
    .where(eq(schema.answers.assessmentId, a.assessmentId));
  const [assessment] = await t.db
    .select({ status: schema.assessments.status })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, a.assessmentId));
  return { answers, revisions: revisions!.n, status: assessment!.status };
}

/** One save as the route and the endpoint make it: the session, then the body. */
async function autosave(db: Db, cookie: string | null, body: unknown) {
  const session = await autosaveSession(db, cookie);
  return session ? autosaveAnswer(db, session, body) : SIGNED_OUT_REPLY;
}

const signedOut = {
  status: 401,
  body: { ok: false, kind: "signed-out", message: SIGNED_OUT_MESSAGE },
};

test("the first save looks the session up, later saves use what is remembered: revisions count up, a stale base is a 409 with the answer that won", async () => {
  const a = await assessment();
  // The first save of a sent assessment moves it on (the transaction path).
  expect(await autosave(t.db, a.cookie, text(TEXT, "one", 0))).toEqual({
    status: 200,
    body: { ok: true, revision: 1 },
  });
  // In progress now: the one-statement path, with the session checked in it.
  expect(await autosave(t.db, a.cookie, text(TEXT, "two", 1))).toEqual({
    status: 200,
    body: { ok: true, revision: 2 },
  });
  const stale = await autosave(t.db, a.cookie, text(TEXT, "three", 1));
  expect(stale.status).toBe(409);
  expect(stale.body).toMatchObject({
    kind: "conflict",
    current: { answer: { kind: "value", value: "two" }, revision: 2 },
  });
  expect(await written(a)).toEqual({
    answers: [{ questionId: TEXT, revision: 2 }],
    revisions: 2,
    status: "in_progress",
  });
  // Stored as JSON objects by both paths, in the answer and in its history: a value sent as a
  // string to a jsonb parameter that is serialised again would be stored as a JSON string,
  // which drizzle reads back the same but SQL (answer->>'value') does not.
  const stored = await rowsOf<{ kind: string }>(
    t.db,
    sql`select jsonb_typeof(answer) as kind from answers where assessment_id = ${a.assessmentId}
      union all
      select jsonb_typeof(r.answer) from answer_revisions r join answers on answers.id = r.answer_id
      where answers.assessment_id = ${a.assessmentId}`,
  );
  expect(stored.map((row) => row.kind)).toEqual(["object", "object", "object"]);
});

// The save's statement is large to plan and finds every row by a key: after five runs on a
// connection PostgreSQL keeps its generic plan instead of planning it on every save
// (docs/decisions/403-generic-plans.md).
test.skipIf(!process.env.DATABASE_URL)(
  "on PostgreSQL the save's statement keeps its generic plan after five runs",
  async () => {
    const own = await t.openAnother!({ max: 1 });
    try {
      const a = await assessment();
      let revision = 0;
      // The first save moves the assessment on (the transaction), then seven statements.
      for (let i = 0; i < 8; i++) {
        const saved = await autosave(own.db, a.cookie, text(TEXT, `answer ${i}`, revision));
        expect(saved).toMatchObject({ status: 200, body: { ok: true } });
        revision = (saved.body as { revision: number }).revision;
      }
      // Of the statement that checks the session (the first save's, whose session was looked
      // up in full, checks none), on the one connection.
      const plans = await rowsOf<{ generic_plans: string; custom_plans: string }>(
        own.db,
        sql`select generic_plans::text, custom_plans::text from pg_prepared_statements
          where statement like ${"%vendor_sessions%insert into answer_revisions%"}`,
      );
      expect(plans).toEqual([{ generic_plans: "2", custom_plans: "5" }]);
    } finally {
      await own.close();
    }
  },
);

const endings: [string, (a: TestAssessment) => Promise<unknown>][] = [
  [
    "signed out (the session row is gone)",
    (a) =>
      t.db
        .delete(schema.vendorSessions)
        .where(eq(schema.vendorSessions.assessmentId, a.assessmentId)),
  ],
  [
    "the session expired",
    (a) =>
      t.db
        .update(schema.vendorSessions)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(schema.vendorSessions.assessmentId, a.assessmentId)),
  ],
  [
    "the contact was removed",
    (a) =>
      t.db
        .update(schema.assessmentRecipients)
        .set({ revokedAt: new Date() })
        .where(eq(schema.assessmentRecipients.id, a.context.recipientId)),
  ],
  [
    "the contact's link expired",
    (a) =>
      t.db
        .update(schema.assessmentRecipients)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(schema.assessmentRecipients.id, a.context.recipientId)),
  ],
];

// Each path from a fresh start: a 401 forgets the remembered facts, so a second request would
// be looked up in full and prove nothing about the path.
const paths: [string, (a: TestAssessment & { cookie: string }) => unknown][] = [
  // The one statement's update (in progress, a text answer saved before).
  ["the statement's update", () => text(TEXT, "after", 1)],
  // The one statement's insert (a question never answered).
  ["the statement's insert", () => text("subcontractor-list", "after", 0)],
  // The transaction: an evidence answer never takes the one statement.
  ["the transaction", () => ({ questionId: EVIDENCE, answer: null, comment: "", baseRevision: 0 })],
  // Refusals are told only to a contact still signed in.
  ["an unknown question", () => text("no-such-question", "x", 0)],
  ["an answer the question does not take", () => text("workforce-screening", "not an option", 0)],
  ["a body that is no save", () => ({ questionId: TEXT })],
  ["a body that is not JSON", () => null],
];

describe.each(endings)("after the facts are remembered, %s", (_name, end) => {
  test.each(paths)("%s is a 401 and writes nothing", async (_path, body) => {
    const a = await assessment();
    expect((await autosave(t.db, a.cookie, text(TEXT, "before", 0))).status).toBe(200);
    const before = await written(a);
    await end(a);
    expect(await autosave(t.db, a.cookie, body(a))).toEqual(signedOut);
    expect(await written(a)).toEqual(before);
  });
});

test("an assessment no longer in progress takes the transaction: closed is a 423, and the session is still checked there", async () => {
  const a = await assessment();
  expect((await autosave(t.db, a.cookie, text(TEXT, "mine", 0))).status).toBe(200);
  await t.db
    .update(schema.assessments)
    .set({ status: "submitted" })
    .where(eq(schema.assessments.id, a.assessmentId));
  const closed = await autosave(t.db, a.cookie, text(TEXT, "late", 1));
  expect(closed.status).toBe(423);
  expect(closed.body).toMatchObject({ ok: false, kind: "closed" });
  await t.db
    .update(schema.assessmentRecipients)
    .set({ revokedAt: new Date() })
    .where(eq(schema.assessmentRecipients.id, a.context.recipientId));
  expect(await autosave(t.db, a.cookie, text(TEXT, "late", 1))).toEqual(signedOut);
});

test("while signed in, a bad request is told what is wrong: 400 for no save at all, 422 for an answer the question does not take", async () => {
  const a = await assessment();
  expect((await autosave(t.db, a.cookie, text(TEXT, "first", 0))).status).toBe(200);
  const notASave = await autosave(t.db, a.cookie, { questionId: TEXT });
  expect(notASave.status).toBe(400);
  expect(notASave.body).toMatchObject({ ok: false, kind: "invalid" });
  expect(await autosave(t.db, a.cookie, text("no-such-question", "x", 0))).toEqual({
    status: 422,
    body: { ok: false, kind: "invalid", message: "This question is not part of the assessment" },
  });
  // A lone surrogate is refused before anything is stored.
  expect((await autosave(t.db, a.cookie, text(TEXT, "bad \ud800", 1))).status).toBe(400);
  expect((await written(a)).answers).toEqual([{ questionId: TEXT, revision: 1 }]);
});

test("no cookie, a forged cookie or another app's cookie is a 401 and touches nothing", async () => {
  const a = await assessment();
  const [name, value] = a.cookie.split("=") as [string, string];
  for (const cookie of [null, "", `${name}=${value.slice(0, -2)}xx`, "other=1"]) {
    expect(await autosave(t.db, cookie, text(TEXT, "x", 0))).toEqual(signedOut);
  }
  expect(await written(a)).toMatchObject({ answers: [], revisions: 0, status: "sent" });
});

describe("the endpoint the production server answers itself", () => {
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      // What scripts/server.js does for every request with a body before any route runs.
      if (hasPendingBody(req)) {
        res.setHeader("Connection", "close");
        closeLingeringIfUnread(req, res);
      }
      serveAutosave(req, res).catch(() => {
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("answers as the route does: JSON, never cached, the connection kept alive", async () => {
    const a = await assessment();
    const post = (body: string) =>
      fetch(`${origin}/v/answers`, {
        method: "POST",
        headers: { Cookie: a.cookie, "Content-Type": "application/json" },
        body,
      });
    const saved = await post(JSON.stringify(text(TEXT, "over http", 0)));
    expect(saved.status).toBe(200);
    expect(saved.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(saved.headers.get("cache-control")).toBe("no-store");
    expect(saved.headers.get("connection")).not.toBe("close");
    expect(await saved.json()).toEqual({ ok: true, revision: 1 });
    const notJson = await post("questionId=x");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ ok: false, kind: "invalid" });
    const stored = await t.db
      .select({ answer: schema.answers.answer })
      .from(schema.answers)
      .where(and(eq(schema.answers.assessmentId, a.assessmentId)));
    expect(stored).toEqual([{ answer: { kind: "value", value: "over http" } }]);
  });

  test("without a session the answer is a 401 before the body is read: a body that never ends is not waited for", async () => {
    const { port } = server.address() as AddressInfo;
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    socket.write(
      "POST /v/answers HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
        'Transfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n',
    );
    await expect.poll(() => received, { timeout: 5_000 }).toMatch(/\r\n\r\n\{/);
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received).toContain('"kind":"signed-out"');
    socket.destroy();
  });

  test("a body over the 64 KB limit is a 413, declared or streamed, and nothing is saved", async () => {
    const a = await assessment();
    const big = JSON.stringify(text(TEXT, "x".repeat(70 * 1024), 0));
    const declared = await fetch(`${origin}/v/answers`, {
      method: "POST",
      headers: { Cookie: a.cookie, "Content-Type": "application/json" },
      body: big,
    });
    expect(declared.status).toBe(413);
    const streamed = await fetch(`${origin}/v/answers`, {
      method: "POST",
      headers: { Cookie: a.cookie, "Content-Type": "application/json" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ ok: false, kind: "invalid" });
    expect((await written(a)).answers).toEqual([]);
  });
});
