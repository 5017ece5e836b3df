// The supply chain in the API on a real migrated database: an assessment's declared suppliers
// and locations with their register matches, and the fourth parties across each vendor's latest
// submitted assessment. The declared rows are inserted as the answer save writes them
// (docs/decisions/241-declared-supply-chain-tables.md).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { loader as supplyChainLoader } from "~/routes/api.v1.assessments.$assessmentId.supply-chain";
import { loader as fourthPartiesLoader } from "~/routes/api.v1.fourth-parties";
import { submittedTestAssessment, sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { createApiToken } from "./tokens.server";

let t: TestDatabase;
let token: string;
let staff: SessionUser;
const ids: Record<string, string> = {};

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
async function call(loader: Loader, path: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const response = await loader({ request, params, context: {} });
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Row = Partial<typeof schema.declaredSuppliers.$inferInsert> & { name: string };
async function declare(assessmentId: string, vendorId: string, rows: Row[]) {
  await t.db.insert(schema.declaredSuppliers).values(
    rows.map((r, position) => ({
      assessmentId,
      vendorId,
      questionId: "sub-processors",
      position,
      domain: null,
      service: "cloud_compute",
      receives: ["training_data"],
      countries: ["US"],
      ...r,
    })),
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const admin = await createUser(t.db, { role: "admin" });
  staff = { id: admin.id, email: admin.email, name: admin.name, role: "admin" };
  token = (await createApiToken(t.db, staff, "Supply chain test")).token;
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const submit = (name: string, website?: string) =>
    submittedTestAssessment(
      t.db,
      staff,
      versionId,
      { name, website: website ?? null },
      { fixture: "training-data-supplier-1.0.0.mixed" },
    );
  const a = await submit("Apex Models");
  const b = await submit("Birch AI");
  const reg = await submit("Acme Storage Register", "https://www.acme-storage.example");
  const draft = await sendTestAssessment(t.db, staff, versionId, { name: "Draft Only" });
  Object.assign(ids, {
    a: a.assessmentId,
    aVendor: a.vendorId,
    b: b.assessmentId,
    bVendor: b.vendorId,
    reg: reg.vendorId,
    draft: draft.assessmentId,
  });

  await declare(a.assessmentId, a.vendorId, [
    {
      name: "GPU Cloud Ltd",
      domain: "gpucloud.example",
      countries: ["US", "DE"],
      stateControlled: "no",
    },
    {
      name: "Acme Storage",
      domain: "eu.acme-storage.example",
      service: "storage",
      receives: ["weights"],
    },
    { name: "Label People", domain: null, service: "labelling", countries: ["KE"] },
  ]);
  await declare(b.assessmentId, b.vendorId, [
    {
      name: "GPU Cloud",
      domain: "gpucloud.example",
      receives: ["weights", "training_data"],
      countries: ["SG"],
    },
    {
      name: "Label People Inc.",
      domain: null,
      service: "labelling",
      receives: ["metadata"],
      countries: ["KE"],
    },
  ]);
  // A vendor's unsubmitted assessment is not on the map.
  await declare(draft.assessmentId, draft.vendorId, [
    { name: "Secret Cloud", domain: "secret.example" },
  ]);
  await t.db.insert(schema.declaredLocations).values([
    {
      assessmentId: a.assessmentId,
      vendorId: a.vendorId,
      questionId: "data-countries",
      country: "IE",
    },
    {
      assessmentId: a.assessmentId,
      vendorId: a.vendorId,
      questionId: "data-countries",
      country: "DE",
    },
  ]);
}, 120_000);
afterAll(async () => t?.dispose());

test("an assessment's supply chain: its rows in order, register matches by domain, locations", async () => {
  const { status, body } = await call(
    supplyChainLoader,
    `/api/v1/assessments/${ids.a}/supply-chain`,
    { assessmentId: ids.a! },
  );
  expect(status).toBe(200);
  expect(body.data.suppliers).toEqual([
    {
      questionId: "sub-processors",
      position: 0,
      name: "GPU Cloud Ltd",
      domain: "gpucloud.example",
      service: "cloud_compute",
      receives: ["training_data"],
      countries: ["DE", "US"],
      stateControlled: "no",
      source: "answer",
      providerKey: "domain:gpucloud.example",
      registerVendorId: null,
    },
    expect.objectContaining({
      name: "Acme Storage",
      providerKey: "domain:acme-storage.example",
      registerVendorId: ids.reg,
    }),
    expect.objectContaining({
      name: "Label People",
      providerKey: "name:labelpeople",
      registerVendorId: null,
    }),
  ]);
  expect(body.data.locations).toEqual([
    { questionId: "data-countries", country: "DE", source: "answer" },
    { questionId: "data-countries", country: "IE", source: "answer" },
  ]);
});

test("an assessment without declarations has empty lists; an unknown one is a 404", async () => {
  const empty = await call(supplyChainLoader, "/x", { assessmentId: ids.draft! });
  expect(empty.body.data.locations).toEqual([]);
  const missing = await call(supplyChainLoader, "/x", {
    assessmentId: "00000000-0000-4000-8000-000000000000",
  });
  expect(missing.status).toBe(404);
});

test("fourth parties: one per domain or name across vendors, most depended on first; register vendors and drafts left out", async () => {
  const { status, body } = await call(fourthPartiesLoader, "/api/v1/fourth-parties");
  expect(status).toBe(200);
  expect(body.total).toBe(2);
  expect(body.next).toBeNull();
  const [gpu, labels] = body.data;
  expect(gpu).toMatchObject({
    key: "domain:gpucloud.example",
    domain: "gpucloud.example",
    services: ["cloud_compute"],
    receives: ["training_data", "weights"],
    countries: ["DE", "SG", "US"],
    stateControlled: "no",
    vendorCount: 2,
  });
  expect(gpu.vendors.map((v: { vendorName: string }) => v.vendorName).sort()).toEqual([
    "Apex Models",
    "Birch AI",
  ]);
  expect(labels).toMatchObject({
    key: "name:labelpeople",
    domain: null,
    vendorCount: 2,
    countries: ["KE"],
    receives: ["metadata", "training_data"],
  });
  expect(JSON.stringify(body)).not.toContain("Secret Cloud");
  expect(JSON.stringify(body)).not.toContain("Acme Storage");
});

test("a name a person confirmed as a register vendor is no longer a fourth party", async () => {
  await t.db
    .insert(schema.providerMatches)
    .values({
      providerKey: "name:labelpeople",
      vendorId: ids.bVendor!,
      confirmed: true,
      decidedById: staff.id,
    });
  const { body } = await call(fourthPartiesLoader, "/api/v1/fourth-parties");
  expect(body.data.map((p: { key: string }) => p.key)).toEqual(["domain:gpucloud.example"]);
  await t.db.delete(schema.providerMatches);
});

test("filters and pages: q on name or domain, country in any case, limit and next", async () => {
  const byCountry = await call(fourthPartiesLoader, "/api/v1/fourth-parties?country=ke");
  expect(byCountry.body.data.map((p: { key: string }) => p.key)).toEqual(["name:labelpeople"]);
  const byQ = await call(fourthPartiesLoader, "/api/v1/fourth-parties?q=GPUCLOUD");
  expect(byQ.body.total).toBe(1);
  const page1 = await call(fourthPartiesLoader, "/api/v1/fourth-parties?limit=1");
  expect(page1.body.data).toHaveLength(1);
  expect(page1.body.next).toBe("/api/v1/fourth-parties?limit=1&page=2");
  const page2 = await call(fourthPartiesLoader, page1.body.next);
  expect(page2.body.data[0].key).toBe("name:labelpeople");
  expect(page2.body.next).toBeNull();
  const bad = await call(fourthPartiesLoader, "/api/v1/fourth-parties?country=Germany");
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/country is an ISO 3166-1 alpha-2 code/);
});
