// Evidence marked `required` blocks submission until a file is uploaded
// (docs/decisions/196-required-evidence-blocks-submission.md): the vendor answers a question
// whose claim needs a document, submits without it, reads an error that links to the question,
// uploads the file there and submits.
import { type Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { answerVisibleQuestions, sendToNewVendorAndOpenLink } from "./helpers";

// A vendor of this journey's own, so no other journey's mails get in the way.
const VENDOR = "Beacon Docs";
const CONTACT = "rui.costa@beacon-docs.example";
const QUESTIONNAIRE = "AI features in a SaaS product we already use";
const TERMS_QUESTION =
  "What do your contracts with those model providers say about training on, and keeping, the data the AI features send them?";

async function upload(page: Page, questionId: string, name: string) {
  const question = page.locator(`#question-${questionId}`);
  await question.locator("input[type=file]").setInputFiles({
    name,
    mimeType: "application/pdf",
    buffer: Buffer.from(`%PDF-1.7\n% ${name}\n%%EOF\n`),
  });
  await question.getByRole("button", { name: "Upload file" }).click();
  await expect(
    question.getByRole("link", { name: `${name} (opens in the browser)` }),
  ).toBeVisible();
}

test("a vendor cannot submit while a question that requires evidence has no file, and is led to it", async ({
  browser,
}) => {
  test.setTimeout(300_000);

  const { vendorPage: vendor } = await sendToNewVendorAndOpenLink(
    browser,
    { name: VENDOR, category: "Other", contact: { name: "Rui Costa", email: CONTACT } },
    QUESTIONNAIRE,
    "1.1.0",
  );
  const sections = await vendor
    .locator(".task__name a")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  for (const path of sections) {
    await vendor.goto(path);
    // The first option everywhere: the strongest claims, so the contract-terms answer is a
    // claim that needs its document.
    await answerVisibleQuestions(vendor);
    // The questions whose answer is itself a file — in 1.1.0 also each claim's follow-up
    // (decision 301); the supporting file for the terms is left out.
    for (const id of [
      "ai-provider-region-evidence",
      "ai-data-access-evidence",
      "retrieval-index-isolation-evidence",
      "ai-red-team-summary",
      "subprocessor-list",
      "incident-notification-evidence",
    ])
      if (await vendor.locator(`#question-${id}:not([hidden])`).isVisible())
        await upload(vendor, id, `${id}.pdf`);
    await vendor.getByRole("button", { name: /Save and (continue|check your answers)/ }).click();
    await expect(vendor).not.toHaveURL(new RegExp(`${path}$`));
  }

  await vendor.goto("/v/check");
  await expect(
    vendor.getByRole("heading", { name: "Check your answers before submitting" }),
  ).toBeVisible();
  await expect(
    vendor.getByText("1 answer(s) need a supporting file before you can submit."),
  ).toBeVisible();
  await expect(
    vendor.locator("#answer-ai-provider-data-terms").getByText("a supporting file is required"),
  ).toBeVisible();
  await vendor.getByRole("button", { name: "Submit answers" }).click();
  const summary = vendor.getByRole("alert").filter({ hasText: "There is a problem" });
  const fix = summary.getByRole("link", {
    name: `Upload a supporting file for “${TERMS_QUESTION}”: this question requires evidence`,
  });
  await expect(fix).toBeVisible();
  await expect(summary.getByRole("link")).toHaveCount(1);
  await expectAccessible(vendor);

  // The link leads to the question on its section page, where the file goes.
  await fix.click();
  await expect(vendor).toHaveURL(/\/v\/sections\/model-providers#question-ai-provider-data-terms$/);
  await vendor.locator("html[data-hydrated]").waitFor();
  await upload(vendor, "ai-provider-data-terms", "provider-terms.pdf");

  await vendor.goto("/v/check");
  await expect(vendor.getByText(/need a supporting file/)).toHaveCount(0);
  await vendor.getByRole("button", { name: "Submit answers" }).click();
  await expect(vendor.getByRole("status").first()).toContainText("Your answers were submitted");
  await vendor.context().close();
});
