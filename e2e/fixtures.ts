import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test as base } from "@playwright/test";
import type { AxeResults, RunOptions } from "axe-core";
import { DEMO_PASSWORD, DEMO_USERS } from "../app/demo/demo-records";

export type DemoRole = (typeof DEMO_USERS)[number]["role"];

export function demoUser(role: DemoRole) {
  return DEMO_USERS.find((u) => u.role === role)!;
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// axe-core's minified build (580 KB; AxeBuilder evaluates the 1.3 MB readable one).
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

/**
 * Axe's violations (WCAG 2.2 AA) on the page as it is now. Assay's pages have no frames, so axe
 * runs in the page itself: AxeBuilder's default opens a second tab per scan to merge the results
 * of frames, which made each scan about three times as slow
 * (docs/decisions/428-e2e-axe-in-page.md). A page with frames still goes through AxeBuilder.
 */
export async function axeViolations(page: Page): Promise<AxeResults["violations"]> {
  if (page.frames().length > 1)
    return (await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()).violations;
  const options: RunOptions = {
    runOnly: { type: "tag", values: WCAG_TAGS },
    // Violations in full; passes and the rest are not collected.
    resultTypes: ["violations"],
  };
  type WithAxe = { axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> } };
  // Once per document (a navigation clears it). As a string, the source is evaluated through the
  // DevTools protocol, which the pages' Content-Security-Policy (no eval) does not govern.
  if (!(await page.evaluate(() => !!(window as unknown as WithAxe).axe)))
    await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async (options) =>
      (await (window as unknown as WithAxe).axe!.run(document, options)).violations,
    options,
  );
}

/**
 * Waits for a client-side navigation in flight to land: a click on a link returns once Remix's
 * router has started it, and the page it leads to is drawn later. Scanning straight away read the
 * page being left, which an axe scan of two seconds used to hide.
 */
async function settled(page: Page) {
  await page.waitForLoadState("load");
  type WithRouter = { __remixRouter?: { state: { navigation: { state: string } } } };
  await page.waitForFunction(
    () => {
      const router = (window as unknown as WithRouter).__remixRouter;
      return !router || router.state.navigation.state === "idle";
    },
    undefined,
    { polling: 50 },
  );
  // The router's new state is drawn by React on its next pass (a frame, or 100 ms in a page that
  // draws no frames).
  await page.evaluate(
    () =>
      new Promise((done) => {
        setTimeout(done, 100);
        requestAnimationFrame(() => requestAnimationFrame(done));
      }),
  );
}

/** Runs axe (WCAG 2.2 AA) on the page as it is now and fails on any violation. */
export async function expectAccessible(page: Page) {
  await settled(page);
  const violations = await axeViolations(page);
  const summary = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  // Every page says what it is for search results and link previews (Lighthouse SEO's
  // "Document has a meta description"): exactly one, of a useful length
  // (docs/decisions/275-meta-descriptions.md). A route sets it in its `meta` export.
  const descriptions = await page
    .locator('head meta[name="description"]')
    .evaluateAll((tags) => tags.map((t) => t.getAttribute("content") ?? ""));
  expect(descriptions.length, `one meta description on ${page.url()}`).toBe(1);
  expect(
    descriptions[0]!.trim().length,
    `meta description on ${page.url()}`,
  ).toBeGreaterThanOrEqual(30);
}

type Fixtures = {
  /** Signs in through the login form as the demo user of that role. */
  login: (role: DemoRole) => Promise<void>;
  /** Every page a test visits is scanned with axe: visits are recorded and scanned at the end if a test did not. */
  a11y: { scan: () => Promise<void> };
};

export const test = base.extend<Fixtures>({
  a11y: [
    async ({ page }, use) => {
      // Any browser-side error (a CSP violation, a hydration mismatch, an uncaught exception)
      // fails the test. Failed loads of 4xx pages that the test asked for are expected.
      const browserErrors: string[] = [];
      page.on("pageerror", (error) => browserErrors.push(`uncaught: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (
          /Failed to load resource: the server responded with a status of 4\d\d/.test(
            message.text(),
          )
        )
          return;
        browserErrors.push(message.text());
      });
      const scanned = new Set<string>();
      const pending = new Set<string>();
      const keyOf = (url: string) => new URL(url).pathname;
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame() && frame.url().startsWith("http"))
          pending.add(keyOf(frame.url()));
      });
      const scan = async () => {
        await expectAccessible(page);
        scanned.add(keyOf(page.url()));
      };
      await use({ scan });
      const missed = [...pending].filter((p) => !scanned.has(p));
      expect(missed, "pages visited without an axe scan (call a11y.scan() on them)").toEqual([]);
      expect(browserErrors, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
  login: async ({ page, a11y }, use) => {
    await use(async (role) => {
      const user = demoUser(role);
      await page.goto("/login");
      await a11y.scan();
      await page.getByLabel("Email address").fill(user.email);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
      await a11y.scan();
    });
  },
});

export { expect };
