// The supply-chain map is cached per process against the supply-chain revision (decision 365):
// every committed write to what the map reads must move it, whichever process or database
// handle made the write. A second handle on the same database stands for another app instance.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import {
  getProvider,
  getProviderList,
  listDependencies,
  listLocations,
  listProviders,
} from "./map.server";

let t: TestDatabase;
let other: DatabaseHandle | null = null;
let staff: SessionUser;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "admin" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
  const server = process.env.DATABASE_URL;
  if (server) {
    const result = (await t.db.execute(sql`select current_database() as name`)) as unknown;
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      name: string;
    }[];
    const url = new URL(server);
    url.pathname = `/${rows[0]!.name}`;
    other = await openDatabase({ kind: "postgres", url: url.toString(), max: 2 });
  }
}, 120_000);
afterAll(async () => {
  await other?.close();
  await t.dispose();
});

/** The handle that writes: another instance's on PostgreSQL, this one's on PGlite. */
const writer = (): Db => (other?.db ?? t.db) as Db;

async function submittedWithSuppliers(name: string, at: string, suppliers: string[]) {
  const a = await sendTestAssessment(t.db, staff, versionId, { name, criticality: "low" });
  await t.db
    .update(schema.assessments)
    .set({ status: "submitted", submittedAt: new Date(at) })
    .where(eq(schema.assessments.id, a.assessmentId));
  if (suppliers.length)
    await t.db.insert(schema.declaredSuppliers).values(
      suppliers.map((domain, position) => ({
        assessmentId: a.assessmentId,
        vendorId: a.vendorId,
        questionId: "subprocessor-declaration",
        position,
        name: domain,
        domain,
        service: "cloud_compute",
        receives: ["training_data"],
        countries: ["IE"],
      })),
    );
  return a;
}

const vendorsOf = async (key: string) =>
  ((await listProviders(t.db)).find((p) => p.key === key)?.vendors ?? []).map((v) => v.name).sort();

test("a write from another instance moves the map this instance has cached", async () => {
  const a = await submittedWithSuppliers("Cache Vendor A", "2026-03-01T10:00:00Z", [
    "cachecloud.example",
  ]);
  expect(await vendorsOf("domain:cachecloud.example")).toEqual(["Cache Vendor A"]);
  // Cached now. Renamed elsewhere:
  await writer()
    .update(schema.vendors)
    .set({ name: "Cache Vendor Alpha" })
    .where(eq(schema.vendors.id, a.vendorId));
  expect(await vendorsOf("domain:cachecloud.example")).toEqual(["Cache Vendor Alpha"]);

  // A second vendor declares the same cloud elsewhere (its rows, then its submission).
  const b = await submittedWithSuppliers("Cache Vendor B", "2026-03-02T10:00:00Z", []);
  expect(await vendorsOf("domain:cachecloud.example")).toEqual(["Cache Vendor Alpha"]);
  await writer()
    .insert(schema.declaredSuppliers)
    .values({
      assessmentId: b.assessmentId,
      vendorId: b.vendorId,
      questionId: "subprocessor-declaration",
      position: 0,
      name: "Cache Cloud",
      domain: "cachecloud.example",
      service: "cloud_compute",
      receives: ["weights"],
      countries: ["FR"],
    });
  expect(await vendorsOf("domain:cachecloud.example")).toEqual([
    "Cache Vendor Alpha",
    "Cache Vendor B",
  ]);
  expect((await listLocations(t.db)).find((l) => l.country === "FR")?.providers).toBe(1);

  // Criticality: the provider's count of critical vendors.
  await writer()
    .update(schema.vendors)
    .set({ criticality: "high" })
    .where(eq(schema.vendors.id, b.vendorId));
  expect(
    (await listProviders(t.db)).find((p) => p.key === "domain:cachecloud.example")?.criticalVendors,
  ).toBe(1);

  // The register: a vendor whose website is the cloud's domain makes it that vendor.
  const cloud = await sendTestAssessment(t.db, staff, versionId, { name: "Cache Cloud Inc" });
  expect((await getProvider(t.db, "domain:cachecloud.example"))?.registerVendor).toBeNull();
  await writer()
    .update(schema.vendors)
    .set({ website: "https://cachecloud.example" })
    .where(eq(schema.vendors.id, cloud.vendorId));
  expect((await getProvider(t.db, "domain:cachecloud.example"))?.registerVendor).toMatchObject({
    name: "Cache Cloud Inc",
  });

  // Archiving B takes its flows off the map.
  await writer()
    .update(schema.vendors)
    .set({ archivedAt: new Date() })
    .where(eq(schema.vendors.id, b.vendorId));
  expect(await vendorsOf("domain:cachecloud.example")).toEqual(["Cache Vendor Alpha"]);
  expect((await listDependencies(t.db)).some((f) => f.vendorId === b.vendorId)).toBe(false);

  // A newer submission of A without the cloud replaces the old one.
  const again = await writer()
    .insert(schema.assessments)
    .values({
      vendorId: a.vendorId,
      questionnaireVersionId: versionId,
      status: "submitted",
      dueDate: "2026-12-31",
      submittedAt: new Date("2026-04-01T10:00:00Z"),
      createdBy: staff.id,
    })
    .returning({ id: schema.assessments.id });
  expect(again).toHaveLength(1);
  expect(await vendorsOf("domain:cachecloud.example")).toEqual([]);

  // Deleting that submission brings the older one back.
  await writer().delete(schema.assessments).where(eq(schema.assessments.id, again[0]!.id));
  expect(await vendorsOf("domain:cachecloud.example")).toEqual(["Cache Vendor Alpha"]);

  // The totals the map page shows are counted with the snapshot (decision 393): they follow it.
  const flows = await listDependencies(t.db);
  const list = await getProviderList(t.db);
  expect(list.providers).toBe(await listProviders(t.db));
  expect(list.flowCount).toBe(flows.length);
  expect(list.vendorCount).toBe(new Set(flows.map((f) => f.vendorId)).size);
  expect(list.vendorCount).toBeGreaterThan(0);
});
