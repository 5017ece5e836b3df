// The AI supply-chain map through a real browser (decisions 240–243, 254, 330–332): three
// vendors declare their suppliers — one typing rows with the country picker by keyboard, one
// from a CycloneDX file, one by mouse — two of them on the same GPU cloud (under two hosts of
// one domain); staff see the shared fourth party with both vendors, filter the map and its
// graph, and the buyer's country rule has opened a finding for the flow into a disallowed
// country. The third vendor's change notice then puts it on the GPU cloud too: the map shows
// three vendors and the vendor's owner has the mail in the outbox.
import { type Browser, type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import {
  addVendorWithContact,
  adminReadsLatestLink,
  answerVisibleQuestions,
  chooseVendor,
  openLink,
  signIn,
} from "./helpers";

const QUESTIONNAIRE = "Cloud AI training and inference infrastructure assessment";
// Names of this run's own records (specs share one database; a repeated run makes new ones).
let RUN = "";
let ALPHA = "";
let BETA = "";
let GAMMA = "";
let GPU = "";
let GPU_DOMAIN = "";
test.beforeEach(() => {
  RUN = Date.now().toString(36).slice(-5);
  ALPHA = `Chain Alpha Robotics ${RUN}`;
  BETA = `Chain Beta Vision ${RUN}`;
  GAMMA = `Chain Gamma Speech ${RUN}`;
  GPU = `Orbit GPU Cloud ${RUN}`;
  GPU_DOMAIN = `orbitgpu-${RUN}.example`;
});

const bom = () => ({
  $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  metadata: { supplier: { name: BETA, url: [`https://beta-${RUN}.example`] } },
  services: [
    {
      provider: { name: GPU, url: [`https://api.${GPU_DOMAIN}`] },
      name: "Training cluster",
      "x-trust-boundary": true,
      data: [{ flow: "inbound", classification: "training data" }],
      properties: [
        { name: "assay:service", value: "cloud_compute" },
        { name: "assay:receives", value: "training_data" },
        { name: "assay:countries", value: "DE" },
        { name: "assay:state-controlled", value: "no" },
      ],
    },
  ],
});

async function sendAssessment(browser: Browser, vendor: string, contact: string) {
  const procurement = await signIn(browser, "procurement");
  await addVendorWithContact(procurement, {
    name: vendor,
    category: "AI model / API vendor",
    dataAccess: /^Training data/,
    criticality: /^High/,
    contact: { name: `Contact ${RUN}`, email: contact },
  });
  await procurement.goto("/assessments/new");
  await chooseVendor(procurement, vendor);
  // Version 2.1.0 by name, whether or not a newer one has come since.
  const questionnaire = procurement.getByLabel("Questionnaire");
  const version = await questionnaire
    .locator("option", { hasText: `${QUESTIONNAIRE} — 2.1.0` })
    .getAttribute("value");
  await questionnaire.selectOption(version!);
  await procurement.getByRole("button", { name: "Send assessment" }).click();
  await expect(
    procurement.getByRole("heading", { name: `${vendor}: ${QUESTIONNAIRE}` }),
  ).toBeVisible();
  await procurement.context().close();
  return openLink(browser, await adminReadsLatestLink(browser, contact), QUESTIONNAIRE);
}

/**
 * Answers every section; `declare` fills the supplier list's section first, when it is shown.
 * The vendor stays signed in (on their task list) for what they do after submitting.
 */
async function answerAndSubmit(page: Page, declare: (page: Page) => Promise<void>) {
  const sectionLinks = await page
    .locator(".task__name a")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  for (const path of sectionLinks) {
    await page.goto(path);
    await page.locator("html[data-hydrated]").waitFor();
    if ((await page.locator("#question-provider-subprocessors").count()) > 0) {
      // Our own countries: Ireland, picked from the searchable list.
      const own = page.locator("#question-workload-countries");
      await own.getByLabel("Find a country").fill("ireland");
      await own.getByRole("checkbox", { name: "Ireland (IE)" }).check();
      await declare(page);
      await expectAccessible(page);
    }
    await answerVisibleQuestions(page, { choose: "last" });
    await page.getByRole("button", { name: /Save and (continue|check your answers)/ }).click();
    await expect(page).not.toHaveURL(new RegExp(`${path}$`));
  }
  // Submitting lists what is still missing: the evidence the chosen answers require, for
  // which a small PDF is uploaded before submitting again.
  await page.goto("/v/check");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Submit answers" }).click();
  const submitted = page.getByRole("status").filter({ hasText: "Your answers were submitted" });
  const problem = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(submitted.or(problem)).toBeVisible();
  if (await problem.isVisible()) {
    await expectAccessible(page);
    const links = await problem
      .getByRole("link")
      .evaluateAll((found) => found.map((a) => a.getAttribute("href") ?? ""));
    for (const href of links) {
      const [path, hash = ""] = href.split("#");
      expect(hash, `a problem that is not a missing file: ${href}`).not.toBe("");
      await page.goto(path!);
      await page.locator("html[data-hydrated]").waitFor();
      const question = page.locator(`#${hash}`);
      await question.locator("input[type=file]").setInputFiles({
        name: "assurance-report.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.7\n% assurance report\n%%EOF\n"),
      });
      await question.getByRole("button", { name: "Upload file" }).click();
      await expect(
        question.getByRole("link", { name: "assurance-report.pdf (opens in the browser)" }),
      ).toBeVisible();
      await expectAccessible(page);
    }
    await page.goto("/v/check");
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(submitted).toBeVisible();
  }
  await expectAccessible(page);
}

