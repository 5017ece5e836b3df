import { spawn } from "node:child_process";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { mainThreadSchedule, postgresCpuMs, processCpuMs } from "./proc";

describe("the bench's /proc readers", () => {
  it.skipIf(process.platform !== "linux")("count a process's CPU time", () => {
    const before = processCpuMs(process.pid)!;
    const cpu = process.cpuUsage();
    while (process.cpuUsage(cpu).user < 100_000); // 100 ms of CPU, on purpose
    // Ticks of 10 ms: within a tick or two of what the process itself counted.
    expect(processCpuMs(process.pid)! - before).toBeGreaterThanOrEqual(80);
    expect(processCpuMs(2 ** 22 + 1)).toBeNull(); // no such process
  });

  it.skipIf(process.platform !== "linux")(
    "counts a process's main thread's time on a core",
    async () => {
      // A child whose main thread spends 300 ms of CPU, then waits to be read.
      const child = spawn(
        process.execPath,
        [
          "-e",
          "while (process.cpuUsage().user < 300000); console.log('done'); setTimeout(() => {}, 10000)",
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      try {
        await new Promise((resolve) => child.stdout!.once("data", resolve));
        const schedule = mainThreadSchedule(child.pid!)!;
        expect(schedule.runMs).toBeGreaterThanOrEqual(200);
        expect(schedule.waitMs).toBeGreaterThanOrEqual(0);
      } finally {
        child.kill();
      }
      expect(mainThreadSchedule(2 ** 22 + 1)).toBeNull(); // no such process
    },
  );

  // Only when DATABASE_URL's server runs on this machine (as in CI): elsewhere there is nothing to count.
  const localServer =
    !!process.env.DATABASE_URL &&
    ["127.0.0.1", "localhost", "[::1]"].includes(new URL(process.env.DATABASE_URL).hostname);
  it.skipIf(process.platform !== "linux" || !localServer)(
    "counts PostgreSQL's CPU when it runs on this machine",
    async () => {
      const before = postgresCpuMs();
      expect(before).not.toBeNull();
      const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        await sql`select count(*) from generate_series(1, 5000000)`;
        // Read while the connection's backend lives (an ended one's CPU leaves /proc with it).
        expect(postgresCpuMs()! - before!).toBeGreaterThanOrEqual(100);
      } finally {
        await sql.end();
      }
    },
  );
});
