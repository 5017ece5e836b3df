// staffAction and vendorAction on a real database: guard, record, parse, run, and the one
// failure convention (docs/decisions/291-actions.md).
import { z } from "zod";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie, type SessionUser } from "~/auth/session.server";
import { fail } from "~/forms/failure";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment, type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest, libraryVersionId, PASSWORD } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import { staffAction, vendorAction } from "./action.server";

let t: TestDatabase;
const cookies: Record<string, string> = {};
let procurement: SessionUser;
let assessment: TestAssessment;
let vendorCookie: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  for (const role of ["procurement", "risk_officer"] as const) {
    const user = await createUser(t.db, { role });
    if (role === "procurement")
      procurement = { id: user.id, email: user.email, name: user.name, role: user.role };
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    cookies[role] = (await commitSessionCookie(session.token)).split(";")[0]!;
  }
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  assessment = await sendTestAssessment(t.db, procurement, versionId, { name: "Action Vendor" });
  vendorCookie = await vendorSessionCookie(t.db, assessment);
});
afterAll(async () => t.dispose());

const Schema = z.object({ name: z.string().trim().min(1, "Enter a name") });

type Outcome = { status: number; body: unknown };
/** What the browser would get: a returned `data()`, a thrown response, or plain data (200). */
async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  const read = (value: unknown, fallback: number): Outcome => {
    if (value instanceof Response)
      return { status: value.status, body: value.headers.get("location") };
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const { init, data } = value as { init?: { status?: number } | null; data: unknown };
      return { status: init?.status ?? 200, body: data };
    }
    return { status: fallback, body: value };
  };
  try {
    return read(await run(), 200);
  } catch (thrown) {
    return read(thrown, 500);
  }
}

function post(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return formRequest("/x", fields, headers);
}

test("staff: the guard answers first (no session 401, wrong permission 403, other site 403)", async () => {
  let ran = 0;
  const action = (request: Request) =>
    staffAction(
      { request, params: {} },
      { permission: "vendors:manage", schema: Schema },
      async () => {
        ran++;
        return { done: true };
      },
    );
  expect((await outcome(() => action(post({ name: "A" })))).status).toBe(401);
  expect(
    (await outcome(() => action(post({ name: "A" }, { Cookie: cookies.risk_officer! })))).status,
  ).toBe(403);
  expect(
    (
      await outcome(() =>
        action(
          post({ name: "A" }, { Cookie: cookies.procurement!, Origin: "https://evil.example" }),
        ),
      )
    ).status,
  ).toBe(403);
  expect(ran).toBe(0);
  expect(
    await outcome(() => action(post({ name: "A" }, { Cookie: cookies.procurement! }))),
  ).toEqual({
    status: 200,
    body: { done: true },
  });
  expect(ran).toBe(1);
});

test("staff: the record is looked up before the form is read; its refusal stands", async () => {
  let parsed = false;
  const result = await outcome(() =>
    staffAction(
      { request: post({ name: "" }, { Cookie: cookies.procurement! }), params: { id: "nope" } },
      {
        schema: Schema.transform((v) => ((parsed = true), v)),
        record: async ({ params }) => {
          throw new Response(`No record ${params.id}`, { status: 404 });
        },
      },
      async () => ({ done: true }),
    ),
  );
  expect(result.status).toBe(404);
  expect(parsed).toBe(false);
});

test("staff: a form that does not parse is a 400 with every field's message; run gets the parsed input", async () => {
  const seen: unknown[] = [];
  const action = (fields: Record<string, string>) =>
    staffAction(
      { request: post(fields, { Cookie: cookies.procurement! }), params: {} },
      { schema: Schema, record: async ({ user }) => user.id },
      async ({ input, record, user, db }) => {
        seen.push({ input, record, same: record === user.id, db: typeof db.select });
        return { done: true };
      },
    );
  expect(await outcome(() => action({ name: "  " }))).toEqual({
    status: 400,
    body: { errors: { name: "Enter a name" } },
  });
  expect(seen).toEqual([]);
  await action({ name: "  Ada " });
  expect(seen).toEqual([
    { input: { name: "Ada" }, record: procurement.id, same: true, db: "function" },
  ]);
});

test("staff: a Failure from the area module is the one convention: its message under its field, its status", async () => {
  const action = (failure: ReturnType<typeof fail>) =>
    staffAction(
      { request: post({ name: "A" }, { Cookie: cookies.procurement! }), params: {} },
      { schema: Schema },
      async () => failure,
    );
  expect(await outcome(() => action(fail(409, "That name is taken", "name")))).toEqual({
    status: 409,
    body: { errors: { name: "That name is taken" } },
  });
  expect(await outcome(() => action(fail(404, "It has gone")))).toEqual({
    status: 404,
    body: { errors: { form: "It has gone" } },
  });
});

test("staff: echo repeats the named fields as posted beside every refusal, and only in a refusal", async () => {
  const action = (fields: Record<string, string>, failure?: ReturnType<typeof fail>) =>
    staffAction(
      { request: post(fields, { Cookie: cookies.procurement! }), params: {} },
      { schema: Schema, echo: ["intent", "questionId"] },
      async () => failure ?? { saved: true },
    );
  expect(await outcome(() => action({ name: " ", intent: "add-contact" }))).toEqual({
    status: 400,
    body: { intent: "add-contact", questionId: "", errors: { name: "Enter a name" } },
  });
  expect(
    await outcome(() =>
      action({ name: "A", intent: "accept", questionId: "q7" }, fail(409, "Not now")),
    ),
  ).toEqual({
    status: 409,
    body: { intent: "accept", questionId: "q7", errors: { form: "Not now" } },
  });
  expect(await outcome(() => action({ name: "A", intent: "accept" }))).toEqual({
    status: 200,
    body: { saved: true },
  });
});

test("vendor: no session 401, other site 403, then the session's own assessment and the parsed form", async () => {
  const seen: unknown[] = [];
  const action = (request: Request) =>
    vendorAction({ request }, { schema: Schema }, async ({ vendor, input }) => {
      seen.push({ assessmentId: vendor.assessmentId, input });
      if (input.name === "refuse") return fail(409, "Not now");
      return { done: true };
    });
  expect((await outcome(() => action(post({ name: "A" })))).status).toBe(401);
  expect(
    (await outcome(() => action(post({ name: "A" }, { Cookie: vendorCookie, Origin: "null" }))))
      .status,
  ).toBe(403);
  expect(seen).toEqual([]);
  expect(await outcome(() => action(post({ name: "" }, { Cookie: vendorCookie })))).toEqual({
    status: 400,
    body: { errors: { name: "Enter a name" } },
  });
  expect(await outcome(() => action(post({ name: "refuse" }, { Cookie: vendorCookie })))).toEqual({
    status: 409,
    body: { errors: { form: "Not now" } },
  });
  expect(await outcome(() => action(post({ name: "B" }, { Cookie: vendorCookie })))).toEqual({
    status: 200,
    body: { done: true },
  });
  expect(seen).toEqual([
    { assessmentId: assessment.assessmentId, input: { name: "refuse" } },
    { assessmentId: assessment.assessmentId, input: { name: "B" } },
  ]);
});
