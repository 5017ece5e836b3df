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
import * as providerExport from "./supply-chain.providers.$key_.export";

let t: TestDatabase;
let cookie: string;
let userId: string;
let key: string;
let suggested: string;
let staffUser: { id: string; email: string; name: string; role: "procurement" };
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  userId = user.id;
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  const staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  staffUser = { ...staff, role: "procurement" };
  versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
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
  expect((await events()).filter((e) => e.action.startsWith("supply_chain.match"))).toHaveLength(1);
});

test("a provider's page sends one page of its dependencies with the shown columns; the download has every one", async () => {
  // Three vendors declare Pagecloud: 130 + 60 + 15 = 205 dependencies, three pages of 100.
  const declared: [string, number][] = [
    ["Paging Alpha", 130],
    ["Paging Beta", 60],
    ["Paging Gamma", 15],
  ];
  for (const [name, rows] of declared) {
    const a = await sendTestAssessment(t.db, staffUser, versionId, { name });
    await t.db
      .update(schema.assessments)
      .set({ status: "submitted", submittedAt: new Date("2026-03-02T10:00:00Z") })
      .where(eq(schema.assessments.id, a.assessmentId));
    await t.db.insert(schema.declaredSuppliers).values(
      Array.from({ length: rows }, (_, position) => ({
        assessmentId: a.assessmentId,
        vendorId: a.vendorId,
        questionId: "subprocessor-declaration",
        position,
        name: `Pagecloud ${String(position).padStart(3, "0")}`,
        domain: position % 2 ? "api.pagecloud.example" : "pagecloud.example",
        service: "cloud_compute",
        receives: ["prompts_outputs"],
        countries: ["IE"],
      })),
    );
  }
  const pageKey = "domain:pagecloud.example";
  const get = (search = "") =>
    providerRoute.loader({
      request: new Request(
        `http://localhost:3000/supply-chain/providers/${encodeURIComponent(pageKey)}${search}`,
        { headers: { Cookie: cookie } },
      ),
      params: { key: pageKey },
      context: {},
    });
  const first = await get();
  expect(first).toMatchObject({ flowCount: 205, page: 1, pageCount: 3 });
  expect(first.provider).toEqual({
    key: pageKey,
    name: "Pagecloud 000",
    domain: "pagecloud.example",
    hosts: ["api.pagecloud.example", "pagecloud.example"],
    registerVendor: null,
    suggestions: [],
    vendorCount: 3,
  });
  expect(first.flows).toHaveLength(100);
  // The table's columns only: not the assessment, the vendor's criticality or the provider key.
  expect(Object.keys(first.flows[0]!).sort()).toEqual(
    [
      "countries",
      "domain",
      "providerName",
      "receives",
      "service",
      "stateControlled",
      "vendorId",
      "vendorName",
    ].sort(),
  );
  const pages = [first, await get("?page=2"), await get("?page=3")];
  const shown = pages.flatMap((p) => p.flows.map((f) => `${f.vendorName}/${f.providerName}`));
  expect(pages.map((p) => p.flows.length)).toEqual([100, 100, 5]);
  expect(new Set(shown).size).toBe(205);
  expect((await get("?page=4")).flows).toEqual([]);
  await expect(get("?page=0")).rejects.toMatchObject({ init: { status: 400 } });
  await expect(get("?page=two")).rejects.toMatchObject({ init: { status: 400 } });
  // The download keeps every dependency.
  const csv = await (
    await providerExport.loader({
      request: new Request(
        `http://localhost:3000/supply-chain/providers/${encodeURIComponent(pageKey)}/export?format=csv`,
        { headers: { Cookie: cookie } },
      ),
      params: { key: pageKey },
      context: {},
    })
  ).text();
  expect(csv.trim().split("\n")).toHaveLength(1 + 205);
});
