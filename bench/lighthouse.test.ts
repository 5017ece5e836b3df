import { describe, expect, it } from "vitest";
import { type LighthouseFigures, medianAudit } from "./lighthouse";
import { auditRuns } from "./report";

const audit = (performance: number, totalBlockingTimeMs: number): LighthouseFigures => ({
  url: "http://127.0.0.1/dashboard",
  performance,
  firstContentfulPaintMs: 1800,
  largestContentfulPaintMs: 2500,
  totalBlockingTimeMs,
  cumulativeLayoutShift: 0,
  speedIndexMs: 1900,
  lighthouseVersion: "12.2.3",
  benchmarkIndex: 2000,
});

describe("medianAudit", () => {
  it("keeps the audit with the median score, whole, and every run's score in run order", () => {
    const median = medianAudit([audit(88, 332), audit(95, 120), audit(91, 249)]);
    expect(median.performance).toBe(91);
    expect(median.totalBlockingTimeMs).toBe(249);
    expect(median.runs?.map((r) => r.performance)).toEqual([88, 95, 91]);
    expect(auditRuns(median)).toBe(", the median of 3 audits: 88, 95, 91");
  });

  it("takes the lower middle of an even number, and one audit as it is", () => {
    expect(medianAudit([audit(92, 0), audit(87, 0), audit(95, 0), audit(89, 0)]).performance).toBe(
      89,
    );
    const one = medianAudit([audit(87, 346)]);
    expect(one.performance).toBe(87);
    expect(auditRuns(one)).toBe("");
    expect(() => medianAudit([])).toThrow(/No Lighthouse audit/);
  });
});
