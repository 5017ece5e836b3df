import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  addVendorWithContact,
  adminReadsLatestLink,
  answerVisibleQuestions,
  openLink,
  signIn,
} from "./helpers";

// The whole life of a questionnaire a team writes (issue's "done means"): a spreadsheet with
// problems imported into a draft (docs/decisions/232-spreadsheet-import-into-draft.md), the
// publish check shown on the import page (decision 312), fixed in the builder with a question
// moved between sections and combined conditions (decision 311), previewed as the vendor
// (decision 310), tried in the scoring sandbox, published 1.0.0 with a second person's approval
// (decision 220), sent, answered and scored; then a breaking change refused as 1.1.0, published
// as 2.0.0, and a re-assessment that carries the answers over. Its own slug, vendor and
// contact, so nothing depends on what other specs do to the shared database.
const TITLE = "GPU hosting review from a spreadsheet";
const SLUG = "e2e-journey-gpu-hosting";
const VENDOR = "Journey GPU Hosting Ltd";
const CONTACT = "security@journey-gpu-hosting.example";

// As a team writes it: its own numbering, Yes/No/N/A options, a column of its own, and no
// findings on the "No" answers (the library's rules refuse a shortfall that opens nothing).
const CSV = [
  "Row type,ID,Text,Help,Type,Required,Show if,References,Weight,Credit,Owner",
  `meta,slug,${SLUG},,,,,,,,`,
  `meta,title,${TITLE},,,,,,,,`,
  "meta,description,How a GPU hosting provider keeps tenants apart and its own staff out.,,,,,,,,",
  "section,1,Tenant isolation,,,,,,2,,",
  "question,1.1,Do you give each tenant dedicated GPUs?,,Yes/No,,,,3,,Platform team",
  "option,Yes,,,,,,,,1,",
  "option,No,,,,,,,,0,",
  "question,1.2,Describe how GPU memory is cleared between tenants.,,text,no,1.1 = No,,0,,Platform team",
  "question,1.3,Do two administrators have to agree before anyone reads tenant weights?,,Yes/No,,,,3,,Security team",
  "option,Yes,,,,,,,,1,",
  "option,No,,,,,,,,0,",
  "section,2,Operations,,,,,,1,,",
  "question,2.1,Do you keep administrator access logs for a year?,,Yes/No,,,,2,,Security team",
  "option,Yes,,,,,,,,1,",
  "option,No,,,,,,,,0,",
  "option,N/A,,,,,,,,,",
].join("\n");

const ISOLATION = "Do you give each tenant dedicated GPUs?";
const CLEARING = "Describe how GPU memory is cleared between tenants.";
const TWO_PERSON = "Do two administrators have to agree before anyone reads tenant weights?";
const LOGS = "Do you keep administrator access logs for a year?";

async function setApproval(browser: Browser, on: boolean) {
  const admin = await signIn(browser, "admin");
  await admin.goto("/admin/settings");
  const box = admin.getByLabel(/needs a second person.s approval/);
  if (on) await box.check();
  else await box.uncheck();
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByRole("status").first()).toContainText("Settings saved.");
  await admin.context().close();
}

/** Opens the finding of a zero-credit option (focused by a problem link) and words it. */
async function addFinding(page: Page, optionId: string, title: string, remediation: string) {
  const option = page.locator(`#${optionId}`);
  await expect(option).toBeFocused();
  await option.getByLabel("This answer opens a finding").check();
  await option.getByLabel("Finding title").fill(title);
  await option.getByLabel("Remediation guidance").fill(remediation);
  await option.getByLabel("Remediation guidance").blur();
}

/** Follows a problem link of the builder's list. */
async function goToProblem(page: Page, problem: RegExp) {
  await page
    .getByRole("region", { name: /to fix before publishing/ })
    .getByRole("link", { name: problem })
    .click();
}

