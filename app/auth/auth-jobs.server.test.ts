// Expired sessions and old rate-limit counters are deleted by the scheduler's run (the real job
// list), on a real database; live ones are kept.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { runScheduledJobs } from "~/jobs/scheduler.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { hitRateLimit } from "./rate-limit.server";
import { createSession, getUserBySessionToken, SESSION_TTL_MS } from "./session.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
});
afterAll(async () => t.dispose());

const HOUR = 3_600_000;

test("a scheduler run deletes expired staff and vendor sessions and counters of long-ended windows, and keeps the rest", async () => {
  const now = new Date();
  const user = await createUser(t.db, { role: "procurement" });
  const staff: SessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  // Made 8 days ago: expired a day ago. Made an hour ago: live for almost a week.
  const expired = await createSession(t.db, user.id, {
    now: new Date(now.getTime() - 8 * 24 * HOUR),
  });
  const live = await createSession(t.db, user.id, { now: new Date(now.getTime() - HOUR) });
  expect(SESSION_TTL_MS).toBeLessThan(8 * 24 * HOUR);

  const rule = { limit: 5, windowMs: 15 * 60 * 1000 };
  await hitRateLimit(t.db, "login:old@example.test", rule, new Date(now.getTime() - 2 * 24 * HOUR));
  await hitRateLimit(t.db, "login:recent@example.test", rule, new Date(now.getTime() - HOUR));

  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const assessment = await sendTestAssessment(t.db, staff, versionId, { name: "Prune Vendor" });
  await openVendorSessions(assessment.context.recipientId, assessment.assessmentId, now);

  const done = await runScheduledJobs(t.db, now);

  expect(done["prune-sessions-and-rate-limits"]).toBe(2);
  expect(done["prune-vendor-sessions"]).toBe(1);
  const sessions = await t.db.select().from(schema.sessions);
  expect(sessions).toHaveLength(1);
  expect(await getUserBySessionToken(t.db, live)).toMatchObject({ id: user.id });
  expect(await getUserBySessionToken(t.db, expired)).toBeNull();
  const counters = await t.db.select({ key: schema.rateLimits.key }).from(schema.rateLimits);
  expect(counters.map((c) => c.key)).toEqual(["login:recent@example.test"]);
  const vendorSessions = await t.db.select().from(schema.vendorSessions);
  expect(vendorSessions.map((s) => s.idHash)).toEqual(["live-vendor-session"]);

  // A second run (another instance, or the next tick) finds nothing more to do.
  const again = await runScheduledJobs(t.db, now);
  expect(again["prune-sessions-and-rate-limits"]).toBe(0);
  expect(again["prune-vendor-sessions"]).toBe(0);
});

async function openVendorSessions(recipientId: string, assessmentId: string, now: Date) {
  await t.db.insert(schema.vendorSessions).values([
    {
      idHash: "expired-vendor-session",
      recipientId,
      assessmentId,
      expiresAt: new Date(now.getTime() - HOUR),
    },
    {
      idHash: "live-vendor-session",
      recipientId,
      assessmentId,
      expiresAt: new Date(now.getTime() + HOUR),
    },
  ]);
}
