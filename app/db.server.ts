// The database gate, and the only app module that imports ../db: it opens the process's one
// database handle and hands it out (a singleton that survives dev-server reloads, since PGlite
// allows a single connection). What has to happen before the first query (migrations, the
// questionnaire library, the demo seed, the scheduler and mail delivery) is the start-up's job
// (app/startup.server.ts), which hands this module its starter; nothing here imports the areas.
import path from "node:path";
import { type Placeholder, type SQL, sql } from "drizzle-orm";
import {
  type Database,
  type DatabaseHandle,
  type DatabaseKind,
  lookupDatabase,
  openDatabase,
} from "../db/client";
import { DataDirLockedError } from "../db/data-dir-lock";
import * as schema from "../db/schema";
import { getEnv } from "./env.server";
import { isUuid } from "~/uuid";

export { schema, DataDirLockedError };
export type { Database, DatabaseHandle, DatabaseKind };
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database or a transaction: data functions accept either so callers can compose them. */
export type Db = Database | Transaction;

/** Rows of a raw statement on either driver (postgres.js gives an array, PGlite `.rows`). */
export async function rowsOf<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** What drizzle's `.prepare(name)` gives: a query built once, run with its placeholders' values. */
export type PreparedStatement<R> = { execute(values?: Record<string, unknown>): Promise<R> };

/**
 * Placeholders are not mapped by their column as values are, so a timestamp goes in as its ISO
 * string: postgres.js cannot send a Date for a parameter whose type it was not told.
 */
export type PlaceholderValue = string | number | boolean | null;

/**
 * A query that drizzle builds into SQL once per database handle, instead of on every call:
 * building a select costs 50–70 µs of CPU, and a page view runs 4–7 of them
 * (docs/decisions/413-queries-built-once.md). `build` puts `placeholders.<name>` where a
 * value goes and ends with `.prepare(name)`. It is given the handle the call is made with: a
 * transaction gets its own statement, so a prepared query never runs outside the transaction
 * it was called in.
 */
export function preparedQuery<const K extends string, R>(
  names: readonly K[],
  build: (db: Db, placeholders: Record<K, Placeholder<K>>) => PreparedStatement<R>,
  options: {
    /**
     * "generic": a key lookup whose plan is the same index read whatever the values. Outside a
     * transaction it runs on the connections that always keep PostgreSQL's generic plan, so it
     * is not planned again on every run (docs/decisions/426-generic-plan-lookups.md). Only
     * for a statement whose generic plan the bench EXPLAINs (bench/queries.ts).
     */
    plans?: "generic";
  } = {},
): (db: Db, values: Record<K, PlaceholderValue>) => Promise<R> {
  const placeholders = Object.fromEntries(
    names.map((name) => [name, sql.placeholder(name)]),
  ) as Record<K, Placeholder<K>>;
  const built = new WeakMap<Db, PreparedStatement<R>>();
  return (given, values) => {
    const db = options.plans === "generic" ? lookupDatabase(given) : given;
    let statement = built.get(db);
    if (!statement) {
      statement = build(db, placeholders);
      built.set(db, statement);
    }
    return statement.execute(values);
  };
}

/**
 * A page size for `.limit()`, written into the statement as a number instead of sent as a
 * parameter. With `limit $1`, PostgreSQL's generic plan assumes a tenth of the table's rows,
 * costs more than the plan for the actual 50, and is never kept: a list page's query was
 * planned again on every run, which cost more than running it (decision 416).
 * Only for a count the code fixes, never one a request chooses (an offset, an API client's
 * limit): each distinct number makes a statement text of its own, and a process prepares at
 * most 1,000 texts (db/prepared.ts), so a client paging through a list must not use them up.
 * drizzle writes an SQL value into the statement as it is; the type says number because that
 * is what `.limit()` is declared to take (a test checks the statement drizzle builds).
 */
export function rowCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not a row count: ${n}`);
  return sql.raw(String(n)) as unknown as number;
}

/**
 * Ids as one value for a prepared query's placeholder, read as `= any($1::uuid[])`: a
 * PostgreSQL array literal, so the statement is one text whatever the number of ids
 * (docs/decisions/421-audit-names-prepared.md). Only UUIDs: anything else is a TypeError, never
 * text spliced into the literal.
 */
export function uuidArray(ids: Iterable<string>): string {
  const list = [...ids];
  for (const id of list) if (!isUuid(id)) throw new TypeError(`Not a UUID: ${id}`);
  return `{${list.join(",")}}`;
}

/**
 * Strings as one value for a placeholder read as `= any($1::text[])`: a PostgreSQL array
 * literal with every element quoted (a quote or backslash in it escaped), so any text reads back
 * as itself.
 */
export function textArray(values: Iterable<string>): string {
  const quoted: string[] = [];
  for (const value of values) quoted.push(`"${value.replace(/["\\]/g, "\\$&")}"`);
  return `{${quoted.join(",")}}`;
}

declare global {
  var __assayDatabase: Promise<DatabaseHandle> | undefined;
  var __assayDatabaseReady: boolean | undefined;
  var __assayDatabaseStarter: (() => Promise<DatabaseHandle>) | undefined;
}

/** Where the embedded database lives (DATA_DIR/pglite). */
export function embeddedDataDir(): string {
  return path.resolve(getEnv().DATA_DIR, "pglite");
}

/**
 * Opens the configured database and nothing more: PostgreSQL at DATABASE_URL, or the embedded
 * PGlite in DATA_DIR, which one process at a time may open (DataDirLockedError otherwise).
 */
export function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const env = getEnv();
  return env.DATABASE_URL
    ? openDatabase({
        kind: "postgres",
        url: env.DATABASE_URL,
        statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
      })
    : openDatabase({ kind: "pglite", dataDir: embeddedDataDir() });
}

/** The start-up gives the function that opens and prepares the database (app/startup.server.ts). */
export function setDatabaseStarter(starter: () => Promise<DatabaseHandle>): void {
  globalThis.__assayDatabaseStarter = starter;
}

/** The prepared database. A failed start is forgotten, so the next request tries again. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalThis.__assayDatabase) {
    const starter = globalThis.__assayDatabaseStarter;
    if (!starter) {
      return Promise.reject(
        new Error("The database was asked for before the app's start-up (app/startup.server.ts)."),
      );
    }
    const starting = starter();
    globalThis.__assayDatabase = starting;
    globalThis.__assayDatabaseReady = false;
    starting.then(
      () => {
        if (globalThis.__assayDatabase === starting) globalThis.__assayDatabaseReady = true;
      },
      () => {
        if (globalThis.__assayDatabase === starting) globalThis.__assayDatabase = undefined;
      },
    );
  }
  return globalThis.__assayDatabase;
}

/** True while the first open/migrate/seed is still running (health checks say "starting"). */
export function isDatabaseStarting(): boolean {
  return globalThis.__assayDatabase !== undefined && globalThis.__assayDatabaseReady === false;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** Tests run the app's modules against a database they made (see app/test/database.ts). */
export function setDatabaseForTests(handle: DatabaseHandle | undefined): void {
  globalThis.__assayDatabase = handle ? Promise.resolve(handle) : undefined;
  globalThis.__assayDatabaseReady = handle !== undefined;
}
