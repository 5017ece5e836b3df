import { expect, test } from "./fixtures";

test("an admin invites a user, who accepts; the admin changes their role and it takes effect", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  const email = `casey.${Date.now()}@assay.example`;
  await login("admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await a11y.scan();
  await page.getByRole("link", { name: "Invite a user" }).click();
  await a11y.scan();

  // Client-side validation first, with the same messages as the server.
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose a role" })).toBeVisible();
  await a11y.scan();

  await page.getByLabel("Full name").fill("Casey Example");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("radio", { name: /^Procurement/ }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}.`);
  await expect(page.getByRole("heading", { name: "Casey Example" })).toBeVisible();
  await expect(page.locator("dd").getByText("Invited", { exact: true })).toBeVisible();
  await a11y.scan();

  // The mail is in the outbox, with the link.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Outbox" })
    .click();
  const mail = page.getByRole("article").filter({ hasText: email }).first();
  await expect(mail.getByRole("heading", { name: /You're invited to Assay/ })).toBeVisible();
  await mail.getByText("Message").click();
  const text = await mail.locator("pre").innerText();
  const link = text.match(/https?:\/\/\S+\/invitations\/\S+/)?.[0];
  expect(link).toBeTruthy();
  await a11y.scan();

  // Casey, in another browser, accepts.
  const casey = await browser.newContext();
  const caseyPage = await casey.newPage();
  await caseyPage.goto(new URL(link!).pathname);
  await expect(caseyPage.getByRole("heading", { name: "Set up your Assay account" })).toBeVisible();
  await caseyPage.getByLabel("Choose a password").fill("casey's long password");
  await caseyPage.getByLabel("Type the password again").fill("casey's long password");
  await caseyPage.getByRole("button", { name: "Create my account" }).click();
  await expect(caseyPage.getByRole("heading", { name: "Welcome, Casey Example" })).toBeVisible();
  await expect(caseyPage.getByText("Signed in as Procurement.")).toBeVisible();

  // The admin makes Casey a risk officer.
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Casey Example" }).click();
  await expect(page.locator("dd").getByText("Active", { exact: true })).toBeVisible();
  await page.getByLabel("Role").selectOption("risk_officer");
  await page.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("status")).toContainText(
    "Casey Example is now Risk officer. Their sessions were ended.",
  );
  await expect(page.getByRole("cell", { name: "User role changed" })).toBeVisible();
  await expect(
    page.getByRole("listitem").filter({ hasText: "Role: Procurement → changed to Risk officer" }),
  ).toBeVisible();
  await a11y.scan();

  // Casey's session ended with the role change; signing in again gives the new role.
  await caseyPage.reload();
  await expect(caseyPage.getByRole("heading", { name: "Sign in to Assay" })).toBeVisible();
  await caseyPage.getByLabel("Email address").fill(email);
  await caseyPage.getByLabel("Password").fill("casey's long password");
  await caseyPage.getByRole("button", { name: "Sign in" }).click();
  await expect(caseyPage.getByText("Signed in as Risk officer.")).toBeVisible();
  await casey.close();

  // The used invitation link no longer works, and says what to do.
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { name: "This invitation cannot be used" })).toBeVisible();
  await a11y.scan();

  // And the audit log has it all.
  await page.goto("/admin/audit?action=user.role_changed");
  await expect(page.getByRole("cell", { name: "User role changed" }).first()).toBeVisible();
  await a11y.scan();
});

test("procurement is refused an admin page with a helpful 403", async ({ page, login, a11y }) => {
  await login("procurement");
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { name: "You do not have access to this page" }),
  ).toBeVisible();
  await expect(
    page.getByText("ask an admin of your organisation to change your role"),
  ).toBeVisible();
  await a11y.scan();
  await page.getByRole("link", { name: "Go to your home page" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await a11y.scan();
});

test("an unknown page is a helpful 404", async ({ page, login, a11y }) => {
  await login("risk_officer");
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await a11y.scan();
});

test("an admin changes their own password; the old one stops working", async ({
  page,
  login,
  a11y,
}) => {
  await login("admin");
  await page.getByRole("link", { name: "Change password" }).click();
  await a11y.scan();
  await page.getByLabel("Current password").fill("assay-demo-password");
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Type the new password again").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Use at least 12 characters").first()).toBeVisible();
  await a11y.scan();
  // Change it and change it back, so the demo login keeps working for the other journeys.
  for (const [from, to] of [
    ["assay-demo-password", "a temporary admin password"],
    ["a temporary admin password", "assay-demo-password"],
  ]) {
    await page.goto("/account/password");
    await page.getByLabel("Current password").fill(from!);
    await page.getByLabel("New password", { exact: true }).fill(to!);
    await page.getByLabel("Type the new password again").fill(to!);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password was changed.");
  }
  await a11y.scan();
});

test("an invitation is accepted in a browser without JavaScript: the form's post says where it came from", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  const email = `nojs.${Date.now()}@assay.example`;
  await login("admin");
  await page.goto("/admin/users/new");
  await a11y.scan();
  await page.getByLabel("Full name").fill("Noor Scriptless");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("radio", { name: /^Procurement/ }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}.`);
  await a11y.scan();
  await page.goto(`/outbox?q=${encodeURIComponent(email)}`);
  const mail = page.getByRole("article").filter({ hasText: email }).first();
  await mail.getByText("Message").click();
  const link = (await mail.locator("pre").innerText()).match(
    /https?:\/\/\S+\/invitations\/\S+/,
  )?.[0];
  expect(link).toBeTruthy();
  await a11y.scan();

  // A browser with no-referrer on this page posted `Origin: null`, which Remix failed with a 500.
  const noor = await browser.newContext({ javaScriptEnabled: false });
  const noorPage = await noor.newPage();
  const origins: (string | undefined)[] = [];
  noorPage.on("request", (request) => {
    if (request.method() === "POST") origins.push(request.headers()["origin"]);
  });
  // The same page is scanned with axe in the test above (axe needs JavaScript).
  await noorPage.goto(new URL(link!).pathname);
  await noorPage.getByLabel("Choose a password").fill("noor's long password");
  await noorPage.getByLabel("Type the password again").fill("noor's long password");
  await noorPage.getByRole("button", { name: "Create my account" }).click();
  await expect(noorPage.getByRole("heading", { name: "Welcome, Noor Scriptless" })).toBeVisible();
  expect(origins).toEqual([new URL(test.info().project.use.baseURL!).origin]);
  await noor.close();
});
