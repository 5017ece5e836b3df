// Work that runs on a schedule inside the app (reminders, overdue notices, expiry; later the
// findings' jobs). Every instance runs the same jobs; each job claims its pieces of work
// through Postgres (claims.server.ts, or a conditional update), so N instances behind a load
// balancer send each mail once (docs/design.md, "No in-process state that a second app instance
// would need"). See docs/decisions/052-scheduler.md.
import { getDb, type Db } from "~/db.server";
import { getEnv } from "~/env.server";
import { type Job } from "./job";
import { JOBS } from "./jobs.server";

export type { Job };

/**
 * Runs every job once, one after the other. A job that throws is logged and skipped: the
 * others still run, and it is tried again on the next run (its claims were rolled back).
 * Returns how many things each job that succeeded did.
 */
export async function runScheduledJobs(
  db: Db,
  now: Date = new Date(),
  jobs: readonly Job[] = JOBS,
): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  for (const job of jobs) {
    try {
      done[job.name] = await job.run(db, now);
    } catch (error) {
      console.error(`Scheduled job "${job.name}" failed; it will be tried again next run.`, error);
    }
  }
  return done;
}

declare global {
  var __assayScheduler: { stop(): void } | undefined;
}

/**
 * Starts the schedule once per process (a dev-server reload keeps the one running). Runs never
 * overlap: the next one is timed from the end of the previous one. Off under NODE_ENV=test and
 * with SCHEDULER_INTERVAL_SECONDS=0.
 */
export function startScheduler(): void {
  const env = getEnv();
  if (globalThis.__assayScheduler || env.NODE_ENV === "test") return;
  const intervalMs = env.SCHEDULER_INTERVAL_SECONDS * 1000;
  if (intervalMs === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const done = await runScheduledJobs(await getDb());
      const summary = Object.entries(done)
        .filter(([, count]) => count > 0)
        .map(([name, count]) => `${name} ${count}`);
      if (summary.length > 0) console.log(`Scheduled jobs: ${summary.join(", ")}`);
    } catch (error) {
      // The database is unreachable or starting: try again next time, never crash.
      console.error("Scheduled jobs could not run; trying again later.", error);
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), intervalMs);
      timer.unref();
    }
  };
  timer = setTimeout(() => void tick(), intervalMs);
  timer.unref();
  globalThis.__assayScheduler = {
    stop() {
      stopped = true;
      clearTimeout(timer);
      globalThis.__assayScheduler = undefined;
    },
  };
}
