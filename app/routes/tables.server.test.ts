// The record pages' small tables as downloads: who may, what a bad request gets, and that a
// vendor-typed cell cannot become a formula.
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { parseCsv } from "~/library/spreadsheet-csv";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, PASSWORD } from "~/test/factories";
import { loader } from "./tables.$table.$id";

let t: TestDatabase;
let vendorId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  for (const role of ["procurement", "risk_officer"] as const) {
    const user = await createUser(t.db, { role });
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    cookies[role] = (await commitSessionCookie(session.token)).split(";")[0]!;
  }
  const vendor = await createVendor(t.db, { name: "Formula Corp" });
  vendorId = vendor.id;
  await t.db.insert(schema.vendorContacts).values({
    vendorId,
    name: '=HYPERLINK("http://evil.example","click")',
    email: "eve@formula.example",
  });
});
afterAll(async () => t.dispose());

async function get(path: string, cookie: string | undefined, params: Record<string, string>) {
  const request = new Request(`http://localhost:3000${path}`, {
    headers: cookie ? { Cookie: cookie } : {},
  });
  try {
    const response = (await loader({ request, params, context: {} })) as Response;
    return {
      status: response.status,
      text: await response.text(),
      type: response.headers.get("content-type"),
    };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: "", type: null };
    const d = thrown as { init?: { status?: number } };
    return { status: d.init?.status ?? 500, text: "", type: null };
  }
}

test("staff download a vendor's contacts with formulas neutralised", async () => {
  const result = await get(`/tables/vendor-contacts/${vendorId}?export=csv`, cookies.risk_officer, {
    table: "vendor-contacts",
    id: vendorId,
  });
  expect(result.status).toBe(200);
  expect(result.type).toMatch(/^text\/csv/);
  const parsed = parseCsv(result.text.replace(/^\uFEFF/, ""), { maxRows: 10, maxColumns: 10 });
  if (!parsed.ok) throw new Error("csv did not parse");
  expect(parsed.rows[1]![0]).toBe(`'=HYPERLINK("http://evil.example","click")`);
});

test("unknown tables and records are 404, a missing format 400, the signed-out are sent to log in", async () => {
  const cookie = cookies.procurement;
  expect((await get("/x?export=csv", cookie, { table: "secrets", id: vendorId })).status).toBe(404);
  expect((await get("/x?export=csv", cookie, { table: "vendor-history", id: "nope" })).status).toBe(
    404,
  );
  expect(
    (
      await get("/x?export=csv", cookie, {
        table: "assessment-recipients",
        id: "00000000-0000-4000-8000-000000000000",
      })
    ).status,
  ).toBe(404);
  expect((await get("/x", cookie, { table: "vendor-contacts", id: vendorId })).status).toBe(400);
  expect(
    (await get("/x?export=csv", undefined, { table: "vendor-contacts", id: vendorId })).status,
  ).toBe(302);
  const history = await get("/x?export=xlsx", cookie, { table: "vendor-history", id: vendorId });
  expect(history.status).toBe(200);
});
