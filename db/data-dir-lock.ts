// One process at a time on an embedded database directory (docs/decisions/100-one-writer-embedded.md).
// PGlite runs PostgreSQL inside this process with no server to arbitrate: two processes on
// one data directory each acknowledge writes the other never sees and corrupt the files.
// The lock is a file beside the directory holding the owner's PID: created exclusively, so two
// processes starting together cannot both take it, and removed on close. A lock whose process
// is gone (killed, crashed, power cut) is stale and is taken over, so a restart is never blocked;
// one written on another host is stale once its holder has stopped touching it for a minute.
import {
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

export type LockOwner = {
  pid: number;
  host: string;
  /** The owner's start time as the kernel counts it (Linux), so a reused PID is not mistaken for it. */
  processStart: string | null;
  command: string;
  lockedAt: string;
};

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Assay cannot start: the embedded database in ${dataDir} is in use by another process ` +
        `(PID ${owner.pid} on ${owner.host}, "${owner.command}", since ${owner.lockedAt}). ` +
        `Only one process may open it at a time: stop that process first, or give this one ` +
        `another DATA_DIR (or a PostgreSQL DATABASE_URL to run several instances).`,
    );
  }
}

export type DataDirLock = { path: string; release(): void };

/** The directories this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** How often a holder touches its lock, and how old a touch may be before another host's lock is stale. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_STALE_MS = 60_000;

function isAlive(owner: LockOwner, file: string): boolean {
  // Another host (a re-created container, a second machine on a shared disk): its processes
  // cannot be checked from here, but a live holder touches the lock every 10 s.
  if (owner.host !== hostname()) {
    const touched = statMs(file);
    return touched !== null && Date.now() - touched < HEARTBEAT_STALE_MS;
  }
  // Our own PID with no lock held in this process: left by an earlier life of this PID
  // (a container restarted, say), so nobody holds it.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = owner.processStart ? processStart(owner.pid) : null;
  return start === null || start === owner.processStart;
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return null;
    return {
      pid: owner.pid,
      host: owner.host,
      processStart: owner.processStart ?? null,
      command: owner.command ?? "unknown",
      lockedAt: owner.lockedAt ?? "unknown",
    };
  } catch {
    return null;
  }
}

/**
 * Takes the lock on `dataDir` (a file `<dataDir>.lock` beside it) or throws DataDirLockedError
 * naming the process that holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const resolved = path.resolve(dataDir);
  const file = `${resolved}.lock`;
  // A first start on a new machine has no DATA_DIR yet: the lock file needs its folder.
  mkdirSync(path.dirname(file), { recursive: true });
  if (held.has(resolved)) {
    throw new DataDirLockedError(resolved, {
      pid: process.pid,
      host: hostname(),
      processStart: processStart(process.pid),
      command: "this process",
      lockedAt: "earlier",
    });
  }
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStart(process.pid),
    command: process.argv.slice(1).join(" ").slice(0, 200) || process.argv0,
    lockedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      held.add(resolved);
      const heartbeat = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(file, now, now);
        } catch {
          // Gone (removed by hand): nothing to keep fresh.
        }
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return {
        path: file,
        release() {
          clearInterval(heartbeat);
          held.delete(resolved);
          // Only our own lock: never remove one a later owner took over.
          if (readOwner(file)?.pid === me.pid && readOwner(file)?.lockedAt === me.lockedAt)
            unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(file);
    if (owner && isAlive(owner, file)) throw new DataDirLockedError(resolved, owner);
    if (!owner) {
      // Unreadable: being written this instant, or truncated by a crash. Give a writer a moment.
      const age = Date.now() - (statMs(file) ?? Date.now());
      if (age < 2_000) {
        sleep(100);
        continue;
      }
    }
    // Stale. Move it aside under a name only this process uses (a rename is atomic), then
    // check that what was moved is the stale lock we read, not one a racing process just took.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue; // someone else moved it first: try again from the top
    }
    const moved = readOwner(aside);
    if (moved && owner && (moved.pid !== owner.pid || moved.lockedAt !== owner.lockedAt)) {
      // A live lock taken between our read and our rename: put it back and refuse.
      renameSync(aside, file);
      throw new DataDirLockedError(resolved, moved);
    }
    unlinkSync(aside);
  }
  const owner = readOwner(file);
  throw owner
    ? new DataDirLockedError(resolved, owner)
    : new Error(`Could not take the lock ${file}; remove it if no Assay process is running.`);
}

function statMs(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
