// The real server, attacked the way an outsider would: headers sent once (so Chromium honours
// them), redirect targets that try to leave the site, and a vendor contact who can sign out.
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { demoUser, expect, expectAccessible, test } from "./fixtures";
import { adminReadsLatestLink, chooseVendor, openLink } from "./helpers";

const VENDOR = "Tally Annotations";
const CONTACT = "kofi.mensah@tally-annotations.example";
const QUESTIONNAIRE = "AI model and API vendor security assessment";

const SECURITY_HEADERS = [
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "cross-origin-opener-policy",
  "permissions-policy",
  "content-security-policy",
];

test("each security header is sent exactly once, on pages, data, resources and static files", async ({
  request,
}) => {
  for (const path of ["/login", "/login.data", "/healthz", "/favicon.svg", "/no-such-page"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headersArray();
    for (const name of SECURITY_HEADERS) {
      if (name === "content-security-policy" && !["/login", "/no-such-page"].includes(path))
        continue;
      const sent = headers.filter((h) => h.name.toLowerCase() === name);
      expect({ path, name, count: sent.length }).toEqual({ path, name, count: 1 });
    }
    const coop = headers.find((h) => h.name.toLowerCase() === "cross-origin-opener-policy");
    expect(coop?.value).toBe("same-origin");
  }
});

test("a redirect target that tries to leave the site never does", async ({
  page,
  request,
  a11y,
}) => {
  // Signed out: the sign-in page refuses a tab or line break (browsers drop them) with a 400.
  for (const hostile of ["%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%0D%0A"]) {
    const response = await request.get(`/login?redirectTo=${hostile}`, { maxRedirects: 0 });
    expect({ hostile, status: response.status() }).toEqual({ hostile, status: 400 });
    expect(await response.text()).toContain("line break or control character");
  }
  // Signing in through a link with another origin's path ends on this site.
  await page.goto(`/login?redirectTo=${encodeURIComponent("/\\evil.example/phish")}`);
  await a11y.scan();
  await page.getByLabel("Email address").fill(demoUser("procurement").email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  await a11y.scan();
  // Signed in: the same links, followed, stay here too.
  for (const hostile of [
    "%2F%2Fevil.example",
    "%2F%5Cevil.example",
    "https%3A%2F%2Fevil.example",
  ]) {
    const response = await page.request.get(`/login?redirectTo=${hostile}`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toBe("/");
  }
});

test("a vendor contact signs out from any vendor page, and the old session is gone", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(120_000);
  await login("procurement");
  await page.goto("/assessments/new");
  await chooseVendor(page, VENDOR);
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption({ label: `${QUESTIONNAIRE} — 1.0.0` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await a11y.scan();

  const vendor = await openLink(
    browser,
    await adminReadsLatestLink(browser, CONTACT),
    QUESTIONNAIRE,
  );
  const header = vendor.getByRole("banner");
  await expect(header).toContainText("Kofi Mensah");
  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(vendor.getByRole("heading", { name: "You have signed out" })).toBeVisible();
  await expect(vendor.getByText("open the personal link from your invitation email")).toBeVisible();
  await expectAccessible(vendor);
  await expect(vendor.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  // Back to the task list: the session is over.
  const again = await vendor.goto("/v");
  expect(again?.status()).toBe(401);
  await expect(vendor.getByRole("heading", { name: "You need to sign in" })).toBeVisible();
  await vendor.context().close();
});
