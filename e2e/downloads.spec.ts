// Downloads and exports are resource routes: when they refuse, they say why, with the status
// their guard or check chose — never Remix's `{"message":"Unexpected Server Error"}`
// (docs/decisions/132-downloads-and-uploads.md).
import { expect, test } from "./fixtures";

test("exports and downloads answer their own 4xx messages", async ({ page, login }) => {
  await login("procurement");
  const cases = [
    // A role without access to the users list.
    {
      path: "/admin/users/export?export=csv",
      status: 403,
      text: "Your role does not give you access to this page.",
    },
    // A format that does not exist.
    {
      path: "/vendors/export?export=pdf",
      status: 400,
      text: "Unknown export format “pdf”: use csv or xlsx.",
    },
    // A report of an assessment that does not exist.
    {
      path: "/assessments/00000000-0000-4000-8000-000000000000/report.pdf",
      status: 404,
      text: "There is no such assessment.",
    },
    // A vendor's file without a vendor session.
    {
      path: "/v/evidence/00000000-0000-4000-8000-000000000000",
      status: 401,
      text: "Open the personal link from your invitation email",
    },
  ];
  for (const c of cases) {
    const response = await page.request.get(c.path, { maxRedirects: 0 });
    expect(response.status(), c.path).toBe(c.status);
    expect(response.headers()["content-type"], c.path).toBe("text/plain; charset=utf-8");
    const body = await response.text();
    expect(body, c.path).toContain(c.text);
    expect(body, c.path).not.toContain("Unexpected Server Error");
  }
});