test("a team imports a spreadsheet, fixes it in the builder, previews, publishes with approval, scores an answer and carries it into 2.0.0", async ({
  page,
  login,
  a11y,
  browser,
}) => {
  test.setTimeout(420_000);
  await login("procurement");

  // Import: the file reads, and the check publishing runs lists what is left, each at its place.
  await page.goto("/questionnaires/drafts/import");
  await a11y.scan();
  await page.getByLabel("File").setInputFiles({
    name: "gpu-hosting.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(CSV),
  });
  await page.getByRole("button", { name: "Import into a draft" }).click();
  await expect(page.getByRole("heading", { name: `Draft created: ${TITLE}` })).toBeVisible();
  const rules = page.getByRole("region", { name: /Checks publishing runs/ });
  await expect(rules.getByRole("heading")).toHaveText("Checks publishing runs (3 problems)");
  await expect(rules).toContainText('"q-1-1": an answer that earns 0');
  await expect(page.getByRole("status")).toContainText("3 problem(s) of the library's rules");
  const notes = page.getByRole("region", { name: /What the import changed/ });
  await expect(notes).toContainText('the column "Owner" is not part of the questionnaire format');
  await a11y.scan();

  // Each place opens the builder at its field.
  await rules
    .getByRole("link", { name: 'section "Tenant isolation", question "q-1-1" (options[1])' })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  const draftPath = new URL(page.url()).pathname;
  await addFinding(
    page,
    "f-sections-0-questions-0-options-1",
    "Tenants share GPUs",
    "Give each tenant dedicated GPUs or clear memory between tenants.",
  );
  await goToProblem(page, /"q-1-3": an answer that earns 0/);
  await addFinding(
    page,
    "f-sections-0-questions-2-options-1",
    "One administrator alone can read tenant weights",
    "Require a second administrator's approval for any access to tenant weights.",
  );
  await goToProblem(page, /"q-2-1": an answer that earns 0/);
  await addFinding(
    page,
    "f-sections-1-questions-0-options-1",
    "Administrator access is not logged for a year",
    "Keep administrator access logs for at least a year.",
  );
  await expect(page.getByText("No problems: this draft can be published.")).toBeVisible();
  await a11y.scan();

  // The two-person question belongs under Operations: moved there by keyboard.
  const outline = page.getByRole("navigation", { name: "Outline" });
  await outline.getByRole("button", { name: TWO_PERSON }).click();
  const moveTo = page.getByRole("group", { name: "Move this question to another section" });
  await moveTo.getByLabel("Section").selectOption({ label: "Operations" });
  await moveTo.getByRole("button", { name: "Move to that section" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Question text")).toBeFocused();
  await expect(page.getByLabel("Question text")).toHaveValue(TWO_PERSON);
  const operations = outline.getByRole("listitem").filter({ hasText: "Operations" });
  await expect(operations.getByRole("button", { name: TWO_PERSON })).toBeVisible();
  const isolation = outline.getByRole("listitem").filter({ hasText: "Tenant isolation" });
  await expect(isolation.getByRole("button", { name: TWO_PERSON })).toHaveCount(0);

  // Asked only when tenants have dedicated GPUs and the logs are kept: an "all" condition.
  const when = page.getByRole("group", { name: "When to show this question" });
  await when.getByLabel("Condition", { exact: true }).selectOption({
    label: "When all of several conditions hold",
  });
  await when.getByRole("button", { name: "Add a condition that must also hold" }).click();
  const second = when.getByRole("group", { name: "Condition 2 of 2" });
  await second.getByLabel("Earlier question").selectOption({ label: LOGS });
  await second.getByLabel("Answer").selectOption({ label: "Yes" });
  const sentence = when.locator("p[aria-live]").last();
  await expect(sentence).toContainText("Shown only when both");
  await expect(sentence).toContainText(ISOLATION);
  await expect(sentence).toContainText(LOGS);
  await a11y.scan();

  // The clearing question: "not" wraps the imported condition, then asks about "Yes".
  await outline.getByRole("button", { name: CLEARING }).click();
  const clearing = page.getByRole("group", { name: "When to show this question" });
  await clearing.getByLabel("Condition", { exact: true }).selectOption({
    label: "When not: a condition does not hold",
  });
  const inner = clearing.getByRole("group", { name: "The condition that must not hold" });
  await inner.getByLabel("Answer").selectOption({ label: "Yes" });
  await expect(clearing.locator("p[aria-live]").last()).toContainText(
    `Shown only when “${ISOLATION}” is answered with something other than “Yes”`,
  );
  await expect(page.getByText("No problems: this draft can be published.")).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await a11y.scan();

  // Preview as the vendor: the vendor's controls, conditions working, nothing saved.
  await page.getByRole("link", { name: /Preview as the vendor/ }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: /Preview as the vendor/ }),
  ).toBeVisible();
  // Rendered by the server too: the fixture fails on any hydration mismatch.
  await page.reload();
  await page.locator("html[data-hydrated]").waitFor();
  await expect(page.getByRole("heading", { level: 2, name: "Tenant isolation" })).toBeVisible();
  await expect(page.getByText("Section 1 of 2")).toBeVisible();
  const gpus = page.getByRole("group", { name: ISOLATION });
  // As on the vendor's page: "answered with something other than Yes" waits for an answer.
  await expect(page.getByLabel(`${CLEARING} (optional)`)).toBeHidden();
  await a11y.scan();
  await gpus.getByRole("radio", { name: "Yes" }).check();
  await expect(page.getByLabel(`${CLEARING} (optional)`)).toBeHidden();
  await gpus.getByRole("radio", { name: "No" }).check();
  await expect(page.getByLabel(`${CLEARING} (optional)`)).toBeVisible();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("In the preview nothing is saved.")).toBeVisible();
  await page.getByRole("link", { name: "Next section: Operations" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Operations" })).toBeVisible();
  await page.getByRole("group", { name: LOGS }).getByRole("radio", { name: "Yes" }).check();
  // Dedicated GPUs were answered "No" in the first section: the two-person question stays hidden.
  await expect(page.getByRole("group", { name: TWO_PERSON })).toBeHidden();
  await a11y.scan();
  await page.getByRole("link", { name: "Previous section: Tenant isolation" }).click();
  await page.getByRole("group", { name: ISOLATION }).getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("link", { name: "Next section: Operations" }).click();
  await expect(page.getByRole("group", { name: TWO_PERSON })).toBeVisible();

  // The sandbox: the real engine's score for answers tried here.
  // A document load: the builder's server render hydrates (the fixture fails on a mismatch).
  await page.goto(draftPath);
  await page.locator("html[data-hydrated]").waitFor();
  await page.getByRole("link", { name: "Review changes and publish" }).click();
  await expect(page.getByRole("heading", { name: "First version" })).toBeVisible();
  const sandbox = page.getByRole("region", { name: "Scoring sandbox" });
  await sandbox.getByLabel(ISOLATION).selectOption("yes");
  await sandbox.getByLabel(LOGS).selectOption("yes");
  await sandbox.getByLabel(TWO_PERSON).selectOption("no");
  await expect(sandbox.getByRole("status")).toContainText("1 finding");
  await expect(sandbox).toContainText("One administrator alone can read tenant weights");
  await sandbox.getByLabel(TWO_PERSON).selectOption("yes");
  await expect(sandbox.getByRole("status")).toContainText("Score 100.0");
  await a11y.scan();

  // Publishing needs a second person: procurement asks, the admin approves.
  const publishPath = new URL(page.url()).pathname;
  await setApproval(browser, true);
  try {
    await page.reload();
    await expect(page.getByRole("textbox", { name: "Version" })).toHaveValue("1.0.0");
    await page.getByRole("button", { name: "Ask to publish" }).click();
    await expect(page.getByRole("status").first()).toContainText("Publishing requested");
    await expect(
      page.getByText("You asked to publish 1.0.0; another author must approve it."),
    ).toBeVisible();
    // Asking again does not publish it: the same person cannot approve.
    await page.getByRole("button", { name: "Ask to publish" }).click();
    await expect(page.getByRole("alert").first()).toContainText(
      "someone else must approve your request",
    );
    await a11y.scan();

    const admin = await signIn(browser, "admin");
    await admin.goto(publishPath);
    await expect(
      admin.getByText("Publishing 1.0.0 was requested: publishing it now approves it."),
    ).toBeVisible();
    await admin.getByRole("button", { name: "Publish this version" }).click();
    await expect(admin.getByRole("status").first()).toContainText(`Published ${SLUG} 1.0.0`);
    // Recorded in the audit log: who asked and who approved.
    await admin.goto("/admin/audit?action=questionnaire.version_published");
    const row = admin.getByRole("row").filter({ hasText: `${SLUG}@1.0.0` });
    await expect(row).toContainText("Ada Admin");
    await expect(row).toContainText("Priya Procurement");
    await admin.context().close();
  } finally {
    await setApproval(browser, false);
  }

  // Send it to a vendor of this test's own.
  await addVendorWithContact(
    page,
    {
      name: VENDOR,
      category: "AI model / API vendor",
      dataAccess: /^Business data/,
      criticality: /^Low/,
      contact: { name: "Journey Contact", email: CONTACT },
    },
    a11y.scan,
  );
  const vendorId = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/assessments/new?vendorId=${vendorId}`);
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption({ label: `${TITLE} — 1.0.0 (latest)` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  const assessmentPath = new URL(page.url()).pathname;
  await a11y.scan();

  // The vendor answers "Yes" everywhere and submits.
  const vendor = await openLink(browser, await adminReadsLatestLink(browser, CONTACT), TITLE);
  await answerSections(vendor);
  await vendor.context().close();

  // Scored by the engine: every scored answer earns full credit.
  await page.goto(assessmentPath);
  await page.getByRole("link", { name: "Score", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Score: ${VENDOR}`, level: 1 })).toBeVisible();
  await expect(page.locator(".score-figure")).toHaveText("100.0");
  await a11y.scan();

  // The next version drops the clearing question: a breaking change.
  await page.goto("/questionnaires");
  await a11y.scan();
  await page
    .getByRole("region", { name: `Versions of ${TITLE}` })
    .getByRole("button", { name: `Edit as a new version of ${TITLE}` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await page
    .getByRole("navigation", { name: "Outline" })
    .getByRole("button", { name: CLEARING })
    .click();
  await page.getByRole("button", { name: "Delete question" }).click();
  await goToProblem(page, /say in one line what changed/);
  await page.keyboard.type("The memory-clearing question is gone; dedicated GPUs are asked for.");
  await page.keyboard.press("Tab");
  await expect(page.getByText("No problems: this draft can be published.")).toBeVisible();
  await a11y.scan();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await page.getByRole("link", { name: "Review changes and publish" }).click();
  await expect(page.getByText(`question "q-1-2" removed`)).toBeVisible();
  await a11y.scan();
  await page.getByRole("textbox", { name: "Version" }).fill("1.1.0");
  await page.getByRole("button", { name: "Publish this version" }).click();
  await expect(
    page.getByRole("region", { name: /stop this version from being published/ }),
  ).toContainText("needs a major bump");
  await page.getByRole("textbox", { name: "Version" }).fill("2.0.0");
  await page.getByRole("button", { name: "Publish this version" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Published ${SLUG} 2.0.0`);
  await a11y.scan();

  // A re-assessment on 2.0.0 carries the answers over for the vendor to confirm.
  await page.goto(assessmentPath);
  await page.getByRole("link", { name: "Start a re-assessment" }).click();
  await expect(page.getByLabel("Questionnaire").locator("option:checked")).toHaveText(
    `${TITLE} — 2.0.0 (latest)`,
  );
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await a11y.scan();
  const again = await openLink(browser, await adminReadsLatestLink(browser, CONTACT), TITLE);
  await again.getByRole("link", { name: "Operations" }).click();
  await again.locator("html[data-hydrated]").waitFor();
  await expect(
    again.getByText(/Carried over from your previous assessment — please confirm or change it/),
  ).toHaveCount(2);
  await expect(
    again.getByRole("group", { name: TWO_PERSON }).getByRole("radio", { name: "Yes" }),
  ).toBeChecked();
  await again.context().close();
});

/** As the vendor: every section answered with the first choice ("Yes"), then submitted. */
async function answerSections(vendor: Page) {
  for (const section of ["Tenant isolation", "Operations"]) {
    await vendor.goto("/v");
    await vendor.getByRole("link", { name: section }).click();
    await expect(vendor.getByRole("heading", { level: 1, name: section })).toBeVisible();
    const path = new URL(vendor.url()).pathname;
    await answerVisibleQuestions(vendor);
    await vendor.getByRole("button", { name: /Save and (continue|check your answers)/ }).click();
    await expect(vendor).not.toHaveURL(new RegExp(`${path}$`));
  }
  await vendor.goto("/v/check");
  await vendor.getByRole("button", { name: "Submit answers" }).click();
  await expect(vendor.getByRole("status").first()).toContainText("Your answers were submitted");
}
