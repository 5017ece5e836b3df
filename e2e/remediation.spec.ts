import { type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import {
  adminReadsLatestLink,
  answerEverySectionAndSubmit,
  openLink,
  sendToNewVendorAndOpenLink,
  signIn,
} from "./helpers";

// A vendor of this journey's own, so no other journey's mails or findings get in the way.
const VENDOR = "Remedy Robotics";
const CONTACT = "ola.berg@remedy-robotics.example";
const QUESTIONNAIRE = "Training data and labelling supplier assessment";

function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function scores(page: Page, assessmentPath: string) {
  await page.goto(`${assessmentPath}/result`);
  const submitted = Number(await page.locator(".score-figure").innerText());
  // The current score is shown only when remediation made it differ from the submitted one.
  const term = page.locator("dt", { hasText: "Current score" });
  if ((await term.count()) === 0) return { submitted, current: submitted };
  const current = await term.locator("xpath=following-sibling::dd[1]").innerText();
  return { submitted, current: Number(current.match(/^\d+\.\d/)![0]) };
}

test("findings are reviewed, clarified, fixed and verified, and a risk acceptance expires", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(420_000);

  // Procurement adds the vendor with a contact and sends the assessment.
  const { assessmentPath, vendorPage: vendor } = await sendToNewVendorAndOpenLink(
    browser,
    {
      name: VENDOR,
      category: "Training-data / labelling supplier",
      dataAccess: /^Training data/,
      contact: { name: "Ola Berg", email: CONTACT },
    },
    QUESTIONNAIRE,
  );
  const assessmentId = assessmentPath.split("/").pop()!;

  // The vendor answers with the last option everywhere (mostly the weakest) and submits.
  await answerEverySectionAndSubmit(vendor, { choose: "last" });
  await vendor.context().close();

  // A risk officer starts the review and asks about the first answer.
  await login("risk_officer");
  await page.goto(`${assessmentPath}/review`);
  await expect(
    page.getByRole("heading", { name: `Review: ${VENDOR}`, exact: false }),
  ).toBeVisible();
  await a11y.scan();
  await page.getByRole("button", { name: "Start the review" }).click();
  await expect(page.getByRole("status").first()).toContainText("Review started.");
  const first = page.locator("article.review-item").first();
  const firstQuestion = await first.locator("h3").innerText();
  await first.locator("summary").click();
  await first.getByLabel("Ask the vendor").fill("Which regions store the labelled data?");
  await first.getByRole("button", { name: "Request clarification" }).click();
  await expect(page.getByRole("status").first()).toContainText("Clarification requested");
  await expect(page.locator("article.review-item").first()).toContainText(
    "Clarification requested",
  );
  await a11y.scan();

  // The findings the engine opened at submission.
  await page.goto(`/findings?assessment=${assessmentId}`);
  await a11y.scan();
  const links = page.locator("table tbody tr td:first-child a");
  expect(await links.count()).toBeGreaterThanOrEqual(2);
  const before = await scores(page, assessmentPath);
  await a11y.scan();
  expect(before.current).toBe(before.submitted);

  // Finding A goes to the vendor; finding B is risk-accepted for ten days.
  await page.goto(`/findings?assessment=${assessmentId}`);
  const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  const [findingA, findingB] = hrefs as [string, string];
  await page.goto(findingA);
  await a11y.scan();
  const titleA = await page.getByRole("heading", { level: 1 }).innerText();
  await page.getByLabel(/Share with the vendor/).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").first()).toContainText("Finding updated.");
  await page.goto(findingB);
  await a11y.scan();
  const expiry = isoDaysFromNow(10);
  await page
    .getByLabel("Justification")
    .first()
    .fill("Compensating control: the data is synthetic.");
  await page.getByLabel("The acceptance expires on").fill(expiry);
  await page.getByRole("button", { name: "Accept the risk" }).click();
  await expect(page.getByRole("status").first()).toContainText("Status changed.");
  await expect(page.getByText("Risk accepted", { exact: true }).first()).toBeVisible();

  // The vendor, through the newest link mailed to them, answers the clarification and fixes A.
  const back = await openLink(browser, await adminReadsLatestLink(browser, CONTACT), QUESTIONNAIRE);
  await back.getByRole("link", { name: /Clarifications requested \(1\)/ }).click();
  await expect(back.getByRole("heading", { name: "Clarifications requested" })).toBeVisible();
  await back.locator("html[data-hydrated]").waitFor();
  await expect(back.getByText("Which regions store the labelled data?")).toBeVisible();
  await back.getByLabel("Your reply to the reviewer").fill("All labelled data stays in the EU.");
  await back.getByRole("button", { name: /Send back for review/ }).click();
  await expect(back.getByText("Sent back for review").first()).toBeVisible();
  await expectAccessible(back);
  await back.goto("/v/findings");
  await expectAccessible(back);
  await back.getByRole("link", { name: titleA }).click();
  await back.locator("html[data-hydrated]").waitFor();
  await back
    .getByLabel("How you will fix it")
    .fill("Encrypt the bucket with customer-managed keys.");
  await back.getByLabel("Target date").fill(isoDaysFromNow(20));
  await back.getByRole("button", { name: "Save plan" }).click();
  await expect(back.getByRole("status").first()).toBeVisible();
  await back.getByLabel("What you changed").fill("Done: keys rotated into our KMS.");
  await back.getByRole("button", { name: "Mark as fixed" }).click();
  await expect(back.getByText(/awaiting verification/i).first()).toBeVisible();
  await expectAccessible(back);
  // Nothing on the vendor's side mentions scores.
  await expect(back.getByText(/score/i)).toHaveCount(0);
  await back.context().close();

  // The reviewer accepts the clarified answer and verifies the fix.
  await page.goto(`${assessmentPath}/review`);
  const clarified = page.locator("article.review-item").filter({ hasText: firstQuestion }).first();
  await expect(clarified).toContainText("Clarified — review again");
  await expect(clarified).toContainText("All labelled data stays in the EU.");
  await clarified.locator("summary").click();
  await clarified.getByRole("button", { name: /Accept answer/ }).click();
  await expect(page.getByRole("status").first()).toContainText("Answer accepted.");
  await a11y.scan();
  await page.goto(findingA);
  await page.getByRole("button", { name: "Verify the fix" }).click();
  await expect(page.getByText("Verified (closed)").first()).toBeVisible();
  await a11y.scan();
  const after = await scores(page, assessmentPath);
  expect(after.submitted).toBe(before.submitted);
  expect(after.current).toBeGreaterThan(before.current);

  // The clock moves past the acceptance's expiry: the scheduler reopens finding B.
  const admin = await signIn(browser, "admin");
  await admin.goto("/admin/jobs");
  await admin.getByLabel(/Run as of/).fill(isoDaysFromNow(11));
  await admin.getByRole("button", { name: "Run the jobs now" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Done" })).toContainText(
    "risk-acceptance-expiry: 1",
  );
  await expectAccessible(admin);
  await page.goto(findingB);
  await expect(page.getByText("Reopened", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/The risk acceptance expired on/)).toBeVisible();
  await a11y.scan();

  // The review closes with a decision.
  await page.goto(`${assessmentPath}/review`);
  await page.getByRole("radio", { name: "Approved with conditions" }).check();
  await page.getByLabel("Note", { exact: true }).fill("Fix the reopened finding within 30 days.");
  await page.getByRole("button", { name: "Close the review" }).click();
  await expect(
    page.locator(".notice").filter({ hasText: "Approved with conditions" }),
  ).toContainText("Fix the reopened finding within 30 days.");
  await a11y.scan();

  // The mails of the journey are in the outbox.
  await admin.goto(`/outbox?q=${encodeURIComponent(VENDOR)}`);
  for (const subject of [
    `Clarification requested: ${QUESTIONNAIRE} for ${VENDOR}`,
    `Findings to remediate: ${QUESTIONNAIRE} for ${VENDOR}`,
    `Clarification answered: ${VENDOR}`,
  ])
    await expect(admin.getByText(subject).first()).toBeVisible();
  await admin.context().close();
});
