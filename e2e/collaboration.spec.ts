// Collaboration inside the vendor and re-assessment (docs/decisions/054 and 055): a recipient
// invites a colleague and assigns them a section; the colleague opens their own link and sees it.
// After submission, procurement starts a re-assessment on the newer questionnaire version and the
// vendor confirms an answer carried over from the first one.
import { type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { adminReadsLatestLink, chooseVendor, answerVisibleQuestions, openLink } from "./helpers";

// Not LabelWorks or Cirrus: other journeys send to those, and each journey reads the latest
// mail to its own contacts.
const VENDOR = "Quill Translate API";
const CONTACT = "lee.wong@quill-translate.example";
const COLLEAGUE = { name: "Mia Chen", email: "mia.chen@quill-translate.example" };
const QUESTIONNAIRE = "AI model and API vendor security assessment";
const ASSIGNED_SECTION = "Use and retention of our data";
// The same section in 2.x, which also asks where the data is processed.
const REASSESSED_SECTION = "Use, retention and location of our data";

async function answerAllAndSubmit(vendor: Page) {
  const sections = await vendor
    .locator(".task__name a")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  for (const path of sections) {
    await vendor.goto(path);
    await vendor.locator("html[data-hydrated]").waitFor();
    // No certificate covers it: the evidence upload stays hidden.
    const none = vendor.getByLabel("None of these covers the AI service");
    if ((await none.count()) > 0) await none.check();
    await answerVisibleQuestions(vendor);
    await vendor.getByRole("button", { name: /Save and (continue|check your answers)/ }).click();
    await expect(vendor).not.toHaveURL(new RegExp(`${path}$`));
  }
  await vendor.goto("/v/check");
  await expectAccessible(vendor);
  await vendor.getByRole("button", { name: "Submit answers" }).click();
  await expect(vendor.getByRole("status").first()).toContainText("Your answers were submitted");
}

test("a recipient invites a colleague and assigns a section; after submission a re-assessment carries answers over for the vendor to confirm", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(300_000);
  await login("procurement");
  await page.goto("/assessments/new");
  await chooseVendor(page, VENDOR);
  await expect(page.getByRole("heading", { name: `Send to ${VENDOR}` })).toBeVisible();
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption({ label: `${QUESTIONNAIRE} — 1.0.0` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await a11y.scan();
  const assessmentUrl = page.url();

  // The recipient invites a colleague and puts them on a section.
  const lee = await openLink(browser, await adminReadsLatestLink(browser, CONTACT), QUESTIONNAIRE);
  await expectAccessible(lee);
  await lee.getByRole("link", { name: "Invite a colleague or assign work" }).click();
  await expect(lee.getByRole("heading", { name: "Your team" })).toBeVisible();
  await expectAccessible(lee);
  await lee.getByLabel("Colleague's name").fill(COLLEAGUE.name);
  await lee.getByLabel("Colleague's email address").fill(COLLEAGUE.email);
  await lee.getByRole("button", { name: "Invite colleague" }).click();
  await expect(lee.getByRole("status").first()).toContainText(`${COLLEAGUE.name} was invited`);
  // Sent: the form is cleared, so the invitation is not sent twice by mistake.
  await expect(lee.getByLabel("Colleague's name")).toHaveValue("");
  await expect(lee.getByLabel("Colleague's email address")).toHaveValue("");
  await expect(lee.getByRole("listitem").filter({ hasText: COLLEAGUE.email })).toContainText(
    "invited by Lee Wong",
  );
  await lee
    .getByLabel("Section or question")
    .selectOption({ label: `Whole section: ${ASSIGNED_SECTION}` });
  await lee.getByLabel("Assign to").selectOption({ label: COLLEAGUE.name });
  await lee.getByRole("button", { name: "Assign" }).click();
  await expect(lee.getByRole("status").first()).toContainText("Work assigned.");
  await expect(
    lee.getByRole("listitem").filter({ hasText: `Section: ${ASSIGNED_SECTION}` }),
  ).toContainText(COLLEAGUE.name);
  await expectAccessible(lee);

  // The colleague's own link arrives in the outbox; they see what is theirs.
  const mia = await openLink(
    browser,
    await adminReadsLatestLink(browser, COLLEAGUE.email),
    QUESTIONNAIRE,
  );
  await expect(mia.getByText(`signed in as ${COLLEAGUE.name}`)).toBeVisible();
  await expect(
    mia.getByRole("listitem").filter({ hasText: ASSIGNED_SECTION }).first(),
  ).toContainText(`Assigned to ${COLLEAGUE.name}`);
  await expectAccessible(mia);
  await mia.getByRole("link", { name: ASSIGNED_SECTION }).click();
  await expect(mia.getByText(`This section is assigned to ${COLLEAGUE.name}.`)).toBeVisible();
  await expectAccessible(mia);
  await mia.context().close();

  // Staff see the colleague as a recipient, invited by Lee.
  await page.goto(assessmentUrl);
  await expect(page.getByRole("rowheader", { name: new RegExp(COLLEAGUE.name) })).toContainText(
    "(invited by Lee Wong)",
  );
  await a11y.scan();

  await lee.goto("/v");
  await answerAllAndSubmit(lee);
  await lee.context().close();

  // Re-assessment on the latest version (2.3.0; a major revision since 1.0.0), started from the submitted 1.0.0 assessment:
  // the answers whose meaning the new version keeps come across for the vendor to confirm.
  await page.goto(assessmentUrl);
  await a11y.scan();
  await page.getByRole("link", { name: "Start a re-assessment" }).click();
  await expect(page.getByRole("heading", { name: "Re-assessment" })).toBeVisible();
  await expect(page.getByLabel("Questionnaire")).toHaveValue(/.+/);
  await expect(page.getByLabel("Questionnaire").locator("option:checked")).toHaveText(
    `${QUESTIONNAIRE} — 2.3.0 (latest)`,
  );
  await a11y.scan();
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  const reassessmentUrl = page.url();
  await a11y.scan();

  const again = await openLink(
    browser,
    await adminReadsLatestLink(browser, CONTACT),
    QUESTIONNAIRE,
  );
  await again.getByRole("link", { name: REASSESSED_SECTION }).click();
  await expect(again.getByRole("heading", { name: REASSESSED_SECTION, level: 1 })).toBeVisible();
  await again.locator("html[data-hydrated]").waitFor();
  const carried = again.getByText(
    /Carried over from your previous assessment — please confirm or change it/,
  );
  const count = await carried.count();
  expect(count).toBeGreaterThan(0);
  await expectAccessible(again);
  await again
    .getByRole("button", { name: /Confirm this answer/ })
    .first()
    .click();
  await expect(again.getByText("Confirmed.")).toBeVisible();
  await expect(again.locator(".save-status")).toHaveText("All changes saved.");
  // Confirmed on the server: after a reload one fewer answer asks for confirmation.
  await again.reload();
  await expect(carried).toHaveCount(count - 1);
  await expectAccessible(again);
  // Progress counts carried-over answers as "to confirm", not answered (decision 206).
  await again.goto("/v");
  const task = again.locator(".task").filter({ hasText: REASSESSED_SECTION });
  await expect(task).toContainText(`${count - 1} carried over to confirm`);
  await expect(task.locator(".task__status")).toHaveText("To confirm");
  await expect(again.locator("label[for=overall-progress]")).toContainText(
    "carried over from your previous assessment to confirm",
  );
  await expectAccessible(again);
  await again.getByRole("link", { name: REASSESSED_SECTION }).click();
  await again.locator("html[data-hydrated]").waitFor();
  await again
    .getByRole("button", { name: "Confirm all carried-over answers in this section" })
    .click();
  await expect(again.getByRole("status").first()).toContainText(
    new RegExp(`${count - 1} carried-over answers? confirmed`),
  );
  await expect(carried).toHaveCount(0);
  await expect(
    again.getByRole("button", { name: "Confirm all carried-over answers in this section" }),
  ).toHaveCount(0);
  await expectAccessible(again);
  // Each stays changeable: an edit after confirming saves as usual.
  await again
    .locator(".question:not([hidden]) input[type=radio]:not(:checked):not(:disabled)")
    .first()
    .check();
  await expect(again.locator(".save-status")).toHaveText("All changes saved.");
  await again.goto("/v");
  await expect(task.locator(".task__status")).not.toHaveText("To confirm");
  await expect(task).not.toContainText("carried over to confirm");
  // Staff see the same count of answers still to confirm.
  await page.goto(reassessmentUrl);
  await expect(page.getByText(/still to be confirmed by the vendor/)).toBeVisible();
  await a11y.scan();
  // Submission waits for the rest to be confirmed or changed.
  await again.goto("/v/check");
  await expect(
    again.getByText(/carried over from your previous assessment still need you to confirm/),
  ).toBeVisible();
  await expectAccessible(again);
  await again.getByRole("button", { name: "Submit answers" }).click();
  await expect(again.getByRole("alert").first()).toContainText(
    "Confirm or change the answer carried over",
  );
  await expectAccessible(again);
  await again.context().close();
});
