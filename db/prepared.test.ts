// Queries as named prepared statements (docs/decisions/401-prepared-statements.md): the app's
// queries, with parameters or without (decision 416), are prepared on their connection within
// a limit of distinct texts, inside transactions too, with the same results as unprepared.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DatabaseHandle, openDatabase } from "./client";
import { PreparedTexts, preparingClient } from "./prepared";

test("texts are admitted up to the limit; one admitted before is always admitted again", () => {
  const texts = new PreparedTexts(2);
  expect(texts.admit("a")).toBe(true);
  expect(texts.admit("b")).toBe(true);
  expect(texts.admit("c")).toBe(false);
  expect(texts.admit("a")).toBe(true);
  expect(texts.admit("c")).toBe(false);
  expect(texts.size).toBe(2);
});

const url = process.env.DATABASE_URL;

const people = pgTable("people", { id: integer().primaryKey(), email: text().notNull() });

describe.skipIf(!url)("on PostgreSQL", () => {
  const name = `assay_prepared_${process.pid}_${randomBytes(4).toString("hex")}`;
  const databaseUrl = new URL(url ?? "postgres://unused");
  databaseUrl.pathname = `/${name}`;
  let t: DatabaseHandle;
  beforeAll(async () => {
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    t = await openDatabase({ kind: "postgres", url: databaseUrl.toString(), max: 2 });
    await t.db.execute(sql`create table people (id int primary key, email text not null)`);
  });
  afterAll(async () => {
    await t?.close();
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  /** The statements prepared on the connection `client` is on (a transaction holds one). */
  async function preparedOn(client: { execute: DatabaseHandle["db"]["execute"] }) {
    const result = (await client.execute(
      sql`select statement from pg_prepared_statements`,
    )) as unknown as { statement: string }[];
    return result.map((row) => row.statement);
  }

  test("the app's queries are prepared, in a transaction too, with PostgreSQL's default plan choice", async () => {
    await t.db.transaction(async (tx) => {
      const query = tx
        .select({ id: people.id })
        .from(people)
        .where(eq(people.email, "nobody@example.com"));
      expect(await query).toEqual([]);
      expect(await preparedOn(tx)).toContain(query.toSQL().sql);
      const [mode] = (await tx.execute(sql`show plan_cache_mode`)) as unknown as {
        plan_cache_mode: string;
      }[];
      expect(mode?.plan_cache_mode).toBe("auto");
    });
  });

  test("past the limit a new text runs unprepared; every value comes back as it does unprepared", async () => {
    const raw = postgres(databaseUrl.toString(), { max: 1, onnotice: () => {} });
    const client = preparingClient(raw, new PreparedTexts(1));
    try {
      const values: unknown[] = [
        null,
        "text with 'quotes' and ünïcode",
        42,
        { nested: { list: [1, "two", null] } },
        new Date("2026-12-06T10:00:00.000Z"),
      ];
      const first = "select $1::jsonb as json, $2::text as text, $3::int as int";
      const second = "select $1::timestamptz as at, $2::text is null as missing";
      const params = [JSON.stringify(values[3]), values[1], values[2]];
      expect(await client.unsafe(first, params as never[])).toEqual(
        await raw.unsafe(first, params as never[]),
      );
      const atParams = [(values[4] as Date).toISOString(), values[0]];
      expect(await client.unsafe(second, atParams as never[])).toEqual(
        await raw.unsafe(second, atParams as never[]),
      );
      const prepared = (await raw`select statement from pg_prepared_statements`).map(
        (row) => row.statement as string,
      );
      expect(prepared).toContain(first);
      expect(prepared).not.toContain(second);
      // A text admitted before is prepared inside a transaction as well, on its connection.
      await client.begin(async (tx) => {
        await tx.unsafe(first, params as never[]);
        const inside = (await tx`select statement from pg_prepared_statements`).map(
          (row) => row.statement as string,
        );
        expect(inside).toContain(first);
      });
    } finally {
      await raw.end();
    }
  });

  // docs/decisions/416-row-counts-in-the-statement.md
  test("a text without parameters is prepared too, and planned once; one with several statements still runs", async () => {
    const own = await openDatabase({ kind: "postgres", url: databaseUrl.toString(), max: 1 });
    try {
      for (let i = 0; i < 4; i++)
        await own.db.execute(sql`select email from people order by id limit 50`);
      const plans = (await own.db.execute(
        sql`select generic_plans::int as generic, custom_plans::int as custom
          from pg_prepared_statements where statement like ${"%from people order by id limit 50"}`,
      )) as unknown as { generic: number; custom: number }[];
      expect(plans).toEqual([{ generic: 4, custom: 0 }]);
      const both = (await own.db.execute(sql.raw("select 1 as a; select 2 as b"))) as unknown;
      expect(both).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    } finally {
      await own.close();
    }
  });

  // docs/decisions/403-generic-plans.md
  test("a prepared statement is planned for its values five times, then keeps its generic plan", async () => {
    const own = await openDatabase({ kind: "postgres", url: databaseUrl.toString(), max: 1 });
    try {
      for (let i = 0; i < 8; i++)
        await own.db.execute(sql`select email from people where id = ${i}`);
      const plans = (await own.db.execute(
        sql`select generic_plans::int as generic, custom_plans::int as custom
          from pg_prepared_statements where statement like ${"%from people where id = $1"}`,
      )) as unknown as { generic: number; custom: number }[];
      expect(plans).toEqual([{ generic: 3, custom: 5 }]);
    } finally {
      await own.close();
    }
  });
});
