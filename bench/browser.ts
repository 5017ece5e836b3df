// The vendor's answering page against the SurveyJS peer, in the same headless Chromium,
// pinned to one CPU core. Every run is a new browser context (a cold cache, as a vendor's
// first visit), and both pages are measured by exactly the same steps:
//
//   ready   — from navigation start (performance.timeOrigin) to the moment a character typed
//             into question 1 (a short-text question) is saved. Typing is sent as soon as the
//             page says it is interactive: Assay once React has hydrated (html[data-hydrated])
//             and the input exists; SurveyJS, which renders on the client, once the input
//             exists. Assay's run then leaves the field (Tab: a blur saves at once, without the
//             typing pause) and counts the time at which its status line says "All changes
//             saved." with the character in the input, and the server has answered that save
//             200 — a page that looks ready but does not save fails the run. SurveyJS saves
//             nowhere: its time is when the character is seen in the input.
//   JS      — bytes on the wire (gzip, headers included) of every script response, from CDP
//             Network.loadingFinished encodedDataLength, once the network is idle.
//   longest task — the longest `longtask` entry before the interactions start.
//   responsiveness — 20 characters typed into question 250, then 10 radio buttons clicked;
//             Event Timing entries (durationThreshold 16 ms, an INP stand-in) grouped by
//             interactionId, the longest event per interaction; p75 and max over the 30
//             interactions, counting one that reported nothing as under 16 ms.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export type PageTargets = {
  url: string;
  /** Selector of the first question's text input. */
  first: string;
  /** Selector of question 250's text input. */
  typed: string;
  /** Selectors of the ten radio labels to click. */
  radios: string[];
  /**
   * A link to follow, once ready, to the page that holds question 250 and the radios (Assay
   * shows a long section one part at a time, decision 397); the interactions start when it
   * has loaded.
   */
  reach?: string;
  /** Wait for Assay's hydration flag (html[data-hydrated]) before typing. */
  waitForHydration: boolean;
  /**
   * Ready only once the typed character is saved: the save request (URL ending in `path`)
   * answered 200 for it, and the status line (`status`) reads `text`.
   */
  saved?: { path: string; status: string; text: string };
  cookies?: { name: string; value: string; url: string }[];
  /**
   * The interaction floor (decision 424): load `url`'s own server-rendered HTML with every
   * script removed, so the same markup takes the same clicks and keys with no JavaScript of
   * the page's running.
   */
  withoutScripts?: boolean;
};

/** A document's HTML without its scripts: inline and external `<script>`s and module preloads. */
export function withoutScripts(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/gi, "");
}

export type RunFigures = {
  readyMs: number;
  jsBytes: number;
  scripts: number;
  longestTaskMs: number;
  interactions: number;
  inpP75Ms: number;
  inpMaxMs: number;
};

export type Pinning = { method: string; apply(page: Page): Promise<void> };

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/**
 * Browser UI that new headless Chromium (156) loads with every new window, on the pinned core:
 * the WebUI omnibox popup, about 400 chrome:// scripts per browser context, which competed with
 * the measured page for the one CPU and added 0.5–0.8 s to every ready time, Assay's and
 * SurveyJS's alike (see docs/decisions/085-bench-browser-noise.md). Puppeteer disables the
 * same two features by default.
 */
export const DISABLED_FEATURES = "WebUIOmniboxPopup,WebUIOmniboxAimPopup";

/** Whether `taskset` exists and may pin to CPU 0 here. */
function hasTaskset(): boolean {
  return spawnSync("taskset", ["-c", "0", "true"]).status === 0;
}

/**
 * While the browser runs on CPU 0, keeps the given processes (the app server, this process
 * with the SurveyJS file server) off it when the machine has another core, so the pinned
 * browser has its core to itself; `release` gives them every core back for the load tests.
 * Does nothing without taskset or with one core. PostgreSQL, outside our control, may still
 * land on CPU 0.
 */
export function keepOffBrowserCore(pids: number[]): { method: string; release(): void } {
  const cpus = os.availableParallelism();
  if (!hasTaskset() || cpus < 2) return { method: "", release: () => {} };
  const affinity = (list: string) => {
    for (const pid of pids) spawnSync("taskset", ["-a", "-p", "-c", list, String(pid)]);
  };
  affinity(`1-${cpus - 1}`);
  return {
    method: `app server and harness on CPU 1${cpus > 2 ? `-${cpus - 1}` : ""}`,
    release: () => affinity(`0-${cpus - 1}`),
  };
}

