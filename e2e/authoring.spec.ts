import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addVendorWithContact } from "./helpers";

// A questionnaire written in the app (decisions 220 and 221): its own slug, vendor and contact,
// so nothing here depends on what other specs do to the shared database.
const TITLE = "Model hosting review written in e2e";
const SLUG = "e2e-model-hosting-review";
const VENDOR = "Authoring Hosting Ltd";

/** Follows a problem link by keyboard: focus it, press Enter, and expect `target` to get focus. */
async function goToProblem(page: Page, problem: RegExp) {
  const link = page.getByRole("region", { name: /to fix before publishing/ }).getByRole("link", {
    name: problem,
  });
  await link.focus();
  await page.keyboard.press("Enter");
}

test("procurement writes a questionnaire by keyboard, publishes 1.0.0, sends it, and publishes a breaking change as 2.0.0 only", async ({
  page,
  login,
  a11y,
}) => {
  test.setTimeout(240_000);
  await login("procurement");
  await page.goto("/questionnaires");
  await a11y.scan();
  await page.getByRole("link", { name: "New questionnaire" }).click();
  await a11y.scan();
  await page.getByLabel("Title").fill(TITLE);
  await page.getByLabel("Slug").fill(SLUG);
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  const problems = page.getByRole("region", { name: /to fix before publishing/ });
  await expect(problems).toContainText("a questionnaire needs a description");
  await expect(problems).toContainText("a question needs text");
  await a11y.scan();

  // Keyboard only from here to the save: each problem link leads to its field.
  await goToProblem(page, /a questionnaire needs a description/);
  const description = page.getByLabel("Description");
  await expect(description).toBeFocused();
  await page.keyboard.type("How a model hosting provider protects our prompts and weights.");
  await page.keyboard.press("Tab");
  await expect(problems).not.toContainText("a questionnaire needs a description");

  await goToProblem(page, /a question needs text/);
  await expect(page.getByLabel("Question text")).toBeFocused();
  await page.keyboard.type("Do you encrypt customer model weights at rest?");
  await page.keyboard.press("Tab");
  // The format passes now; the library rules speak next: a "no" that earns 0 opens a finding.
  await goToProblem(page, /must open a finding/);
  const noOption = page.locator("#f-sections-0-questions-0-options-1");
  await expect(noOption).toBeFocused();
  await noOption.getByLabel("This answer opens a finding").focus();
  await page.keyboard.press("Space");
  await goToProblem(page, /a finding needs a title/);
  await expect(noOption.getByLabel("Finding title")).toBeFocused();
  await page.keyboard.type("Model weights are not encrypted at rest");
  await goToProblem(page, /a finding needs remediation guidance/);
  await expect(noOption.getByLabel("Remediation guidance")).toBeFocused();
  await page.keyboard.type("Encrypt stored weights with keys the provider's staff cannot read.");
  await page.keyboard.press("Tab");
  await expect(page.getByText("No problems: this draft can be published.")).toBeVisible();
  // The condition editor explains in words; the first question has nothing to depend on.
  await expect(page.getByText("Always shown.")).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await a11y.scan();

  await page.getByRole("link", { name: "Review changes and publish" }).click();
  await expect(page.getByRole("heading", { name: "First version" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Version" })).toHaveValue("1.0.0");
  // The scoring sandbox: answers in, score, tier and findings out.
  const sandbox = page.getByRole("region", { name: "Scoring sandbox" });
  const weights = sandbox.getByLabel("Do you encrypt customer model weights at rest?");
  await weights.selectOption("yes");
  await expect(sandbox.getByRole("status")).toContainText(
    "Score 100.0 · residual tier Low · 0 findings",
  );
  await weights.selectOption("no");
  await expect(sandbox.getByRole("status")).toContainText(
    "Score 0.0 · residual tier Critical · 1 finding",
  );
  await expect(sandbox).toContainText("medium: Model weights are not encrypted at rest");
  await a11y.scan();
  await page.getByRole("button", { name: "Publish this version" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Published ${SLUG} 1.0.0`);
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(TITLE) })).toBeVisible();
  await a11y.scan();

  // The list shows it with its origin, beside the library.
  await page.goto("/questionnaires");
  const versions = page.getByRole("region", { name: `Versions of ${TITLE}` });
  await expect(versions.getByRole("rowheader", { name: "1.0.0 (latest)" })).toBeVisible();
  await expect(page.getByText(`${SLUG} · for Any supplier · Written in Assay`)).toBeVisible();
  await a11y.scan();

  // Send it to a vendor of this test's own.
  await addVendorWithContact(
    page,
    {
      name: VENDOR,
      category: "AI model / API vendor",
      dataAccess: /^Business data/,
      criticality: /^Low/,
      contact: { name: "Hosting Contact", email: "contact@authoring-hosting.example" },
    },
    a11y.scan,
  );
  const vendorId = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/assessments/new?vendorId=${vendorId}`);
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption({ label: `${TITLE} — 1.0.0 (latest)` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await expect(page.getByRole("heading", { name: `${VENDOR}: ${TITLE}` })).toBeVisible();
  await a11y.scan();

  // The next version: a breaking change (a question removed, one added).
  await page.goto("/questionnaires");
  await page
    .getByRole("region", { name: `Versions of ${TITLE}` })
    .getByRole("button", { name: `Edit as a new version of ${TITLE}` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await a11y.scan();
  const outline = page.getByRole("navigation", { name: "Outline" });
  await outline.getByRole("button", { name: "General" }).click();
  await page.getByRole("button", { name: "Add a question to this section" }).click();
  await expect(page.getByLabel("Question text")).toBeFocused();
  await page.keyboard.type("Do you separate tenants' model weights by key?");
  await goToProblem(page, /a finding needs a title/);
  await page.keyboard.type("Tenants share weight encryption keys");
  await goToProblem(page, /a finding needs remediation guidance/);
  await page.keyboard.type("Use a key per tenant.");
  await outline.getByRole("button", { name: /Do you encrypt customer model weights/ }).click();
  await page.getByRole("button", { name: "Delete question" }).click();
  await goToProblem(page, /say in one line what changed/);
  await page.keyboard.type("Encryption at rest replaced by per-tenant keys.");
  await page.keyboard.press("Tab");
  await expect(page.getByText("No problems: this draft can be published.")).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await a11y.scan();

  await page.getByRole("link", { name: "Review changes and publish" }).click();
  await expect(page.getByRole("heading", { name: "Changes since 1.0.0" })).toBeVisible();
  await expect(page.getByText('question "first-question" removed')).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Version" })).toHaveValue("2.0.0");
  await a11y.scan();
  await page.getByRole("textbox", { name: "Version" }).fill("1.1.0");
  await page.getByRole("button", { name: "Publish this version" }).click();
  const refusal = page.getByRole("region", { name: /stop this version from being published/ });
  await expect(refusal).toContainText("needs a major bump");
  await expect(refusal).toContainText("make this version 2.0.0");
  await a11y.scan();
  await page.getByRole("textbox", { name: "Version" }).fill("2.0.0");
  await page.getByRole("button", { name: "Publish this version" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Published ${SLUG} 2.0.0`);
  await a11y.scan();
  await page.goto("/questionnaires");
  const after = page.getByRole("region", { name: `Versions of ${TITLE}` });
  await expect(after.getByRole("rowheader", { name: "2.0.0 (latest)" })).toBeVisible();
  await expect(after.getByRole("rowheader", { name: "1.0.0", exact: true })).toBeVisible();
  await a11y.scan();
});
