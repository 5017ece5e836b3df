// Self-service password reset: a new member of staff forgets their password, the link arrives
// in the outbox, works once, and signs them out everywhere.
import { expect, expectAccessible, test } from "./fixtures";

test("a member of staff resets a forgotten password with the mailed link", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  const email = `robin.reset.${Date.now()}@assay.example`;
  await login("admin");
  await page.goto("/admin/users/new");
  await a11y.scan();
  await page.getByLabel("Full name").fill("Robin Reset");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("radio", { name: /^Procurement/ }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${email}.`);
  await a11y.scan();

  async function latestLink(kind: RegExp, path: string): Promise<string> {
    await page.goto(`/outbox?q=${encodeURIComponent(email)}`);
    const mail = page
      .getByRole("article")
      .filter({ hasText: email })
      .filter({ hasText: kind })
      .first();
    await mail.getByText("Message").click();
    const text = await mail.locator("pre").innerText();
    const link = text.match(new RegExp(`https?://\\S+/${path}/[A-Za-z0-9_-]+`))?.[0];
    expect(link).toBeTruthy();
    await a11y.scan();
    return new URL(link!).pathname;
  }

  // Robin accepts the invitation in a browser of their own and is signed in there.
  const robin = await (await browser.newContext()).newPage();
  await robin.goto(await latestLink(/You're invited/, "invitations"));
  await robin.getByLabel("Choose a password").fill("robin's first long password");
  await robin.getByLabel("Type the password again").fill("robin's first long password");
  await robin.getByRole("button", { name: "Create my account" }).click();
  await expect(robin.getByRole("heading", { name: "Welcome, Robin Reset" })).toBeVisible();

  // Later, on another device, Robin has forgotten the password.
  const other = await (await browser.newContext()).newPage();
  await other.goto("/login");
  await other.getByRole("link", { name: "Forgotten your password?" }).click();
  await expect(other.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expectAccessible(other);
  await other.getByLabel("Email address").fill(email);
  await other.getByRole("button", { name: "Send me a link" }).click();
  await expect(other.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(other.getByRole("status")).toContainText(email);
  await expectAccessible(other);

  const resetPath = await latestLink(/Reset your Assay password/, "reset-password");
  await other.goto(resetPath);
  await expect(other.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(other);
  await other.getByLabel("New password", { exact: true }).fill("robin's second long password");
  await other.getByLabel("Type the new password again").fill("something else entirely");
  await other.getByRole("button", { name: "Save the new password" }).click();
  await expect(other.getByRole("alert")).toContainText("The passwords do not match");
  await other.getByLabel("Type the new password again").fill("robin's second long password");
  await other.getByRole("button", { name: "Save the new password" }).click();
  await expect(other.getByRole("heading", { name: "Sign in to Assay" })).toBeVisible();
  await expect(other.getByRole("status")).toContainText("signed out everywhere");

  // The first device's session has ended.
  await robin.reload();
  await expect(robin.getByRole("heading", { name: "Sign in to Assay" })).toBeVisible();

  // The old password no longer works; the new one does.
  await other.getByLabel("Email address").fill(email);
  await other.getByLabel("Password").fill("robin's first long password");
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other.getByRole("alert")).toContainText(
    "The email address or password is not right",
  );
  await other.getByLabel("Password").fill("robin's second long password");
  await other.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other.getByRole("heading", { name: "Welcome, Robin Reset" })).toBeVisible();

  // The link worked once.
  await other.goto(resetPath);
  await expect(other.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expectAccessible(other);

  // An address without an account gets the same page, and no mail.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto("/forgot-password");
  await stranger.getByLabel("Email address").fill("nobody.at.all@assay.example");
  await stranger.getByRole("button", { name: "Send me a link" }).click();
  await expect(stranger.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto("/outbox?q=nobody.at.all");
  await expect(
    page.getByRole("article").filter({ hasText: "nobody.at.all@assay.example" }),
  ).toHaveCount(0);
  await a11y.scan();
});
