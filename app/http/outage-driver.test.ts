// Which failures count as "the database cannot be reached just now", from the real driver:
// a refused connection, a server that accepts but never answers (the 2 s connect time-out),
// and on PostgreSQL a statement over the statement time-out. Anything else stays an error.
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, expect, test } from "vitest";
import { describeOutage, isDatabaseUnavailable } from "./outage";
import { openDatabase } from "../../db/client";

const sockets: Socket[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

/** A port that accepts connections and never says anything, like a frozen server. */
function silentPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((socket) => sockets.push(socket));
    servers.push(server);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

/** A port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function failure(url: string): Promise<{ error: unknown; ms: number }> {
  const handle = await openDatabase({ kind: "postgres", url });
  const began = Date.now();
  try {
    await handle.db.execute(sql`select 1`);
    throw new Error("the query should have failed");
  } catch (error) {
    return { error, ms: Date.now() - began };
  } finally {
    await handle.close();
  }
}

test("a refused connection is an outage, reported without the query", async () => {
  const { error, ms } = await failure(`postgres://nobody@127.0.0.1:${await closedPort()}/none`);
  expect(isDatabaseUnavailable(error)).toBe(true);
  expect(describeOutage(error)).toMatch(/^ECONNREFUSED: /);
  expect(ms).toBeLessThan(1_000);
});

test("every request during an outage tries at once: no backoff that grows with each failure", async () => {
  const handle = await openDatabase({
    kind: "postgres",
    url: `postgres://nobody@127.0.0.1:${await closedPort()}/none`,
    // Few connections, so that the same ones are tried again and again, as in a long outage.
    max: 2,
  });
  try {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const began = Date.now();
      const error = await handle.db.execute(sql`select 1`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(error)).toBe(true);
      // postgres.js's default waits 0.5–1 × min(3^n / 100, 20) s before the n-th new attempt.
      expect(Date.now() - began, `attempt ${attempt}`).toBeLessThan(300);
    }
  } finally {
    await handle.close();
  }
});

test("a server that never answers is given up on after the 2 s connect time-out", async () => {
  const { error, ms } = await failure(`postgres://nobody@127.0.0.1:${await silentPort()}/none`);
  expect(isDatabaseUnavailable(error)).toBe(true);
  expect(describeOutage(error)).toMatch(/^CONNECT_TIMEOUT: /);
  expect(ms).toBeGreaterThanOrEqual(1_900);
  expect(ms).toBeLessThan(3_500);
});

test("errors that are not outages stay errors", () => {
  expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
  const duplicate = Object.assign(new Error("duplicate key"), {
    name: "PostgresError",
    code: "23505",
  });
  expect(isDatabaseUnavailable(new Error("Failed query", { cause: duplicate }))).toBe(false);
  // Class 08 and shutdown codes only count from the server, not from any error with a code.
  expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "57P01" }))).toBe(false);
  const shutdown = Object.assign(new Error("terminating connection due to administrator command"), {
    name: "PostgresError",
    code: "57P01",
  });
  expect(isDatabaseUnavailable(new Error("Failed query", { cause: shutdown }))).toBe(true);
  const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  expect(isDatabaseUnavailable(new AggregateError([refused], "all addresses failed"))).toBe(true);
});

test.skipIf(!process.env.DATABASE_URL)(
  "PostgreSQL cancels a statement over the statement time-out, and that is an outage (503), not a 500",
  async () => {
    // A database of this test's own on the server, dropped afterwards.
    const serverUrl = process.env.DATABASE_URL!;
    const name = `assay_test_outage_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({
      kind: "postgres",
      url: url.toString(),
      statementTimeoutMs: 300,
    });
    try {
      const began = Date.now();
      const error = await handle.db.execute(sql`select pg_sleep(3)`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(Date.now() - began).toBeLessThan(2_000);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(describeOutage(error)).toMatch(/^57014: canceling statement due to statement timeout/);
      // Migrations run on a connection of their own, without the limit.
      await handle.migrate();
    } finally {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  },
);
