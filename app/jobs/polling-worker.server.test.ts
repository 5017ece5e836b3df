// The shared poll loop of the mail and webhook workers, on real timers with short intervals.
import { afterEach, expect, test } from "vitest";
import {
  drainBatches,
  nextWait,
  nudgePollingWorker,
  startPollingWorker,
  stopPollingWorker,
} from "./polling-worker.server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `check()` holds (the machine may be loaded: timings are lower bounds only). */
async function until(check: () => boolean, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(5);
  }
}
const started: string[] = [];
function start(name: string, options: Parameters<typeof startPollingWorker>[1]) {
  started.push(name);
  return startPollingWorker(name, options);
}

afterEach(async () => {
  for (const name of started.splice(0)) await stopPollingWorker(name);
});

test("passes start after the first delay, never overlap, and repeat after the interval", async () => {
  let passes = 0;
  let active = 0;
  let overlapped = false;
  start("loop", {
    firstDelayMs: 30,
    intervalMs: 20,
    async pass() {
      active += 1;
      if (active > 1) overlapped = true;
      passes += 1;
      await sleep(15);
      active -= 1;
    },
  });
  await sleep(10);
  expect(passes).toBe(0);
  await sleep(300);
  // One pass takes 15 ms and the next starts 20 ms after it ends: at most ~9 in 300 ms.
  expect(passes).toBeLessThanOrEqual(10);
  await until(() => passes >= 3);
  expect(overlapped).toBe(false);
});

test("a second start of the same name returns the running worker (one loop)", async () => {
  let passes = 0;
  const first = start("once", {
    firstDelayMs: 10,
    intervalMs: 10_000,
    pass: async () => void passes++,
  });
  const second = start("once", {
    firstDelayMs: 10,
    intervalMs: 10_000,
    pass: async () => void passes++,
  });
  expect(second).toBe(first);
  await until(() => passes >= 1);
  await sleep(50);
  expect(passes).toBe(1);
});

test("a nudge runs the next pass soon instead of after the interval", async () => {
  let passes = 0;
  start("nudged", {
    firstDelayMs: 10,
    intervalMs: 60_000,
    nudgeDelayMs: 10,
    pass: async () => void passes++,
  });
  await until(() => passes === 1);
  nudgePollingWorker("nudged");
  await until(() => passes === 2);
  nudgePollingWorker("no such worker"); // a no-op, not an error
});

test("a failing pass is reported, the loop keeps going and waits longer each time", async () => {
  const errors: unknown[] = [];
  const at: number[] = [];
  start("failing", {
    firstDelayMs: 0,
    intervalMs: 20,
    maxBackoffMs: 10_000,
    onError: (error) => errors.push(error),
    async pass() {
      at.push(Date.now());
      throw new Error("database unreachable");
    },
  });
  await sleep(400);
  // Waits of 40, 80, 160 ms after the 1st, 2nd and 3rd failures: 4 passes by ~280 ms, not ~18.
  expect(at.length).toBeLessThanOrEqual(5);
  await until(() => at.length >= 4);
  expect(errors.length).toBeGreaterThanOrEqual(4);
  expect(String(errors[0])).toContain("database unreachable");
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
  expect(gaps[2]!).toBeGreaterThanOrEqual(150);
});

test("the wait doubles per failure up to the cap and resets after a success", () => {
  expect(nextWait(1000, 0, 60_000)).toBe(1000);
  expect(nextWait(1000, 1, 60_000)).toBe(2000);
  expect(nextWait(1000, 3, 60_000)).toBe(8000);
  expect(nextWait(1000, 10, 60_000)).toBe(60_000);
  expect(nextWait(1000, 1000, 60_000)).toBe(60_000);
  // A cap below the interval never shortens the interval.
  expect(nextWait(1000, 2, 500)).toBe(1000);
});

test("after failures, a successful pass brings the interval back", async () => {
  let calls = 0;
  start("recovers", {
    firstDelayMs: 0,
    intervalMs: 10,
    maxBackoffMs: 60_000,
    onError: () => {},
    async pass() {
      calls += 1;
      if (calls <= 4) throw new Error("not yet");
    },
  });
  // Waits of 20+40+80+160 ms after four failures, then 10 ms apart: 20 passes in well under
  // 2 s. Had the backoff not reset, the waits would go on at 320, 640, 1280 ms.
  await until(() => calls >= 20, 2000);
});

test("stop waits for the running pass, tells it to end, and no pass runs after", async () => {
  let passes = 0;
  let sawStop = false;
  let finished = false;
  const worker = start("stopping", {
    firstDelayMs: 0,
    intervalMs: 5,
    async pass(isStopped) {
      passes += 1;
      for (let i = 0; i < 20 && !isStopped(); i++) await sleep(5);
      sawStop = isStopped();
      finished = true;
    },
  });
  await until(() => passes === 1);
  await worker.stop();
  expect(finished).toBe(true);
  expect(sawStop).toBe(true);
  const after = passes;
  worker.nudge();
  nudgePollingWorker("stopping");
  await sleep(60);
  expect(passes).toBe(after);
  // Stopped workers leave the registry: the name can start a new one.
  const again = start("stopping", {
    firstDelayMs: 0,
    intervalMs: 60_000,
    pass: async () => void passes++,
  });
  expect(again).not.toBe(worker);
  await until(() => passes === after + 1);
});

test("a drain claims batch after batch while whole batches come back", async () => {
  const claims = [20, 20, 7, 20];
  let i = 0;
  await drainBatches(
    async () => ({ claimed: claims[i++] ?? 0 }),
    () => false,
  );
  expect(i).toBe(3);

  let n = 0;
  await drainBatches(
    async () => ({ claimed: (n++, 20) }),
    () => false,
    { maxBatches: 50 },
  );
  expect(n).toBe(50);

  let m = 0;
  await drainBatches(
    async () => ({ claimed: (m++, 20) }),
    () => m >= 2,
  );
  expect(m).toBe(2);
});
