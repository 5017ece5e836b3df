// Lighthouse's mobile performance audit of one page (decision 322): Lighthouse 12's default
// config (a mid-range phone: 4× CPU slowdown, simulated slow 4G), run offline against the
// bench's own server with Debian's Chromium (CHROME_PATH, else /usr/bin/chromium). Staff pages
// need the session cookie, sent as an extra header.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { type LoadAverage } from "./machine-load";

export type LighthouseFigures = {
  url: string;
  /** 0–100, Lighthouse's performance category. */
  performance: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  speedIndexMs: number;
  lighthouseVersion: string;
  /** Lighthouse's measure of the host's CPU speed during the audit (higher is faster). */
  benchmarkIndex?: number;
  /** With several audits: each one's score, TBT and host speed; these figures are the median's. */
  runs?: { performance: number; totalBlockingTimeMs: number; benchmarkIndex?: number }[];
  loadAverage?: LoadAverage;
};

/**
 * The audit with the median performance score (Lighthouse's own advice for its run-to-run
 * variance: run several times and take the median), with every run's score beside it.
 */
export function medianAudit(audits: LighthouseFigures[]): LighthouseFigures {
  if (audits.length === 0) throw new Error("No Lighthouse audit to take the median of");
  const sorted = [...audits].sort((a, b) => a.performance - b.performance);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    ...median,
    runs: audits.map(({ performance, totalBlockingTimeMs, benchmarkIndex }) => ({
      performance,
      totalBlockingTimeMs,
      benchmarkIndex,
    })),
  };
}

/** `runs` audits one after the other; the median one, with every run's score (decision 404). */
export async function lighthouseMedian(
  url: string,
  cookie: string,
  runs: number,
): Promise<LighthouseFigures> {
  const audits: LighthouseFigures[] = [];
  for (let i = 0; i < runs; i++) audits.push(await lighthouseMobile(url, cookie));
  return medianAudit(audits);
}

export async function lighthouseMobile(url: string, cookie: string): Promise<LighthouseFigures> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance"],
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    });
    if (!result) throw new Error("Lighthouse returned no result");
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    return {
      url: lhr.finalDisplayedUrl,
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      firstContentfulPaintMs: Math.round(audit("first-contentful-paint")),
      largestContentfulPaintMs: Math.round(audit("largest-contentful-paint")),
      totalBlockingTimeMs: Math.round(audit("total-blocking-time")),
      cumulativeLayoutShift: Math.round(audit("cumulative-layout-shift") * 1000) / 1000,
      speedIndexMs: Math.round(audit("speed-index")),
      lighthouseVersion: lhr.lighthouseVersion,
      benchmarkIndex: lhr.environment.benchmarkIndex,
    };
  } finally {
    chrome.kill();
  }
}

// `npx tsx bench/lighthouse.ts <url> [cookie]`: one audit, printed as JSON.
if (process.argv[1]?.endsWith("lighthouse.ts") && process.argv[2]) {
  lighthouseMobile(process.argv[2], process.argv[3] ?? "").then(
    (figures) => console.log(JSON.stringify(figures, null, 1)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
