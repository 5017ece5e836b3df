// Autosave takes every answer shape the format has: a supplier list's value is an object of
// rows, a countries answer a list of codes (docs/decisions/240). The route's outer schema only
// checks the envelope; the question's own answer schema judges the value, with its messages.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import * as autosave from "~/routes/v.answers";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import { loadVendorWorkspace } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const SUPPLIERS = "provider-subprocessors";
const row = {
  name: "Acme GPU Cloud",
  domain: "acmegpu.example",
  service: "cloud_compute",
  receives: ["training_data"],
  countries: ["SG"],
  stateControlled: "no",
};

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "cloud-ai-infrastructure", "2.1.0");
});
afterAll(async () => t.dispose());

async function post(cookie: string, questionId: string, value: unknown, baseRevision = 0) {
  const response = (await autosave.action({
    request: new Request("http://localhost:3000/v/answers", {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        "Content-Type": "application/json",
        Cookie: cookie,
      },
      body: JSON.stringify({
        questionId,
        answer: { kind: "value", value },
        comment: "",
        baseRevision,
      }),
    }),
    params: {},
    context: {},
  })) as Response;
  return { status: response.status, body: (await response.json()) as { message?: string } };
}

test("a supplier list and a countries answer are autosaved; a bad row gets the row's own message", async () => {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Autosave Suppliers Ltd" });
  const cookie = await vendorSessionCookie(t.db, a);

  const saved = await post(cookie, SUPPLIERS, { suppliers: [row] });
  expect(saved.status).toBe(200);
  const stored = (await loadVendorWorkspace(t.db, a.assessmentId)).stored[SUPPLIERS];
  expect(stored?.answer).toEqual({ kind: "value", value: { suppliers: [row] } });

  const countries = await post(cookie, "workload-countries", ["IE", "de"]);
  expect(countries.status).toBe(200);

  // A web address where a domain belongs: refused with what to type, not "Invalid input".
  const refused = await post(
    cookie,
    SUPPLIERS,
    { suppliers: [{ ...row, domain: "https://www.acmegpu.example/" }] },
    stored!.revision,
  );
  expect(refused.status).toBe(422);
  expect(refused.body.message).toMatch(/domain only/);
});
