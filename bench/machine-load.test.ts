// Waiting for the machine to settle before a measurement (decisions 261 and 412): a busy
// machine gets two waits, then one measurement, never a measurement thrown away.
import { expect, test } from "vitest";
import { CPUS, tooBusy, withLoadAverage } from "./machine-load";

test("a quiet machine is measured at once, and the measurement is judged", async () => {
  let runs = 0;
  const result = await withLoadAverage(
    1,
    async () => ({ run: ++runs }),
    undefined,
    () => 0.5,
  );
  expect(runs).toBe(1);
  expect(result.loadAverage).toMatchObject({ before: 0.5, waitedSeconds: 0, extraWaits: 0 });
  expect(tooBusy(result.loadAverage)).toBe(false);
});

test("a machine still busy after two waits is measured once and not judged", async () => {
  let runs = 0;
  const lines: string[] = [];
  const busy = CPUS + 1.5;
  const result = await withLoadAverage(
    1,
    async () => ({ run: ++runs }),
    (line) => lines.push(line),
    () => busy,
  );
  expect(runs).toBe(1);
  expect(result.loadAverage.extraWaits).toBe(1);
  expect(result.loadAverage.waitedSeconds).toBeGreaterThanOrEqual(2);
  expect(lines).toEqual([expect.stringMatching(/above .* CPUs after .* s: waiting once more/)]);
  expect(tooBusy(result.loadAverage)).toBe(true);
});

test("a machine that settles during the second wait is measured then, and judged", async () => {
  let reads = 0;
  // Busy for the first wait (a read a second, and one after it), quiet from the 4th read on.
  const read = () => (++reads <= 3 ? CPUS + 1 : CPUS - 0.5);
  const result = await withLoadAverage(1, async () => ({}), undefined, read);
  expect(result.loadAverage.extraWaits).toBe(1);
  expect(result.loadAverage.before).toBe(CPUS - 0.5);
  expect(tooBusy(result.loadAverage)).toBe(false);
});
