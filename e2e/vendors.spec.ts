import { expect, test } from "./fixtures";

test("procurement adds a vendor and a contact, finds it, edits its profile, archives and restores it", async ({
  page,
  login,
  a11y,
}) => {
  // A long journey with an axe scan per page: three times the default timeout.
  test.slow();
  const name = `Helix Vision ${Date.now().toString(36)}`;
  await login("procurement");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Vendors" })
    .click();
  await expect(page.getByRole("heading", { name: "Vendors", level: 1 })).toBeVisible();
  await a11y.scan();
  await page.getByRole("link", { name: "Add a vendor" }).click();
  await expect(page.getByRole("heading", { name: "Add a vendor" })).toBeVisible();
  await a11y.scan();

  // A website without its scheme and a missing profile: the summary says what to fix.
  await page.getByLabel("Vendor name").fill(name);
  await page.getByLabel("Website (optional)").fill("helix-vision.example");
  await page.getByRole("button", { name: "Add vendor" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeFocused();
  for (const message of [
    "Enter a website address that starts with https://, like https://example.com",
    "Choose a category",
    "Choose what data the vendor can access",
    "Choose how critical the vendor is to the business",
  ])
    await expect(summary.getByRole("link", { name: message })).toBeVisible();
  await a11y.scan();

  await page.getByLabel("Website (optional)").fill("https://helix-vision.example");
  await page.getByLabel("Category").selectOption({ label: "AI model / API vendor" });
  await page
    .getByRole("group", { name: "What data can the vendor access?" })
    .getByRole("radio", { name: /^Business data/ })
    .check();
  await page
    .getByRole("group", { name: "How critical is the vendor to the business?" })
    .getByRole("radio", { name: /^Low/ })
    .check();
  await expect(page.getByText("Inherent risk from this profile: Medium")).toBeVisible();
  await page.getByLabel("Notes (optional)").fill("Computer vision for the returns desk.");
  await page.getByRole("button", { name: "Add vendor" }).click();
  await expect(page.getByRole("status")).toContainText(`${name} was added.`);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const profile = page.getByRole("region", { name: "Profile" });
  await expect(profile.getByText("Medium", { exact: true })).toBeVisible();
  await expect(profile.getByText("Priya Procurement")).toBeVisible();
  await a11y.scan();

  // A contact.
  await page.getByLabel("Full name").fill("Hana Ito");
  await page.getByLabel("Email address").fill("Hana.Ito@helix-vision.example");
  await page.getByLabel("Role (optional)").fill("Security lead");
  await page.getByRole("button", { name: "Add contact" }).click();
  const contacts = page.getByRole("region", { name: "Contacts", exact: true });
  await expect(contacts.getByRole("rowheader", { name: "Hana Ito" })).toBeVisible();
  // The form is empty again, ready for the next contact.
  await expect(page.getByLabel("Full name")).toHaveValue("");
  await expect(contacts.getByRole("link", { name: "hana.ito@helix-vision.example" })).toBeVisible();
  await a11y.scan();
  await page.getByLabel("Full name").fill("Tom Temp");
  await page.getByLabel("Email address").fill("tom@helix-vision.example");
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(contacts.getByRole("rowheader", { name: "Tom Temp" })).toBeVisible();

  // Editing a contact: the same checks as adding one.
  await contacts.getByRole("link", { name: "Edit Hana Ito" }).click();
  await expect(page.getByRole("heading", { name: "Edit Hana Ito" })).toBeVisible();
  await page.getByLabel("Email address").fill("");
  await page.getByLabel("Role (optional)").fill("CISO");
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(
    page.getByRole("alert").getByRole("link", { name: "Enter an email address" }),
  ).toBeVisible();
  await a11y.scan();
  await page.getByLabel("Email address").fill("hana.ito@helix-vision.example");
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(contacts.getByRole("row", { name: /^Hana Ito/ })).toContainText("CISO");
  await expect(page.getByRole("heading", { name: "Add a contact" })).toBeVisible();
  await contacts.getByRole("button", { name: "Remove Tom Temp" }).click();
  await expect(contacts.getByRole("rowheader", { name: "Tom Temp" })).toHaveCount(0);
  await expect(
    page
      .getByRole("region", { name: "History" })
      .getByRole("cell", { name: "Vendor contact removed" }),
  ).toBeVisible();

  // Found by search and filters, in a URL that can be bookmarked.
  await page.getByRole("link", { name: "Back to vendors" }).click();
  const search = page.getByRole("search", { name: "Vendors" });
  await search.getByLabel("Search").fill("helix vision");
  await search.getByLabel("Category").selectOption({ label: "AI model / API vendor" });
  await search.getByLabel("Inherent risk").selectOption("Medium");
  await search.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/vendors\?q=helix\+vision&category=model_api&tier=Medium$/);
  await expect(page.getByRole("status")).toHaveText("1 vendor");
  await expect(page.getByRole("rowheader", { name: new RegExp(name) })).toBeVisible();
  await a11y.scan();
  // The contact's address finds the vendor too; a different tier does not.
  await page.goto("/vendors?q=hana.ito%40helix");
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.goto("/vendors?q=helix+vision&tier=Critical");
  await expect(page.getByRole("status")).toHaveText("No vendors match.");
  // Sorting by a column header is a link that the header announces.
  await page.goto("/vendors");
  await page.getByRole("link", { name: "Inherent risk" }).click();
  await expect(page).toHaveURL(/sort=tier/);
  await expect(page.getByRole("columnheader", { name: "Inherent risk" })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  const firstRow = page.getByRole("table").getByRole("row").nth(1);
  await expect(firstRow.getByText("Critical", { exact: true })).toBeVisible();
  await a11y.scan();

  // Editing the profile changes the inherent tier.
  // A row's link is a plain anchor that navigates in the page once it has hydrated, as Remix's
  // links do: the window (and this mark on it) stays, also when the table only appeared after
  // a search in the page (the first had no rows). A modified click is the browser's.
  await page.goto("/vendors?q=no+such+vendor+anywhere");
  await page.locator("html[data-hydrated]").waitFor();
  await expect(page.getByRole("status")).toHaveText("No vendors match.");
  await page.evaluate(() => Object.assign(window, { rowLinkMark: true }));
  await search.getByLabel("Search").fill(name);
  await search.getByRole("button", { name: "Apply filters" }).click();
  const rowLink = page.getByRole("link", { name });
  await expect(rowLink).toBeVisible();
  const modifiedClickTaken = await rowLink.evaluate(
    (a) =>
      new Promise<boolean>((resolve) => {
        // Last to see the click: was it taken from the browser? (Then stop the new tab.)
        const last = (event: Event) => {
          resolve(event.defaultPrevented);
          event.preventDefault();
        };
        window.addEventListener("click", last, { once: true });
        a.dispatchEvent(
          new MouseEvent("click", { bubbles: true, cancelable: true, ctrlKey: true }),
        );
      }),
  );
  expect(modifiedClickTaken).toBe(false);
  await rowLink.click();
  await expect(page).toHaveURL(/\/vendors\/[0-9a-f-]{36}$/);
  expect(await page.evaluate(() => "rowLinkMark" in window)).toBe(true);
  await page.getByRole("link", { name: `Edit profile of ${name}` }).click();
  await expect(page.getByRole("heading", { name: `Edit ${name}` })).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Business data/ })).toBeChecked();
  await a11y.scan();
  await page.getByRole("radio", { name: /^Training data or model weights/ }).check();
  await expect(page.getByText("Inherent risk from this profile: Critical")).toBeVisible();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText(`Your changes to ${name} were saved.`);
  await expect(profile.getByText("Critical", { exact: true })).toBeVisible();
  await expect(profile.getByText("Training data or model weights")).toBeVisible();
  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByRole("cell", { name: "Vendor updated" })).toBeVisible();
  await expect(
    history
      .getByRole("listitem")
      .filter({ hasText: "Inherent tier: Medium → changed to Critical" }),
  ).toBeVisible();
  await a11y.scan();

  // Archived: gone from the list, found under archived vendors, and restored.
  await page.getByRole("button", { name: `Archive ${name}` }).click();
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: `Restore ${name}` })).toBeVisible();
  await expect(page.getByRole("link", { name: /Edit profile/ })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Add a contact" })).toHaveCount(0);
  await a11y.scan();
  await page.getByRole("link", { name: "Back to vendors" }).click();
  await search.getByLabel("Search").fill(name);
  await search.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("status")).toHaveText("No vendors match.");
  await search.getByLabel("Show").selectOption({ label: "Archived vendors" });
  await search.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/archived=only/);
  await expect(page.getByRole("status")).toHaveText("1 vendor");
  await expect(page.getByRole("rowheader", { name: new RegExp(name) })).toContainText("Archived");
  await a11y.scan();
  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: `Restore ${name}` }).click();
  await expect(page.getByRole("status")).toContainText(`${name} was restored.`);
  await expect(page.getByRole("link", { name: `Edit profile of ${name}` })).toBeVisible();
  await expect(page.getByText("Archived", { exact: true })).toHaveCount(0);
  await expect(history.getByRole("cell", { name: "Vendor restored" })).toBeVisible();
  await a11y.scan();
});

test("a risk officer reads vendors but sees no controls to change them", async ({
  page,
  login,
  a11y,
}) => {
  await login("risk_officer");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Vendors" })
    .click();
  await expect(page.getByRole("rowheader", { name: /Northwind Models/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add a vendor" })).toHaveCount(0);
  await a11y.scan();
  await page.getByRole("link", { name: "Northwind Models" }).click();
  await expect(page.getByRole("heading", { name: "Northwind Models", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Profile" }).getByText("Critical", { exact: true }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: /Edit/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Archive|Remove|Add contact/ })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await a11y.scan();
  const response = await page.goto("/vendors/new");
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { name: "You do not have access to this page" }),
  ).toBeVisible();
  await a11y.scan();
});
