// The embedded database's one-writer lock, with real processes for the owners: a live one
// holds it, a dead one's lock is taken over (docs/decisions/100-one-writer-embedded.md).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";

let dir: string;
let dataDir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "assay-lock-"));
  dataDir = path.join(dir, "pglite");
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function writeLock(owner: { pid: number; host?: string; processStart?: string | null }) {
  writeFileSync(
    `${dataDir}.lock`,
    JSON.stringify({
      pid: owner.pid,
      host: owner.host ?? hostname(),
      processStart: owner.processStart ?? processStart(owner.pid),
      command: "node scripts/server.js",
      lockedAt: "2026-12-05T10:00:00.000Z",
    }),
  );
}

/** A process that stays alive until the test ends. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
  children.push(child);
  return child;
}

/** The PID of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

test("a directory held by a live process is refused, naming that process", () => {
  const owner = sleeper();
  writeLock({ pid: owner.pid! });
  expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
  expect(() => lockDataDir(dataDir)).toThrow(
    `in use by another process (PID ${owner.pid} on ${hostname()}, "node scripts/server.js"`,
  );
});

test("the lock of a process that is gone is taken over, and released on close", async () => {
  writeLock({ pid: await deadPid() });
  const lock = lockDataDir(dataDir);
  expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid });
  lock.release();
  expect(existsSync(lock.path)).toBe(false);
});

test("a PID now used by a process started at another time is not the owner", () => {
  const other = sleeper();
  writeLock({ pid: other.pid!, processStart: "1" });
  const lock = lockDataDir(dataDir);
  lock.release();
});

test("this process cannot open a directory twice; after release it can", () => {
  const lock = lockDataDir(dataDir);
  expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
  lock.release();
  lockDataDir(dataDir).release();
});

test("another host's lock holds while it is touched, and is stale a minute after", () => {
  writeLock({ pid: 1, host: "another-host.example", processStart: null });
  expect(() => lockDataDir(dataDir)).toThrow("PID 1 on another-host.example");
  const old = new Date(Date.now() - 2 * 60_000);
  utimesSync(`${dataDir}.lock`, old, old);
  lockDataDir(dataDir).release();
});

test("releasing never removes a lock someone else took over", async () => {
  const lock = lockDataDir(dataDir);
  // Taken over while we held it (as after our own process was judged dead).
  const owner = sleeper();
  writeLock({ pid: owner.pid! });
  lock.release();
  expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8"))).toMatchObject({ pid: owner.pid });
});
