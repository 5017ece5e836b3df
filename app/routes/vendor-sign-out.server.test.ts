// A vendor contact can sign out: the header offers it, and it ends the vendor session on the
// server (the old cookie no longer opens the assessment), not just in this browser.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import * as root from "~/root";
import * as logout from "~/routes/logout";
import * as taskList from "~/routes/v._index";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import { statusOf } from "~/test/status";

let t: TestDatabase;
let staff: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
});
afterAll(async () => t.dispose());

function get(path: string, cookie: string) {
  return new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } });
}

test("a vendor contact sees their name and signs out; the session ends on the server", async () => {
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Sign-out Vendor" });
  const cookie = await vendorSessionCookie(t.db, a);

  const header = (await root.loader({ request: get("/v", cookie), params: {}, context: {} })).data;
  expect(header.vendor).toEqual({ name: a.context.recipientName });
  expect(
    await statusOf(() => taskList.loader({ request: get("/v", cookie), params: {}, context: {} })),
  ).toBe(200);

  let response: Response | undefined;
  try {
    await logout.action({
      request: new Request("http://localhost:3000/logout", {
        method: "POST",
        headers: { Cookie: cookie, Origin: "http://localhost:3000" },
      }),
      params: {},
      context: {},
    });
  } catch (thrown) {
    response = thrown as Response;
  }
  expect(response?.status).toBe(302);
  expect(response?.headers.get("location")).toBe("/v/signed-out");
  expect(response?.headers.get("set-cookie")).toMatch(/assay_vendor=;.*Max-Age=0/i);

  // The old cookie, replayed, opens nothing: the row is gone.
  expect(
    await statusOf(() => taskList.loader({ request: get("/v", cookie), params: {}, context: {} })),
  ).toBe(401);
  const sessions = await t.db
    .select()
    .from(schema.vendorSessions)
    .where(eq(schema.vendorSessions.assessmentId, a.assessmentId));
  expect(sessions).toEqual([]);
  const [event] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "recipient.signed_out"));
  expect(event?.targetId).toBe(a.assessmentId);
});
