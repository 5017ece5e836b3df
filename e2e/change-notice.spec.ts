// A vendor contact tells the buyer about a change in their AI supply chain through their link:
// the form explains each problem, then records the change; the admin's settings page offers
// the rule that decides what a change notice does.
import { expect, expectAccessible, test } from "./fixtures";
import { sendToNewVendorAndOpenLink, signIn } from "./helpers";

const VENDOR = "Notice Networks";
const CONTACT = "rae.lind@notice-networks.example";
const QUESTIONNAIRE = "Training data and labelling supplier assessment";

test("a vendor declares a new sub-processor; the form's errors are accessible and the notice is thanked", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { vendorPage: vendor } = await sendToNewVendorAndOpenLink(
    browser,
    {
      name: VENDOR,
      category: "Training-data / labelling supplier",
      dataAccess: /^Training data/,
      contact: { name: "Rae Lind", email: CONTACT },
    },
    QUESTIONNAIRE,
  );
  await vendor
    .getByRole("link", { name: "Tell us about a change in your AI supply chain" })
    .click();
  await expect(
    vendor.getByRole("heading", { name: "Tell us about a change in your AI supply chain" }),
  ).toBeVisible();
  await vendor.locator("html[data-hydrated]").waitFor();
  await expectAccessible(vendor);

  await vendor.getByRole("radio", { name: "A new sub-processor" }).check();
  await vendor.getByLabel("Countries where it processes or stores our data").fill("Narnia");
  await vendor.getByRole("button", { name: "Send the change" }).click();
  const summary = vendor.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter the provider's name" })).toBeVisible();
  await expect(summary.getByRole("link", { name: /“Narnia” is not a country/ })).toBeVisible();
  await expect(vendor.getByLabel("Countries where it processes or stores our data")).toHaveValue(
    "Narnia",
  );
  await expectAccessible(vendor);

  await vendor.getByLabel("Provider's name").fill("Kestrel GPU Cloud");
  await vendor.getByLabel("Provider's website (optional)").fill("https://www.kestrel-gpu.example");
  await vendor
    .getByLabel("What it does for you (optional)")
    .selectOption({ label: "Cloud compute (GPU, hosting)" });
  await vendor.getByRole("checkbox", { name: "Training data" }).check();
  await vendor.getByLabel("Countries where it processes or stores our data").fill("Singapore, DE");
  await vendor.getByRole("button", { name: "Send the change" }).click();
  await expect(vendor.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  await expect(vendor.getByText("Thank you: your change was sent")).toBeVisible();
  await vendor.context().close();

  const admin = await signIn(browser, "admin");
  await admin.goto("/admin/settings");
  const rule = admin.getByRole("group", { name: "When a vendor declares a supply-chain change" });
  await expect(
    rule.getByRole("radio", { name: "Open a finding for the vendor's owner" }),
  ).toBeChecked();
  await expectAccessible(admin);
  await admin.context().close();
});
