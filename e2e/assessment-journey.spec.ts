import { readFileSync } from "node:fs";
import { type Locator, type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { adminReadsLatestLink, answerVisibleQuestions, openLink, saved, signIn } from "./helpers";

const VENDOR = "LabelWorks";
const CONTACT = "sam.patel@labelworks.example";
const QUESTIONNAIRE = "Training data and labelling supplier assessment";

test("procurement sends an assessment; the vendor answers over two sessions, meets a conflict and a validation error, and submits", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(240_000);
  await login("procurement");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Assessments" })
    .click();
  await a11y.scan();
  await page.getByRole("link", { name: "New assessment" }).click();
  // The vendor is found by a search (no select of every vendor), then chosen from the matches.
  await page.getByRole("searchbox", { name: "Vendor" }).fill(VENDOR.slice(0, 5));
  await page.getByRole("button", { name: "Find vendor" }).click();
  await expect(page.getByRole("heading", { name: /Vendors matching/ })).toBeVisible();
  await a11y.scan();
  await page.getByRole("link", { name: `Choose ${VENDOR}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Send to ${VENDOR}` })).toBeVisible();
  await a11y.scan();
  await page
    .getByLabel("Questionnaire")
    .selectOption({ label: `${QUESTIONNAIRE} — 1.0.0 (latest)` });
  await page
    .getByLabel("Message to the vendor (optional)")
    .fill("Please complete this before our renewal.");
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await expect(page.getByRole("heading", { name: `${VENDOR}: ${QUESTIONNAIRE}` })).toBeVisible();
  await expect(page.getByRole("row", { name: /Sam Patel/ })).toContainText("Not opened");
  await a11y.scan();
  const assessmentUrl = page.url();

  const link = await adminReadsLatestLink(browser, CONTACT);

  // First session: answer a question that reveals two more.
  const first = await openLink(browser, link, QUESTIONNAIRE);
  await expectAccessible(first);
  // On a fresh document load the head sets up the history entry (one key and index, for scroll
  // restoration and the router) and announces the page's modules (decision 085); back and
  // forward still work.
  await first.goto("/v?from=e2e");
  await first.locator("html[data-hydrated]").waitFor();
  expect(await first.evaluate(() => window.history.state)).toMatchObject({
    key: expect.any(String),
    idx: 0,
  });
  await expect(first.locator('head link[rel="modulepreload"][href*="entry.client"]')).toHaveCount(
    1,
  );
  // Each step waits for its navigation to land: a client-side navigation adds its history entry
  // only once the section's data has arrived, and going back before that would leave the page
  // this one replaced.
  await first.getByRole("link", { name: "Personal data" }).click();
  await expect(first.getByRole("heading", { level: 1, name: "Personal data" })).toBeVisible();
  await expect(first).toHaveURL(/\/v\/sections\/[^/?]+$/);
  await first.goBack();
  await expect(first).toHaveURL(/\/v\?from=e2e$/);
  await expect(first.getByRole("heading", { level: 1, name: "Your assessment" })).toBeVisible();
  await first.goForward();
  await expect(first).toHaveURL(/\/v\/sections\/[^/?]+$/);
  await expect(first.getByRole("heading", { level: 1, name: "Personal data" })).toBeVisible();
  const treatment = first.getByRole("group", {
    name: /How is that personal data treated before delivery/,
  });
  await expect(treatment).toBeHidden();
  await first
    .getByRole("group", { name: /personal data/i })
    .first()
    .getByRole("radio", { name: "Yes" })
    .check();
  await expect(treatment).toBeVisible();
  await treatment.getByRole("radio").first().check();
  const method = first.getByLabel(
    "Describe the anonymisation or pseudonymisation method and the legal basis for processing.",
  );
  await method.fill("k-anonymity (k=10) on direct identifiers; legitimate interests.");
  await method.blur();
  await saved(first);
  await expectAccessible(first);
  // Offline: the answer is kept on the device and sent when the connection returns.
  await first.context().setOffline(true);
  await method.fill("k-anonymity (k=10); legitimate interests; reviewed yearly.");
  await method.blur();
  await expect(first.locator(".save-status")).toContainText("you seem to be offline");
  const kept = await first.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("assay:unsaved:")),
  );
  expect(kept).toHaveLength(1);
  await first.context().setOffline(false);
  await first.evaluate(() => window.dispatchEvent(new Event("online")));
  await saved(first);
  expect(
    await first.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("assay:unsaved:")),
    ),
  ).toHaveLength(0);
  await first.context().close();

  // Second session, a new browser: everything is still there.
  const second = await openLink(browser, link, QUESTIONNAIRE);
  await second.getByRole("link", { name: "Personal data" }).click();
  const method2 = second.getByLabel(
    "Describe the anonymisation or pseudonymisation method and the legal basis for processing.",
  );
  await expect(method2).toHaveValue("k-anonymity (k=10); legitimate interests; reviewed yearly.");

  // A colleague (third browser) edits the same answer first: the second session gets a conflict.
  const colleague = await openLink(browser, link, QUESTIONNAIRE);
  await colleague.getByRole("link", { name: "Personal data" }).click();
  const colleagueMethod = colleague.getByLabel(
    "Describe the anonymisation or pseudonymisation method and the legal basis for processing.",
  );
  await colleagueMethod.fill("Pseudonymised with a keyed hash; consent.");
  await colleagueMethod.blur();
  await saved(colleague);
  await colleague.context().close();

  await method2.fill("k-anonymity (k=20); legitimate interests.");
  await method2.blur();
  const conflict = second
    .getByRole("alert")
    .filter({ hasText: "changed this answer while you were editing it" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Their answer: Pseudonymised with a keyed hash; consent.");
  await expect(conflict).toContainText("Your answer: k-anonymity (k=20); legitimate interests.");
  await expectAccessible(second);
  await conflict.getByRole("button", { name: "Keep my answer" }).click();
  await saved(second);

  // A validation error on a number question.
  await second.getByRole("link", { name: "Back to all sections" }).click();
  await second
    .getByRole("link", { name: /Quality/ })
    .first()
    .click();
  const percent = second.locator("#question-qa-review-percent input[type=text]");
  await percent.fill("250");
  await percent.blur();
  await expect(
    second.locator("#question-qa-review-percent").getByText(/Enter \d+ or less/),
  ).toBeVisible();
  await expectAccessible(second);
  await percent.fill("20");
  await percent.blur();
  await saved(second);

  // Evidence: a disguised file is refused with a clear message; a real one is listed.
  const evidence = second.locator("#question-bias-documentation");
  await evidence.locator("input[type=file]").setInputFiles({
    name: "bias-assessment.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
  });
  await evidence.getByRole("button", { name: "Upload file" }).click();
  await expect(evidence.getByText(/does not match its name/)).toBeVisible();
  // Focus goes back to the upload control, and the result is announced.
  await expect(evidence.locator("input[type=file]")).toBeFocused();
  await expect(
    second
      .getByRole("status")
      .filter({ hasText: /does not match its name/ })
      .first(),
  ).toBeAttached();
  await evidence.locator("input[type=file]").setInputFiles({
    name: "bias-assessment.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n% bias assessment\n"),
  });
  await evidence.getByRole("button", { name: "Upload file" }).click();
  // The shared list staff read too (decision 200): the PDF opens in the browser, with its hash.
  await expect(
    evidence.getByRole("link", { name: "bias-assessment.pdf (opens in the browser)" }),
  ).toBeVisible();
  await expect(
    evidence
      .getByRole("listitem")
      .filter({ hasText: "bias-assessment.pdf" })
      .getByText(/^SHA-256 [0-9a-f]{64}$/),
  ).toBeVisible();
  await expect(evidence.locator("input[type=file]")).toBeFocused();
  await expect(second.locator("p.visually-hidden[role=status]")).toHaveText("File uploaded.");
  await expectAccessible(second);
  // A name with `;` and `=` is kept, and the browser saves the download under it.
  await evidence.locator("input[type=file]").setInputFiles({
    name: "Q1 report; final=v2.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n% q1 report\n"),
  });
  await evidence.getByRole("button", { name: "Upload file" }).click();
  const q1 = evidence.getByRole("link", { name: "Download Q1 report; final=v2.pdf" });
  await expect(q1).toBeVisible();
  const [download] = await Promise.all([second.waitForEvent("download"), q1.click()]);
  expect(download.suggestedFilename()).toBe("Q1 report; final=v2.pdf");

  // Answer everything still open, section by section, then check and submit.
  await second.getByRole("link", { name: "Back to all sections" }).click();
  await expect(second.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  const sectionLinks = await second
    .locator(".task__name a")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  expect(sectionLinks.length).toBeGreaterThan(3);
  for (const path of sectionLinks) {
    await second.goto(path);
    await answerVisibleQuestions(second);
    // "Save and continue" finishes any save still on its way, then moves on.
    await second.getByRole("button", { name: /Save and (continue|check your answers)/ }).click();
    await expect(second).not.toHaveURL(new RegExp(`${path}$`));
  }
  await second.goto("/v/check");
  await expect(
    second.getByRole("heading", { name: "Check your answers before submitting" }),
  ).toBeVisible();
  await expect(second.getByText("k-anonymity (k=20); legitimate interests.")).toBeVisible();
  await expectAccessible(second);
  // A double click submits once.
  await second.getByRole("button", { name: "Submit answers" }).dblclick();
  await expect(second.getByRole("status").first()).toContainText("Your answers were submitted");
  await expect(
    second.getByText("This assessment was submitted and its answers are locked."),
  ).toBeVisible();
  await expectAccessible(second);

  // Staff see the submission.
  await page.goto(assessmentUrl);
  await expect(page.getByText("Submitted", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Assessment submitted" })).toHaveCount(1);
  await a11y.scan();

  // A reviewer sees the vendor's evidence beside the answer and downloads it, from the review
  // page and from the report (docs/decisions/200-evidence-beside-answers.md).
  const reviewer = await signIn(browser, "risk_officer");
  const reviewPath = `${new URL(assessmentUrl).pathname}/review`;
  await reviewer.goto(reviewPath);
  await expect(reviewer.getByRole("heading", { name: `Review: ${VENDOR}` })).toBeVisible();
  const files = reviewer.getByRole("list", { name: /^Evidence files for: / }).filter({
    hasText: "Q1 report; final=v2.pdf",
  });
  await expect(files).toContainText("PDF");
  await expect(files).toContainText("uploaded by Sam Patel");
  await expect(files).toContainText(/SHA-256 [0-9a-f]{64}/);
  await expectAccessible(reviewer);
  const fromReview = await downloadEvidence(reviewer, files, "Q1 report; final=v2.pdf");
  expect(fromReview).toBe("%PDF-1.7\n% q1 report\n");
  // "Open" shows a PDF in the browser, inert: sandboxed, loading nothing, never sniffed.
  const opened = await reviewer.request.get(
    (await files
      .getByRole("link", { name: "Q1 report; final=v2.pdf (opens in the browser)" })
      .getAttribute("href"))!,
  );
  expect(opened.headers()["content-type"]).toBe("application/pdf");
  expect(opened.headers()["content-disposition"]).toMatch(/^inline;/);
  expect(opened.headers()["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
  expect(opened.headers()["x-content-type-options"]).toBe("nosniff");

  await reviewer.goto(`${new URL(assessmentUrl).pathname}/report`);
  await expect(reviewer.getByRole("heading", { name: /^Evidence files \(\d+\)$/ })).toBeVisible();
  const reportFiles = reviewer.getByRole("list", { name: /^Evidence files for: / }).filter({
    hasText: "Q1 report; final=v2.pdf",
  });
  await expectAccessible(reviewer);
  expect(await downloadEvidence(reviewer, reportFiles, "Q1 report; final=v2.pdf")).toBe(
    "%PDF-1.7\n% q1 report\n",
  );
  await reviewer.context().close();
});

/** Clicks "Download <name>" in the list and returns the saved file's text. */
async function downloadEvidence(page: Page, list: Locator, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    list.getByRole("link", { name: `Download ${name}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(name);
  const path = await download.path();
  return readFileSync(path, "utf8");
}
