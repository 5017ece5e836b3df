// The vendor layout route (v.tsx, docs/decisions/350-vendor-layout-route.md) shows the shell's
// header for the session's own assessment, and nothing without a session; it protects nothing,
// so every vendor page keeps refusing a visitor without a session in its own loader and action.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { getAssessmentSummary } from "~/assessments/assessments.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { formatDay } from "~/format";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import * as layout from "./v";
import { statusOf } from "~/test/status";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
  default?: unknown;
};
// The vendor pages: the layout's children that render a page.
const pages = Object.entries(
  import.meta.glob<RouteModule>(["./v.*.tsx", "./v.*/route.tsx"], { eager: true }),
).filter(([, m]) => m.default);

let t: TestDatabase;
let staff: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
});
afterAll(async () => t.dispose());

const get = (path: string, cookie?: string) =>
  new Request(`http://localhost:3000${path}`, { headers: cookie ? { Cookie: cookie } : {} });

test("the shell shows the session's own assessment and who is signed in; nothing without a session", async () => {
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Layout Vendor" });
  const other = await sendTestAssessment(t.db, staff, versionId, { name: "Other Layout Vendor" });
  const cookie = await vendorSessionCookie(t.db, a);
  await vendorSessionCookie(t.db, other);
  const summary = (await getAssessmentSummary(t.db, a.assessmentId))!;

  expect(await layout.loader({ request: get("/v/team", cookie), params: {}, context: {} })).toEqual(
    {
      title: summary.questionnaireTitle,
      vendorName: "Layout Vendor",
      dueDate: formatDay(summary.dueDate),
      recipientName: a.context.recipientName,
    },
  );
  expect(await layout.loader({ request: get("/v"), params: {}, context: {} })).toBeNull();
  expect(
    await layout.loader({ request: get("/v", "assay_vendor=forged"), params: {}, context: {} }),
  ).toBeNull();
});

test("the shell and the page's loader of one request read the assessment once; the next request reads it again", async () => {
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Shared Summary Vendor" });
  const cookie = await vendorSessionCookie(t.db, a);
  const context = {};
  const shell = await layout.loader({ request: get("/v", cookie), params: {}, context });
  expect(shell?.vendorName).toBe("Shared Summary Vendor");
  const vendorId = (await getAssessmentSummary(t.db, a.assessmentId))!.vendorId;
  await t.db
    .update(schema.vendors)
    .set({ name: "Renamed Summary Vendor" })
    .where(eq(schema.vendors.id, vendorId));
  // The page's loader in the same request: the summary the shell read (decision 404).
  const page = await loadVendorWorkspace(t.db, a.assessmentId, context);
  expect(page.summary.vendorName).toBe("Shared Summary Vendor");
  // Another request, or a caller without the request's context (an action), reads it afresh.
  expect((await loadVendorWorkspace(t.db, a.assessmentId, {})).summary.vendorName).toBe(
    "Renamed Summary Vendor",
  );
  expect((await loadVendorWorkspace(t.db, a.assessmentId)).summary.vendorName).toBe(
    "Renamed Summary Vendor",
  );
  const next = await layout.loader({ request: get("/v", cookie), params: {}, context: {} });
  expect(next?.vendorName).toBe("Renamed Summary Vendor");
});

test("a page's session lookup brings the assessment's summary: the shell shows it as of that lookup (decision 440)", async () => {
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Looked Up Vendor" });
  const cookie = await vendorSessionCookie(t.db, a);
  const context = {};
  const session = await requireVendorSession(get("/v", cookie), context);
  expect(session.assessmentId).toBe(a.assessmentId);
  const vendorId = (await getAssessmentSummary(t.db, a.assessmentId))!.vendorId;
  await t.db
    .update(schema.vendors)
    .set({ name: "Renamed After Lookup" })
    .where(eq(schema.vendors.id, vendorId));
  // Nothing read the summary yet in this request: the shell's is the one the lookup read.
  const shell = await layout.loader({ request: get("/v", cookie), params: {}, context });
  expect(shell?.vendorName).toBe("Looked Up Vendor");
  const next = await layout.loader({ request: get("/v", cookie), params: {}, context: {} });
  expect(next?.vendorName).toBe("Renamed After Lookup");
  // A revoked link ends the session at the next lookup, as before.
  await t.db
    .update(schema.assessmentRecipients)
    .set({ revokedAt: new Date() })
    .where(eq(schema.assessmentRecipients.id, a.context.recipientId));
  expect(await layout.loader({ request: get("/v", cookie), params: {}, context: {} })).toBeNull();
  expect(await statusOf(() => requireVendorSession(get("/v", cookie), {}))).toBe(401);
});

test("every vendor page still refuses a visitor without a session, loader and action alike", async () => {
  expect(pages.map(([file]) => file)).toEqual(
    expect.arrayContaining([
      "./v._index.tsx",
      "./v.changes.tsx",
      "./v.check.tsx",
      "./v.team.tsx",
      "./v.findings._index.tsx",
      "./v.clarifications/route.tsx",
      "./v.sections.$sectionId/route.tsx",
      "./v.findings.$findingId/route.tsx",
    ]),
  );
  const params = { sectionId: "x", findingId: "00000000-0000-4000-8000-000000000000" };
  for (const [file, mod] of pages) {
    expect({
      file,
      status: await statusOf(() => mod.loader!({ request: get("/v"), params, context: {} })),
    }).toEqual({ file, status: 401 });
    if (!mod.action) continue;
    const request = new Request("http://localhost:3000/v", {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "intent=reply&questionId=q1",
    });
    expect({
      file,
      status: await statusOf(() => mod.action!({ request, params, context: {} })),
    }).toEqual({ file, status: 401 });
  }
});

test("the shell reads the session once per request, with the root and the page, never across requests", async () => {
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Shared Lookup Vendor" });
  const cookie = await vendorSessionCookie(t.db, a);
  const context = {};
  await requireVendorSession(get("/v", cookie), context);
  // The session ends between two loaders of one request: the shell uses this request's lookup…
  await t.db
    .update(schema.vendorSessions)
    .set({ expiresAt: new Date(0) })
    .where(eq(schema.vendorSessions.assessmentId, a.assessmentId));
  expect(await layout.loader({ request: get("/v", cookie), params: {}, context })).not.toBeNull();
  // …and the next request, with a context of its own, looks again.
  expect(await layout.loader({ request: get("/v", cookie), params: {}, context: {} })).toBeNull();
});
