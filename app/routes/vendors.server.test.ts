// The vendor routes as a browser reaches them: who may do what, bad ids and bad input.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, formRequest, PASSWORD } from "~/test/factories";
import * as detailsRoute from "./vendors.$vendorId._index/route";
import * as editRoute from "./vendors.$vendorId.edit";
import * as listRoute from "./vendors._index";
import * as newRoute from "./vendors.new";

type Outcome = { status: number; location?: string | null; data?: unknown };

async function outcome(run: () => unknown): Promise<Outcome> {
  const read = (value: unknown, fallback: number): Outcome => {
    if (value instanceof Response)
      return { status: value.status, location: value.headers.get("location") };
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const { init, data } = value as { init?: { status?: number }; data: unknown };
      return { status: init?.status ?? 200, data };
    }
    return { status: fallback, data: value };
  };
  try {
    return read(await run(), 200);
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === "object" && "init" in thrown))
      return read(thrown, 500);
    throw thrown;
  }
}

let t: TestDatabase;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestDatabase();
  for (const role of ["procurement", "risk_officer", "admin"] as const) {
    const user = await createUser(t.db, { role, name: `The ${role}` });
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    cookies[role] = (await commitSessionCookie(session.token)).split(";")[0]!;
  }
});
afterAll(async () => t.dispose());

function get(path: string, role: string) {
  return new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookies[role]! } });
}
function post(path: string, role: string, fields: Record<string, string>) {
  return formRequest(path, fields, { Cookie: cookies[role]! });
}

const vendorFields = {
  name: "Route Vendor",
  website: "https://route.example",
  category: "model_api",
  dataAccess: "confidential",
  criticality: "low",
  ownerId: "",
  notes: "",
};

test("a risk officer reads vendors but every page and action that changes one is refused", async () => {
  const vendor = await createVendor(t.db, { name: "Read Only Co" });
  const params = { vendorId: vendor.id };
  const context = {};

  const list = await outcome(() =>
    listRoute.loader({ request: get("/vendors", "risk_officer"), params: {}, context }),
  );
  expect(list.status).toBe(200);
  expect(list.data).toMatchObject({ canManage: false, total: 1 });
  const details = await outcome(() =>
    detailsRoute.loader({ request: get(`/vendors/${vendor.id}`, "risk_officer"), params, context }),
  );
  expect(details.status).toBe(200);
  expect(details.data).toMatchObject({ canManage: false, vendor: { name: "Read Only Co" } });

  const refused = [
    () => newRoute.loader({ request: get("/vendors/new", "risk_officer"), params: {}, context }),
    () =>
      newRoute.action({
        request: post("/vendors/new", "risk_officer", vendorFields),
        params: {},
        context,
      }),
    () =>
      editRoute.loader({
        request: get(`/vendors/${vendor.id}/edit`, "risk_officer"),
        params,
        context,
      }),
    () =>
      editRoute.action({
        request: post(`/vendors/${vendor.id}/edit`, "risk_officer", vendorFields),
        params,
        context,
      }),
    ...(
      [
        { intent: "archive" },
        { intent: "restore" },
        { intent: "add-contact", name: "Eve", email: "eve@evil.example", role: "" },
        { intent: "remove-contact", contactId: "00000000-0000-4000-8000-000000000000" },
      ] as Record<string, string>[]
    ).map(
      (fields) => () =>
        detailsRoute.action({
          request: post(`/vendors/${vendor.id}`, "risk_officer", fields),
          params,
          context,
        }),
    ),
  ];
  for (const [index, attempt] of refused.entries())
    expect({ index, status: (await outcome(attempt)).status }).toEqual({ index, status: 403 });

  const [after] = await t.db.select().from(schema.vendors).where(eq(schema.vendors.id, vendor.id));
  expect(after).toMatchObject({ name: "Read Only Co", archivedAt: null });
  expect(
    await t.db.select().from(schema.vendors).where(eq(schema.vendors.name, "Route Vendor")),
  ).toEqual([]);
  expect(
    await t.db
      .select()
      .from(schema.vendorContacts)
      .where(eq(schema.vendorContacts.vendorId, vendor.id)),
  ).toEqual([]);
});

