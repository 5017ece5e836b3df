// A provider's page (/supply-chain/providers/:key): a person confirms or rejects a name-only
// suggestion (decision 242). The decision changes what the map says a fourth party is, so it is
// a state change with its audit event (actor, before, after), written with the decision.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { getProvider } from "~/supply-chain/map.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId, PASSWORD } from "~/test/factories";
import * as providerRoute from "./supply-chain.providers.$key";

let t: TestDatabase;
let cookie: string;
let userId: string;
let key: string;
let suggested: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  userId = user.id;
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  const staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
  // A vendor declares "Quillfeather Labelling" by name only; the register has a vendor so named.
  const declaring = await sendTestAssessment(t.db, staff, versionId, { name: "Declaring Co" });
  const register = await sendTestAssessment(t.db, staff, versionId, {
    name: "Quillfeather Labelling",
  });
  suggested = register.vendorId;
  await t.db
    .update(schema.assessments)
    .set({ status: "submitted", submittedAt: new Date("2026-03-01T10:00:00Z") })
    .where(eq(schema.assessments.id, declaring.assessmentId));
  await t.db.insert(schema.declaredSuppliers).values({
    assessmentId: declaring.assessmentId,
    vendorId: declaring.vendorId,
    questionId: "subprocessor-declaration",
    position: 0,
    name: "Quillfeather Labelling",
    domain: null,
    service: "labelling",
    receives: ["training_data"],
    countries: ["KE"],
  });
  key = "name:quillfeatherlabelling";
  const provider = await getProvider(t.db, key);
  expect(provider?.suggestions.map((s) => s.vendorId)).toContain(suggested);
}, 120_000);
afterAll(async () => t.dispose());

async function decide(decision: "confirm" | "reject"): Promise<Response> {
  const request = new Request(`http://localhost:3000/supply-chain/providers/${key}`, {
    method: "POST",
    headers: {
      Cookie: cookie,
      Origin: "http://localhost:3000",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ vendorId: suggested, decision }).toString(),
  });
  try {
    await providerRoute.action({ request, params: { key }, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected a redirect");
}

const events = () =>
  t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(eq(schema.auditEvents.targetType, "vendor"), eq(schema.auditEvents.targetId, suggested)),
    )
    .orderBy(schema.auditEvents.id);

test("rejecting a name suggestion is written to the audit log with who, before and after", async () => {
  expect((await decide("reject")).status).toBe(302);
  const [row] = await t.db
    .select()
    .from(schema.providerMatches)
    .where(eq(schema.providerMatches.vendorId, suggested));
  expect(row).toMatchObject({ providerKey: key, confirmed: false });
  const logged = (await events()).filter((e) => e.action.startsWith("supply_chain.match"));
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({
    action: "supply_chain.match_rejected",
    actorUserId: userId,
    before: null,
    after: { provider: key, confirmed: false },
  });
  // Rejected, it is no longer offered: confirming it now is refused and changes nothing.
  const again = await providerRoute
    .action({
      request: new Request(`http://localhost:3000/supply-chain/providers/${key}`, {
        method: "POST",
        headers: {
          Cookie: cookie,
          Origin: "http://localhost:3000",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ vendorId: suggested, decision: "confirm" }).toString(),
      }),
      params: { key },
      context: {},
    })
    .catch((thrown: unknown) => thrown);
  expect((again as { init?: { status?: number } }).init?.status).toBe(400);
  expect((await events()).filter((e) => e.action.startsWith("supply_chain.match"))).toHaveLength(
    1,
  );
});
