// Start-up refuses a bad configuration with a message naming the variable, instead of serving
// half-configured. These start the real server process; no browser needed.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../db/client";
import * as schema from "../db/schema";

function startServer(
  env: Record<string, string>,
  cwd?: string,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", [path.resolve("scripts/server.js")], {
      cwd,
      // Only what the case needs: nothing from this shell's environment leaks in.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        PORT: "3199",
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("production on a real database refuses to start without SESSION_SECRET", async () => {
  const { code, output } = await startServer({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
  });
  expect(code).toBe(1);
  expect(output).toContain("Assay cannot start: invalid environment.");
  expect(output).toContain("SESSION_SECRET is required in production");
});

test("a malformed variable is named, with what it should look like", async () => {
  const { code, output } = await startServer({
    NODE_ENV: "production",
    DATABASE_URL: "mysql://localhost/db",
  });
  expect(code).toBe(1);
  expect(output).toContain("DATABASE_URL must start with postgres:// or postgresql://");
});

test("a library file with a NUL in its text stops start-up, naming the file and the problem", async () => {
  // The app as deployed, with one questionnaire's text ending in "\0", which PostgreSQL cannot
  // store. Before, the file passed the check, failed only when recorded, and the instance ran
  // on, reporting its database "down" (docs/decisions/133-library-text-and-health.md).
  // Embedded PGlite is opened and migrated before the library is read: slow on a busy machine.
  test.setTimeout(150_000);
  const dir = await mkdtemp(path.join(tmpdir(), "assay-bad-library-"));
  try {
    await symlink(path.resolve("build"), path.join(dir, "build"));
    await cp(path.resolve("questionnaires"), path.join(dir, "questionnaires"), { recursive: true });
    const file = path.join(dir, "questionnaires", "ai-model-vendor", "1.0.0.yaml");
    const yaml = await readFile(file, "utf8");
    await writeFile(
      file,
      yaml.replace(/^(\s+text: )(.+)$/m, (_, lead: string, text: string) => `${lead}"${text}\\0"`),
    );
    const { code, output } = await startServer(
      {
        NODE_ENV: "production",
        DATA_DIR: path.join(dir, "data"),
        MIGRATIONS_DIR: path.resolve("db/migrations"),
      },
      dir,
      120_000,
    );
    expect(code).toBe(1);
    expect(output).toContain("The questionnaire library has");
    expect(output).toMatch(
      /ai-model-vendor\/1\.0\.0\.yaml:\d+ .*contains a NUL character \(U\+0000\), which cannot be stored/,
    );
    expect(output).not.toMatch(/database not ready|cannot be reached/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// Embedded mode: one process at a time on a DATA_DIR (docs/decisions/100-one-writer-embedded.md)
// and an all-or-nothing demo seed (docs/decisions/101-demo-seed-all-or-nothing.md). Each case
// starts real server processes on a DATA_DIR of its own, on ports beside the e2e server's.
const basePort = Number(process.env.E2E_PORT ?? 3100);

type Running = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves once the output contains `text` `times` times; rejects if the process exits first. */
  waitFor(text: string, times?: number): Promise<void>;
};

function launch(dataDir: string, port: number, env: Record<string, string> = {}): Running {
  const child = spawn("node", ["scripts/server.js"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      SESSION_SECRET: "an-e2e-session-secret-of-enough-length-0123456789",
      SMTP_URL: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      ...env,
    } as unknown as NodeJS.ProcessEnv,
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    output += d;
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor(text, times = 1) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (output.split(text).length - 1 >= times) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          if (listeners.has(check)) reject(new Error(`exited before "${text}":\n${output}`));
        });
      });
    },
  };
}

async function stop(running: Running) {
  if (running.child.exitCode === null && running.child.signalCode === null)
    running.child.kill("SIGKILL");
  await running.exited;
}

test("a second process on the same embedded DATA_DIR is refused at once, naming the first; a killed first does not block a restart", async () => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "assay-one-writer-"));
  const started: Running[] = [];
  try {
    const first = launch(dataDir, basePort + 3, { SEED_DEMO: "false" });
    started.push(first);
    await first.waitFor("Database ready");

    const second = launch(dataDir, basePort + 4, { SEED_DEMO: "false" });
    started.push(second);
    const before = Date.now();
    expect(await second.exited).toBe(1);
    expect(Date.now() - before).toBeLessThan(30_000);
    expect(second.output()).toContain(
      `is in use by another process (PID ${first.child.pid} on ${hostname()}`,
    );
    // The first one never noticed and still answers.
    const health = await fetch(`http://localhost:${basePort + 3}/healthz`);
    expect(health.status).toBe(200);

    // Killed without a chance to clean up: its lock file stays, naming a dead process.
    first.child.kill("SIGKILL");
    await first.exited;
    expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);
    const restarted = launch(dataDir, basePort + 4, { SEED_DEMO: "false" });
    started.push(restarted);
    await restarted.waitFor("Database ready");
    expect((await fetch(`http://localhost:${basePort + 4}/healthz`)).status).toBe(200);
  } finally {
    for (const running of started) await stop(running);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a kill -9 during the first start's demo seeding leaves nothing half-made: the next start seeds it all", async () => {
  test.setTimeout(360_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "assay-seed-kill-"));
  const started: Running[] = [];
  try {
    const first = launch(dataDir, basePort + 3, { SEED_DEMO: "true" });
    started.push(first);
    // The second demo assessment is being made: the first is made, the second half-made.
    await first.waitFor("Making demo assessment:", 2);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(first.output()).not.toContain("Database ready");

    const second = launch(dataDir, basePort + 3, { SEED_DEMO: "true" });
    started.push(second);
    await second.waitFor("Database ready");
    await stop(second);

    // Read what the restart left, as the next start would find it.
    const handle = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
    try {
      const rows = await handle.db
        .select({ status: schema.assessments.status, message: schema.assessments.message })
        .from(schema.assessments);
      const count = (status: string) => rows.filter((row) => row.status === status).length;
      // Six submitted and the one deliberately left open ("due soon"), nothing in between.
      expect(rows).toHaveLength(7);
      expect(count("submitted")).toBe(6);
      expect(count("sent")).toBe(1);
      expect(await handle.db.select().from(schema.users)).toHaveLength(3);
      expect(await handle.db.select().from(schema.vendors)).toHaveLength(6);
    } finally {
      await handle.close();
    }
    // The restart made all of it: nothing of the killed start was kept.
    expect(second.output()).toContain("Seeded demo data: 3 users, 6 vendors.");
    expect(second.output()).toContain("Demo assessments made: 7.");
  } finally {
    for (const running of started) await stop(running);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