test("procurement adds a vendor through the form; bad input and a duplicate name are field errors", async () => {
  const context = {};
  const invalid = await outcome(() =>
    newRoute.action({
      request: post("/vendors/new", "procurement", {
        ...vendorFields,
        name: " ",
        website: "ftp://x",
      }),
      params: {},
      context,
    }),
  );
  expect(invalid).toMatchObject({
    status: 400,
    data: {
      errors: {
        name: "Enter the vendor's name",
        website: "Enter a website address that starts with https://, like https://example.com",
      },
    },
  });

  const created = await outcome(() =>
    newRoute.action({
      request: post("/vendors/new", "procurement", vendorFields),
      params: {},
      context,
    }),
  );
  expect(created.status).toBe(302);
  const [row] = await t.db
    .select()
    .from(schema.vendors)
    .where(eq(schema.vendors.name, "Route Vendor"));
  expect(created.location).toBe(`/vendors/${row!.id}`);
  expect(row).toMatchObject({ dataAccess: "confidential", website: "https://route.example" });

  const duplicate = await outcome(() =>
    newRoute.action({
      request: post("/vendors/new", "admin", { ...vendorFields, name: "ROUTE vendor" }),
      params: {},
      context,
    }),
  );
  expect(duplicate).toMatchObject({
    status: 409,
    data: { errors: { name: "A vendor called Route Vendor already exists. Choose another name." } },
  });
});

test("malformed and unknown vendor ids are 404 on every vendor page and action", async () => {
  const context = {};
  for (const vendorId of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", "1; drop"]) {
    const params = { vendorId };
    const attempts = [
      () => detailsRoute.loader({ request: get(`/vendors/${vendorId}`, "admin"), params, context }),
      () =>
        detailsRoute.action({
          request: post(`/vendors/${vendorId}`, "admin", { intent: "archive" }),
          params,
          context,
        }),
      () =>
        editRoute.loader({ request: get(`/vendors/${vendorId}/edit`, "admin"), params, context }),
      () =>
        editRoute.action({
          request: post(`/vendors/${vendorId}/edit`, "admin", vendorFields),
          params,
          context,
        }),
    ];
    for (const [index, attempt] of attempts.entries())
      expect({ vendorId, index, status: (await outcome(attempt)).status }).toEqual({
        vendorId,
        index,
        status: 404,
      });
  }
});

test("the vendor page's actions answer each form with its own errors", async () => {
  const vendor = await createVendor(t.db, { name: "Contact Route Co" });
  const other = await createVendor(t.db, { name: "Other Route Co" });
  const params = { vendorId: vendor.id };
  const context = {};
  const act = (fields: Record<string, string>) =>
    outcome(() =>
      detailsRoute.action({
        request: post(`/vendors/${vendor.id}`, "procurement", fields),
        params,
        context,
      }),
    );
  expect(await act({ intent: "add-contact", name: "", email: "nope", role: "" })).toMatchObject({
    status: 400,
    data: {
      intent: "add-contact",
      errors: {
        name: "Enter the contact's name",
        email: "Enter an email address in the right format, like name@example.com",
      },
    },
  });
  expect(await act({ intent: "self-destruct" })).toMatchObject({ status: 400 });
  const added = await act({
    intent: "add-contact",
    name: "Sam Patel",
    email: "sam@contact-route.example",
    role: "Ops",
  });
  expect(added).toMatchObject({ status: 302, location: `/vendors/${vendor.id}` });
  expect(
    await act({ intent: "add-contact", name: "Sam", email: "SAM@contact-route.example", role: "" }),
  ).toMatchObject({
    status: 409,
    data: { intent: "add-contact", errors: { email: expect.any(String) } },
  });

  // A contact of another vendor cannot be reached through this vendor's page.
  const [theirs] = await t.db
    .insert(schema.vendorContacts)
    .values({ vendorId: other.id, name: "Lee", email: "lee@other-route.example" })
    .returning();
  expect(
    await act({
      intent: "update-contact",
      contactId: theirs!.id,
      name: "Mallory",
      email: "m@evil.example",
      role: "",
    }),
  ).toMatchObject({ status: 404, data: { intent: "update-contact" } });
  expect(await act({ intent: "remove-contact", contactId: theirs!.id })).toMatchObject({
    status: 404,
  });

  expect(await act({ intent: "archive" })).toMatchObject({ status: 302 });
  expect(await act({ intent: "archive" })).toMatchObject({
    status: 409,
    data: { intent: "archive", errors: { form: "Contact Route Co is already archived." } },
  });
  // An archived vendor's edit page says to restore it first.
  expect(
    await outcome(() =>
      editRoute.loader({
        request: get(`/vendors/${vendor.id}/edit`, "procurement"),
        params,
        context,
      }),
    ),
  ).toMatchObject({ status: 409 });
  expect(await act({ intent: "restore" })).toMatchObject({ status: 302 });
});

test("a bad query string on the list gives the default list, never an error", async () => {
  const result = await outcome(() =>
    listRoute.loader({
      request: get(
        "/vendors?sort=drop&dir=up&page=-4&category=rockets&tier=Extreme&owner=me&archived=2",
        "risk_officer",
      ),
      params: {},
      context: {},
    }),
  );
  expect(result.status).toBe(200);
  expect(result.data).toMatchObject({
    page: 1,
    query: {
      sort: "name",
      dir: "asc",
      page: 1,
      category: undefined,
      tier: undefined,
      owner: undefined,
      archived: "exclude",
    },
  });
});
