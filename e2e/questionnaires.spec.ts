import { expect, test } from "./fixtures";

test("staff browse the library, preview a version as vendors see it, and see what changed", async ({
  page,
  login,
  a11y,
}) => {
  await login("risk_officer");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Questionnaires" })
    .click();
  await expect(page.getByRole("heading", { name: "Questionnaires", level: 1 })).toBeVisible();
  for (const title of [
    "AI model and API vendor security assessment",
    "Cloud AI training and inference infrastructure assessment",
    "Training data and labelling supplier assessment",
  ]) {
    await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
  }
  const modelVendor = page.getByRole("region", {
    name: "Versions of AI model and API vendor security assessment",
  });
  await expect(modelVendor.getByRole("rowheader", { name: "2.3.0 (latest)" })).toBeVisible();
  await expect(modelVendor.getByRole("rowheader", { name: "2.0.0", exact: true })).toBeVisible();
  await expect(modelVendor.getByRole("rowheader", { name: "1.1.0", exact: true })).toBeVisible();
  await expect(modelVendor.getByRole("rowheader", { name: "1.0.0", exact: true })).toBeVisible();
  await a11y.scan();

  // Preview: read-only controls, conditions explained, scoring for staff.
  await modelVendor.getByRole("link", { name: "Preview version 1.1.0" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: /AI model and API vendor security assessment/ }),
  ).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: "Independent assurance" }),
  ).toBeVisible();
  const attestations = page.getByRole("group", {
    name: /Which current independent certifications/,
  });
  await expect(
    attestations.getByRole("checkbox", { name: "ISO/IEC 42001 certificate" }),
  ).toBeDisabled();
  await expect(page.getByText(/^Shown only when /).first()).toBeVisible();
  const scoring = page
    .locator("#question-ai-service-attestations")
    .getByText(/Scoring \(staff only\)/);
  await scoring.click();
  await expect(
    page
      .locator("#question-ai-service-attestations")
      .getByRole("cell", { name: /High: No independent assurance/ }),
  ).toBeVisible();
  await a11y.scan();

  // Diff 1.0.0 → 1.1.0.
  await page.goto("/questionnaires");
  await page
    .getByRole("region", { name: "Versions of AI model and API vendor security assessment" })
    .getByRole("link", { name: "Changes since 1.0.0" })
    .click();
  await expect(page.getByText("These changes need at least a minor version bump.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Questions added (3)" })).toBeVisible();
  const changed = page.getByRole("region", { name: /Questions changed/ });
  await expect(changed.getByText("weight").first()).toBeVisible();
  await a11y.scan();

  // Comparing a version with itself shows no changes.
  await page.getByLabel("From version").selectOption("1.1.0");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByText("No changes.")).toBeVisible();
  await a11y.scan();
});

test("an admin exports a version to XLSX and imports it back: it validates and matches", async ({
  page,
  login,
  a11y,
}, testInfo) => {
  await login("admin");
  await page.goto("/questionnaires/ai-model-vendor/1.1.0");
  await a11y.scan();
  const [full] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download with scoring (XLSX, re-importable)" }).click(),
  ]);
  expect(full.suggestedFilename()).toBe("ai-model-vendor-1.1.0-with-scoring.xlsx");
  const fullPath = testInfo.outputPath(full.suggestedFilename());
  await full.saveAs(fullPath);
  const [vendorCopy] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download for vendors (XLSX, no scoring)" }).click(),
  ]);
  const vendorPath = testInfo.outputPath(vendorCopy.suggestedFilename());
  await vendorCopy.saveAs(vendorPath);

  await page.goto("/questionnaires");
  await a11y.scan();
  await page.getByRole("link", { name: "Import a questionnaire from a spreadsheet" }).click();
  await a11y.scan();
  await page.getByLabel("Spreadsheet").setInputFiles(fullPath);
  await page.getByRole("button", { name: "Check the spreadsheet" }).click();
  await expect(
    page.getByRole("heading", {
      name: "AI model and API vendor security assessment 1.1.0 is valid",
    }),
  ).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "questions in" })).toContainText(
    "questionnaires/ai-model-vendor/1.1.0.yaml",
  );
  await a11y.scan();

  // The vendor copy has no scoring, so it cannot become a version: the page says why.
  await page.getByLabel("Spreadsheet").setInputFiles(vendorPath);
  await page.getByRole("button", { name: "Check the spreadsheet" }).click();
  await expect(page.getByRole("heading", { name: /Problems to fix/ })).toBeVisible();
  await a11y.scan();
});
