// A fresh, migrated database per test file: in-memory PGlite by default, or a new database
// on the PostgreSQL server at DATABASE_URL (created here, dropped afterwards).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "../../db/client";
import { setDatabaseForTests } from "~/db.server";

export type TestDatabase = DatabaseHandle & { dispose(): Promise<void> };

export async function createTestDatabase({ install = true } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let handle: DatabaseHandle;
  let drop = async () => {};
  if (serverUrl) {
    const name = `assay_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ kind: "postgres", url: url.toString(), max: 4 });
    drop = async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    };
  } else {
    handle = await openDatabase({ kind: "pglite" });
  }
  await migrateDatabase(handle);
  if (install) setDatabaseForTests(handle);
  return {
    ...handle,
    async dispose() {
      if (install) setDatabaseForTests(undefined);
      await handle.close();
      await drop();
    },
  };
}
