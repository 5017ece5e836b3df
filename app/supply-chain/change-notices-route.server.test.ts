// The vendor's change notice page through its route: only with a vendor session, errors per
// field with what was typed kept, and a valid notice recorded and redirected with thanks.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { action, loader } from "~/routes/v.changes";
import { submittedTestAssessment, type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";

let t: TestDatabase;
let staff: SessionUser;
let a: TestAssessment;
let cookie: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "admin" });
  staff = { id: user.id, email: user.email, name: user.name, role: "admin" };
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  a = await submittedTestAssessment(
    t.db,
    staff,
    versionId,
    { name: "Route Vendor" },
    { fixture: "training-data-supplier-1.0.0.mixed" },
  );
  cookie = await vendorSessionCookie(t.db, a);
}, 120_000);
afterAll(async () => t?.dispose());

function post(fields: [string, string][], withCookie = true) {
  const body = new URLSearchParams(fields);
  return new Request("http://localhost:3000/v/changes", {
    method: "POST",
    headers: {
      Origin: "http://localhost:3000",
      "Content-Type": "application/x-www-form-urlencoded",
      ...(withCookie ? { Cookie: cookie } : {}),
    },
    body,
  });
}

async function outcome(promise: Promise<unknown>): Promise<Response> {
  try {
    const value = await promise;
    if (value instanceof Response) return value;
    const d = value as { data: unknown; init?: { status?: number } };
    return new Response(JSON.stringify(d.data), { status: d.init?.status ?? 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const d = thrown as { data: unknown; init?: { status?: number } };
    if (d && typeof d === "object" && "init" in d)
      return new Response(JSON.stringify(d.data), { status: d.init?.status ?? 500 });
    throw thrown;
  }
}

test("without a vendor session the page and the action are refused", async () => {
  const page = await outcome(
    loader({ request: new Request("http://localhost:3000/v/changes"), params: {}, context: {} }),
  );
  expect(page.status).toBe(401);
  const sent = await outcome(
    action({
      request: post(
        [
          ["kind", "new_country"],
          ["countries", "DE"],
        ],
        false,
      ),
      params: {},
      context: {},
    }),
  );
  expect(sent.status).toBe(401);
});

test("a notice with problems is a 400 naming each field, keeping what was typed", async () => {
  const response = await outcome(
    action({
      request: post([
        ["kind", "new_subprocessor"],
        ["countries", "Narnia"],
        ["domain", "https://gpu.example"],
      ]),
      params: {},
      context: {},
    }),
  );
  expect(response.status).toBe(400);
  const body = (await response.json()) as {
    errors: Record<string, string>;
    values: Record<string, unknown>;
  };
  expect(Object.keys(body.errors).sort()).toEqual(["countries", "name", "receives"]);
  expect(body.values).toMatchObject({
    kind: "new_subprocessor",
    countries: "Narnia",
    domain: "https://gpu.example",
  });
  expect(await t.db.select().from(schema.declaredSuppliers)).toEqual([]);
});

test("a valid notice is recorded on the vendor's assessment and redirects to the workspace with thanks", async () => {
  const response = await outcome(
    action({
      request: post([
        ["kind", "new_subprocessor"],
        ["name", "GPU Cloud"],
        ["domain", "gpucloud.example"],
        ["service", "cloud_compute"],
        ["receives", "training_data"],
        ["receives", "weights"],
        ["countries", "Singapore"],
      ]),
      params: {},
      context: {},
    }),
  );
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/v");
  const rows = await t.db
    .select()
    .from(schema.declaredSuppliers)
    .where(eq(schema.declaredSuppliers.assessmentId, a.assessmentId));
  expect(rows).toMatchObject([
    {
      name: "GPU Cloud",
      receives: ["training_data", "weights"],
      countries: ["SG"],
      source: "change_notice",
    },
  ]);
});
