// Safer actions (docs/decisions/205-cancel-and-reopen.md): cancelling asks for a reason, tells
// the recipient and stops the link; reopening within 30 days makes the same link work again.
import { expect, test } from "./fixtures";
import { addVendorWithContact, adminReadsLatestLink, signIn } from "./helpers";

const VENDOR = `Halcyon Vision ${Date.now().toString(36)}`;
const CONTACT = `ren.sato.${Date.now().toString(36)}@halcyon-vision.example`;
const QUESTIONNAIRE = "AI model and API vendor security assessment";

test("a cancelled assessment asks why, mails the recipient, stops the link, and is reopened", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(240_000);
  await login("procurement");
  await addVendorWithContact(
    page,
    {
      name: VENDOR,
      category: "AI model / API vendor",
      dataAccess: /^Business data/,
      criticality: /^Low/,
      contact: { name: "Ren Sato", email: CONTACT },
    },
    a11y.scan,
  );
  await a11y.scan();

  // The vendor page sends an assessment to this vendor.
  await page.getByRole("link", { name: `Send assessment to ${VENDOR}` }).click();
  await expect(page.getByRole("heading", { name: `Send to ${VENDOR}` })).toBeVisible();
  await a11y.scan();
  await page
    .getByLabel("Questionnaire")
    .selectOption({ label: `${QUESTIONNAIRE} — 2.3.0 (latest)` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await a11y.scan();
  const link = await adminReadsLatestLink(browser, CONTACT);

  // Cancelling is a confirmation step that needs a reason.
  await page.getByRole("link", { name: "Cancel assessment" }).click();
  await expect(page.getByRole("heading", { name: "Cancel this assessment?" })).toBeVisible();
  await a11y.scan();
  await page.getByRole("button", { name: "Yes, cancel the assessment" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Give the reason for cancelling");
  await expect(page.getByRole("status").filter({ hasText: "Assessment cancelled" })).toHaveCount(0);
  await a11y.scan();
  await page.getByLabel("Reason for cancelling").fill("Sent to the wrong vendor by mistake.");
  await page.getByRole("button", { name: "Yes, cancel the assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment cancelled.");
  const cancelled = page.getByRole("region", { name: "Cancelled" });
  await expect(cancelled).toContainText("Reason: Sent to the wrong vendor by mistake.");
  await expect(page.getByRole("table").last()).toContainText("Assessment cancelled");
  await a11y.scan();

  // The recipient is told, with the reason; the link no longer opens the assessment.
  const admin = await signIn(browser, "admin");
  await admin.goto(`/outbox?q=${encodeURIComponent(CONTACT)}`);
  const notice = admin
    .getByRole("article")
    .filter({ hasText: CONTACT })
    .filter({ hasText: "Cancelled: security assessment" })
    .first();
  await notice.getByText("Message").click();
  await expect(notice.locator("pre")).toContainText("Sent to the wrong vendor by mistake.");
  await admin.context().close();
  const vendor = await browser.newContext();
  const vendorPage = await vendor.newPage();
  await vendorPage.goto(link);
  await expect(vendorPage.getByRole("button", { name: "Continue to the assessment" })).toHaveCount(
    0,
  );

  // Reopened: the same link works again.
  await page.getByRole("button", { name: "Reopen assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment reopened.");
  await expect(page.getByText("Sent", { exact: true }).first()).toBeVisible();
  await a11y.scan();
  await vendorPage.goto(link);
  await vendorPage.getByRole("button", { name: "Continue to the assessment" }).click();
  await expect(vendorPage.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  await vendor.close();
});
