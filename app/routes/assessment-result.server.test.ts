// The result page's loader: staff (a risk officer here) read it, unknown ids are a 404, and
// nobody signed out gets in.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie, type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment, submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { loader } from "./assessments.$assessmentId_.result/route";
import { statusOf } from "~/test/status";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
let riskCookie: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  versionId = version!.id;
  const officer = await createUser(t.db, { role: "risk_officer" });
  const session = await login(t.db, { email: officer.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  riskCookie = (await commitSessionCookie(session.token)).split(";")[0]!;
});
afterAll(async () => t.dispose());

function get(assessmentId: string, cookie: string | null = riskCookie) {
  const request = new Request(`http://localhost:3000/assessments/${assessmentId}/result`, {
    headers: cookie ? { Cookie: cookie } : {},
  });
  return loader({ request, params: { assessmentId }, context: {} });
}

test("a risk officer reads the stored score of a submitted assessment", async () => {
  const a = await submittedTestAssessment(
    t.db,
    staff,
    versionId,
    { name: "Route Labels", dataAccess: "training_or_model", criticality: "high" },
    { fixture: "training-data-supplier-1.0.0.mixed" },
  );
  const page = await get(a.assessmentId);
  const [stored] = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(
      and(
        eq(schema.assessmentScores.assessmentId, a.assessmentId),
        eq(schema.assessmentScores.kind, "submitted"),
      ),
    );
  expect(page.basis).toBe("submitted");
  expect(page.summary.vendorName).toBe("Route Labels");
  expect(page.view.overall).toBe(stored!.overall);
  expect(page.view.inherentTier).toBe("Critical");
  expect(page.view.why.length).toBeGreaterThan(5);
});

test("an open assessment gets a provisional preview", async () => {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Route Open Data" });
  const page = await get(a.assessmentId);
  expect(page.basis).toBe("provisional");
  expect(page.view.overall).toBe(0);
  expect(page.view.unansweredCount).toBeGreaterThan(5);
});

test("unknown or malformed ids are a 404; signed-out visitors go to the login page", async () => {
  expect(await statusOf(() => get("00000000-0000-4000-8000-000000000000"))).toBe(404);
  expect(await statusOf(() => get("not-a-uuid"))).toBe(404);
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Route Private Data" });
  expect(await statusOf(() => get(a.assessmentId, null))).toBe(302);
});