/** A POSIX shell wrapper around Chromium: see launchBrowser. */
export function chromiumWrapper(executable: string, taskset: boolean): string {
  const quoted = `'${executable.replace(/'/g, `'\\''`)}'`;
  return [
    "#!/bin/sh",
    "# Written by bench/browser.ts for one benchmark run.",
    `extra=${DISABLED_FEATURES}`,
    "merged=",
    "n=$#",
    "i=0",
    'while [ "$i" -lt "$n" ]; do',
    "  arg=$1",
    "  shift",
    "  case $arg in",
    '    --disable-features=*) arg="$arg,$extra"; merged=1 ;;',
    "  esac",
    '  set -- "$@" "$arg"',
    "  i=$((i + 1))",
    "done",
    '[ -n "$merged" ] || set -- "$@" "--disable-features=$extra"',
    `exec ${taskset ? "taskset -c 0 " : ""}${quoted} "$@"`,
    "",
  ].join("\n");
}

function chromiumPath(): string | undefined {
  for (const candidate of [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined; // Playwright's own browser, if installed
}

/**
 * Launches Chromium on CPU 0 only: under `taskset -c 0` (its renderer and other processes
 * inherit the affinity) when taskset exists, otherwise with CDP CPU throttling at 2×, a rough
 * stand-in for sharing one core, said so in the results.
 */
export async function launchBrowser(): Promise<{
  browser: Browser;
  pinning: Pinning;
  version: string;
  cleanup(): void;
}> {
  const executable = chromiumPath() ?? chromium.executablePath();
  const taskset = hasTaskset();
  let wrapperDir: string | undefined;
  let executablePath = executable;
  let args = ARGS;
  if (process.platform !== "win32") {
    // A wrapper script: pins every Chromium process to CPU 0 (with taskset) and adds DISABLED_FEATURES to the
    // --disable-features list Playwright passes (a second --disable-features would replace it).
    wrapperDir = mkdtempSync(path.join(tmpdir(), "assay-bench-chromium-"));
    executablePath = path.join(wrapperDir, "chromium-for-bench");
    writeFileSync(executablePath, chromiumWrapper(executable, taskset), { mode: 0o755 });
  } else {
    args = [...ARGS, `--disable-features=${DISABLED_FEATURES}`];
  }
  const browser = await chromium.launch({ executablePath, args, headless: true });
  const pinning: Pinning = taskset
    ? { method: "taskset -c 0 (all Chromium processes on CPU 0)", apply: async () => {} }
    : {
        method: "CDP Emulation.setCPUThrottlingRate 2 (taskset not available)",
        async apply(page) {
          const cdp = await page.context().newCDPSession(page);
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: 2 });
        },
      };
  return {
    browser,
    pinning,
    version: browser.version(),
    cleanup: () => {
      if (wrapperDir) rmSync(wrapperDir, { recursive: true, force: true });
    },
  };
}

// Observers registered before any of the page's own scripts run, so nothing is missed.
const INIT_SCRIPT = `(() => {
  const bench = (window.__bench = { longtasks: [], events: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        bench.events.push({ name: e.name, start: e.startTime, duration: e.duration, id: e.interactionId || 0 });
    }).observe({ type: "event", buffered: true, durationThreshold: 16 });
  } catch {}
})();`;

type BenchWindow = {
  __bench: {
    longtasks: { start: number; duration: number }[];
    events: { name: string; start: number; duration: number; id: number }[];
  };
};

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least q of the values at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The largest value, or 0 for none. A loop, not `Math.max(...values)`: a 30-second load run
 * records a latency per request, and a few hundred thousand arguments overflow the stack. */
export function maxOf(values: readonly number[]): number {
  let max = values.length === 0 ? 0 : -Infinity;
  for (const value of values) if (value > max) max = value;
  return max;
}

export async function measurePage(
  browser: Browser,
  pinning: Pinning,
  targets: PageTargets,
): Promise<RunFigures> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
  });
  try {
    if (targets.cookies) await context.addCookies(targets.cookies);
    await context.addInitScript(INIT_SCRIPT);
    const page = await context.newPage();
    await pinning.apply(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    if (targets.withoutScripts) {
      const original = await context.request.get(targets.url);
      if (original.status() !== 200)
        throw new Error(`${targets.url} answered ${original.status()} for its script-less copy`);
      const body = withoutScripts(await original.text());
      const document = new URL(targets.url).href;
      await page.route(
        (url) => url.href === document,
        (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body }),
      );
    }
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const scriptRequests = new Set<string>();
    const bytes = new Map<string, number>();
    cdp.on("Network.responseReceived", (event) => {
      if (event.type === "Script" || /javascript/.test(event.response.mimeType)) {
        scriptRequests.add(event.requestId);
      }
    });
    cdp.on("Network.loadingFinished", (event) => {
      bytes.set(event.requestId, event.encodedDataLength);
    });

    await page.goto(targets.url, { waitUntil: "commit" });
    await page.waitForFunction(
      ({ selector, hydration }) =>
        (!hydration || document.documentElement.dataset.hydrated === "true") &&
        !!document.querySelector(selector),
      { selector: targets.first, hydration: targets.waitForHydration },
      { polling: "raf", timeout: 60_000 },
    );
    const first = page.locator(targets.first);
    const saved = targets.saved;
    const saveAnswered = saved
      ? page.waitForResponse(
          (response) =>
            response.url().endsWith(saved.path) &&
            response.request().method() === "POST" &&
            /"value":"x"/.test(response.request().postData() ?? ""),
          { timeout: 60_000 },
        )
      : null;
    await first.pressSequentially("x");
    if (saved) await first.press("Tab");
    const readyHandle = await page.waitForFunction(
      ({ selector, saved }) => {
        const input = document.querySelector<HTMLInputElement>(selector);
        if (!input || input.value !== "x") return false;
        if (saved && document.querySelector(saved.status)?.textContent !== saved.text) return false;
        return performance.now();
      },
      { selector: targets.first, saved },
      { polling: "raf", timeout: 60_000 },
    );
    const readyMs = (await readyHandle.jsonValue()) as number;
    if (saveAnswered) {
      const response = await saveAnswered;
      if (response.status() !== 200)
        throw new Error(`The first typed character was not saved: ${response.status()}`);
    }
    await page.waitForLoadState("networkidle");

    // The page's load ends here: long tasks after it (following `reach`) are not the load's.
    const loadEnd = await page.evaluate(() => performance.now());
    if (targets.reach) {
      await page.locator(targets.reach).click();
      await page.locator(targets.typed).waitFor({ state: "visible", timeout: 60_000 });
      await page.waitForLoadState("networkidle");
    }

    // Interactions: 20 characters into q250, then 10 radios.
    const interactionStart = await page.evaluate(() => performance.now());
    const typed = page.locator(targets.typed);
    await typed.scrollIntoViewIfNeeded();
    await typed.click();
    await typed.pressSequentially("abcdefghijklmnopqrst", { delay: 60 });
    for (const radio of targets.radios) {
      await page.locator(radio).click();
      await page.waitForTimeout(80);
    }
    await page.waitForTimeout(1_000);

    const perf = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const longestTaskMs = Math.max(
      0,
      ...perf.longtasks.filter((t) => t.start < loadEnd).map((t) => t.duration),
    );
    const byInteraction = new Map<number, number>();
    for (const event of perf.events) {
      if (event.id === 0 || event.start < interactionStart) continue;
      byInteraction.set(event.id, Math.max(byInteraction.get(event.id) ?? 0, event.duration));
    }
    // 20 key presses + 1 click to focus + 10 radio clicks; unreported ones took under 16 ms.
    const interactions = 31;
    const durations = [...byInteraction.values()];
    while (durations.length < interactions) durations.push(0);
    let jsBytes = 0;
    for (const id of scriptRequests) jsBytes += bytes.get(id) ?? 0;
    return {
      readyMs,
      jsBytes,
      scripts: scriptRequests.size,
      longestTaskMs,
      interactions: byInteraction.size,
      inpP75Ms: quantile(durations, 0.75),
      inpMaxMs: Math.max(...durations),
    };
  } finally {
    await context.close();
  }
}

export type PageSummary = {
  runs: RunFigures[];
  readyMedianMs: number;
  readyMaxMs: number;
  jsBytes: number;
  longestTaskMedianMs: number;
  longestTaskMaxMs: number;
  inpP75Ms: number;
  inpMaxMs: number;
};

export function summarise(runs: RunFigures[]): PageSummary {
  const pick = (f: (r: RunFigures) => number) => runs.map(f);
  return {
    runs,
    readyMedianMs: quantile(
      pick((r) => r.readyMs),
      0.5,
    ),
    readyMaxMs: Math.max(...pick((r) => r.readyMs)),
    jsBytes: quantile(
      pick((r) => r.jsBytes),
      0.5,
    ),
    longestTaskMedianMs: quantile(
      pick((r) => r.longestTaskMs),
      0.5,
    ),
    longestTaskMaxMs: Math.max(...pick((r) => r.longestTaskMs)),
    // The median run's p75, and the worst interaction seen in any run.
    inpP75Ms: quantile(
      pick((r) => r.inpP75Ms),
      0.5,
    ),
    inpMaxMs: Math.max(...pick((r) => r.inpMaxMs)),
  };
}
