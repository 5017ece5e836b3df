// The risk officer's portfolio journey on the seeded demo assessments: filter the dashboard
// and follow a number to its list, compare three vendors (two versions of one
// questionnaire) found with the picker's search, download the comparison as XLSX, remove one,
// and open a vendor's trend.
import { test as baseTest } from "@playwright/test";
import ExcelJS from "exceljs";
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { demoUser, expect, test } from "./fixtures";

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

  // The number links to the list behind it, with the same filters, as a navigation in the
  // page (decision 419: a plain anchor and the figures' one listener).
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await assessed.click();
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
  ).toBe(true);
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

  // Compare the three: two on 2.3.0, one on 2.2.0. The header's links navigate in the page
  // once hydrated (decision 432: a marker set on the window survives) and mark the current one.
  const mainNav = page.getByRole("navigation", { name: "Main" });
  await page.locator("html[data-hydrated]").waitFor();
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await mainNav.getByRole("link", { name: "Compare" }).click();
  await expect(page.getByRole("heading", { name: "Compare vendors", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect(mainNav.getByRole("link", { name: "Compare" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(mainNav.getByRole("link", { name: "Dashboard" })).not.toHaveAttribute(
    "aria-current",
  );
  await page.locator("html[data-hydrated]").waitFor();
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption("ai-model-vendor");
  await page.getByRole("button", { name: "Show vendors" }).click();
  const picker = page.getByRole("region", { name: "Vendors to compare" });
  const chosenCount = picker.getByRole("status").first();
  await expect(chosenCount).toHaveText(/None chosen yet/);
  await expect(picker.getByRole("status").nth(1)).toHaveText("3 vendors");
  await a11y.scan();
  // Search each by part of its name and add it from the results; the link keeps focus and
  // turns into its "Remove" link, and the count of chosen vendors is announced.
  const search = picker.getByRole("search", { name: "Find vendors" });
  const results = picker.getByRole("list", { name: "Find vendors" });
  for (const [i, vendor] of THREE.entries()) {
    const part = vendor.split(" ")[0]!.toLowerCase();
    await search.getByLabel("Vendor name").fill(part);
    await search.getByRole("button", { name: "Search" }).click();
    await expect(picker.getByRole("status").nth(1)).toHaveText(`1 vendor matching “${part}”`);
    await results.getByRole("link", { name: `Add ${vendor}` }).click();
    await expect(results.getByRole("link", { name: `Remove ${vendor}` })).toBeFocused();
    await expect(chosenCount).toHaveText(
      i === 0 ? "1 chosen: add at least 1 more to compare." : `${i + 1} chosen (at most 10).`,
    );
  }
  await expect(
    picker.getByRole("list", { name: "Chosen vendors" }).getByRole("listitem"),
  ).toHaveCount(3);
  await expect(page.getByRole("heading", { name: /: 3 vendors$/ })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  const overview = page.getByRole("region", { name: "Overview of the compared vendors" });
  for (const vendor of THREE)
    await expect(overview.getByRole("columnheader", { name: new RegExp(vendor) })).toBeVisible();
  // Northwind is on 2.3.0 and Lumen on 2.2.0; Quill's latest may be a journey's own (the
  // collaboration journey submits a 1.0.0 for Quill in the shared database), so it is not named.
  const versionsNote = page.getByText(/These assessments use versions /);
  await expect(versionsNote).toContainText("2.3.0");
  await expect(versionsNote).toContainText("2.2.0");
  // The question table shows one section at a time, the first by default, with a list of the
  // sections whose links keep the chosen vendors (decision 390).
  const sections = page.getByRole("navigation", { name: "Sections of the questionnaire" });
  // (Nine sections in 2.3.0; a 1.0.0 of Quill's from another journey would add its own.)
  await expect(sections.getByRole("link").nth(8)).toBeVisible();
  const current = sections.locator('[aria-current="page"]');
  await expect(current).toHaveText(/^Independent assurance · /);
  await expect(
    page.getByRole("heading", { name: "Independent assurance", level: 4 }),
  ).toBeVisible();
  const questions = page.getByRole("region", { name: "Answers question by question" });
  // Its link says how many questions it has ("3 of 5 differ", "all 5 differ"): one row each.
  const inFirst = Number((await current.textContent())!.match(/(?:of|all) (\d+) differs?$/)![1]);
  expect(inFirst).toBeGreaterThanOrEqual(5);
  await expect(questions.locator("tbody tr")).toHaveCount(inFirst);
  await expect(questions.getByText("tool-execution-scope")).toHaveCount(0);
  const threeVendors = new URL(page.url()).searchParams.getAll("vendor");
  expect(threeVendors).toHaveLength(3);
  // 2.3.0 added "Output, tools and accuracy": Lumen, on 2.2.0, has none of its questions.
  await sections.getByRole("link", { name: /^Output, tools and accuracy · / }).click();
  await expect(page).toHaveURL(/[?&]section=application-risks(&|#|$)/);
  expect(new URL(page.url()).searchParams.getAll("vendor")).toEqual(threeVendors);
  await expect(
    sections.getByRole("link", { name: /^Output, tools and accuracy · / }),
  ).toHaveAttribute("aria-current", "page");
  await expect(questions.locator("tbody tr")).toHaveCount(4);
  await expect(questions.getByText("tool-execution-scope")).toBeVisible();
  await expect(questions.getByText("Not in version 2.2.0").first()).toBeVisible();
  await a11y.scan();
  // Only the questions where answers differ, within the shown section: all four here.
  await page.getByLabel("Only questions where answers differ").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]differ=1(&|#|$)/);
  await expect(page).toHaveURL(/[?&]section=application-risks(&|#|$)/);
  expect(new URL(page.url()).searchParams.getAll("vendor")).toEqual(threeVendors);
  await expect(page.getByLabel("Only questions where answers differ")).toBeChecked();
  await expect(questions.locator("tbody tr")).toHaveCount(4);
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
    expect.arrayContaining(["Northwind Models (2.3.0)", "Lumen Speech AI (2.2.0)"]),
  );
  expect(sheet.rowCount).toBeGreaterThan(20);

  // Removing one from the chosen list compares the other two.
  await picker
    .getByRole("list", { name: "Chosen vendors" })
    .getByRole("link", { name: "Remove Quill Translate API" })
    .click();
  await expect(page.getByRole("heading", { name: /: 2 vendors$/ })).toBeVisible();
  await expect(chosenCount).toHaveText("2 chosen (at most 10).");
  await expect(overview.getByRole("columnheader", { name: /Quill Translate API/ })).toHaveCount(0);
  await a11y.scan();
  // Each column's vendor links to its scored result, in the page (decision 430).
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await overview.getByRole("link", { name: "Northwind Models" }).click();
  await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}\/result$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Northwind Models");
  expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await a11y.scan();

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
  // 2.3.0 added eleven questions (evidence behind knockout claims, and OWASP LLM05/06/07/09).
  await expect(page.getByRole("status")).toContainText("11 new");
  await expect(
    page
      .getByRole("region", { name: "Changed answers" })
      .getByRole("cell", { name: "Better" })
      .first(),
  ).toBeVisible();
  await a11y.scan();
});

// Without JavaScript the same server-rendered pages must work as plain GET forms and links.
// Playwright's base test, not the fixtures': axe runs as JavaScript in the page, so it cannot
// scan here; these are the markup the journey above scans with JavaScript on.
baseTest.describe("without JavaScript", () => {
  baseTest.use({ javaScriptEnabled: false });

  baseTest("the compare picker works as plain GET forms and links", async ({ page }) => {
    const user = demoUser("risk_officer");
    await page.goto("/login");
    await page.getByLabel("Email address").fill(user.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();

    await page.goto("/compare");
    await page.getByLabel("Questionnaire").selectOption("ai-model-vendor");
    await page.getByRole("button", { name: "Show vendors" }).click();
    await expect(page).toHaveURL(/\/compare\?questionnaire=ai-model-vendor$/);
    const picker = page.getByRole("region", { name: "Vendors to compare" });
    const results = picker.getByRole("list", { name: "Find vendors" });
    for (const part of ["north", "lumen"]) {
      await picker.getByLabel("Vendor name").fill(part);
      await picker.getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(new RegExp(`q=${part}`));
      await results.getByRole("link", { name: /^Add / }).click();
    }
    await expect(page.getByRole("heading", { name: /: 2 vendors$/ })).toBeVisible();
    await expect(
      picker.getByRole("list", { name: "Chosen vendors" }).getByRole("listitem"),
    ).toHaveText([/^Northwind Models/, /^Lumen Speech AI/]);
    // The sections and the differ filter work as links and a GET form too (decision 390).
    const sections = page.getByRole("navigation", { name: "Sections of the questionnaire" });
    await expect(sections.locator('[aria-current="page"]')).toHaveText(/^Independent assurance/);
    await sections.getByRole("link", { name: /^Output, tools and accuracy · / }).click();
    await expect(page).toHaveURL(/[?&]section=application-risks(&|#|$)/);
    const questions = page.getByRole("region", { name: "Answers question by question" });
    await expect(questions.getByText("tool-execution-scope")).toBeVisible();
    await page.getByLabel("Only questions where answers differ").check();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/[?&]differ=1(&|#|$)/);
    await expect(page).toHaveURL(/[?&]section=application-risks(&|#|$)/);
    await expect(page.getByLabel("Only questions where answers differ")).toBeChecked();
    await expect(page.getByRole("heading", { name: /: 2 vendors$/ })).toBeVisible();
    await expect(questions.getByText("tool-execution-scope")).toBeVisible();
    await picker
      .getByRole("list", { name: "Chosen vendors" })
      .getByRole("link", { name: "Remove Northwind Models" })
      .click();
    await expect(picker.getByRole("status").first()).toHaveText(
      "1 chosen: add at least 1 more to compare.",
    );
    await expect(page.getByRole("heading", { name: /: \d+ vendors$/ })).toHaveCount(0);
  });
});
