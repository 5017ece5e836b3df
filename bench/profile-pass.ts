// The bench's profile pass (docs/decisions/386-bench-cpu-profiles.md): the app server runs
// with bench/profiler-hook.mjs preloaded; each SIGUSR2 starts or stops its CPU profiler, and
// the stopped profile lands in the pass's directory.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type LoadFigures } from "./load";
import { mainThreadSchedule, postgresCpuMs } from "./proc";
import { type CpuProfile, type ProfileSummary, summariseProfile } from "./profile";

export type ProfileFigures = ProfileSummary & {
  name: string;
  path: string;
  errors: number;
  /**
   * Milliseconds per request the server's main thread was ready to run but waited for a core
   * (Linux's schedstat): other processes on its core, PostgreSQL's above all. Null off Linux.
   */
  waitingMsPerRequest?: number | null;
  /** CPU per request of every PostgreSQL process on this machine; null when none runs here. */
  postgresCpuMsPerRequest?: number | null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => T | undefined, seconds = 30): Promise<T> {
  const deadline = performance.now() + seconds * 1000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline)
      throw new Error(`The app server's profiler: no ${what} in ${seconds} s`);
    await sleep(50);
  }
}

/** Runs `load` with the server (`pid`) profiling itself, and sums its profile per request. */
export async function profileLoad(
  pid: number,
  dir: string,
  load: () => Promise<LoadFigures>,
): Promise<Omit<ProfileFigures, "name" | "path">> {
  const before = new Set(readdirSync(dir));
  const marker = path.join(dir, "profiling");
  process.kill(pid, "SIGUSR2");
  await waitFor("start", () => (existsSync(marker) ? true : undefined));
  const schedule = mainThreadSchedule(pid);
  const postgres = postgresCpuMs();
  const figures = await load();
  const scheduleAfter = mainThreadSchedule(pid);
  const postgresAfter = postgresCpuMs();
  process.kill(pid, "SIGUSR2");
  const file = await waitFor("profile", () =>
    readdirSync(dir).find((f) => f.endsWith(".cpuprofile") && !before.has(f)),
  );
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
  const perRequest = (ms: number) => (figures.requests > 0 ? ms / figures.requests : 0);
  return {
    ...summariseProfile(profile, figures.requests),
    errors: figures.errors,
    waitingMsPerRequest:
      schedule && scheduleAfter ? perRequest(scheduleAfter.waitMs - schedule.waitMs) : null,
    postgresCpuMsPerRequest:
      postgres !== null && postgresAfter !== null ? perRequest(postgresAfter - postgres) : null,
  };
}
