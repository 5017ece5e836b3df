// The main pages, staff and vendor, at a desktop (1280 px) and a phone (390 px) width
// (docs/decisions/276-layout-check-and-screenshots.md): nothing makes the page scroll sideways,
// every text-like input, select and text area has the app's styling, and a full-page
// screenshot of each is kept in the test output for review (not compared with a baseline).
// The dashboard is also shot as seen with deuteranopia, to review the tier palette.
import { type Page, type TestInfo } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures";
import { addVendorWithContact, adminReadsLatestLink, openLink, signIn } from "./helpers";

const WIDTHS = [1280, 390] as const;
const STAMP = Date.now().toString(36);
const VENDOR = `Layout Check ${STAMP}`;
const CONTACT = `lena.park.${STAMP}@layout-check.example`;
const QUESTIONNAIRE = "AI model and API vendor security assessment";

/** What a visitor would notice at this width, on the page as it is now. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) {
      // Name the outermost elements that stick out, so the message points at the cause.
      const out = [...document.body.querySelectorAll<HTMLElement>("*")].filter(
        (el) => el.getBoundingClientRect().right > root.clientWidth + 1,
      );
      const culprits = out
        .filter((el) => !out.includes(el.parentElement as HTMLElement))
        .slice(0, 3)
        .map((el) => {
          const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
          return `${name} ("${(el.textContent ?? "").trim().slice(0, 40)}")`;
        });
      problems.push(
        `the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window: ${culprits.join(", ")}`,
      );
    }
    const textLike = document.querySelectorAll<HTMLElement>(
      'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([type="file"]):not([type="submit"]):not([type="button"]), select, textarea',
    );
    for (const field of textLike) {
      if (field.offsetParent === null) continue; // not shown
      const style = getComputedStyle(field);
      // The browser's own box has a 1–2 px inset border and 1–2 px padding; the app's has a
      // 2 px solid border and about 10 px of padding (app.css).
      if (
        style.borderTopStyle !== "solid" ||
        parseFloat(style.paddingLeft) < 6 ||
        parseFloat(style.borderTopWidth) < 2
      ) {
        const name =
          field.getAttribute("name") ?? field.getAttribute("id") ?? field.tagName.toLowerCase();
        problems.push(
          `unstyled ${field.tagName.toLowerCase()}[${field.getAttribute("type") ?? ""}] "${name}"`,
        );
      }
    }
    return problems;
  });
}

async function check(page: Page, testInfo: TestInfo, name: string, path: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(path);
    await page.waitForLoadState("load");
    const shot = testInfo.outputPath(`${name}-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach(`${name} at ${width}px`, { path: shot, contentType: "image/png" });
    expect(await layoutProblems(page), `${name} (${path}) at ${width}px`).toEqual([]);
  }
  await expectAccessible(page);
}

/** The first link on the current page whose address matches, as a path. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page
    .locator("main a[href]")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  if (!href) throw new Error(`no link matching ${pattern} on ${page.url()}`);
  return href;
}

test("staff and vendor pages fit 1280 and 390 px, inputs styled; screenshots kept", async ({
  page,
  browser,
  login,
  a11y,
}, testInfo) => {
  test.setTimeout(900_000);
  await login("procurement");

  // A vendor of this test's own, with an assessment sent to it, for the vendor's pages.
  await addVendorWithContact(
    page,
    {
      name: VENDOR,
      category: "AI model / API vendor",
      dataAccess: /^Business data/,
      criticality: /^Low/,
      contact: { name: "Lena Park", email: CONTACT },
    },
    a11y.scan,
  );
  const vendorPath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: `Send assessment to ${VENDOR}` }).click();
  const newAssessmentPath = `${new URL(page.url()).pathname}${new URL(page.url()).search}`;
  await a11y.scan();
  // The newest version, whichever it is.
  const latest = page
    .getByLabel("Questionnaire")
    .locator("option", { hasText: new RegExp(`^${QUESTIONNAIRE} — .*\\(latest\\)$`) });
  await page.getByLabel("Questionnaire").selectOption((await latest.getAttribute("value")) ?? "");
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  const sentPath = new URL(page.url()).pathname;

  // A submitted demo assessment, and a finding, for the result, report and finding pages.
  await page.goto("/assessments?status=submitted");
  const submitted = await firstLink(page, /^\/assessments\/[0-9a-f-]{36}$/);
  await page.goto("/findings");
  const finding = await firstLink(page, /^\/findings\/[0-9a-f-]{36}$/);

  // A comparison of the first two vendors the picker offers, on its default (first) section.
  await page.goto("/compare?questionnaire=ai-model-vendor");
  const addFirst = await firstLink(page, /^\/compare\?.*vendor=/);
  await page.goto(addFirst);
  const addSecond = (await page.getByRole("link", { name: /^Add / }).first().getAttribute("href"))!;

  const staffPages: [string, string][] = [
    ["home", "/"],
    ["dashboard", "/dashboard"],
    ["vendors", "/vendors"],
    ["vendor-new", "/vendors/new"],
    ["vendor", vendorPath],
    ["vendor-edit", `${vendorPath}/edit`],
    ["assessments", "/assessments"],
    ["assessment-new", newAssessmentPath],
    ["assessment-sent", sentPath],
    ["assessment-submitted", submitted],
    ["result", `${submitted}/result`],
    ["report", `${submitted}/report`],
    ["review", `${submitted}/review`],
    ["findings", "/findings"],
    ["finding", finding],
    ["questionnaires", "/questionnaires"],
    ["compare", addSecond],
  ];
  for (const [name, path] of staffPages) {
    await check(page, testInfo, name, path);
    await a11y.scan();
  }

  // The tier palette as seen with deuteranopia (Chromium's own simulation), for review.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/dashboard");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setEmulatedVisionDeficiency", { type: "deuteranopia" });
  for (const [name, path] of [
    ["dashboard", "/dashboard"],
    ["vendors", "/vendors"],
  ]) {
    await page.goto(path!);
    const shot = testInfo.outputPath(`${name}-1280-deuteranopia.png`);
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach(`${name}, deuteranopia`, { path: shot, contentType: "image/png" });
  }
  await cdp.send("Emulation.setEmulatedVisionDeficiency", { type: "none" });
  await a11y.scan();

  // Admin pages.
  const admin = await signIn(browser, "admin");
  for (const [name, path] of [
    ["outbox", "/outbox"],
    // This journey's own mail, so a long address is always on the page whatever others sent.
    ["outbox-one-address", `/outbox?q=${encodeURIComponent(CONTACT)}`],
    ["audit", "/admin/audit"],
    ["settings", "/admin/settings"],
    ["users", "/admin/users"],
    ["user-new", "/admin/users/new"],
    ["api-tokens", "/admin/api-tokens"],
  ] as const)
    await check(admin, testInfo, name, path);
  await admin.context().close();

  // The vendor's pages, through the link in the mail.
  const link = await adminReadsLatestLink(browser, CONTACT);
  const vendor = await openLink(browser, link, QUESTIONNAIRE);
  const section = await firstLink(vendor, /^\/v\/sections\/[^/]+$/);
  for (const [name, path] of [
    ["vendor-task-list", "/v"],
    ["vendor-section", section],
    ["vendor-check", "/v/check"],
    ["vendor-team", "/v/team"],
  ] as const)
    await check(vendor, testInfo, name, path);
  await vendor.context().close();
});
