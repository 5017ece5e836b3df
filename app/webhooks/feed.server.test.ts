// GET /api/v1/events through its loader on a real migrated database: the same events as the
// webhooks, oldest first after a cursor, never answer contents, never test events; a bad
// cursor is a 400. On PostgreSQL, an event whose transaction is still running holds back the
// feed until it commits, so a consumer never skips it (docs/decisions/217-event-feed.md).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiToken } from "~/api/tokens.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { loader } from "~/routes/api.v1.events";
import { submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { emitEvent } from "./emit.server";
import { sendTestEvent } from "./endpoints.server";

let t: TestDatabase;
let admin: SessionUser;
let token: string;

async function call(path: string) {
  const request = new Request(`http://localhost:3000${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const response = await (loader as (a: LoaderFunctionArgs) => Promise<Response>)({
    request,
    params: {},
    context: {},
  });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

// The feed waits for every transaction older than an event to end, and PostgreSQL counts them
// across the whole server: other test files running at the same time on the same server hold
// events back for a moment. Listings that must be complete wait until nothing here is held back.
async function settled() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await t.db
      .select({ held: sql<number>`count(*)::int` })
      .from(schema.webhookEvents)
      .where(
        sql`${schema.webhookEvents.txid} >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
      );
    if (!row || row.held === 0) return;
    if (Date.now() > deadline) throw new Error(`${row.held} events still held back after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const row = await createUser(t.db, { role: "admin", name: "Ada" });
  admin = { id: row.id, email: row.email, name: row.name, role: row.role };
  token = (await createApiToken(t.db, admin, "Feed")).token;
});
afterAll(async () => {
  await t.dispose();
});

test("the feed pages through the events after a cursor, without answers or test events", async () => {
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  await submittedTestAssessment(
    t.db,
    admin,
    versionId,
    { name: "Feed Vendor" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  const [endpoint] = await t.db
    .insert(schema.webhookEndpoints)
    .values({ name: "x", url: "https://hooks.example.com/", events: ["mail.failed"], secret: "s" })
    .returning();
  await sendTestEvent(t.db, admin, endpoint!.id);

  await settled();
  const all = await call("/api/v1/events?limit=200");
  expect(all.status).toBe(200);
  const types = all.body.data.map((e: { type: string }) => e.type);
  expect(types.slice(0, 3)).toEqual(["assessment.sent", "assessment.submitted", "finding.opened"]);
  expect(types).not.toContain("webhook.test");
  expect(JSON.stringify(all.body)).not.toMatch(/"answers?"/);
  expect(all.body.next).toBeNull();
  expect(all.body.cursor).toBe(all.body.data.at(-1).id);

  // Two at a time, following the cursor: the same events in the same order.
  const paged: string[] = [];
  let path: string | null = "/api/v1/events?limit=2";
  while (path) {
    const page = await call(path);
    expect(page.body.data.length).toBeLessThanOrEqual(2);
    paged.push(...page.body.data.map((e: { id: string }) => e.id));
    path = page.body.next;
  }
  expect(paged).toEqual(all.body.data.map((e: { id: string }) => e.id));

  // Caught up: the cursor stays put and the page is empty until something happens.
  const idle = await call(`/api/v1/events?after=${all.body.cursor}`);
  expect(idle.body).toEqual({ data: [], cursor: all.body.cursor, next: null });
  await emitEvent(t.db, "mail.failed", { summary: "A mail failed" });
  await settled();
  const fresh = await call(`/api/v1/events?after=${all.body.cursor}`);
  expect(fresh.body.data.map((e: { type: string }) => e.type)).toEqual(["mail.failed"]);

  const filtered = await call("/api/v1/events?type=finding.opened&limit=200");
  expect(new Set(filtered.body.data.map((e: { type: string }) => e.type))).toEqual(
    new Set(["finding.opened"]),
  );

  for (const bad of ["after=-1", "after=abc", "type=nope", "limit=0", "page=2"]) {
    const refused = await call(`/api/v1/events?${bad}`);
    expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
    expect(refused.body.error.code).toBe("invalid_query");
  }
});

test.runIf(process.env.DATABASE_URL)(
  "an event from a transaction still running holds back later ones until it commits",
  async () => {
    // The test database's pool has several connections: the slow transaction holds one.
    {
      await settled();
      const before = (await call("/api/v1/events?limit=200")).body.cursor as string;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const slow = t.db.transaction(async (tx) => {
        await emitEvent(tx, "mail.failed", { summary: "slow" });
        started();
        await held;
      });
      await inside;
      await emitEvent(t.db, "mail.failed", { summary: "quick" });
      // The quick one committed with a larger id; listing it now would let a consumer's cursor
      // pass the slow one's id before it commits.
      expect((await call(`/api/v1/events?after=${before}`)).body.data).toEqual([]);
      release();
      await slow;
      await settled();
      const after = (await call(`/api/v1/events?after=${before}`)).body.data;
      expect(after.map((e: { data: { summary: string } }) => e.data.summary)).toEqual([
        "slow",
        "quick",
      ]);
    }
  },
);
