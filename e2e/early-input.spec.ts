// A vendor who starts answering before the answering page's JavaScript has taken over: on the
// 300-question section, with the page's entry module held back 2 s, choices and typing made as
// soon as inputs exist, and while React hydrates, are each saved exactly once (checked in
// PostgreSQL), the page becomes interactive and logs no error. Without JavaScript nothing is
// lost either, and the page says how answers are saved.
import { type Browser, type Page } from "@playwright/test";
import { BENCH_SECTION_ID } from "../bench/questionnaire";
import { expect, test } from "./fixtures";
import { largeSectionAssessment, largeSectionDatabase, storedAnswers } from "./large-section";

const SECTION = `/v/sections/${BENCH_SECTION_ID}`;
/**
 * Questions from here on are clicked by clickThroughHydration; those before, one by one. The
 * document holds the section's first part (50 questions, decision 320).
 */
const BURST_FROM = 25;
const ROUNDS = Number(process.env.EARLY_INPUT_ROUNDS ?? 10);

const db = largeSectionDatabase();

async function vendorPage(
  browser: Browser,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; assessmentId: string; errors: string[]; release: () => Promise<void> }> {
  const { assessmentId, linkPath } = await largeSectionAssessment(db());
  const context = await browser.newContext(options);
  // On the section page the entry module is held back: the HTML is there, React is not. It
  // arrives 2 s after it was asked for, or once the test releases it, whichever is later.
  // Routed from the first request, so no cached copy bypasses the hold.
  let released!: () => void;
  const releasedPromise = new Promise<void>((resolve) => (released = resolve));
  await context.route(/\/assets\/entry\.client-[^/]*\.js$/, async (route) => {
    if (route.request().headers()["referer"]?.includes(SECTION))
      await Promise.all([new Promise((resolve) => setTimeout(resolve, 2_000)), releasedPromise]);
    await route.continue();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(linkPath);
  await page.getByRole("button", { name: "Continue to the assessment" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  return { page, assessmentId, errors, release: async () => released() };
}

type Expected = Record<string, unknown>;
type Step = { id: string; selector: string; kind: "click" | "fill"; answer: unknown };

/**
 * The action for one question, read from the page as soon as that question exists: the second
 * choice of a choice question, the first box of a multiple-choice one, a few words in a text
 * one; with the answer it should be saved as. Null for a question with nothing to act on.
 */
async function stepFor(page: Page, index: number): Promise<Step | null> {
  return page
    .locator(".question")
    .nth(index)
    .evaluate((block, n): Step | null => {
      const id = block.id.replace(/^question-/, "");
      const radio = block.querySelectorAll<HTMLInputElement>("input[type=radio]")[1];
      if (radio)
        return {
          id,
          selector: `#${CSS.escape(radio.id)}`,
          kind: "click",
          answer: { kind: "value", value: radio.value },
        };
      const box = block.querySelector<HTMLInputElement>(".radios input[type=checkbox]");
      if (box)
        return {
          id,
          selector: `#${CSS.escape(box.id)}`,
          kind: "click",
          answer: { kind: "value", value: [box.value] },
        };
      const text = block.querySelector<HTMLElement>(
        "input[type=text], textarea:not([name$=':comment'])",
      );
      if (text)
        return {
          id,
          selector: `#${CSS.escape(text.id)}`,
          kind: "fill",
          answer: { kind: "value", value: `Early answer ${n + 1}` },
        };
      return null;
    }, index);
}

async function act(page: Page, step: Step) {
  const target = page.locator(step.selector);
  if (step.kind === "click") await target.click({ force: true });
  else await target.fill((step.answer as { value: string }).value, { force: true });
}

/**
 * Clicks, in the page itself, a choice of one question after another from question `from` on,
 * every few milliseconds, until five clicks after React has hydrated: Playwright's own actions
 * take a few hundred milliseconds each on a busy machine, and would mostly miss the moments in
 * which React starts hydrating.
 */
function clickThroughHydration(page: Page, from: number): Promise<Step[]> {
  return page.evaluate(async (start) => {
    const done: Step[] = [];
    let after = 0;
    for (const block of [...document.querySelectorAll(".question")].slice(start)) {
      if (after >= 5) break;
      if (document.documentElement.dataset.hydrated) after++;
      const radio = block.querySelectorAll<HTMLInputElement>("input[type=radio]")[2];
      if (!radio) continue;
      radio.click();
      done.push({
        id: block.id.replace(/^question-/, ""),
        selector: "",
        kind: "click",
        answer: { kind: "value", value: radio.value },
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return done;
  }, from);
}

test("choices and typing made while the page loads and hydrates are each saved once", async ({
  browser,
}) => {
  test.setTimeout(60_000 + ROUNDS * 45_000);
  for (let round = 0; round < ROUNDS; round++) {
    const { page, assessmentId, errors, release } = await vendorPage(browser);
    await page.goto(SECTION, { waitUntil: "commit" });
    const expected: Expected = {};
    let afterHydration = 0;
    let burst: Promise<Step[]> | null = null;
    // Answer as soon as the first question exists, one question per action, until a few
    // actions after React took over. After four actions the entry module is let through.
    let releasedAt = Infinity;
    for (let index = 0; afterHydration < 3 && index < BURST_FROM; index++) {
      // A page that never hydrates (the failure this guards against) ends the round.
      if (Date.now() - releasedAt > 15_000) break;
      const step = await stepFor(page, index);
      if (!step) continue;
      if (await page.locator("html[data-hydrated]").count()) afterHydration++;
      await act(page, step);
      expected[step.id] = step.answer;
      if (index === 0) {
        // Nothing saves by itself yet, and the page does not pretend otherwise.
        await expect(page.locator(".save-status")).toHaveText(
          "Answers are saved when you choose “Save and continue” or “Save and come back later”.",
        );
      }
      if (Object.keys(expected).length === 4) {
        burst = clickThroughHydration(page, BURST_FROM);
        await release();
        releasedAt = Date.now();
      }
    }
    for (const step of (await burst) ?? []) expected[step.id] = step.answer;
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1, { timeout: 20_000 });
    await expect(page.locator(".save-status")).toHaveText("All changes saved.", {
      timeout: 20_000,
    });
    const rows = await storedAnswers(db(), assessmentId);
    const saved = Object.fromEntries(rows.map((r) => [r.questionId, r.answer]));
    expect(saved, `round ${round + 1}: the rows saved`).toEqual(expected);
    expect(
      rows.filter((r) => r.revision !== 1 || r.history !== 1).map((r) => r.questionId),
      `round ${round + 1}: answers saved more than once`,
    ).toEqual([]);
    expect(errors, `round ${round + 1}: errors in the browser console`).toEqual([]);
    await page.context().close();
  }
});

test("a choice made before the page is interactive is saved by “Save and come back later”", async ({
  browser,
}) => {
  const { page, assessmentId, errors, release } = await vendorPage(browser);
  await page.goto(SECTION, { waitUntil: "commit" });
  const step = (await stepFor(page, 1))!;
  await act(page, step);
  await release();
  await page.locator("html[data-hydrated]").waitFor();
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  const rows = await storedAnswers(db(), assessmentId);
  expect(rows.map((r) => [r.questionId, r.answer, r.revision])).toEqual([
    [step.id, step.answer, 1],
  ]);
  expect(errors).toEqual([]);
  await page.context().close();
});

test("without JavaScript the page says how answers are saved, saves them all, or none when one is refused", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { page, assessmentId } = await vendorPage(browser, { javaScriptEnabled: false });
  await page.goto(SECTION);
  await expect(page.locator(".save-status")).toHaveText(
    "Answers are saved when you choose “Save and continue” or “Save and come back later”.",
  );
  await expect(page.locator(".answering-failed")).toBeHidden();
  const expected: Expected = {};
  for (let index = 0; index < 6; index++) {
    const step = await stepFor(page, index);
    if (!step) continue;
    await act(page, step);
    expected[step.id] = step.answer;
  }
  // One answer too long for a short-text question (500 characters at most): nothing is saved.
  const first = (await stepFor(page, 0))!;
  await page.locator(first.selector).fill("x".repeat(501));
  await page.getByRole("button", { name: "Save and come back later" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Question 1:");
  expect(await storedAnswers(db(), assessmentId)).toEqual([]);
  // Corrected: every answer is saved, once, and the vendor is back on the task list.
  await page.locator(first.selector).fill((first.answer as { value: string }).value);
  await page.getByRole("button", { name: "Save and come back later" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  const rows = await storedAnswers(db(), assessmentId);
  expect(Object.fromEntries(rows.map((r) => [r.questionId, r.answer]))).toEqual(expected);
  expect(rows.every((r) => r.revision === 1 && r.history === 1)).toBe(true);
  await page.context().close();
});
