// Where the benchmark's data lives. In order of preference:
//   1. DATABASE_URL set: a fresh database `assay_bench_<time>_<random>` on that server,
//      dropped afterwards, so the benchmark never touches another database's data;
//   2. PostgreSQL installed (Debian's initdb/pg_ctl): a throwaway cluster in a temp dir,
//      on a free port, with fsync off — the same recipe as .ci/run;
//   3. otherwise embedded PGlite in a temp dir, said loudly: its figures are labelled
//      "pglite" and never compared with PostgreSQL's.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { type Database, migrationsFolder } from "../db/client";
import * as schema from "../db/schema";

export type DatabaseKind = "postgres" | "pglite";

export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export type BenchClient = {
  db: Database;
  query: Query;
  /** Runs `fn` with queries that all go to one connection (for session state: PREPARE, SET). */
  onOneConnection<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type BenchDatabase = {
  kind: DatabaseKind;
  /** What the figures were measured on, e.g. "PostgreSQL 15.14 (throwaway cluster)". */
  label: string;
  /** Variables that point the app server at this database. */
  serverEnv: Record<string, string>;
  open(): Promise<BenchClient>;
  cleanup(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

function benchDatabaseName(): string {
  return `assay_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
}

export function openPostgres(url: string): BenchClient {
  const client = postgres(url, { max: 4, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Database;
  return {
    db,
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.unsafe(text, params as never[])) as unknown as T[];
    },
    async onOneConnection(fn) {
      const reserved = await client.reserve();
      try {
        return await fn(
          async <T>(text: string, params: unknown[] = []) =>
            (await reserved.unsafe(text, params as never[])) as unknown as T[],
        );
      } finally {
        reserved.release();
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

async function onServer(url: string, name: string): Promise<BenchDatabase> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const [{ version }] = (await admin`select current_setting('server_version') as version`) as [
    { version: string },
  ];
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    kind: "postgres",
    label: `PostgreSQL ${version}`,
    serverEnv: { DATABASE_URL: target.toString() },
    open: async () => openPostgres(target.toString()),
    async cleanup() {
      const again = postgres(url, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`).catch((error) => {
        console.warn(`Could not drop ${name}: ${String(error)}`);
      });
      await again.end();
    },
  };
}

function findPgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(a) - Number(b));
    if (versions.length) return path.join(root, versions.at(-1)!, "bin");
  }
  try {
    const bin = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    return existsSync(path.join(bin, "initdb")) ? bin : null;
  } catch {
    return null;
  }
}

async function throwawayCluster(bin: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), "assay-bench-pg-"));
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root: run the cluster as the postgres user, in a dir it owns.
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (command: string, args: string[]) => {
    const [file, argv] = root
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]]
      : [path.join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${command} failed: ${result.stderr || result.stdout || result.error}`);
    }
  };
  const port = await freePort();
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "postgres.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB -c max_connections=100`,
    "start",
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const database = await onServer(url, benchDatabaseName());
  return {
    ...database,
    label: `${database.label} (throwaway cluster, fsync off)`,
    async cleanup() {
      await database.cleanup().catch(() => {});
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function pglite(): BenchDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "assay-bench-pglite-"));
  return {
    kind: "pglite",
    label: "embedded PGlite",
    serverEnv: { DATA_DIR: dir },
    async open() {
      // PGlite is one connection: the harness opens it only while the app server is stopped.
      const client = new PGlite(path.join(dir, "pglite"));
      await client.waitReady;
      const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database;
      const query: Query = async <T>(text: string, params: unknown[] = []) =>
        (await client.query<T>(text, params)).rows;
      return {
        db,
        query,
        // PGlite is one connection.
        onOneConnection: (fn) => fn(query),
        async close() {
          await client.close();
        },
      };
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function chooseDatabase(
  options: { forcePglite?: boolean; log: (line: string) => void } = { log: console.log },
): Promise<BenchDatabase> {
  if (options.forcePglite) {
    options.log(
      "Using embedded PGlite (--pglite). Its figures are not comparable with PostgreSQL's.",
    );
    return pglite();
  }
  if (process.env.DATABASE_URL) {
    const database = await onServer(process.env.DATABASE_URL, benchDatabaseName());
    options.log(`Using ${database.label} at DATABASE_URL, in a fresh database of its own.`);
    return database;
  }
  const bin = findPgBin();
  if (bin) {
    try {
      const database = await throwawayCluster(bin);
      options.log(`Using ${database.label}.`);
      return database;
    } catch (error) {
      options.log(`Could not start a throwaway PostgreSQL cluster: ${String(error)}`);
    }
  }
  options.log(
    "FALLING BACK TO EMBEDDED PGLITE: no DATABASE_URL and no usable PostgreSQL (initdb). " +
      "Figures are labelled pglite; install postgresql or set DATABASE_URL for PostgreSQL figures.",
  );
  return pglite();
}

/** The app's own migrations, applied as the app applies them at start-up. */
export async function migrate(kind: DatabaseKind, client: BenchClient): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (kind === "postgres") await migratePostgres(client.db as never, config);
  else await migratePglite(client.db as never, config);
}
