// The machine's load around each measurement (docs/decisions/261-bench-floors.md): the 1-minute
// load average before and after, recorded with the figures. A measurement waits for the load
// average to fall to the CPU count (other work on the machine, or the previous measurement's
// own load), and once more if it has not; a budget that rests on a measurement that still
// started above it is not judged, and the table says why (decision 412).
import os from "node:os";

export const CPUS = os.cpus().length;

export type LoadAverage = {
  /** 1-minute load average just before the measurement: other work on the machine. */
  before: number;
  /** Just after: includes the measurement's own load (the app, PostgreSQL, the load tool). */
  after: number;
  /** Seconds spent waiting for the load average to fall to the CPU count first. */
  waitedSeconds: number;
  /**
   * Second waits, because the machine was still busy after the first (decision 412: before,
   * a run started busy was measured, thrown away and run again; results files from then
   * have `reruns` instead).
   */
  extraWaits: number;
};

/** The 1-minute load average, to two decimals. */
export const loadAverageNow = () => Math.round(os.loadavg()[0]! * 100) / 100;

/** Waits (up to `maxSeconds`) until the 1-minute load average is at most the CPU count. */
async function settle(maxSeconds: number, read: () => number): Promise<number> {
  const start = performance.now();
  while (read() > CPUS && performance.now() - start < maxSeconds * 1000) {
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
 * Waits up to `settleSeconds` for the machine to settle (the load average at most the CPU
 * count), and up to `settleSeconds` more if it is still busy. (The 1-minute average takes
 * about 40 s to fall from a saturating load's 3.5 to 2 on two cores: one wait of 30 s is
 * often just short.)
 */
export async function waitForQuiet(
  settleSeconds: number,
  log: (line: string) => void = () => {},
  read: () => number = loadAverageNow,
): Promise<{ waitedSeconds: number; extraWaits: number }> {
  let waitedSeconds = await settle(settleSeconds, read);
  let extraWaits = 0;
  if (settleSeconds > 0 && read() > CPUS) {
    log(
      `  (load average ${read()} above ${CPUS} CPUs after ${waitedSeconds} s: waiting once more)`,
    );
    extraWaits++;
    waitedSeconds = Math.round((waitedSeconds + (await settle(settleSeconds, read))) * 10) / 10;
  }
  return { waitedSeconds, extraWaits };
}

/**
 * Runs `measure` once the machine has settled (`waitForQuiet`), with the load average recorded
 * around it. A measurement is never thrown away and run again: one taken busy added its own
 * load to the next wait.
 */
export async function withLoadAverage<T extends object>(
  settleSeconds: number,
  measure: () => Promise<T>,
  log: (line: string) => void = () => {},
  /** The load average; tests pass their own. */
  read: () => number = loadAverageNow,
): Promise<T & { loadAverage: LoadAverage }> {
  const waited = await waitForQuiet(settleSeconds, log, read);
  const before = read();
  const value = await measure();
  return { ...value, loadAverage: { before, after: read(), ...waited } };
}
