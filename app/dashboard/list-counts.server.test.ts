// List counts cached against the portfolio revision (docs/decisions/406-list-counts-cache.md):
// the vendor, assessment and finding lists count their matches once per revision when every
// filter they use reads columns the revision's triggers watch, and afresh otherwise.
//
// A row written with the triggers switched off (`session_replication_role = replica`) changes
// what a list holds without moving the revision: a cached count does not see it until the next
// watched write, which is how these tests tell a cached count from a fresh one.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listAssessmentPage } from "~/assessments/assessments.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { listRegister, RegisterQuerySchema } from "~/findings/register.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, libraryVersionId } from "~/test/factories";
import { searchVendors } from "~/vendors/vendors.server";
import { countCacheKey, type CountFilters } from "./portfolio-cache.server";

type Query = { status?: string; tags?: string[]; late?: boolean; name?: string; page?: number };
const FILTERS: CountFilters<Query> = {
  status: "watched",
  tags: "watched",
  late: "watched",
  name: "not watched",
  page: "not a filter",
};

describe("countCacheKey", () => {
  test("leaves out unset filters and what is not a filter", () => {
    const key = countCacheKey("list", {}, FILTERS);
    for (const same of [
      { status: undefined },
      { status: "" },
      { tags: [] },
      { late: false },
      { name: "" },
      { page: 7 },
    ])
      expect(countCacheKey("list", same, FILTERS)).toBe(key);
  });

  test("is null as soon as a filter the revision does not watch is set", () => {
    expect(countCacheKey("list", { status: "open", name: "Acme" }, FILTERS)).toBeNull();
    expect(countCacheKey("list", { name: "Acme" }, FILTERS)).toBeNull();
  });

  test("names the list, and differs for every different set of watched filters", () => {
    expect(countCacheKey("vendors", {}, FILTERS)).not.toBe(countCacheKey("findings", {}, FILTERS));
    const queries = fc.record(
      {
        status: fc.constantFrom("open", "closed", "open,closed"),
        tags: fc.array(fc.constantFrom("a", "b", "a,b"), { maxLength: 3 }),
        late: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(queries, queries, fc.nat(), (a, b, page) => {
        const keyA = countCacheKey("list", a, FILTERS);
        // Field order and the page do not matter.
        const reordered = Object.fromEntries(Object.entries(a).reverse()) as Query;
        expect(countCacheKey("list", { ...reordered, page }, FILTERS)).toBe(keyA);
        const setOf = (q: Query) =>
          JSON.stringify(
            Object.entries(q)
              .filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && !v.length))
              .sort(),
          );
        expect(keyA === countCacheKey("list", b, FILTERS)).toBe(setOf(a) === setOf(b));
      }),
    );
  });
});

let t: TestDatabase;
let db: Db;
let staff: SessionUser;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await syncQuestionnaireLibrary(db);
  const u = await createUser(db, { role: "procurement" });
  staff = { id: u.id, email: u.email, name: u.name, role: u.role };
  versionId = await libraryVersionId(db, "training-data-supplier", "1.0.0");
  await submittedTestAssessment(
    db,
    staff,
    versionId,
    { name: "Counted Labs" },
    {
      fixture: "training-data-supplier-1.0.0.worst",
    },
  );
}, 120_000);
afterAll(async () => t.dispose());

/** Runs `write` with the portfolio triggers off: the revision does not move. */
async function unwatched(write: (tx: Db) => Promise<unknown>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await write(tx as unknown as Db);
  });
}

describe("the vendor list's count", () => {
  test("is kept while the revision stands and made again when it moves", async () => {
    const before = (await searchVendors(db)).total;
    await unwatched((tx) => createVendor(tx, { name: "Quiet Vendor" }));
    expect((await searchVendors(db)).total).toBe(before);
    expect((await searchVendors(db, { page: 2 })).total).toBe(before);
    // A watched write (a new vendor) moves the revision: both new vendors are counted.
    await createVendor(db, { name: "Loud Vendor" });
    expect((await searchVendors(db)).total).toBe(before + 2);
  });

  test("under a name search is always counted afresh (renames do not move the revision)", async () => {
    expect((await searchVendors(db, { q: "Zebra" })).total).toBe(0);
    await unwatched((tx) => createVendor(tx, { name: "Zebra Compute" }));
    const found = await searchVendors(db, { q: "Zebra" });
    expect(found.total).toBe(1);
    expect(found.vendors.map((v) => v.name)).toEqual(["Zebra Compute"]);
  });

  test("under a category filter follows a category change", async () => {
    const before = (await searchVendors(db, { category: "data_supplier" })).total;
    await db
      .update(schema.vendors)
      .set({ category: "data_supplier" })
      .where(sql`${schema.vendors.name} = 'Loud Vendor'`);
    expect((await searchVendors(db, { category: "data_supplier" })).total).toBe(before + 1);
  });
});

describe("the assessment list's count", () => {
  test("is kept while the revision stands and follows a status change", async () => {
    const count = async () => (await listAssessmentPage(db, { status: "cancelled" }, 1)).total;
    const before = await count();
    const [one] = await db.select({ id: schema.assessments.id }).from(schema.assessments).limit(1);
    await unwatched((tx) =>
      tx.execute(sql`update assessments set status = 'cancelled' where id = ${one!.id}`),
    );
    expect(await count()).toBe(before);
    await createVendor(db, { name: "Revision Mover" });
    expect(await count()).toBe(before + 1);
  });
});

describe("the finding register's count", () => {
  const query = (raw: Record<string, string> = {}) => RegisterQuerySchema.parse(raw);
  const copyOneFinding = (tx: Db) =>
    tx.execute(sql`insert into findings (assessment_id, vendor_id, origin, key, question_id,
        section_id, severity, original_severity, title, due_date, owner_id)
      select assessment_id, vendor_id, origin, key || ':copy:' || gen_random_uuid(), question_id,
        section_id, severity, original_severity, title, due_date, ${staff.id}
      from findings limit 1`);

  test("is kept while the revision stands, and made again when it moves", async () => {
    const count = async () => (await listRegister(db, query(), staff.id)).total;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await unwatched(copyOneFinding);
    expect(await count()).toBe(before);
    await createVendor(db, { name: "Another Mover" });
    expect(await count()).toBe(before + 1);
  });

  test("under an owner filter (not watched) is counted afresh", async () => {
    const count = async () => (await listRegister(db, query({ owner: "me" }), staff.id)).total;
    const before = await count();
    await unwatched(copyOneFinding);
    expect(await count()).toBe(before + 1);
  });
});
