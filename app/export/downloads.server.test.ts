// The table downloads beside the staff pages: each answers CSV (parsable, formulas
// neutralised) and XLSX, with the page's filters, to the roles that can see the page.
import { and, eq } from "drizzle-orm";
import { type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { recordAudit } from "~/audit/audit.server";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { parseCsv } from "~/library/spreadsheet-csv";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { loader as auditExport } from "~/routes/admin.audit.export";
import { loader as usersExport } from "~/routes/admin.users.export";
import { loader as resultExport } from "~/routes/assessments.$assessmentId_.result.export.$table";
import { loader as libraryExport } from "~/routes/questionnaires.export";
import { loader as vendorsExport } from "~/routes/vendors.export";
import { submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, PASSWORD } from "~/test/factories";

let t: TestDatabase;
let adminCookie: string;
let procurementCookie: string;
let assessmentId: string;

async function cookieFor(role: "admin" | "procurement", name?: string) {
  const user = await createUser(t.db, { role, ...(name ? { name } : {}) });
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  return { user, cookie: (await commitSessionCookie(session.token)).split(";")[0]! };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const admin = await cookieFor("admin", "=cmd|' /C calc'!A0");
  adminCookie = admin.cookie;
  const procurement = await cookieFor("procurement");
  procurementCookie = procurement.cookie;
  await createVendor(t.db, { name: '=HYPERLINK("http://evil.example")', category: "model_api" });
  await createVendor(t.db, { name: "+Plus Models", category: "model_api" });
  await createVendor(t.db, { name: "Cloudy", category: "cloud_infrastructure" });
  for (let i = 0; i < 60; i++) {
    await recordAudit(t.db, { actor: { system: "test" }, action: "test.bulk", detail: { i } });
  }
  await recordAudit(t.db, {
    actor: { system: "test" },
    action: "test.formula",
    after: { note: "@SUM(A1)" },
  });
  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  const staff = {
    id: admin.user.id,
    email: admin.user.email,
    name: admin.user.name,
    role: "admin" as const,
  };
  assessmentId = (
    await submittedTestAssessment(
      t.db,
      staff,
      version!.id,
      { name: "Result Vendor" },
      {
        fixture: "training-data-supplier-1.0.0.mixed",
      },
    )
  ).assessmentId;
});
afterAll(async () => t.dispose());

async function download(
  loader: (args: LoaderFunctionArgs) => Promise<Response>,
  path: string,
  params: Record<string, string> = {},
  cookie = adminCookie,
) {
  try {
    const response = await loader({
      request: new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } }),
      params,
      context: {},
    });
    return response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const status = (thrown as { init?: { status?: number } }).init?.status ?? 500;
    return new Response(null, { status });
  }
}

async function csvRows(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("content-disposition")).toMatch(
    /^attachment; filename=".+\.csv"; filename\*=UTF-8''.+\.csv$/,
  );
  const text = new TextDecoder().decode(await response.arrayBuffer());
  const parsed = parseCsv(text.replace(/^\uFEFF/, ""), { maxRows: 10_000, maxColumns: 50 });
  if (!parsed.ok) throw new Error(parsed.message);
  // A trailing line break leaves no empty row behind.
  return parsed.rows.filter((row) => row.some((cell) => cell !== ""));
}

test("vendors: every matching row with the list's filters; formulas neutralised", async () => {
  const rows = await csvRows(
    await download(vendorsExport, "/vendors/export?export=csv&category=model_api"),
  );
  expect(rows[0]![0]).toBe("Vendor");
  const names = rows.slice(1).map((r) => r[0]);
  expect(new Set(rows.slice(1).map((r) => r[2])).size).toBe(1);
  expect(names).toContain(`'=HYPERLINK("http://evil.example")`);
  expect(names).toContain("'+Plus Models");
  expect(names).not.toContain("Cloudy");
  const xlsx = await download(vendorsExport, "/vendors/export?export=xlsx");
  expect(xlsx.status).toBe(200);
  expect(
    Buffer.from(await xlsx.arrayBuffer())
      .subarray(0, 2)
      .toString("latin1"),
  ).toBe("PK");
  expect((await download(vendorsExport, "/vendors/export?export=pdf")).status).toBe(400);
  expect((await download(vendorsExport, "/vendors/export")).status).toBe(400);
});

test("audit log: all matching events, not only the first page", async () => {
  const rows = await csvRows(
    await download(auditExport, "/admin/audit/export?export=csv&action=test.bulk"),
  );
  expect(rows.length - 1).toBe(60);
  const formula = await csvRows(
    await download(auditExport, "/admin/audit/export?export=csv&action=test.formula"),
  );
  expect(formula[1]![5]).toBe("Note: @SUM(A1)");
  expect(
    (await download(auditExport, "/admin/audit/export?export=csv", {}, procurementCookie)).status,
  ).toBe(403);
});

test("users: admins only, names neutralised", async () => {
  const rows = await csvRows(await download(usersExport, "/admin/users/export?export=csv"));
  expect(rows.map((r) => r[0])).toContain("'=cmd|' /C calc'!A0");
  expect(
    (await download(usersExport, "/admin/users/export?export=csv", {}, procurementCookie)).status,
  ).toBe(403);
});

test("questionnaire library: one row per version", async () => {
  const rows = await csvRows(
    await download(libraryExport, "/questionnaires/export?export=csv", {}, procurementCookie),
  );
  const versions = await t.db.select().from(schema.questionnaireVersions);
  expect(rows.length - 1).toBe(versions.length);
});

test("the result page's tables", async () => {
  const sections = await csvRows(
    await download(resultExport, "/x?export=csv", { assessmentId, table: "sections" }),
  );
  expect(sections[0]).toEqual(["Section", "Weight", "Score"]);
  expect(sections.length).toBeGreaterThan(3);
  const why = await csvRows(
    await download(resultExport, "/x?export=csv", { assessmentId, table: "why" }),
  );
  expect(why[0]!.slice(0, 3)).toEqual(["Question", "Question id", "Section"]);
  const lost = why.slice(1).map((r) => Number(r[5]));
  expect(lost).toEqual([...lost].sort((a, b) => b - a));
  expect(
    (await download(resultExport, "/x?export=csv", { assessmentId, table: "other" })).status,
  ).toBe(404);
});
