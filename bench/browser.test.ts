import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumWrapper, DISABLED_FEATURES, maxOf, quantile, withoutScripts } from "./browser";

const dir = mkdtempSync(path.join(tmpdir(), "assay-bench-wrapper-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the wrapper around a stand-in "browser" that prints the arguments it was given. */
function argsThroughWrapper(args: string[]): string[] {
  const browser = path.join(dir, "it's a browser");
  writeFileSync(browser, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', {
    mode: 0o755,
  });
  const wrapper = path.join(dir, "wrapper");
  writeFileSync(wrapper, chromiumWrapper(browser, false), { mode: 0o755 });
  return execFileSync(wrapper, args).toString().split("\n").slice(0, -1);
}

describe.skipIf(process.platform === "win32")("the Chromium wrapper", () => {
  it("adds the browser-UI features to Playwright's own --disable-features list", () => {
    expect(
      argsThroughWrapper(["--headless", "--disable-features=PaintHolding,MediaRouter", "--x"]),
    ).toEqual([
      "--headless",
      `--disable-features=PaintHolding,MediaRouter,${DISABLED_FEATURES}`,
      "--x",
    ]);
  });

  it("passes its own --disable-features when Playwright passes none", () => {
    expect(argsThroughWrapper(["--headless"])).toEqual([
      "--headless",
      `--disable-features=${DISABLED_FEATURES}`,
    ]);
  });

  it("keeps arguments with spaces and quotes intact, in order", () => {
    expect(argsThroughWrapper(["--user-data-dir=/tmp/a b", "--x='y'", ""])).toEqual([
      "--user-data-dir=/tmp/a b",
      "--x='y'",
      "",
      `--disable-features=${DISABLED_FEATURES}`,
    ]);
  });

  it("pins the browser with taskset when asked", () => {
    expect(chromiumWrapper("/usr/bin/chromium", true)).toContain(
      `exec taskset -c 0 '/usr/bin/chromium' "$@"`,
    );
    expect(chromiumWrapper("/usr/bin/chromium", false)).toContain(`exec '/usr/bin/chromium' "$@"`);
  });
});

describe("maxOf", () => {
  it("takes the largest of as many latencies as a load run records", () => {
    // 500,000 arguments to Math.max overflow the stack (the large-scale raw upsert did).
    const many = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 100_003);
    expect(maxOf(many)).toBe(100_002);
    expect(maxOf([3, -1, 2])).toBe(3);
    expect(maxOf([])).toBe(0);
  });
});

describe("quantile", () => {
  it("takes the nearest rank", () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3);
    expect(quantile([10], 0.99)).toBe(10);
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe("withoutScripts", () => {
  it("removes inline and external scripts and module preloads, and keeps the rest", () => {
    const html = [
      '<head><link rel="stylesheet" href="/a.css"><link rel="modulepreload" href="/m.js"/>',
      '<SCRIPT type="module">import "/m.js";\nwindow.x = "</div>";</SCRIPT></head>',
      '<body><form><input id="q-1" name="q:1"><script nonce="n" src="/e.js"></script>',
      "<label><input type=radio name=q:2 value=yes> Yes</label></form>",
      '<script>window.__remixContext = {"a":"<b>"};</script></body>',
    ].join("");
    const out = withoutScripts(html);
    expect(out).not.toMatch(/script|modulepreload|__remix/i);
    expect(out).toBe(
      '<head><link rel="stylesheet" href="/a.css"></head><body><form><input id="q-1" name="q:1">' +
        "<label><input type=radio name=q:2 value=yes> Yes</label></form></body>",
    );
  });
});
