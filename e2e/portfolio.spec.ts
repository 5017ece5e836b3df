// The risk officer's portfolio journey on the seeded demo assessments: filter the dashboard
// and follow a number to its list, compare three vendors (two versions of one
// questionnaire), download the comparison as XLSX, and open a vendor's trend.
import ExcelJS from "exceljs";
import { expect, test } from "./fixtures";

const QUESTIONNAIRE = "AI model and API vendor security assessment";
const THREE = ["Northwind Models", "Quill Translate API", "Lumen Speech AI"];

test("a risk officer filters the dashboard, compares three vendors, downloads the comparison and opens a trend", async ({
  page,
  login,
  a11y,
}, testInfo) => {
  test.setTimeout(180_000);
  await login("risk_officer");

  // The dashboard, filtered to AI model vendors on the AI model questionnaire.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Dashboard" })
    .click();
  await expect(page.getByRole("heading", { name: "Portfolio dashboard", level: 1 })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await expect(
    page.getByRole("img", { name: /Bar chart of \d+ vendors by current overall score/ }),
  ).toBeVisible();
  await a11y.scan();
  await page.getByLabel("Vendor category").selectOption({ label: "AI model / API vendor" });
  await page.getByLabel("Questionnaire").selectOption({ label: QUESTIONNAIRE });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/category=model_api/);
  await expect(page).toHaveURL(/questionnaire=ai-model-vendor/);
  const assessed = page.getByRole("link", { name: "3: vendors with a submitted assessment" });
  await expect(assessed).toBeVisible();
  const ratings = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Risk rating" }) });
  const rated = (await ratings.locator("tbody td").allInnerTexts()).map(Number);
  expect(rated.reduce((a, b) => a + b, 0)).toBe(3);
  await a11y.scan();

  // The number links to the list behind it, with the same filters.
  await assessed.click();
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("3 assessments");
  for (const vendor of THREE)
    await expect(page.getByRole("rowheader", { name: vendor })).toBeVisible();
  await a11y.scan();

  // A bad filter is refused with a message, not silently dropped.
  const bad = await page.goto("/dashboard?tier=Severe");
  expect(bad?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText(
    "tier must be one of Low, Medium, High, Critical",
  );
  await a11y.scan();

  // Compare the three: two on 1.1.0, one on 1.0.0.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Compare" })
    .click();
  await expect(page.getByRole("heading", { name: "Compare vendors", level: 1 })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption("ai-model-vendor");
  await page.getByRole("button", { name: "Show vendors" }).click();
  for (const vendor of THREE) await page.getByLabel(new RegExp(`^${vendor}`)).check();
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.getByRole("heading", { name: /: 3 vendors$/ })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  const overview = page.getByRole("region", { name: "Overview of the compared vendors" });
  for (const vendor of THREE)
    await expect(overview.getByRole("columnheader", { name: new RegExp(vendor) })).toBeVisible();
  await expect(
    page.getByText(/These assessments use versions (1\.0\.0, 1\.1\.0|1\.1\.0, 1\.0\.0)\./),
  ).toBeVisible();
  const questions = page.getByRole("region", { name: "Answers question by question" });
  await expect(questions.getByText("Not in version 1.0.0").first()).toBeVisible();
  await a11y.scan();

  // The comparison downloads as XLSX and opens in a spreadsheet library.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(".export-links").getByRole("link", { name: "XLSX" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^vendor-comparison-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  expect(headers).toEqual(
    expect.arrayContaining(["Northwind Models (1.1.0)", "Lumen Speech AI (1.0.0)"]),
  );
  expect(sheet.rowCount).toBeGreaterThan(20);

  // Northwind over time: two assessments, a chart with a table, and what changed.
  await page.goto("/vendors");
  await a11y.scan();
  await page.getByRole("link", { name: "Northwind Models" }).click();
  await a11y.scan();
  await page.getByRole("link", { name: "Scores over time" }).click();
  await expect(
    page.getByRole("heading", { name: "Trend: Northwind Models", level: 1 }),
  ).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await expect(
    page.getByRole("img", { name: /Line chart of 2 submitted assessments/ }),
  ).toBeVisible();
  await expect(page.locator("#trend-table tbody tr")).toHaveCount(2);
  await expect(page.getByRole("status")).toContainText("3 new");
  await expect(
    page
      .getByRole("region", { name: "Changed answers" })
      .getByRole("cell", { name: "Better" })
      .first(),
  ).toBeVisible();
  await a11y.scan();
});
