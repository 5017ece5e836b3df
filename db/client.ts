// The one database client: postgres.js when DATABASE_URL is set, embedded PGlite otherwise.
// Both speak the same drizzle API and run the same migrations.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { lockDataDir } from "./data-dir-lock";
import { PreparedTexts, preparingClient } from "./prepared";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = "postgres" | "pglite";

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  /** Runs fn while holding a cluster-wide lock, so two app instances never migrate or seed at once. */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Applies the committed migrations (without the statement time-out: they may be long). */
  migrate(): Promise<void>;
  /** A cheap round trip, for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Embedded only: a tarball of the database's files, to start another from (tests' template). */
  dump?: () => Promise<Blob>;
};

// Resolved from the working directory first (the app runs from the repo root) and from
// this file as a fallback (tests and scripts run the source directly).
export function migrationsFolder(): string {
  if (process.env.MIGRATIONS_DIR) return path.resolve(process.env.MIGRATIONS_DIR);
  const here = path.dirname(fileURLToPath(import.meta.url));
  return here.endsWith(path.join("db"))
    ? path.join(here, "migrations")
    : path.resolve("db/migrations");
}

const STARTUP_LOCK_ID = 4_242_001;
/** How many distinct query texts each process prepares (docs/decisions/401-prepared-statements.md). */
const PREPARED_TEXTS_LIMIT = 1_000;
/** Seconds to wait for a connection to PostgreSQL before giving up (postgres.js option). */
export const CONNECT_TIMEOUT_S = 2;

export type OpenOptions =
  | {
      kind: "postgres";
      url: string;
      max?: number;
      /** Server-side limit per statement; 0 = none (docs/decisions/131-database-outage.md). */
      statementTimeoutMs?: number;
    }
  | {
      kind: "pglite";
      dataDir?: string /* undefined = in memory */;
      /** Starts from a copy of another database's files (a dumpPglite tarball): tests use it. */
      loadDataDir?: Blob;
    };

// Key lookups whose plan is the same index read whatever the values, run on connections of
// their own that always keep the generic plan (docs/decisions/426-generic-plan-lookups.md).
// PostgreSQL keeps a prepared statement's generic plan only when its estimate is no dearer than
// the custom plans' average; for these it never is (an `= any($1::uuid[])` is estimated at more
// elements than a page passes, one assessment's answers at the table's average), so they were
// planned on every run, and planning cost more than running them.
const lookupDatabases = new WeakMap<object, Database>();
/** The lookup connections' share of the pool (`max`), at least one. */
const LOOKUP_POOL_SHARE = 0.4;

/**
 * Where a key lookup built with `preparedQuery(…, { plans: "generic" })` runs: on PostgreSQL,
 * the handle's connections that keep generic plans; a transaction (or PGlite, one connection)
 * runs it itself.
 */
export function lookupDatabase<D extends object>(db: D): D | Database {
  return lookupDatabases.get(db) ?? db;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const max = options.max ?? 10;
    const client = openClient(options, max, "auto");
    // Its own, smaller pool: a lookup waits for a lookup connection, never for a page's query.
    const lookups = openClient(
      options,
      Math.max(1, Math.round(max * LOOKUP_POOL_SHARE)),
      "force_generic_plan",
    );
    // One round trip per query instead of two (docs/decisions/401-prepared-statements.md).
    const db = drizzlePostgres(preparingClient(client, new PreparedTexts(PREPARED_TEXTS_LIMIT)), {
      schema,
      casing: "snake_case",
    }) as unknown as Database;
    const lookupDb = drizzlePostgres(
      preparingClient(lookups, new PreparedTexts(PREPARED_TEXTS_LIMIT)),
      { schema, casing: "snake_case" },
    ) as unknown as Database;
    lookupDatabases.set(db, lookupDb);
    return {
      db,
      kind: "postgres",
      async withStartupLock(fn) {
        // An advisory lock belongs to one connection: reserve one for the whole critical section.
        const reserved = await client.reserve();
        try {
          // Another instance may hold the lock for a long migration: wait for it, however long.
          await reserved`set statement_timeout = 0`;
          await reserved`select pg_advisory_lock(${STARTUP_LOCK_ID})`;
          return await fn();
        } finally {
          await reserved`select pg_advisory_unlock(${STARTUP_LOCK_ID})`.catch(() => {});
          await reserved`reset statement_timeout`.catch(() => {});
          reserved.release();
        }
      },
      async migrate() {
        // A connection of its own, without the statement time-out, for as long as it takes.
        const migrator = postgres(options.url, {
          max: 1,
          onnotice: () => {},
          connect_timeout: CONNECT_TIMEOUT_S,
          connection: { application_name: "assay-migrate", statement_timeout: 0 },
        });
        try {
          await migratePostgres(drizzlePostgres(migrator, { casing: "snake_case" }), {
            migrationsFolder: migrationsFolder(),
          });
        } finally {
          await migrator.end({ timeout: 5 });
        }
      },
      async ping() {
        await client`select 1`;
      },
      async close() {
        await Promise.all([client.end({ timeout: 5 }), lookups.end({ timeout: 5 })]);
      },
    };
  }
  return openPglite(options);
}

function openClient(
  options: Extract<OpenOptions, { kind: "postgres" }>,
  max: number,
  planCacheMode: "auto" | "force_generic_plan",
) {
  // Fail fast when the server cannot be reached: a request waits at most CONNECT_TIMEOUT_S
  // for a connection, then the app answers 503 (docs/decisions/131-database-outage.md).
  return postgres(options.url, {
    max,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_S,
    // No pause before connecting again after a failure. postgres.js's default backoff grows
    // with every failed attempt across the pool (up to 20 s), and a query waits it out before
    // even trying: 17 s to fail during an outage and up to 16 s to notice the server is back.
    // Each attempt is bounded by the connect time-out instead, and fails its request alone.
    backoff: false,
    // Idle connections are closed so that a restarted server is reconnected cleanly.
    idle_timeout: 30,
    connection: {
      application_name: planCacheMode === "auto" ? "assay" : "assay-lookups",
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      // Queries are prepared (db/prepared.ts) and PostgreSQL chooses their plans as it does
      // by default: planned for their own parameters five times, then the generic plan is
      // kept when it costs no more (docs/decisions/403-generic-plans.md). Said here so that a
      // server configured otherwise does not change it. The lookup connections always keep
      // the generic plan (decision 426).
      plan_cache_mode: planCacheMode,
    },
  });
}

async function openPglite(
  options: Extract<OpenOptions, { kind: "pglite" }>,
): Promise<DatabaseHandle> {
  // One process at a time on a data directory: a second one is refused here, before PGlite
  // touches the files (docs/decisions/100-one-writer-embedded.md).
  const lock = options.dataDir ? lockDataDir(options.dataDir) : undefined;
  let client: PGlite;
  try {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    client = new PGlite(
      options.dataDir,
      options.loadDataDir ? { loadDataDir: options.loadDataDir } : {},
    );
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    dump: () => client.dumpDataDir("none"),
    // PGlite is one connection in this process, and the directory lock keeps other processes
    // out: there is nobody to race with.
    withStartupLock: (fn) => fn(),
    async migrate() {
      await migratePglite(db as never, { migrationsFolder: migrationsFolder() });
    },
    async ping() {
      await client.query("select 1");
    },
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.migrate();
}
