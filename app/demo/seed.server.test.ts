import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { schema } from "~/db.server";
import {
  DEMO_CONTACTS,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_VENDORS,
  seedDemoData,
} from "./seed.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

test("the seed loads one user per role and the demo vendors, and running it again adds nothing", async () => {
  const lines: string[] = [];
  await seedDemoData(t.db, { log: (l) => lines.push(l) });
  await seedDemoData(t.db, { log: (l) => lines.push(l) });
  const users = await t.db.select().from(schema.users);
  const vendors = await t.db.select().from(schema.vendors);
  expect(users.map((u) => u.role).sort()).toEqual(["admin", "procurement", "risk_officer"]);
  expect(vendors).toHaveLength(DEMO_VENDORS.length);
  expect(lines.filter((l) => l.startsWith("Seeded"))).toHaveLength(1);
  expect(lines.at(-1)).toContain(DEMO_USERS[0].email);
});

test("every demo user can sign in with the demo password", async () => {
  for (const user of DEMO_USERS) {
    const result = await login(t.db, { email: user.email, password: DEMO_PASSWORD });
    expect(result.ok && result.user.role).toBe(user.role);
  }
});

test("embedded data survives a restart and the seed does not duplicate it", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const { migrateDatabase, openDatabase } = await import("../../db/client");
  const dir = mkdtempSync(path.join(tmpdir(), "assay-restart-"));
  try {
    for (let start = 0; start < 2; start++) {
      const handle = await openDatabase({ kind: "pglite", dataDir: dir });
      await migrateDatabase(handle);
      await seedDemoData(handle.db);
      if (start === 0) {
        await handle.db.insert(schema.vendors).values({
          name: "Added between restarts",
          category: "other",
          dataAccess: "none",
          criticality: "low",
        });
      }
      const vendors = await handle.db.select().from(schema.vendors);
      expect(vendors).toHaveLength(DEMO_VENDORS.length + 1);
      expect(await handle.db.select().from(schema.users)).toHaveLength(DEMO_USERS.length);
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Two embedded databases on disk, each migrated: slow on a busy 2-core machine.
}, 120_000);

test("every demo vendor has its demo contacts", async () => {
  const contacts = await t.db.select().from(schema.vendorContacts);
  const expected = Object.values(DEMO_CONTACTS)
    .flat()
    .map((c) => c.email)
    .sort();
  expect(contacts.map((c) => c.email).sort()).toEqual(expected);
});
