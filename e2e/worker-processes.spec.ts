// Cluster mode (docs/decisions/321-worker-processes.md): with PostgreSQL, WEB_CONCURRENCY runs
// several worker processes of scripts/server.js on one port. Started here on a database of its
// own with a real SMTP server: both workers serve, their mail workers deliver every queued mail
// exactly once, a worker killed while serving is replaced, SIGTERM stops them all; a bad
// WEB_CONCURRENCY, or workers that cannot start, stop the server with a message.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { SMTPServer } from "smtp-server";

// Beside the main end-to-end server's port (scripts/e2e.mjs), never the same ones.
const port = Number(process.env.E2E_PORT ?? 3100) + 8;
const smtpPort = port + 1;

type Server = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(env: Record<string, string>): Server {
  const child = spawn(process.execPath, [path.resolve("scripts/server.js")], {
    // Only what the case needs: nothing from this shell's environment leaks in.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      ...env,
    } as unknown as NodeJS.ProcessEnv,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function eventually<T>(
  what: string,
  check: () => Promise<T | false> | T | false,
  ms = 60_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const healthy = () =>
  fetch(`http://127.0.0.1:${port}/healthz`)
    .then((r) => r.status === 200)
    .catch(() => false);

test("a WEB_CONCURRENCY that is not a number of processes is refused, naming it", async () => {
  const server = start({ WEB_CONCURRENCY: "lots", NODE_ENV: "production" });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain(
    'WEB_CONCURRENCY must be a number of processes (1 to 256) or "auto" (one per CPU), not "lots".',
  );
});

test("workers that cannot start stop the server, saying so", async () => {
  test.setTimeout(60_000);
  const server = start({
    WEB_CONCURRENCY: "2",
    NODE_ENV: "production",
    DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
  });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain("SESSION_SECRET is required in production");
  expect(server.output()).toContain("A worker process stopped before it was serving");
});

test.describe("on PostgreSQL", () => {
  test.skip(!process.env.DATABASE_URL, "needs PostgreSQL (DATABASE_URL): workers share it");

  test("two workers serve one port, send each mail once, are replaced when killed and stop on SIGTERM", async () => {
    test.setTimeout(240_000);
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const subject = /^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString("utf8"));
          received.push(subject?.[1]?.trim() ?? "");
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", r));
    const name = `assay_workers_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
    const server = start({
      WEB_CONCURRENCY: "2",
      NODE_ENV: "production",
      DATABASE_URL: url.toString(),
      SESSION_SECRET: randomBytes(32).toString("hex"),
      APP_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO: "false",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_POLL_SECONDS: "1",
    });
    try {
      await eventually("two workers listening", () => {
        if (server.child.exitCode !== null) throw new Error(server.output());
        return (server.output().match(/Assay is listening/g) ?? []).length === 2;
      });
      await eventually("a healthy server", healthy);
      const workers = childrenOf(server.child.pid!);
      expect(workers).toHaveLength(2);

      // Mail queued while both workers' mail workers poll: each leaves once.
      const subjects = Array.from({ length: 20 }, (_, i) => `Worker check ${i + 1}`);
      for (const subject of subjects)
        await sql`insert into mail_outbox (kind, "to", subject, text)
          values ('test', 'someone@workers-check.net', ${subject}, 'Sent once.')`;
      await eventually("every mail sent", async () => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from mail_outbox where status = 'sent'`;
        return row!.n === subjects.length;
      });
      await new Promise((r) => setTimeout(r, 2_000));
      expect(received.sort()).toEqual([...subjects].sort());
      const attempts = await sql<{ attempts: number }[]>`select attempts from mail_outbox`;
      expect(attempts.every((r) => r.attempts === 1)).toBe(true);

      // A worker killed while serving is replaced; the port answers throughout.
      process.kill(workers[0]!, "SIGKILL");
      const replaced = await eventually("a replacement worker", () => {
        const now = childrenOf(server.child.pid!);
        return now.length === 2 && !now.includes(workers[0]!) ? now : false;
      });
      expect(replaced).toContain(workers[1]);
      await eventually("a healthy server after the replacement", healthy);
      expect(server.output()).toContain(
        `Worker ${workers[0]} stopped (SIGKILL); starting another.`,
      );

      // SIGTERM to the primary stops every worker, and the primary exits cleanly.
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      await sql.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
