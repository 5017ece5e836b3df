// The vendor list on its own database, so every count below is exact.
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { CRITICALITY, DATA_ACCESS, inherentTier, tierRank, TIERS } from "~/scoring/risk";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import { type VendorSearch, inherentTierRankSql, searchVendors } from "./vendors.server";

let t: TestDatabase;
let ada: { id: string };
let bo: { id: string };
beforeAll(async () => {
  t = await createTestDatabase({ install: false });
  ada = await createUser(t.db, { role: "procurement", name: "Ada" });
  bo = await createUser(t.db, { role: "admin", name: "bo" });
  // One vendor per profile: all 12 combinations of data access and criticality.
  let day = 1;
  for (const dataAccess of DATA_ACCESS) {
    for (const criticality of CRITICALITY) {
      await createVendor(t.db, {
        name: `Profile ${dataAccess} ${criticality}`,
        category: "other",
        dataAccess,
        criticality,
        createdAt: new Date(Date.UTC(2024, 0, day++)),
      });
    }
  }
  const named = [
    {
      name: "Northwind Models",
      category: "model_api",
      website: "https://northwind.example",
      ownerId: ada.id,
    },
    { name: "northwind labs", category: "data_supplier", ownerId: bo.id },
    { name: "Cirrus GPU Cloud", category: "cloud_infrastructure", ownerId: ada.id },
    { name: "100% Data", category: "data_supplier" },
    { name: "Under_score AI", category: "model_api", archivedAt: new Date("2024-06-01") },
  ] as const;
  for (const [index, vendor] of named.entries()) {
    await createVendor(t.db, {
      dataAccess: "business",
      criticality: "low",
      createdAt: new Date(Date.UTC(2024, 2, index + 1)),
      ...vendor,
    });
  }
  const [cirrus] = await t.db
    .select()
    .from(schema.vendors)
    .where(eq(schema.vendors.name, "Cirrus GPU Cloud"));
  await t.db
    .insert(schema.vendorContacts)
    .values([
      { vendorId: cirrus!.id, name: "Ines Moreau", email: "ines.moreau@cirrus-gpu.example" },
    ]);
});
afterAll(async () => t.dispose());

// The factory fixes createdAt to now; these rows need set dates to test sorting by them.
async function createVendor(
  db: TestDatabase["db"],
  values: Omit<typeof schema.vendors.$inferInsert, "category" | "dataAccess" | "criticality"> &
    Partial<typeof schema.vendors.$inferInsert>,
) {
  await db
    .insert(schema.vendors)
    .values({ category: "model_api", dataAccess: "business", criticality: "medium", ...values });
}

async function names(query: VendorSearch) {
  return (await searchVendors(t.db, query)).vendors.map((v) => v.name);
}

test("the SQL inherent tier agrees with inherentTier() for all 12 profiles", async () => {
  const rows = await t.db
    .select({
      dataAccess: schema.vendors.dataAccess,
      criticality: schema.vendors.criticality,
      rank: inherentTierRankSql,
    })
    .from(schema.vendors)
    .where(like(schema.vendors.name, "Profile %"));
  expect(rows).toHaveLength(12);
  for (const row of rows) {
    expect({ ...row, tier: TIERS[row.rank] }).toEqual({
      ...row,
      tier: inherentTier(row),
    });
  }
  // The table the design gives, spelled out, so a change to either side shows up here.
  const table = Object.fromEntries(
    rows.map((r) => [`${r.dataAccess}/${r.criticality}`, TIERS[r.rank]]),
  );
  expect(table).toEqual({
    "none/low": "Low",
    "none/medium": "Medium",
    "none/high": "High",
    "business/low": "Medium",
    "business/medium": "Medium",
    "business/high": "High",
    "confidential/low": "High",
    "confidential/medium": "High",
    "confidential/high": "High",
    "training_or_model/low": "Critical",
    "training_or_model/medium": "Critical",
    "training_or_model/high": "Critical",
  });
});

test("sorting and filtering by inherent tier follow inherentTier()", async () => {
  const { vendors } = await searchVendors(t.db, { sort: "tier", dir: "desc", category: "other" });
  const ranks = vendors.map((v) => tierRank(v.inherentTier));
  expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  expect(ranks[0]).toBe(3);
  expect(ranks.at(-1)).toBe(0);
  // Ties are broken by name, so the order is stable.
  expect(vendors.slice(0, 3).map((v) => v.name)).toEqual([
    "Profile training_or_model high",
    "Profile training_or_model low",
    "Profile training_or_model medium",
  ]);
  const ascending = (await searchVendors(t.db, { sort: "tier", dir: "asc", category: "other" }))
    .vendors;
  expect(tierRank(ascending[0]!.inherentTier)).toBe(0);

  for (const tier of TIERS) {
    const found = await searchVendors(t.db, { tier, category: "other" });
    const expected = DATA_ACCESS.flatMap((dataAccess) =>
      CRITICALITY.filter((criticality) => inherentTier({ dataAccess, criticality }) === tier).map(
        (criticality) => `Profile ${dataAccess} ${criticality}`,
      ),
    ).sort();
    expect({ tier, names: found.vendors.map((v) => v.name).sort() }).toEqual({
      tier,
      names: expected,
    });
    expect(found.total).toBe(expected.length);
  }
});