/** Sets the buyer's rule for training data: only these places, or (null) anywhere. */
async function setTrainingRule(browser: Browser, places: string | null) {
  const admin = await signIn(browser, "admin");
  await admin.goto("/admin/supply-chain");
  const training = admin.getByRole("group", { name: "Training data" });
  const only = training.getByRole("checkbox", { name: "Only allow these places" });
  if (places === null) await only.uncheck();
  else {
    await only.check();
    await training.getByLabel("Allowed places for training data").fill(places);
  }
  await admin.getByRole("button", { name: "Save rules" }).click();
  await expect(admin.getByText("Supply-chain rules saved.")).toBeVisible();
  await expectAccessible(admin);
  await admin.context().close();
}

test("three vendors declare suppliers; the map shows the shared GPU cloud, filters, draws the graph, a country rule opens a finding and a change notice updates the map", async ({
  browser,
}) => {
  test.setTimeout(900_000);
  // The buyer's rule: training data stays in the EEA. Other journeys expect no rule: it is put
  // back however this one ends.
  await setTrainingRule(browser, "EEA");
  try {
    await journey(browser);
  } finally {
    await setTrainingRule(browser, null);
  }
});

async function journey(browser: Browser) {
  // Alpha types its supplier, choosing the country with the keyboard only.
  const alpha = await sendAssessment(browser, ALPHA, `alpha-${RUN}@alpha.example`);
  await answerAndSubmit(alpha, async (page) => {
    const q = page.locator("#question-provider-subprocessors");
    const name = q.getByLabel("Supplier 1: name");
    await name.fill(GPU);
    // Autosave refuses the row until it is complete and says so, without taking the focus
    // away from the field being filled in (decision 366).
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
    await expect(name).toBeFocused();
    await q.getByLabel("Supplier 1: website domain").fill(`https://www.${GPU_DOMAIN}/`);
    await q
      .getByLabel("Supplier 1: service")
      .selectOption({ label: "Cloud compute (GPU, hosting)" });
    await q
      .getByRole("group", { name: "Supplier 1: what of our data it receives" })
      .getByRole("checkbox", { name: "Training data" })
      .check();
    // The picker opens from its summary with Enter; Tab then reaches its search box first.
    const summary = q.locator("summary", { hasText: "Choose countries" });
    const picker = summary.locator("xpath=..");
    await summary.focus();
    await expect(summary).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(picker).toHaveAttribute("open", "");
    const search = picker.getByLabel("Find a country");
    await expect(search).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(search).toBeFocused();
    await page.keyboard.type("singap");
    await expect(q.getByText("1 country matches")).toBeVisible();
    await page.keyboard.press("Tab");
    const singapore = q.getByRole("checkbox", { name: "Singapore (SG)" });
    await expect(singapore).toBeFocused();
    await page.keyboard.press("Space");
    await expect(singapore).toBeChecked();
    await q.getByLabel("Supplier 1: state-controlled").selectOption("no");
    // A second row, added and removed again by keyboard.
    await q.getByRole("button", { name: "Add a supplier" }).press("Enter");
    await expect(q.getByLabel("Supplier 2: name")).toBeFocused();
    await q.getByRole("button", { name: "Remove supplier 2" }).press("Enter");
    await expect(q.getByLabel("Supplier 2: name")).toHaveCount(0);
    await expect(q.getByRole("button", { name: "Add a supplier" })).toBeFocused();
  });
  await alpha.context().close();

  // Beta fills its table from a CycloneDX AI-BOM: a bad file first, then the real one.
  const beta = await sendAssessment(browser, BETA, `beta-${RUN}@beta.example`);
  await answerAndSubmit(beta, async (page) => {
    const q = page.locator("#question-provider-subprocessors");
    const file = q.getByLabel("Fill the table from a CycloneDX file (optional)");
    await file.setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6","services":"x"}'),
    });
    await q.getByRole("button", { name: "Read the file" }).click();
    await expect(q.getByText(/not valid CycloneDX 1\.6/)).toBeVisible();
    await file.setInputFiles({
      name: "beta-ai-bom.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(bom())),
    });
    await q.getByRole("button", { name: "Read the file" }).click();
    await expect(q.getByText(/1 supplier from beta-ai-bom\.json added below/)).toBeVisible();
    await expect(q.getByLabel("Supplier 1: name")).toHaveValue(GPU);
    await expect(q.getByLabel("Supplier 1: website domain")).toHaveValue(`api.${GPU_DOMAIN}`);
    await expect(q.getByText("Countries: DE")).toBeVisible();
    // The file is kept with the answer.
    await expect(q.getByRole("link", { name: /beta-ai-bom\.json/ })).toBeVisible();
  });
  await beta.context().close();

  // Gamma declares a labelling supplier with the mouse.
  const gamma = await sendAssessment(browser, GAMMA, `gamma-${RUN}@gamma.example`);
  await answerAndSubmit(gamma, async (page) => {
    const q = page.locator("#question-provider-subprocessors");
    await q.getByLabel("Supplier 1: name").fill(`Quill Labelling ${RUN}`);
    await q.getByLabel("Supplier 1: service").selectOption({ label: "Labelling" });
    await q
      .getByRole("group", { name: "Supplier 1: what of our data it receives" })
      .getByRole("checkbox", { name: "Metadata" })
      .check();
    await q.getByText("Choose countries").first().click();
    await q
      .getByRole("group", { name: "Supplier 1: countries" })
      .getByLabel("Ireland (IE)")
      .check();
    await q.getByLabel("Supplier 1: state-controlled").selectOption("no");
  });

  // Staff: the map.
  const officer = await signIn(browser, "risk_officer");
  await officer.goto("/supply-chain");
  await expect(officer.getByRole("heading", { name: "Supply chain", level: 1 })).toBeVisible();
  const graph = officer.getByRole("img", { name: /Dependency graph/ });
  await expect(graph).toBeVisible();
  // The drawing is an image of its own (decision 429): loaded, and drawn at its own size.
  await expect
    .poll(() => graph.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(740);
  await expectAccessible(officer);
  // Filter on the GPU cloud: one provider, both vendors, one row in the concentration table.
  await officer.getByLabel("Provider or vendor").fill(GPU_DOMAIN);
  await officer.getByRole("button", { name: "Filter" }).click();
  await expect(officer.getByText("1 provider matches")).toBeVisible();
  const gpuRow = () =>
    officer
      .getByRole("region", { name: "Concentration" })
      .getByRole("row", { name: new RegExp(GPU) });
  await expect(gpuRow()).toHaveCount(1);
  await expect(gpuRow().getByRole("cell").nth(1)).toHaveText("2");
  await expect(
    officer.getByRole("img", { name: new RegExp(`the most shared is ${GPU}, used by 2 vendors`) }),
  ).toBeVisible();
  const dependencies = officer.getByRole("region", { name: "Dependencies" });
  await expect(dependencies.getByRole("link", { name: ALPHA })).toBeVisible();
  await expect(dependencies.getByRole("link", { name: BETA })).toBeVisible();
  await expect(dependencies.getByRole("link", { name: GAMMA })).toHaveCount(0);
  await expectAccessible(officer);
  // A country filter: Ireland reaches Gamma's labeller, not the GPU cloud.
  await officer.goto(`/supply-chain?country=${encodeURIComponent("Ireland")}&q=${RUN}`);
  await expect(
    officer.getByRole("region", { name: "Dependencies" }).getByRole("link", { name: GAMMA }),
  ).toBeVisible();
  await expect(
    officer.getByRole("region", { name: "Dependencies" }).getByRole("link", { name: ALPHA }),
  ).toHaveCount(0);
  await expectAccessible(officer);
  await officer.goto("/supply-chain?country=Narnia");
  await expect(
    officer.getByRole("alert").filter({ hasText: "“Narnia” is not a country" }),
  ).toBeVisible();
  await expectAccessible(officer);
  // The provider's page: both vendors, under both declared hosts.
  await officer.goto(`/supply-chain?q=${GPU_DOMAIN}`);
  await officer
    .getByRole("region", { name: "Concentration" })
    .getByRole("link", { name: GPU })
    .click();
  await expect(officer.getByRole("heading", { name: GPU, level: 1 })).toBeVisible();
  await expect(officer.getByText("A fourth party: not in the vendor register.")).toBeVisible();
  await expect(officer.getByText(`Declared as api.${GPU_DOMAIN}, www.${GPU_DOMAIN}`)).toBeVisible();
  await expect(officer.getByRole("link", { name: ALPHA })).toBeVisible();
  await expect(officer.getByRole("link", { name: BETA })).toBeVisible();
  await expect(officer.getByRole("link", { name: GAMMA })).toHaveCount(0);
  await expectAccessible(officer);
  const providerPage = officer.url();
  // The rule opened a finding for Alpha's training data in Singapore, none for Beta's in Germany.
  await officer.goto(`/findings?vendorName=${encodeURIComponent(ALPHA)}`);
  await expect(
    officer.getByText(`${GPU} takes training data to a country outside the allowed list (SG)`),
  ).toBeVisible();
  await expectAccessible(officer);
  await officer.goto(`/findings?vendorName=${encodeURIComponent(BETA)}`);
  await expect(officer.getByText(/outside the allowed list/)).toHaveCount(0);
  await expectAccessible(officer);

  // Gamma, after submitting, declares the GPU cloud as a new sub-processor through its link.
  await gamma.goto("/v");
  await gamma.getByRole("link", { name: "Tell us about a change in your AI supply chain" }).click();
  await expect(
    gamma.getByRole("heading", { name: "Tell us about a change in your AI supply chain" }),
  ).toBeVisible();
  await gamma.locator("html[data-hydrated]").waitFor();
  await expectAccessible(gamma);
  await gamma.getByRole("radio", { name: "A new sub-processor" }).check();
  await gamma.getByLabel("Provider's name").fill(GPU);
  await gamma.getByLabel("Provider's website (optional)").fill(`https://eu.${GPU_DOMAIN}`);
  await gamma
    .getByLabel("What it does for you (optional)")
    .selectOption({ label: "Cloud compute (GPU, hosting)" });
  await gamma.getByRole("checkbox", { name: "Training data" }).check();
  await gamma.getByLabel("Countries where it processes or stores our data").fill("Germany");
  await gamma.getByRole("button", { name: "Send the change" }).click();
  await expect(gamma.getByText("Thank you: your change was sent")).toBeVisible();
  await expectAccessible(gamma);
  await gamma.context().close();

  // The map has it at once: the GPU cloud now carries three vendors, Gamma among them.
  await officer.goto(`/supply-chain?q=${GPU_DOMAIN}`);
  await expect(gpuRow()).toHaveCount(1);
  await expect(gpuRow().getByRole("cell").nth(1)).toHaveText("3");
  await expect(
    officer.getByRole("region", { name: "Dependencies" }).getByRole("link", { name: GAMMA }),
  ).toBeVisible();
  await expectAccessible(officer);
  await officer.goto(providerPage);
  await expect(officer.getByRole("link", { name: GAMMA })).toBeVisible();
  await expect(
    officer.getByText(`Declared as api.${GPU_DOMAIN}, eu.${GPU_DOMAIN}, www.${GPU_DOMAIN}`),
  ).toBeVisible();
  await expectAccessible(officer);
  // Its rows link their vendors with plain anchors that one listener navigates in the page
  // (decision 419): the document stays, the vendor's page comes.
  await officer.locator("html[data-hydrated]").waitFor();
  await officer.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await officer.getByRole("link", { name: GAMMA }).click();
  await expect(officer.getByRole("heading", { name: GAMMA, level: 1 })).toBeVisible();
  expect(await officer.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
    true,
  );
  await expectAccessible(officer);
  // The buyer's default rule opened a finding for the notice.
  await officer.goto(`/findings?vendorName=${encodeURIComponent(GAMMA)}`);
  await expect(officer.getByText(`Change notice — A new sub-processor: ${GPU}`)).toBeVisible();
  await expectAccessible(officer);

  // Narrow screen: the map is still usable (the graph scrolls in its own region).
  await officer.setViewportSize({ width: 390, height: 844 });
  await officer.goto(`/supply-chain?q=${GPU_DOMAIN}`);
  await expect(officer.getByRole("region", { name: "Dependency graph" })).toBeVisible();
  const overflow = await officer.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(officer);
  await officer.context().close();

  // Gamma's owner (procurement added it) was told: the mail is in the outbox.
  const admin = await signIn(browser, "admin");
  await admin.goto(`/outbox?q=${encodeURIComponent(GAMMA)}`);
  const mail = admin
    .getByRole("article")
    .filter({ hasText: `${GAMMA} declared a supply-chain change` });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText("procurement@assay.example");
  await mail.getByText("Message").click();
  await expect(mail.locator("pre")).toContainText(
    `A new sub-processor: ${GPU} (eu.${GPU_DOMAIN}), in Germany`,
  );
  await expectAccessible(admin);
  await admin.context().close();
}
