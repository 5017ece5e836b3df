import { expect, expectAccessible, test } from "./fixtures";
import {
  adminReadsLatestLink,
  chooseVendor,
  answerEverySectionAndSubmit,
  openLink,
  signIn,
} from "./helpers";

// Not LabelWorks: the assessment journey sends to that vendor, and each journey reads the
// newest mail to its own contact.
const VENDOR = "Cirrus GPU Cloud";
const CONTACT = "ines.moreau@cirrus-gpu.example";
const QUESTIONNAIRE = "Training data and labelling supplier assessment";

test("staff see a provisional score while the vendor answers, then a risk officer reads why the submitted assessment scored as it did", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(240_000);

  // Procurement sends the assessment and previews its score before any answer arrives.
  const procurement = await signIn(browser, "procurement");
  await procurement.goto("/assessments/new");
  await chooseVendor(procurement, VENDOR);
  await procurement
    .getByLabel("Questionnaire")
    .selectOption({ label: `${QUESTIONNAIRE} — 1.0.0 (latest)` });
  await procurement.getByRole("button", { name: "Send assessment" }).click();
  await expect(
    procurement.getByRole("heading", { name: `${VENDOR}: ${QUESTIONNAIRE}` }),
  ).toBeVisible();
  const assessmentPath = new URL(procurement.url()).pathname;
  await procurement.getByRole("link", { name: "Provisional score" }).click();
  await expect(
    procurement.getByRole("heading", { name: `Provisional score: ${VENDOR}`, level: 1 }),
  ).toBeVisible();
  await expect(procurement.getByText("Provisional: not submitted.")).toBeVisible();
  await expect(procurement.locator(".score-figure")).toHaveText("0.0");
  await expectAccessible(procurement);
  await procurement.context().close();

  // The vendor answers everything and submits.
  const vendor = await openLink(
    browser,
    await adminReadsLatestLink(browser, CONTACT),
    QUESTIONNAIRE,
  );
  await answerEverySectionAndSubmit(vendor);
  // Vendors never see a score: not after submitting, and not at the staff address either.
  await expect(vendor.getByText(/score/i)).toHaveCount(0);
  await vendor.goto(`${assessmentPath}/result`);
  await expect(vendor).toHaveURL(/\/login\?redirectTo=/);
  await vendor.context().close();

  // A risk officer opens the assessment, then its score.
  await login("risk_officer");
  await page.goto(assessmentPath);
  await a11y.scan();
  await page.getByRole("link", { name: "Score", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Score: ${VENDOR}`, level: 1 })).toBeVisible();
  await expect(page.getByText("Provisional: not submitted.")).toHaveCount(0);
  await expect(page.locator(".score-figure")).toHaveText(/^\d{1,3}\.\d$/);
  const overview = page.getByRole("region", { name: "Overview", exact: true });
  // Cirrus handles confidential data at high criticality: inherent High.
  await expect(overview.getByRole("definition").nth(2)).toContainText("High");
  await expect(overview.getByText(/Residual tier/)).toBeVisible();
  await expect(overview.getByText(/Risk rating/)).toBeVisible();
  // The rating is explained by its cell of the 4×4 matrix (docs/decisions/273-risk-matrix-explained.md).
  await overview.getByText("How the risk rating is found").click();
  const matrix = overview.getByRole("table");
  await expect(matrix.getByRole("columnheader")).toHaveCount(4);
  await expect(matrix.getByRole("cell").filter({ hasText: "this assessment" })).toHaveCount(1);

  const sections = page.getByRole("region", { name: "Table of section scores" });
  expect(await sections.getByRole("row").count()).toBeGreaterThan(3);
  await expect(sections.getByRole("rowheader", { name: "Overall" })).toBeVisible();

  const why = page.getByRole("region", { name: "Table of questions by points lost" });
  const rows = why.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(5);
  // Sorted by the points each question lost, most first.
  const lost = (await why.locator("tbody tr td:nth-child(4)").allInnerTexts()).map(Number);
  expect(lost).toEqual([...lost].sort((a, b) => b - a));
  // Each row shows the answer in words, the rule that applied and the references.
  await expect(rows.first().locator("td").nth(0)).not.toBeEmpty();
  await expect(rows.first().locator("td").nth(1)).not.toBeEmpty();
  await expect(why.locator(".references code").first()).toHaveText(/^[A-Z][A-Z-]+:\S+$/);
  await a11y.scan();
});
