// A fresh, migrated database per test file: in-memory PGlite by default, or a new database
// on the PostgreSQL server at DATABASE_URL (created here, dropped afterwards).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import postgres from "postgres";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../../db/client";
import { setDatabaseForTests } from "~/db.server";

export type TestDatabase = DatabaseHandle & {
  dispose(): Promise<void>;
  /**
   * PostgreSQL only: another handle on the same database, with its own pool (a test that must
   * know which connection ran a statement gives it one connection). Closed by the caller.
   */
  openAnother?: (pool: { max: number }) => Promise<DatabaseHandle>;
};

// Embedded PGlite: each test file's database starts from a copy of one migrated database made
// by app/test/global-setup.ts (seconds saved per file); without it, a new one is migrated.
let pgliteTemplate: Promise<Blob | undefined> | undefined;

function migratedPgliteTemplate(): Promise<Blob | undefined> {
  pgliteTemplate ??= (async () => {
    const file = inject("pgliteTemplate");
    return file ? new Blob([await readFile(file)]) : undefined;
  })();
  return pgliteTemplate;
}

export async function createTestDatabase({ install = true } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let handle: DatabaseHandle;
  let drop = async () => {};
  let openAnother: TestDatabase["openAnother"];
  if (serverUrl) {
    const name = `assay_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ kind: "postgres", url: url.toString(), max: 4 });
    openAnother = (pool) => openDatabase({ kind: "postgres", url: url.toString(), ...pool });
    drop = async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    };
  } else {
    const loadDataDir = await migratedPgliteTemplate();
    handle = await openDatabase({ kind: "pglite", ...(loadDataDir ? { loadDataDir } : {}) });
  }
  // A no-op on a copy of the migrated template; the migrator checks and skips what is applied.
  await migrateDatabase(handle);
  if (install) setDatabaseForTests(handle);
  return {
    ...handle,
    ...(openAnother ? { openAnother } : {}),
    async dispose() {
      if (install) setDatabaseForTests(undefined);
      await handle.close();
      await drop();
    },
  };
}
