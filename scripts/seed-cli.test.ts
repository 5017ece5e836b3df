// `npm run db:seed` as an operator runs it: against a fresh database (a new one on the
// PostgreSQL server at DATABASE_URL, or embedded PGlite in a temporary DATA_DIR) it migrates,
// records the library and seeds the demo; a second run adds nothing. And every npm script that
// runs a file names one that exists (db:seed once pointed at a missing scripts/seed.ts).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDatabase } from "../db/client";
import * as schema from "../db/schema";
import { DEMO_USERS, DEMO_VENDORS } from "~/demo/demo-records";

const ROOT = path.resolve(import.meta.dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const serverUrl = process.env.DATABASE_URL;

let dataDir: string;
let databaseUrl: string | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "assay-seed-"));
  if (serverUrl) {
    const name = `assay_seed_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  if (serverUrl && databaseUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(
      `drop database if exists "${new URL(databaseUrl).pathname.slice(1)}" with (force)`,
    );
    await admin.end();
  }
});

async function seed(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "development" };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(NPM, ["run", "-s", "db:seed"], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("db:seed migrates a fresh database and seeds the demo users, vendors and assessments; a second run adds nothing", async () => {
  const first = await seed();
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  expect(first.stdout).toContain(
    `Seeded demo data: ${DEMO_USERS.length} users, ${DEMO_VENDORS.length} vendors.`,
  );
  expect(first.stdout).toMatch(/Demo assessments made: [1-9]/);

  const second = await seed();
  expect(second.code).toBe(0);
  expect(second.stdout).not.toContain("Seeded demo data");
  expect(second.stdout).not.toContain("Demo assessments made");

  const handle = databaseUrl
    ? await openDatabase({ kind: "postgres", url: databaseUrl, max: 1 })
    : await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
  try {
    const users = await handle.db.select().from(schema.users);
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    expect(await handle.db.select().from(schema.vendors)).toHaveLength(DEMO_VENDORS.length);
    const submitted = await handle.db
      .select()
      .from(schema.assessments)
      .where(eq(schema.assessments.status, "submitted"));
    expect(submitted.length).toBeGreaterThan(0);
  } finally {
    await handle.close();
  }
}, 240_000);

test("every npm script that runs a file in the repository names a file that exists", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const missing: string[] = [];
  for (const [name, command] of Object.entries(pkg.scripts)) {
    for (const match of command.matchAll(/(?:^|\s)(?:tsx|node)\s+([\w./-]+\.(?:ts|js|mjs))/g))
      if (!existsSync(path.join(ROOT, match[1]!))) missing.push(`${name}: ${match[1]}`);
  }
  expect(missing).toEqual([]);
});