test("search matches name, website and contacts, ignoring case; wildcards are literal", async () => {
  expect(await names({ q: "NORTHWIND" })).toEqual(["northwind labs", "Northwind Models"]);
  expect(await names({ q: "northwind.example" })).toEqual(["Northwind Models"]);
  expect(await names({ q: "ines.moreau@" })).toEqual(["Cirrus GPU Cloud"]);
  expect(await names({ q: "Moreau" })).toEqual(["Cirrus GPU Cloud"]);
  expect(await names({ q: "%" })).toEqual(["100% Data"]);
  expect(await names({ q: "_" })).toEqual([
    "Profile training_or_model high",
    "Profile training_or_model low",
    "Profile training_or_model medium",
  ]);
  expect(await names({ q: "r_s" })).toEqual([]);
  expect(await names({ q: "nothing like this" })).toEqual([]);
});

test("filters combine, and archived vendors appear only when asked for", async () => {
  expect(await names({ category: "data_supplier" })).toEqual(["100% Data", "northwind labs"]);
  expect(await names({ category: "data_supplier", q: "north" })).toEqual(["northwind labs"]);
  expect(await names({ category: "model_api" })).toEqual(["Northwind Models"]);
  expect(await names({ category: "model_api", archived: "include" })).toEqual([
    "Northwind Models",
    "Under_score AI",
  ]);
  expect(await names({ archived: "only" })).toEqual(["Under_score AI"]);
  expect(await names({ owner: ada.id })).toEqual(["Cirrus GPU Cloud", "Northwind Models"]);
  expect((await searchVendors(t.db, { owner: "none" })).total).toBe(13);
  expect(await names({ dataAccess: "confidential", criticality: "high" })).toEqual([
    "Profile confidential high",
  ]);
  expect((await searchVendors(t.db, {})).total).toBe(16);
});

test("each column sorts both ways; vendors without an owner come last", async () => {
  expect(await names({ q: "northwind", sort: "name", dir: "desc" })).toEqual([
    "Northwind Models",
    "northwind labs",
  ]);
  expect(await names({ category: "data_supplier", sort: "created", dir: "desc" })).toEqual([
    "100% Data",
    "northwind labs",
  ]);
  expect(await names({ category: "data_supplier", sort: "created", dir: "asc" })).toEqual([
    "northwind labs",
    "100% Data",
  ]);
  // Category sorts in the order the categories are listed.
  const byCategory = (await searchVendors(t.db, { sort: "category", pageSize: 100 })).vendors;
  expect([...new Set(byCategory.map((v) => v.category))]).toEqual([
    "model_api",
    "cloud_infrastructure",
    "data_supplier",
    "other",
  ]);
  const desc = (await searchVendors(t.db, { sort: "category", dir: "desc", pageSize: 100 }))
    .vendors;
  expect(desc[0]!.category).toBe("other");

  const up = await names({ sort: "owner", dir: "asc", pageSize: 4 });
  expect(up).toEqual(["Cirrus GPU Cloud", "Northwind Models", "northwind labs", "100% Data"]);
  const down = (await searchVendors(t.db, { sort: "owner", dir: "desc", pageSize: 100 })).vendors;
  expect(down.slice(0, 3).map((v) => v.ownerName)).toEqual(["bo", "Ada", "Ada"]);
  expect(down.at(-1)!.ownerName).toBeNull();
});

test("pages of a sorted list cover every match exactly once", async () => {
  const all = (await searchVendors(t.db, { sort: "tier", pageSize: 100 })).vendors.map((v) => v.id);
  expect(all).toHaveLength(16);
  const seen: string[] = [];
  for (let page = 1; page <= 4; page++) {
    const result = await searchVendors(t.db, { sort: "tier", page, pageSize: 5 });
    expect(result).toMatchObject({ total: 16, page, pageCount: 4 });
    expect(result.vendors).toHaveLength(page === 4 ? 1 : 5);
    seen.push(...result.vendors.map((v) => v.id));
  }
  expect(seen).toEqual(all);
  // Past the last page: nothing, but the total still says how many there are.
  expect(await searchVendors(t.db, { page: 9, pageSize: 5 })).toMatchObject({
    vendors: [],
    total: 16,
    pageCount: 4,
  });
});
