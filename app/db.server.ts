// The only app module that imports ../db. It owns the process's one database handle:
// opened once (a singleton that survives dev-server reloads, since PGlite allows a single
// connection), migrated, the questionnaire library recorded and, where configured, seeded
// before the first query.
import path from "node:path";
import {
  type Database,
  type DatabaseHandle,
  type DatabaseKind,
  openDatabase,
} from "../db/client";
import * as schema from "../db/schema";
import { seedDemoData } from "~/demo/seed.server";
import { getEnv } from "./env.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";

export { schema };
export type { Database, DatabaseHandle, DatabaseKind };
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database or a transaction: data functions accept either so callers can compose them. */
export type Db = Database | Transaction;

declare global {
  var __assayDatabase: Promise<DatabaseHandle> | undefined;
  var __assayDatabaseReady: boolean | undefined;
}

async function start(): Promise<DatabaseHandle> {
  const env = getEnv();
  const handle = env.DATABASE_URL
    ? await openDatabase({
        kind: "postgres",
        url: env.DATABASE_URL,
        statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
      })
    : await openDatabase({ kind: "pglite", dataDir: path.resolve(env.DATA_DIR, "pglite") });
  try {
    await handle.withStartupLock(async () => {
      await handle.migrate();
      const library = await syncQuestionnaireLibrary(handle.db);
      if (library.recorded.length > 0)
        console.log(`Recorded questionnaire versions: ${library.recorded.join(", ")}`);
      if (env.SEED_DEMO) await seedDemoData(handle.db, { log: (line) => console.log(line) });
    });
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  console.log(
    `Database ready: ${handle.kind === "pglite" ? `embedded PGlite in ${path.resolve(env.DATA_DIR, "pglite")}` : "PostgreSQL at DATABASE_URL"}`,
  );
  return handle;
}

/** The migrated database. A failed start is forgotten, so the next request tries again. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalThis.__assayDatabase) {
    const starting = start();
    globalThis.__assayDatabase = starting;
    globalThis.__assayDatabaseReady = false;
    starting.then(
      () => {
        if (globalThis.__assayDatabase !== starting) return;
        globalThis.__assayDatabaseReady = true;
        // Migrated: the scheduled jobs may start (once per process; off in tests). Imported
        // lazily because the jobs import modules that import this one.
        void import("./jobs/scheduler.server")
          .then((scheduler) => scheduler.startScheduler())
          .catch((error: unknown) => console.error("The scheduler could not start.", error));
        // And the outbox's delivery worker (docs/decisions/140-mail-outbox.md).
        void import("./mail/delivery.server")
          .then((delivery) => delivery.startMailDelivery())
          .catch((error: unknown) => console.error("Mail delivery could not start.", error));
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
