// The organisation's name and vendor contact (docs/decisions/270-organisation-identity.md): the
// first admin sign-in asks for them, and nothing is sent to vendors until both are set. Through
// the route modules, as a browser reaches them.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, formRequest, PASSWORD } from "~/test/factories";
import * as assessmentRoute from "./assessments.$assessmentId/route";
import * as newAssessmentRoute from "./assessments.new";
import * as loginRoute from "./login";
import * as organisationRoute from "./admin.organisation";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
});
afterAll(async () => t.dispose());

async function outcome(
  run: () => unknown,
): Promise<{ status: number; location?: string | null; data?: unknown }> {
  try {
    const value = await run();
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const v = value as { init?: { status?: number }; data: unknown };
      return { status: v.init?.status ?? 200, data: v.data };
    }
    return { status: 200, data: value };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("location") };
    if (thrown && typeof thrown === "object" && "init" in thrown && "data" in thrown) {
      const v = thrown as { init?: { status?: number }; data: unknown };
      return { status: v.init?.status ?? 500, data: v.data };
    }
    throw thrown;
  }
}

async function cookieFor(email: string) {
  const session = await login(t.db, { email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  return (await commitSessionCookie(session.token)).split(";")[0]!;
}

function signIn(email: string, redirectTo: string) {
  return outcome(() =>
    loginRoute.action({
      request: formRequest("/login", { email, password: PASSWORD, redirectTo }),
      params: {},
      context: {},
    }),
  );
}

test("the first admin sign-in asks for the organisation; sending waits for it, then works", async () => {
  const admin = await createUser(t.db, { role: "admin" });
  const procurement = await createUser(t.db, { role: "procurement" });
  const vendor = await createVendor(t.db, { name: "Org Gate Models", ownerId: procurement.id });
  const [contact] = await t.db
    .insert(schema.vendorContacts)
    .values({ vendorId: vendor.id, name: "Vera Vendor", email: "vera@org-gate.example" })
    .returning();
  const [version] = await t.db.select().from(schema.questionnaireVersions).limit(1);
  const dueDate = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const fields = {
    vendorId: vendor.id,
    questionnaireVersionId: version!.id,
    dueDate,
    contactIds: contact!.id,
  };

  // Staff who cannot set it are not stopped at sign-in; an admin is asked first.
  expect(await signIn(procurement.email, "/vendors")).toMatchObject({
    status: 302,
    location: "/vendors",
  });
  expect(await signIn(admin.email, "/vendors")).toMatchObject({
    status: 302,
    location: `/admin/organisation?redirectTo=${encodeURIComponent("/vendors")}`,
  });

  // Sending is refused with the reason; the form shows where to set it.
  const cookie = { Cookie: await cookieFor(procurement.email) };
  const refused = await outcome(() =>
    newAssessmentRoute.action({
      request: formRequest("/assessments/new", { ...fields, intent: "send" }, cookie),
      params: {},
      context: {},
    }),
  );
  expect(refused.status).toBe(409);
  expect(JSON.stringify(refused.data)).toContain(
    "Nothing can be sent to vendors until your organisation's name and a contact address",
  );
  const form = await outcome(() =>
    newAssessmentRoute.loader({
      request: new Request(`http://localhost:3000/assessments/new?vendorId=${vendor.id}`, {
        headers: cookie,
      }),
      params: {},
      context: {},
    }),
  );
  expect(form.data).toMatchObject({ organisationSet: false, canSetOrganisation: false });

  // A draft may wait; sending it from its page is refused the same way, and nothing is queued.
  const draft = await outcome(() =>
    newAssessmentRoute.action({
      request: formRequest("/assessments/new", { ...fields, intent: "draft" }, cookie),
      params: {},
      context: {},
    }),
  );
  expect(draft.status).toBe(302);
  const assessmentId = draft.location!.split("/").pop()!;
  const send = () =>
    outcome(() =>
      assessmentRoute.action({
        request: formRequest(`/assessments/${assessmentId}`, { intent: "send" }, cookie),
        params: { assessmentId },
        context: {},
      }),
    );
  expect((await send()).status).toBe(409);
  const queued = () =>
    t.db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.to, "vera@org-gate.example"));
  expect(await queued()).toEqual([]);

  // The admin names the organisation (both fields required), and is sent on.
  const adminCookie = { Cookie: await cookieFor(admin.email) };
  const incomplete = await outcome(() =>
    organisationRoute.action({
      request: formRequest(
        "/admin/organisation",
        { organisationName: "Northwind Bank", organisationContact: "", redirectTo: "/vendors" },
        adminCookie,
      ),
      params: {},
      context: {},
    }),
  );
  expect(incomplete).toMatchObject({
    status: 400,
    data: { errors: { organisationContact: "Enter the address vendors can write to" } },
  });
  const saved = await outcome(() =>
    organisationRoute.action({
      request: formRequest(
        "/admin/organisation",
        {
          organisationName: "Northwind Bank",
          organisationContact: "Vendor-Risk@Northwind.example",
          redirectTo: "/vendors",
        },
        adminCookie,
      ),
      params: {},
      context: {},
    }),
  );
  expect(saved).toMatchObject({ status: 302, location: "/vendors" });
  expect(await signIn(admin.email, "/vendors")).toMatchObject({ location: "/vendors" });

  // Now it sends, in the organisation's name, with the contact.
  expect((await send()).status).toBe(302);
  const [mail] = await queued();
  expect(mail!.text).toContain("Northwind Bank asks Org Gate Models to complete the “");
  expect(mail!.text).toContain("Write to Northwind Bank at vendor-risk@northwind.example.");
  expect(mail!.text).not.toContain("Your organisation");
  const [audit] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "settings.updated"));
  expect(audit!.after).toMatchObject({ organisationName: "Northwind Bank" });
});

test("only an admin may set the organisation", async () => {
  const risk = await createUser(t.db, { role: "risk_officer" });
  const cookie = await cookieFor(risk.email);
  const result = await outcome(() =>
    organisationRoute.action({
      request: formRequest(
        "/admin/organisation",
        { organisationName: "Mallory Ltd", organisationContact: "m@mallory.example" },
        { Cookie: cookie },
      ),
      params: {},
      context: {},
    }),
  );
  expect(result.status).toBe(403);
});
