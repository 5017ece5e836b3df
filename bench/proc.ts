// Linux's /proc, read by the bench for what a V8 profile cannot see: a process's CPU time, its
// main thread's wait for a core, and PostgreSQL's CPU on this machine. Null where there is none.
import { readdirSync, readFileSync } from "node:fs";

/** A process's command name and CPU time (user + system) in ms, from /proc/<pid>/stat. */
function processStat(pid: number | string): { command: string; cpuMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    // After the command, field 3 (state) comes first: utime (field 14) and stime (15) follow,
    // in clock ticks of 10 ms (USER_HZ is 100 on Linux).
    const fields = stat.slice(close + 2).split(" ");
    return {
      command: stat.slice(stat.indexOf("(") + 1, close),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * 10,
    };
  } catch {
    return null; // not Linux, or the process has gone
  }
}

/** A process's CPU time (user + system) in ms. */
export function processCpuMs(pid: number): number | null {
  return processStat(pid)?.cpuMs ?? null;
}

/** The main thread's time on a core and waiting for one, in ms (Linux's schedstat). */
export function mainThreadSchedule(pid: number): { runMs: number; waitMs: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8")
      .split(" ")
      .map(Number);
    return Number.isFinite(run) && Number.isFinite(wait)
      ? { runMs: run! / 1e6, waitMs: wait! / 1e6 }
      : null;
  } catch {
    return null;
  }
}

/** User and system CPU of every `postgres` process on this machine, in ms; null when none. */
export function postgresCpuMs(): number | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  let total: number | null = null;
  for (const entry of entries) {
    const stat = processStat(entry);
    if (stat?.command === "postgres") total = (total ?? 0) + stat.cpuMs;
  }
  return total;
}
