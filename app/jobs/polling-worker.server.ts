// One in-process poll loop, shared by the mail and the webhook delivery workers
// (docs/decisions/290-polling-worker.md). A worker runs one pass at a time: it starts a moment
// after it is started, then waits `intervalMs` after each pass ends (passes never overlap). A
// pass that throws is logged and the wait doubles, up to `maxBackoffMs`, until a pass succeeds.
// `nudge()` runs the next pass soon (work was just queued in this process). `stop()` ends the
// loop and resolves once the running pass has finished. Workers are kept by name in a
// process-wide registry, so a dev-server reload keeps the running one, and code that queues
// work can wake a worker by name without importing it (the code has no import cycles).

export type PollingWorker = {
  readonly name: string;
  /** Runs the next pass soon; a no-op while a pass runs or after stop(). */
  nudge(): void;
  /** Ends the loop; resolves when the running pass (if any) has finished. */
  stop(): Promise<void>;
};

export type PollingWorkerOptions = {
  /** The wait between the end of one pass and the start of the next. */
  intervalMs: number;
  /** One pass of work. `isStopped()` turns true once stop() is called: end a drain early. */
  pass: (isStopped: () => boolean) => Promise<void>;
  /** The first pass runs this long after the start. */
  firstDelayMs?: number;
  /** A nudged pass runs this long after the nudge (after the commit that queued the work). */
  nudgeDelayMs?: number;
  /** The longest wait after failed passes. */
  maxBackoffMs?: number;
  /** Where a failed pass is reported. */
  onError?: (error: unknown) => void;
};

/** The workers the app runs, by name: code that queues work wakes them through these. */
export const MAIL_WORKER = "Mail delivery";
export const WEBHOOK_WORKER = "Webhook delivery";

declare global {
  var __assayPollingWorkers: Map<string, PollingWorker> | undefined;
}

function registry(): Map<string, PollingWorker> {
  return (globalThis.__assayPollingWorkers ??= new Map());
}

/** The wait before the next pass after `failures` failed passes in a row. */
export function nextWait(intervalMs: number, failures: number, maxBackoffMs: number): number {
  if (failures === 0) return intervalMs;
  return Math.min(intervalMs * 2 ** Math.min(failures, 30), Math.max(maxBackoffMs, intervalMs));
}

/**
 * Starts the worker called `name` unless one of that name already runs in this process, and
 * returns the running one.
 */
export function startPollingWorker(name: string, options: PollingWorkerOptions): PollingWorker {
  const running = registry().get(name);
  if (running) return running;
  const {
    intervalMs,
    pass,
    firstDelayMs = 500,
    nudgeDelayMs = 250,
    maxBackoffMs = 5 * 60 * 1000,
    onError = (error: unknown) =>
      console.error(`${name} could not run; trying again later.`, error),
  } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let current: Promise<void> | null = null;
  let failures = 0;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  const tick = async () => {
    clearTimeout(timer);
    if (stopped || current) return;
    current = pass(() => stopped)
      .then(() => {
        failures = 0;
      })
      .catch((error: unknown) => {
        failures += 1;
        onError(error);
      })
      .finally(() => {
        current = null;
      });
    await current;
    if (!stopped) schedule(nextWait(intervalMs, failures, maxBackoffMs));
  };

  const worker: PollingWorker = {
    name,
    nudge() {
      if (stopped || current) return;
      schedule(nudgeDelayMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      if (registry().get(name) === worker) registry().delete(name);
    },
  };
  registry().set(name, worker);
  schedule(firstDelayMs);
  return worker;
}

/** Wakes the worker called `name` early; a no-op where none runs in this process. */
export function nudgePollingWorker(name: string): void {
  registry().get(name)?.nudge();
}

/** Stops the worker called `name` if it runs (for shutdown and tests). */
export async function stopPollingWorker(name: string): Promise<void> {
  await registry().get(name)?.stop();
}

/**
 * A pass that drains a queue: claims batch after batch while whole batches come back, at most
 * `maxBatches` times, and ends early once the worker is stopped.
 */
export async function drainBatches(
  claimBatch: () => Promise<{ claimed: number }>,
  isStopped: () => boolean,
  { batchSize = 20, maxBatches = 50 }: { batchSize?: number; maxBatches?: number } = {},
): Promise<void> {
  for (let i = 0; i < maxBatches; i++) {
    const outcome = await claimBatch();
    if (outcome.claimed < batchSize || isStopped()) break;
  }
}
