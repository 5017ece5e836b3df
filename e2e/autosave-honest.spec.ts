// Autosave never cries wolf (decision 110): two boxes ticked quickly leave no "not saved"
// copy behind for the next visit, and choosing a colleague's answer in a conflict clears the
// red status. On the 300-question section, checked in PostgreSQL.
import { type Browser, type Page } from "@playwright/test";
import { BENCH_SECTION_ID } from "../bench/questionnaire";
import { expect, test } from "./fixtures";
import { largeSectionAssessment, largeSectionDatabase, storedAnswers } from "./large-section";

const SECTION = `/v/sections/${BENCH_SECTION_ID}`;

const db = largeSectionDatabase();

async function open(browser: Browser, linkPath: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(linkPath);
  await page.getByRole("button", { name: "Continue to the assessment" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  await page.goto(SECTION);
  await page.locator("html[data-hydrated]").waitFor();
  return page;
}

test("two boxes ticked quickly are saved, and the next visit offers nothing back", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { assessmentId, linkPath } = await largeSectionAssessment(db());
  const page = await open(browser, linkPath);
  const boxes = page.locator("#question-bq-003 .radios input[type=checkbox]");
  for (let round = 0; round < 5; round++) {
    // Tick or untick the first two boxes, one right after the other.
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await expect(page.locator(".save-status")).toHaveText("All changes saved.");
    const ticked = round % 2 === 0 ? ["policy", "tooling"] : null;
    const row = (await storedAnswers(db(), assessmentId)).find((r) => r.questionId === "bq-003");
    expect(row?.answer ?? null).toEqual(ticked ? { kind: "value", value: ticked } : null);
    await page.getByRole("link", { name: "Back to all sections" }).click();
    await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
    await page.goto(SECTION);
    await page.locator("html[data-hydrated]").waitFor();
    await expect(page.getByText(/were not saved before you left/)).toHaveCount(0);
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith("assay:unsaved:")),
      ),
    ).toEqual([]);
  }
  await page.context().close();
});

test("after “Use their answer” the status line no longer asks to choose", async ({ browser }) => {
  const { linkPath } = await largeSectionAssessment(db());
  const mine = await open(browser, linkPath);
  const theirs = await open(browser, linkPath);
  await theirs.locator("#q-bq-001").fill("Their words");
  await theirs.locator("#q-bq-001").blur();
  await expect(theirs.locator(".save-status")).toHaveText("All changes saved.");
  await mine.locator("#q-bq-001").fill("My words");
  await mine.locator("#q-bq-001").blur();
  const conflict = mine.getByRole("alert").filter({ hasText: "changed this answer" });
  await expect(conflict).toBeVisible();
  await expect(mine.locator(".save-status")).toContainText("Choose which to keep.");
  await conflict.getByRole("button", { name: "Use their answer" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(mine.locator(".save-status")).not.toContainText("Choose which to keep.");
  await expect(mine.locator("#q-bq-001")).toHaveValue("Their words");
  await mine.context().close();
  await theirs.context().close();
});
