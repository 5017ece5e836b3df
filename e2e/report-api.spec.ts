// Reports and API (docs/decisions/070 and 071): an admin makes an API token (shown once), reads the
// API with it, revokes it and is refused; a risk officer opens the printable report of a submitted
// assessment and downloads its PDF.
import { expect, expectAccessible, test } from "./fixtures";
import {
  adminReadsLatestLink,
  chooseVendor,
  answerEverySectionAndSubmit,
  openLink,
  signIn,
} from "./helpers";

// Not a vendor the other journeys send to: each reads the newest mail to its own contact.
const VENDOR = "Quill Translate API";
const CONTACT = "lee.wong@quill-translate.example";
const QUESTIONNAIRE = "Training data and labelling supplier assessment";

test("an admin creates an API token, reads the API with it once, revokes it and is refused", async ({
  page,
  login,
  a11y,
}) => {
  // Two cores shared with the server and the browser: axe scans alone take seconds each.
  test.setTimeout(150_000);
  await login("admin");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "API tokens" })
    .click();
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await a11y.scan();

  const name = `E2E sync ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("heading", { name: `Token “${name}” created` })).toBeVisible();
  await expect(page.getByText("Copy it now: it will not be shown again.")).toBeVisible();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^assay_[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row.getByRole("cell").first()).toHaveText(`${token.slice(0, 12)}…`);
  await a11y.scan();

  // The API, as a server would call it: a bearer token and no cookies.
  const api = await page.request.get("/api/v1/vendors?limit=2", {
    headers: { Authorization: `Bearer ${token}`, Cookie: "" },
  });
  expect(api.status()).toBe(200);
  expect(api.headers()["content-type"]).toMatch(/^application\/json/);
  expect(api.headers()["cache-control"]).toBe("no-store");
  expect(api.headers()["access-control-allow-origin"]).toBeUndefined();
  const body = (await api.json()) as { data: Array<{ name: string }>; next: string | null };
  expect(body.data).toHaveLength(2);
  expect(body.next).toBe("/api/v1/vendors?limit=2&page=2");
  // A GET from another site works too (no cookies, no same-origin check on GET).
  const crossSite = await page.request.get("/api/v1/vendors", {
    headers: { Authorization: `Bearer ${token}`, Origin: "https://elsewhere.example" },
  });
  expect(crossSite.status()).toBe(200);
  // Writing is refused with a JSON 405, whatever the origin.
  const post = await page.request.post("/api/v1/vendors", {
    headers: { Authorization: `Bearer ${token}`, Origin: "https://elsewhere.example" },
    data: { name: "x" },
  });
  expect(post.status()).toBe(405);
  expect(((await post.json()) as { error: { code: string } }).error.code).toBe(
    "method_not_allowed",
  );

  // Reloading never shows the token again.
  await page.goto("/admin/api-tokens");
  await expect(page.getByLabel("New API token")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);

  // Revoke, with a confirmation step.
  await page
    .getByRole("row")
    .filter({ hasText: name })
    .getByRole("link", { name: /Revoke/ })
    .click();
  await expect(page.getByRole("heading", { name: `Revoke “${name}”?` })).toBeVisible();
  await a11y.scan();
  await page.getByRole("button", { name: `Yes, revoke “${name}”` }).click();
  await expect(page.getByText(`“${name}” was revoked.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  await a11y.scan();

  const refused = await page.request.get("/api/v1/vendors", {
    headers: { Authorization: `Bearer ${token}`, Cookie: "" },
  });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
    /revoked/,
  );
  const missing = await page.request.get("/api/v1/vendors", { headers: { Cookie: "" } });
  expect(missing.status()).toBe(401);
});

test("a risk officer opens the printable report of a submitted assessment and downloads its PDF", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(240_000);

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
  await procurement.context().close();

  const vendor = await openLink(
    browser,
    await adminReadsLatestLink(browser, CONTACT),
    QUESTIONNAIRE,
  );
  await answerEverySectionAndSubmit(vendor);
  // Vendors cannot reach the report.
  await vendor.goto(`${assessmentPath}/report`);
  await expect(vendor).toHaveURL(/\/login\?redirectTo=/);
  await expectAccessible(vendor);
  await vendor.context().close();

  await login("risk_officer");
  await page.goto(assessmentPath);
  await a11y.scan();
  await page.getByRole("link", { name: "Printable report" }).click();
  await expect(
    page.getByRole("heading", { name: `Assessment report: ${VENDOR}`, level: 1 }),
  ).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Section scores" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Why this score" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Findings \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Evidence files \(\d+\)$/ })).toBeVisible();
  const overall = (await page.locator(".score-figure").innerText()).trim();
  expect(overall).toMatch(/^\d{1,3}\.\d$/);
  await a11y.scan();

  // Printed: no site navigation, and each part starts a page.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("link", { name: "Download PDF" })).toBeHidden();
  expect(
    await page
      .locator(".report-part")
      .nth(1)
      .evaluate((el) => getComputedStyle(el).breakBefore),
  ).toBe("page");
  await page.emulateMedia({ media: "screen" });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download PDF" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^assessment-report-quill-translate-api-.+\.pdf$/);
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const pdf = await readFile(path!);
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(2000);
});
