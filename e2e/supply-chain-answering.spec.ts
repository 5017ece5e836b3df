// The countries and supplier-list controls on the vendor's answering page are a chunk of their
// own, fetched only by a page that has such a question (docs/decisions/360). This journey checks
// that nothing of them is lost: the server's markup works before the chunk arrives, the picker
// filters and is used by keyboard, rows are added and saved, a page without such questions never
// fetches the chunk, and a page that cannot fetch it keeps the stored answers (autosave must not
// read a control that is still loading as a cleared answer).
import { type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { addVendorWithContact, adminReadsLatestLink, openLink, saved, signIn } from "./helpers";

const VENDOR = "Lazuli Model Labs";
const CONTACT = "ines.morrow@lazuli-models.example";
const QUESTIONNAIRE = "AI model and API vendor security assessment";
const CHUNK = /\/assets\/supply-chain-fields-[\w-]+\.js$/;
// The question's block (its fieldset and the picker's own share the question's text as a name).
const COUNTRIES_QUESTION = "#question-processing-countries";

/** Scripts whose URL is the on-demand chunk, as the page requests them. */
function chunkRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (CHUNK.test(new URL(request.url()).pathname)) seen.push(request.url());
  });
  return seen;
}

test("countries and supplier lists load their controls on demand, by keyboard, and keep answers while loading", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const procurement = await signIn(browser, "procurement");
  await addVendorWithContact(procurement, {
    name: VENDOR,
    category: "AI model / API vendor",
    contact: { name: "Ines Morrow", email: CONTACT },
  });
  await procurement.goto("/assessments/new");
  await procurement.getByRole("searchbox", { name: "Vendor" }).fill(VENDOR);
  await procurement.getByRole("button", { name: "Find vendor" }).click();
  await procurement.getByRole("link", { name: `Choose ${VENDOR}`, exact: true }).click();
  const latest = await procurement
    .getByLabel("Questionnaire")
    .locator("option")
    .filter({ hasText: `${QUESTIONNAIRE} — ` })
    .filter({ hasText: "(latest)" })
    .textContent();
  await procurement.getByLabel("Questionnaire").selectOption({ label: latest!.trim() });
  await procurement.getByRole("button", { name: "Send assessment" }).click();
  await expect(
    procurement.getByRole("heading", { name: `${VENDOR}: ${QUESTIONNAIRE}` }),
  ).toBeVisible();
  await procurement.context().close();

  const vendor = await openLink(
    browser,
    await adminReadsLatestLink(browser, CONTACT),
    QUESTIONNAIRE,
  );
  const requested = chunkRequests(vendor);

  // A section without such questions: the chunk is never fetched.
  await vendor.getByRole("link", { name: "Independent assurance" }).click();
  await expect(
    vendor.getByRole("heading", { level: 1, name: "Independent assurance" }),
  ).toBeVisible();
  await vendor.goto("/v/sections/assurance");
  await vendor.locator("html[data-hydrated]").waitFor();
  await expect(vendor.locator(".question").first()).toBeVisible();
  expect(requested, "no supply-chain chunk on a section without such questions").toEqual([]);

  // The countries question, from a document load: the chunk is fetched, the picker filters.
  await vendor.goto("/v/sections/data-use");
  await vendor.locator("html[data-hydrated]").waitFor();
  const question = vendor.locator(COUNTRIES_QUESTION);
  await expect.poll(() => requested.length).toBeGreaterThan(0);
  const search = question.getByRole("searchbox", { name: "Find a country" });
  // Keyboard only: into the search box, type, then Tab to the first country still shown.
  await search.focus();
  await vendor.keyboard.type("irel");
  await expect(question.getByRole("status")).toHaveText("1 country matches");
  await vendor.keyboard.press("Tab");
  await expect(question.getByRole("checkbox", { name: "Ireland (IE)" })).toBeFocused();
  await vendor.keyboard.press("Space");
  await expect(question.getByRole("checkbox", { name: "Ireland (IE)" })).toBeChecked();
  await saved(vendor);
  await expectAccessible(vendor);

  // The supplier list: a row added by its button, filled in and saved.
  await vendor.goto("/v/sections/supply-chain");
  await vendor.locator("html[data-hydrated]").waitFor();
  const table = vendor.locator(".supplier-list").first();
  await table.getByLabel("Supplier 1: name").fill("Kestrel GPU Cloud");
  await table.getByLabel("Supplier 1: service").selectOption("cloud_compute");
  await table
    .getByRole("group", { name: "Supplier 1: what of our data it receives" })
    .getByLabel("Metadata")
    .check();
  await table.getByText("Choose countries").first().click();
  await table
    .getByRole("group", { name: "Supplier 1: countries" })
    .getByRole("searchbox", { name: "Find a country" })
    .fill("germ");
  await table
    .getByRole("group", { name: "Supplier 1: countries" })
    .getByLabel("Germany (DE)")
    .check();
  await table.getByLabel("Supplier 1: state-controlled").selectOption("no");
  await table.getByLabel("Supplier 1: name").focus();
  await table.getByLabel("Supplier 1: name").blur();
  await saved(vendor);
  await vendor.getByRole("button", { name: "Add a supplier" }).click();
  await expect(table.getByLabel("Supplier 2: name")).toBeFocused();
  await vendor.reload();
  await vendor.locator("html[data-hydrated]").waitFor();
  await expect(vendor.getByLabel("Supplier 1: name")).toHaveValue("Kestrel GPU Cloud");
  await expectAccessible(vendor);

  // The chunk cannot be fetched (offline, say) and the section is rendered in the browser (a
  // client-side navigation from the task list): the stored answers stay in the form as hidden
  // fields, the page says the control could not load, and nothing is saved over them.
  const fresh = await vendor.context().newPage();
  await fresh.route(CHUNK, (route) => route.abort());
  const saves: string[] = [];
  fresh.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/v/answers")
      saves.push(request.postData() ?? "");
  });
  await fresh.goto("/v");
  await fresh.locator("html[data-hydrated]").waitFor();
  await fresh.getByRole("link", { name: "Use, retention and location of our data" }).click();
  const offline = fresh.locator(COUNTRIES_QUESTION);
  await expect(offline.getByRole("status")).toContainText("could not be loaded");
  await expect(offline.locator('input[type="hidden"][value="IE"]')).toHaveCount(1);
  await fresh.getByRole("link", { name: "Back to all sections" }).click();
  await expect(fresh.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  expect(saves, "no answer saved while the control could not load").toEqual([]);
  await fresh.close();

  // Stored as it was: Ireland still ticked, from a document load with the chunk.
  await vendor.goto("/v/sections/data-use");
  await vendor.locator("html[data-hydrated]").waitFor();
  await expect(
    vendor.locator(COUNTRIES_QUESTION).getByRole("checkbox", { name: "Ireland (IE)" }),
  ).toBeChecked();
  await vendor.context().close();
});
