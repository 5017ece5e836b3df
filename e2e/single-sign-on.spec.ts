// Single sign-on against the real provider playwright.config.ts starts: the admin sets it up in
// the app's settings (a mistyped issuer is refused), limits password sign-in to the
// break-glass admin, a new member of staff signs in through the provider and gets the role
// their groups map to, and password sign-in is refused for them.
import { type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { demoUser, expect, expectAccessible, test } from "./fixtures";
import { E2E_OIDC } from "./oidc-settings";

const nadia = E2E_OIDC.accounts["nadia.sub"];

/** A page outside the fixture's page: the provider's stock pages are not Assay's to scan. */
async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function setPasswordSignIn(page: Page, who: "everyone" | "break_glass_only") {
  await page.goto("/admin/settings");
  await page
    .getByRole("radio", {
      name: who === "everyone" ? "Everyone with a password" : /^Only the break-glass admin/,
    })
    .check();
  if (who === "break_glass_only") {
    await page
      .getByLabel("Break-glass admin's email address (optional)")
      .fill(demoUser("admin").email);
  }
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
}

/** The admin's single sign-on page, filled in for the test provider on E2E_PORT + 1. */
async function setUpSingleSignOn(page: Page, baseURL: string) {
  const issuer = `http://localhost:${Number(new URL(baseURL).port) + 1}`;
  await page.goto("/admin/settings");
  await page.getByRole("link", { name: "single sign-on" }).click();
  await expect(page.getByRole("heading", { name: "Single sign-on" })).toBeVisible();
  // A mistyped issuer is caught when saving, not at the next sign-in.
  await page.getByLabel("Issuer URL").fill(`${issuer}/wrong-realm`);
  await page.getByLabel("Client ID").fill(E2E_OIDC.clientId);
  await page.getByLabel("Client secret").fill(E2E_OIDC.clientSecret);
  await page.getByLabel("Name on the sign-in button").fill(E2E_OIDC.displayName);
  await page.getByLabel("Scopes").fill("openid email profile groups");
  await page.getByLabel("Staff without an account").selectOption("procurement");
  const groups = Object.entries(E2E_OIDC.roleMap);
  for (const [index, [group, role]] of groups.entries()) {
    await page.getByLabel(`Provider group, row ${index + 1}`).fill(group);
    await page.getByLabel(`Assay role, row ${index + 1}`).selectOption(role);
  }
  await page.getByRole("button", { name: "Check and save" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Assay could not read the provider's discovery document",
  );
  await page.getByLabel("Issuer URL").fill(issuer);
  // The secret is never sent back to the page: type it again.
  await page.getByLabel("Client secret").fill(E2E_OIDC.clientSecret);
  await page.getByRole("button", { name: "Check and save" }).click();
  await expect(
    page.getByText(`Single sign-on through ${E2E_OIDC.displayName} is on.`),
  ).toBeVisible();
}

test("an admin sets up single sign-on and turns password sign-in off; a new member of staff signs in through the provider with the mapped role", async ({
  page,
  browser,
  login,
  a11y,
  baseURL,
}) => {
  await login("admin");
  await setUpSingleSignOn(page, baseURL!);
  await a11y.scan();
  await page.goto("/admin/settings");
  await expect(page.getByText("Single sign-on through Test IdP is set up.")).toBeVisible();
  // Without a break-glass admin the setting is refused: it could lock everyone out.
  await page.getByRole("radio", { name: /^Only the break-glass admin/ }).check();
  await page.getByLabel("Break-glass admin's email address (optional)").fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Enter the break-glass admin's email address",
  );
  await a11y.scan();
  await setPasswordSignIn(page, "break_glass_only");
  await a11y.scan();

  try {
    // Nadia has no Assay account yet; she signs in through the provider.
    const staff = await freshPage(browser);
    await staff.goto("/login");
    await expectAccessible(staff);
    await staff.getByRole("button", { name: "Continue with Test IdP" }).click();
    await expect(staff).toHaveURL(/^http:\/\/localhost:\d+\/interaction\//);
    await staff.getByPlaceholder("Enter any login").fill("nadia.sub");
    // The stock development login page takes any password.
    await staff.getByPlaceholder("and password").fill("anything");
    await staff.getByRole("button", { name: "Sign-in" }).click();
    await expect(staff.getByRole("heading", { name: `Welcome, ${nadia.name}` })).toBeVisible();
    // Her groups map to the risk-officer role.
    await expect(staff.getByText("Signed in as Risk officer.")).toBeVisible();
    // She has no Assay password, so none is offered to change.
    await expect(staff.getByRole("link", { name: "Change password" })).toHaveCount(0);
    await expectAccessible(staff);

    // The admin sees the account that was made for her.
    await page.goto("/admin/users");
    const row = page.getByRole("row").filter({ hasText: nadia.email });
    await expect(row).toContainText("Risk officer");
    await expect(row).toContainText("Active");
    await a11y.scan();

    // Password sign-in is refused for her, and for staff other than the break-glass admin.
    for (const email of [nadia.email, demoUser("procurement").email]) {
      const other = await freshPage(browser);
      await other.goto("/login");
      await other.getByLabel("Email address").fill(email);
      await other.getByLabel("Password").fill(DEMO_PASSWORD);
      await other.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(other.getByRole("alert")).toContainText(
        "Password sign-in is turned off for your organisation",
      );
      await expect(other.getByRole("heading", { name: "Sign in to Assay" })).toBeVisible();
      await expectAccessible(other);
      await other.context().close();
    }
    // The break-glass admin still can.
    const breakGlass = await freshPage(browser);
    await breakGlass.goto("/login");
    await breakGlass.getByLabel("Email address").fill(demoUser("admin").email);
    await breakGlass.getByLabel("Password").fill(DEMO_PASSWORD);
    await breakGlass.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(breakGlass.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
    await breakGlass.context().close();

    // Signing out ends her session here and at the provider, which sends her back.
    await staff.getByRole("button", { name: "Sign out" }).click();
    await staff.getByRole("button", { name: "Yes, sign me out" }).click();
    await expect(staff.getByRole("heading", { name: "Sign in to Assay" })).toBeVisible();
    await staff.goto("/findings");
    await expect(staff.getByRole("heading", { name: "Sign in to Assay" })).toBeVisible();
    await staff.context().close();
  } finally {
    // Other journeys sign in with passwords, and see no single sign-on.
    await setPasswordSignIn(page, "everyone");
    await page.goto("/admin/single-sign-on");
    await page.getByRole("button", { name: "Turn single sign-on off" }).click();
    await expect(page.getByText("Single sign-on is not set up.")).toBeVisible();
  }
});
