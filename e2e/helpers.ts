// Steps shared by the journeys: adding a vendor and sending it an assessment, reading a mailed
// link as the admin, opening it as the vendor, waiting for autosave, and answering questions.
import { type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { type DemoRole, demoUser, expect, expectAccessible } from "./fixtures";

/** A staff member signed in through the login form in a browser context of their own. */
export async function signIn(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(demoUser(role).email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  return page;
}

export async function adminReadsLatestLink(browser: Browser, to: string): Promise<string> {
  const page = await signIn(browser, "admin");
  const context = page.context();
  await page.goto(`/outbox?q=${encodeURIComponent(to)}`);
  const mail = page.getByRole("article").filter({ hasText: to }).first();
  await mail.getByText("Message").click();
  const text = await mail.locator("pre").innerText();
  await context.close();
  const link = text.match(/https?:\/\/\S+\/respond\/[A-Za-z0-9_-]+/)?.[0];
  if (!link) throw new Error(`no link in the mail to ${to}`);
  return new URL(link).pathname;
}

export async function openLink(
  browser: Browser,
  path: string,
  questionnaireTitle: string,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByRole("heading", { name: questionnaireTitle })).toBeVisible();
  await page.locator("html[data-hydrated]").waitFor();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Continue to the assessment" }).click();
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  // The token is gone from the address bar.
  expect(new URL(page.url()).pathname).toBe("/v");
  return page;
}

export async function saved(page: Page) {
  // Settled: nothing saving, nothing failed ("Answers are saved…" when there was nothing to save).
  await expect(page.locator(".save-status")).toHaveText(
    /^(All changes saved\.|Answers are saved automatically as you go\.)$/,
  );
}

/** A visible question without an answer, and what kind of control answers it. */
type Unanswered = { id: string } & (
  | { kind: "suppliers" | "radio" | "checkbox" }
  | { kind: "text"; type: string | null; inputMode: string | null }
);

const TEXT_INPUTS =
  "input[type=text], input[type=url], input[type=date], textarea:not([name$=':comment'])";

/**
 * The section's visible questions that still need an answer, read in one call into the page
 * (asking question by question cost several protocol round trips each: seconds a section).
 */
function unansweredQuestions(page: Page): Promise<Unanswered[]> {
  return page.locator(".question:not([hidden])").evaluateAll(
    (questions, textInputs) =>
      questions.flatMap((q): Unanswered[] => {
        const id = q.id;
        // A supplier list: answered once its first row has a name.
        const supplier = q.querySelector<HTMLInputElement>("input.supplier-name");
        if (supplier) return supplier.value === "" ? [{ id, kind: "suppliers" }] : [];
        if (q.querySelector("input[type=radio]:not(:disabled)"))
          return q.querySelector("input[type=radio]:checked") ? [] : [{ id, kind: "radio" }];
        if (q.querySelector(".radios input[type=checkbox]"))
          return q.querySelector(".radios input[type=checkbox]:checked")
            ? []
            : [{ id, kind: "checkbox" }];
        // As Playwright's :visible: the element has a box and is not visibility: hidden.
        const input = [...q.querySelectorAll<HTMLInputElement>(textInputs)].find(
          (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden",
        );
        if (!input || input.disabled || input.value !== "") return [];
        const type = input.getAttribute("type");
        return [{ id, kind: "text", type, inputMode: input.getAttribute("inputmode") }];
      }),
    TEXT_INPUTS,
  );
}

/** Gives every visible, unanswered question a plausible answer. */
export async function answerVisibleQuestions(
  page: Page,
  { choose = "first" }: { choose?: "first" | "last" } = {},
) {
  await page.locator("html[data-hydrated]").waitFor();
  // A second pass answers the questions the first one's answers revealed.
  for (let pass = 0; pass < 2; pass++) {
    for (const question of await unansweredQuestions(page)) {
      const q = page.locator(`[id="${question.id}"]`);
      // Answered since the list was read (an answer can hide a later question).
      if (await q.evaluate((el) => (el as HTMLElement).hidden)) continue;
      switch (question.kind) {
        case "suppliers": {
          // One complete row: name, service, data, a country, state control.
          const supplierName = q.getByLabel("Supplier 1: name");
          await supplierName.fill("Example Cloud");
          await q.getByLabel("Supplier 1: service").selectOption("cloud_compute");
          await q
            .getByRole("group", { name: "Supplier 1: what of our data it receives" })
            .getByLabel("Metadata")
            .check();
          await q.getByText("Choose countries").first().click();
          await q
            .getByRole("group", { name: "Supplier 1: countries" })
            .getByLabel("Ireland (IE)")
            .check();
          await q.getByLabel("Supplier 1: state-controlled").selectOption("no");
          await supplierName.focus();
          await supplierName.blur();
          break;
        }
        case "radio": {
          const radios = q.locator("input[type=radio]:not(:disabled)");
          await (choose === "last" ? radios.last() : radios.first()).check();
          break;
        }
        case "checkbox":
          await q.locator(".radios input[type=checkbox]").first().check();
          break;
        case "text": {
          const input = q.locator(TEXT_INPUTS).filter({ visible: true }).first();
          await input.fill(
            question.type === "date"
              ? "2026-06-30"
              : question.type === "url"
                ? "https://trust.labelworks.example"
                : question.inputMode === "decimal"
                  ? "10"
                  : "Described in our security policy.",
          );
          await input.blur();
          break;
        }
      }
    }
  }
  await saved(page);
}

/** As the vendor on their task list: answers every section, checks the answers and submits. */
export async function answerEverySectionAndSubmit(
  page: Page,
  options: { choose?: "first" | "last" } = {},
) {
  await expect(page.getByRole("heading", { name: "Your assessment" })).toBeVisible();
  const sectionLinks = await page
    .locator(".task__name a")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  expect(sectionLinks.length).toBeGreaterThan(3);
  for (const path of sectionLinks) {
    await page.goto(path);
    await answerVisibleQuestions(page, options);
    // "Save and continue" finishes any save still on its way, then moves on.
    await page.getByRole("button", { name: /Save and (continue|check your answers)/ }).click();
    await expect(page).not.toHaveURL(new RegExp(`${path}$`));
  }
  await page.goto("/v/check");
  await expect(
    page.getByRole("heading", { name: "Check your answers before submitting" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.getByRole("status").first()).toContainText("Your answers were submitted");
}

/** On /assessments/new: search for a vendor by name and choose it (the page has no select of
 * every vendor: it would not scale to thousands). */
export async function chooseVendor(page: Page, name: string) {
  await page.getByRole("searchbox", { name: "Vendor" }).fill(name);
  await page.getByRole("button", { name: "Find vendor" }).click();
  await page.getByRole("link", { name: `Choose ${name}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Send to ${name}` })).toBeVisible();
}

export type NewVendor = {
  name: string;
  /** The label of the category to choose. */
  category: string;
  /** The data-access radio to check; the first one when left out. */
  dataAccess?: RegExp;
  /** The criticality radio to check; High when left out. */
  criticality?: RegExp;
  contact: { name: string; email: string };
};

/**
 * On /vendors/new: adds a vendor and one contact, as procurement, and stays on the vendor's
 * page. `scan` (a journey's `a11y.scan`) runs on the form and on the new vendor's page.
 */
export async function addVendorWithContact(
  page: Page,
  vendor: NewVendor,
  scan?: () => Promise<void>,
) {
  await page.goto("/vendors/new");
  await scan?.();
  await page.getByLabel("Vendor name").fill(vendor.name);
  await page.getByLabel("Category").selectOption({ label: vendor.category });
  const access = page.getByRole("group", { name: "What data can the vendor access?" });
  await (
    vendor.dataAccess
      ? access.getByRole("radio", { name: vendor.dataAccess })
      : access.getByRole("radio").first()
  ).check();
  await page
    .getByRole("group", { name: "How critical is the vendor to the business?" })
    .getByRole("radio", { name: vendor.criticality ?? /^High/ })
    .check();
  await page.getByRole("button", { name: "Add vendor" }).click();
  await expect(page.getByRole("heading", { name: vendor.name, level: 1 })).toBeVisible();
  await scan?.();
  await page.getByLabel("Full name").fill(vendor.contact.name);
  await page.getByLabel("Email address").fill(vendor.contact.email);
  await page.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("link", { name: vendor.contact.email })).toBeVisible();
}

/**
 * Sends the latest version of a questionnaire — 1.0.0 unless a journey names another — to a
 * vendor; returns the assessment page's path.
 */
export async function sendAssessment(
  page: Page,
  vendorName: string,
  questionnaireTitle: string,
  latestVersion = "1.0.0",
): Promise<string> {
  await page.goto("/assessments/new");
  await chooseVendor(page, vendorName);
  await page
    .getByLabel("Questionnaire")
    .selectOption({ label: `${questionnaireTitle} — ${latestVersion} (latest)` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(
    page.getByRole("heading", { name: `${vendorName}: ${questionnaireTitle}` }),
  ).toBeVisible();
  return new URL(page.url()).pathname;
}

/**
 * A journey's own vendor: procurement adds it with a contact and sends it the questionnaire;
 * then the contact opens the link mailed to them. Returns the assessment's path and the
 * vendor's page (signed in through the link, on "Your assessment").
 */
export async function sendToNewVendorAndOpenLink(
  browser: Browser,
  vendor: NewVendor,
  questionnaireTitle: string,
  latestVersion = "1.0.0",
): Promise<{ assessmentPath: string; vendorPage: Page }> {
  const procurement = await signIn(browser, "procurement");
  await addVendorWithContact(procurement, vendor);
  const assessmentPath = await sendAssessment(
    procurement,
    vendor.name,
    questionnaireTitle,
    latestVersion,
  );
  await procurement.context().close();
  const vendorPage = await openLink(
    browser,
    await adminReadsLatestLink(browser, vendor.contact.email),
    questionnaireTitle,
  );
  return { assessmentPath, vendorPage };
}
