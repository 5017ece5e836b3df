// A long section with JavaScript is answered one part at a time, as without (decision 397):
// the 300-question section shows its first 50 questions, and stays at 50 once the version's
// definitions have loaded; the parts list and "Save and continue" move between parts in the
// page, and what was typed in one part is saved (checked in PostgreSQL) and shown again.
import { BENCH_SECTION_ID, questionId } from "../bench/questionnaire";
import { expect, test } from "./fixtures";
import { largeSectionAssessment, largeSectionDatabase, storedAnswers } from "./large-section";

const SECTION = `/v/sections/${BENCH_SECTION_ID}`;

const db = largeSectionDatabase();

test("a 300-question section is answered in parts of 50, with JavaScript", async ({ browser }) => {
  test.setTimeout(180_000);
  const { assessmentId, linkPath } = await largeSectionAssessment(db());
  const page = await (await browser.newContext()).newPage();
  await page.goto(linkPath);
  await page.getByRole("button", { name: "Continue to the assessment" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();

  const definitions = page.waitForResponse((r) => r.url().includes("/v/definitions/"));
  await page.goto(SECTION);
  await page.locator("html[data-hydrated]").waitFor();
  expect((await definitions).status()).toBe(200);
  await page.waitForLoadState("networkidle");
  const blocks = page.locator('form .question.panel[id^="question-"]');
  const parts = page.getByRole("navigation", { name: "Parts of this section" });
  await expect(parts).toContainText("Questions 1–50 of 300");
  // Only the first part's questions, with the definitions loaded.
  await expect(page.locator(`#q-${questionId(0)}`)).toBeVisible();
  await expect(page.locator(`#q-${questionId(50)}`)).toHaveCount(0);
  await expect(page.locator(`#q-${questionId(249)}`)).toHaveCount(0);
  expect(await blocks.count()).toBe(50);

  // The parts list leads to the part holding question 250, without a full page load: a mark
  // left on this document's window is still there at the end.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await parts.getByRole("link", { name: "5", exact: true }).click();
  await expect(page).toHaveURL(/\?part=5$/);
  await expect(parts).toContainText("Questions 201–250 of 300");
  await expect(parts.locator('[aria-current="page"]')).toHaveText("5");
  const q250 = page.locator(`#q-${questionId(249)}`);
  await q250.fill("Typed in part five");
  await q250.blur();
  await expect(page.locator(".save-status")).toHaveText("All changes saved.");
  const saved = (await storedAnswers(db(), assessmentId)).find(
    (row) => row.questionId === questionId(249),
  );
  expect(saved?.answer).toEqual({ kind: "value", value: "Typed in part five" });

  // "Save and continue" goes on to the next part, and coming back shows the saved answer.
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(/\?part=6$/);
  await expect(parts).toContainText("Questions 251–300 of 300");
  await expect(page.locator(`#q-${questionId(250)}`)).toBeVisible();
  await parts.getByRole("link", { name: "5", exact: true }).click();
  await expect(q250).toHaveValue("Typed in part five");
  // Every move between parts stayed in the page: history entries, not document loads.
  expect(
    await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
  ).toBe(true);
  await page.context().close();
});
