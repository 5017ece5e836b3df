// The vendor list at 10,000 vendors: the search, filters, sort and count run in SQL and give
// the same answer as doing it by hand. Correctness, not timing: speed is for the benchmark.
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { CRITICALITY, DATA_ACCESS, inherentTier, TIERS, tierRank } from "~/scoring/risk";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import { VENDOR_CATEGORIES } from "./vendors";
import { countVendors, countVendorsByTier, searchVendors } from "./vendors.server";

const COUNT = 10_000;
const BATCH = 2_500;

type Row = typeof schema.vendors.$inferInsert & {
  name: string;
  category: (typeof VENDOR_CATEGORIES)[number];
  dataAccess: (typeof DATA_ACCESS)[number];
  criticality: (typeof CRITICALITY)[number];
};

let t: TestDatabase;
let rows: Row[];
let owners: { id: string; name: string }[];
beforeAll(async () => {
  t = await createTestDatabase({ install: false });
  owners = [
    await createUser(t.db, { role: "procurement", name: "Ana" }),
    await createUser(t.db, { role: "procurement", name: "Ben" }),
    await createUser(t.db, { role: "admin", name: "Cy" }),
  ];
  const kinds = ["Models", "Cloud", "Labels", "Analytics", "Robotics"];
  // The same fixed prefix and a zero-padded number in every name, so the order by name is the
  // same in every collation (C, ICU or glibc).
  rows = Array.from({ length: COUNT }, (_, i) => ({
    name: `Vendor ${String(i).padStart(5, "0")} ${kinds[(i * 7) % kinds.length]}`,
    website: i % 10 === 0 ? `https://v${i}.example` : null,
    category: VENDOR_CATEGORIES[i % VENDOR_CATEGORIES.length]!,
    dataAccess: DATA_ACCESS[Math.floor(i / 4) % DATA_ACCESS.length]!,
    criticality: CRITICALITY[(i * 5) % CRITICALITY.length]!,
    ownerId: i % 4 === 3 ? null : owners[i % 3]!.id,
    createdAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000),
    archivedAt: i % 9 === 0 ? new Date(Date.UTC(2024, 0, 1)) : null,
  }));
  for (let start = 0; start < COUNT; start += BATCH)
    await t.db.insert(schema.vendors).values(rows.slice(start, start + BATCH));
}, 120_000);
afterAll(async () => t.dispose());

test("10,000 vendors: a search with filters, sorted by inherent tier, gives the right page and total", async () => {
  const matches = rows.filter(
    (r) =>
      r.name.toLowerCase().includes("models") &&
      r.category === "model_api" &&
      r.criticality !== "low" &&
      !r.archivedAt,
  );
  expect(matches.length).toBeGreaterThan(100);
  const expected = matches
    .map((r) => ({ name: r.name, rank: tierRank(inherentTier(r)) }))
    .sort((a, b) => b.rank - a.rank || (a.name < b.name ? -1 : 1));

  for (const criticality of ["medium", "high"] as const) {
    const subset = expected.filter(
      (e) => rows.find((r) => r.name === e.name)!.criticality === criticality,
    );
    const result = await searchVendors(t.db, {
      q: "MODELS",
      category: "model_api",
      criticality,
      sort: "tier",
      dir: "desc",
    });
    expect(result.total).toBe(subset.length);
    expect(result.pageCount).toBe(Math.ceil(subset.length / 50));
    expect(result.vendors.map((v) => v.name)).toEqual(subset.slice(0, 50).map((e) => e.name));
    const second = await searchVendors(t.db, {
      q: "MODELS",
      category: "model_api",
      criticality,
      sort: "tier",
      dir: "desc",
      page: 2,
    });
    expect(second.vendors.map((v) => v.name)).toEqual(subset.slice(50, 100).map((e) => e.name));
  }
});

test("10,000 vendors: the unfiltered list, an owner filter sorted by newest, and the archived view", async () => {
  const active = rows.filter((r) => !r.archivedAt);
  const first = await searchVendors(t.db, {});
  expect(first.total).toBe(active.length);
  expect(first.vendors.map((v) => v.name)).toEqual(active.slice(0, 50).map((r) => r.name));

  const ben = owners[1]!;
  const bens = active
    .filter((r) => r.ownerId === ben.id)
    .sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime());
  const byBen = await searchVendors(t.db, { owner: ben.id, sort: "created", page: 3 });
  expect(byBen.total).toBe(bens.length);
  expect(byBen.vendors.map((v) => v.name)).toEqual(bens.slice(100, 150).map((r) => r.name));

  const archived = rows.filter((r) => r.archivedAt);
  const archivedPage = await searchVendors(t.db, { archived: "only", tier: "Critical" });
  const critical = archived.filter((r) => inherentTier(r) === "Critical");
  expect(archivedPage.total).toBe(critical.length);
  expect(archivedPage.vendors.map((v) => v.name)).toEqual(critical.slice(0, 50).map((r) => r.name));
});

test("10,000 vendors: the home page's counts per inherent tier come from SQL and match by hand", async () => {
  const active = rows.filter((r) => !r.archivedAt);
  const expected = TIERS.map((tier) => ({
    tier,
    count: active.filter((r) => inherentTier(r) === tier).length,
  }));
  expect(await countVendorsByTier(t.db)).toEqual(expected);
  expect(expected.reduce((sum, e) => sum + e.count, 0)).toBe(await countVendors(t.db));
});
