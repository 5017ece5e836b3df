import { eq, gt, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { preparedQuery, rowCount, rowsOf, schema, textArray, uuidArray } from "./db.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

async function addSetting(key: string, updatedAt: Date) {
  await t.db.insert(schema.appSettings).values({ key, value: key, updatedAt });
}

let builds = 0;
const settingsChangedSince = preparedQuery(["since"], (db, p) => {
  builds++;
  return db
    .select({ key: schema.appSettings.key })
    .from(schema.appSettings)
    .where(gt(schema.appSettings.updatedAt, p.since))
    .orderBy(schema.appSettings.key)
    .prepare("settings_changed_since");
});

test("a prepared query is built once per handle and runs with each call's values", async () => {
  await addSetting("prepared-a", new Date("2026-01-01T00:00:00Z"));
  await addSetting("prepared-b", new Date("2026-06-01T00:00:00Z"));
  builds = 0;
  const keys = async (since: string) =>
    (await settingsChangedSince(t.db, { since }))
      .map((r) => r.key)
      .filter((k) => k.startsWith("prepared-"));
  expect(await keys("2025-12-31T00:00:00.000Z")).toEqual(["prepared-a", "prepared-b"]);
  expect(await keys("2026-03-01T00:00:00.000Z")).toEqual(["prepared-b"]);
  expect(await keys("2026-07-01T00:00:00.000Z")).toEqual([]);
  expect(builds).toBe(1);
});

test("called with a transaction, it runs in that transaction (its own statement), never beside it", async () => {
  const byKey = preparedQuery(["key"], (db, p) =>
    db
      .select({ key: schema.appSettings.key })
      .from(schema.appSettings)
      .where(eq(schema.appSettings.key, p.key))
      .prepare("setting_by_key"),
  );
  // Built for the database handle first, so a shared statement would be the wrong one below.
  expect(await byKey(t.db, { key: "prepared-in-tx" })).toEqual([]);
  await t.db
    .transaction(async (tx) => {
      await tx.insert(schema.appSettings).values({ key: "prepared-in-tx", value: 1 });
      // Only the transaction can see its own uncommitted row.
      expect(await byKey(tx, { key: "prepared-in-tx" })).toEqual([{ key: "prepared-in-tx" }]);
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message === "Rollback")) throw error;
    });
  expect(await byKey(t.db, { key: "prepared-in-tx" })).toEqual([]);
});

test("a page size is written into the statement, not sent as a parameter, and limits as one would", async () => {
  for (const key of ["count-a", "count-b", "count-c", "count-d"]) {
    await t.db.insert(schema.appSettings).values({ key, value: key });
  }
  const page = t.db
    .select({ key: schema.appSettings.key })
    .from(schema.appSettings)
    .where(like(schema.appSettings.key, "count-%"))
    .orderBy(schema.appSettings.key)
    .limit(rowCount(2))
    .offset(1);
  const built = page.toSQL();
  // The offset, which a request chooses, stays a parameter (one statement text for every page).
  expect(built.sql).toMatch(/ limit 2 offset \$2$/);
  expect(built.params).toEqual(["count-%", 1]);
  expect((await page).map((r) => r.key)).toEqual(["count-b", "count-c"]);
  for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
    expect(() => rowCount(bad)).toThrow(RangeError);
  }
});

test("ids go to an array placeholder as one literal, and only UUIDs do", async () => {
  const ids = ["0b6f5d0e-8c1a-4a39-9c7e-2f1d3b4a5c6d", "1B6F5D0E-8C1A-4A39-9C7E-2F1D3B4A5C6D"];
  expect(uuidArray(ids)).toBe(`{${ids.join(",")}}`);
  expect(uuidArray([])).toBe("{}");
  for (const bad of ["x", "0b6f5d0e-8c1a-4a39-9c7e-2f1d3b4a5c6d,1", "}", ""])
    expect(() => uuidArray([ids[0]!, bad])).toThrow(TypeError);
  // PostgreSQL reads the literal as the same ids.
  const [row] = await rowsOf<{ n: number }>(
    t.db,
    sql`select cardinality(${uuidArray(ids)}::uuid[]) as n`,
  );
  expect(Number(row!.n)).toBe(2);
});

test("strings go to a text array placeholder as one literal that reads back as themselves", async () => {
  const values = ["plain", "a,b", "{braces}", 'say "hi"', "back\\slash", " spaced ", "NULL", ""];
  expect(textArray([])).toBe("{}");
  expect(textArray(['a"b'])).toBe('{"a\\"b"}');
  const rows = await rowsOf<{ v: string }>(
    t.db,
    sql`select v from unnest(${textArray(values)}::text[]) with ordinality as t(v, n) order by n`,
  );
  expect(rows.map((r) => r.v)).toEqual(values);
});

// Decision 426: key lookups run on connections that always keep PostgreSQL's generic plan.
// A probe reads the connection's plan mode and its own plan counts (pg_prepared_statements is
// per connection; `marker`, its statement name, is also in its text). Each test makes its own.
const probe = (marker: string, plans?: "generic") =>
  preparedQuery(
    ["key"],
    (db, p) => {
      const own = (column: string) =>
        sql<number>`(select ${sql.raw(column)} from pg_prepared_statements where statement like ${sql.raw(`'%${marker}%'`)} limit 1)`;
      return db
        .select({
          mode: sql<string>`current_setting('plan_cache_mode')`,
          generic: own("generic_plans"),
          custom: own("custom_plans"),
        })
        .from(schema.appSettings)
        .where(eq(schema.appSettings.key, p.key))
        .prepare(marker);
    },
    plans ? { plans } : {},
  );

test("a generic-plan lookup runs on the lookup connections, other queries and transactions on the handle's own", async () => {
  await addSetting("plan-mode", new Date("2026-01-01T00:00:00Z"));
  const lookup = probe("plan_mode_lookup_426", "generic");
  const [generic] = await lookup(t.db, { key: "plan-mode" });
  const [other] = await probe("plan_mode_other_426")(t.db, { key: "plan-mode" });
  const [inTransaction] = await t.db.transaction((tx) => lookup(tx, { key: "plan-mode" }));
  // PGlite is one connection, with PostgreSQL's default (auto).
  expect(generic?.mode).toBe(t.kind === "postgres" ? "force_generic_plan" : "auto");
  expect(other?.mode).toBe("auto");
  // Inside a transaction a lookup stays in it: it sees the transaction's own writes.
  expect(inTransaction?.mode).toBe("auto");
  const seen = await t.db.transaction(async (tx) => {
    await tx.insert(schema.appSettings).values({ key: "plan-mode-in-tx", value: "x" });
    return lookup(tx, { key: "plan-mode-in-tx" });
  });
  expect(seen).toHaveLength(1);
});

test("on PostgreSQL a lookup's first run already uses the generic plan; other queries are planned for their values", async () => {
  if (t.kind !== "postgres") return;
  await addSetting("plan-counts", new Date("2026-01-01T00:00:00Z"));
  const [lookup] = await probe("plan_counts_lookup_426", "generic")(t.db, { key: "plan-counts" });
  const [other] = await probe("plan_counts_other_426")(t.db, { key: "plan-counts" });
  expect({ generic: Number(lookup?.generic), custom: Number(lookup?.custom) }).toEqual({
    generic: 1,
    custom: 0,
  });
  expect({ generic: Number(other?.generic), custom: Number(other?.custom) }).toEqual({
    generic: 0,
    custom: 1,
  });
});
