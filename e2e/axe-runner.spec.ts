// The axe runner every journey's scans go through (e2e/fixtures.ts, decision 428) finds what it
// must: a page with known WCAG failures reports each of them, and a clean page reports none.
import { expect, test } from "@playwright/test";
import { axeViolations } from "./fixtures";

test("the in-page axe runner reports a page's WCAG violations and passes a clean page", async ({
  page,
}) => {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
      <h1>Broken form</h1>
      <input type="text" name="unlabelled">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <p style="color:#777;background:#888">Low contrast text</p>
    </main></body></html>`,
  );
  const broken = (await axeViolations(page)).map((v) => v.id).sort();
  expect(broken).toEqual(["color-contrast", "image-alt", "label"]);
  // A second scan of the same document reuses the axe already in it.
  expect((await axeViolations(page)).map((v) => v.id).sort()).toEqual(broken);

  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Fine</title></head><body><main>
      <h1>Fine form</h1><label for="n">Name</label><input id="n" type="text">
    </main></body></html>`,
  );
  expect(await axeViolations(page)).toEqual([]);
});
