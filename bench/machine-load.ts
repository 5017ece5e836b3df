// The machine's load around each measurement (docs/decisions/261-bench-floors.md): the 1-minute
// load average before and after, recorded with the figures. A measurement that starts while
// the load average is above the CPU count (other work on the machine) is run once more after
// waiting for the machine to settle; a budget that rests on one still measured that way is
// not judged, and the table says why.
import os from "node:os";

export const CPUS = os.cpus().length;

export type LoadAverage = {
  /** 1-minute load average just before the measurement: other work on the machine. */
  before: number;
  /** Just after: includes the measurement's own load (the app, PostgreSQL, the load tool). */
  after: number;
  /** Seconds spent waiting for the load average to fall to the CPU count first. */
  waitedSeconds: number;
  /** Runs thrown away because the machine was busy when they started. */
  reruns: number;
};

const now = () => Math.round(os.loadavg()[0]! * 100) / 100;

/** Waits (up to `maxSeconds`) until the 1-minute load average is at most the CPU count. */
async function settle(maxSeconds: number): Promise<number> {
  const start = performance.now();
  while (os.loadavg()[0]! > CPUS && performance.now() - start < maxSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return Math.round((performance.now() - start) / 100) / 10;
}

export function tooBusy(load: LoadAverage | undefined): boolean {
  return load !== undefined && load.before > CPUS;
}

export function busyNote(load: LoadAverage): string {
  return `load average ${load.before} above ${CPUS} CPUs when measured: re-run on a quieter machine`;
}

/**
 * Runs `measure` with the load average recorded around it. Busy at the start: waits up to
 * `settleSeconds` and measures once more (the busy run is dropped).
 */
export async function withLoadAverage<T extends object>(
  settleSeconds: number,
  measure: () => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T & { loadAverage: LoadAverage }> {
  let reruns = 0;
  for (;;) {
    const waitedSeconds = await settle(settleSeconds);
    const before = now();
    const value = await measure();
    const loadAverage = { before, after: now(), waitedSeconds, reruns };
    if (before <= CPUS || reruns >= 1 || settleSeconds === 0) return { ...value, loadAverage };
    reruns++;
    log(`  (load average ${before} above ${CPUS} CPUs at the start: measuring again)`);
  }
}
