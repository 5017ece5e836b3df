// The assessments list in pages of 50, newest first (docs/decisions/384-assessments-list-pages.md):
// every assessment on exactly one page, the count of all that match, filters kept.
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, libraryVersionId, PASSWORD } from "~/test/factories";
import { statusOf } from "~/test/status";
import { loader } from "./assessments._index";

let t: TestDatabase;
let cookie: string;
let versionId: string;
let otherVersionId: string;
/** Newest first, as the page lists them. */
let expected: { id: string; status: string; createdAt: Date; version: string }[];

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  otherVersionId = await libraryVersionId(t.db, "ai-model-vendor", "1.0.0");
  const vendor = await createVendor(t.db, { name: "Paged Vendor" });
  const base = Date.UTC(2026, 0, 1);
  const rows = Array.from({ length: 123 }, (_, i) => ({
    vendorId: vendor.id,
    questionnaireVersionId: i % 5 === 0 ? otherVersionId : versionId,
    status: (i % 3 === 0 ? "submitted" : "sent") as "submitted" | "sent",
    dueDate: "2030-01-01",
    // Pairs share a creation time: the id orders them, so no page repeats or skips one.
    createdAt: new Date(base + Math.floor(i / 2) * 60_000),
  }));
  const inserted = await t.db.insert(schema.assessments).values(rows).returning();
  expected = inserted
    .map((a) => ({
      id: a.id,
      status: a.status,
      createdAt: a.createdAt,
      version: a.questionnaireVersionId,
    }))
    .sort(
      (a, b) =>
        b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
}, 120_000);
afterAll(async () => t.dispose());

type Page = {
  assessments: { id: string; vendorName: string }[];
  total: number;
  page: number;
  pageCount: number;
};
async function open(search: string): Promise<Page> {
  const request = new Request(`http://localhost:3000/assessments${search}`, {
    headers: { Cookie: cookie },
  });
  return (await loader({ request, params: {}, context: {} })) as unknown as Page;
}

test("every assessment is on exactly one page, newest first, with the count of all", async () => {
  const pages = [await open(""), await open("?page=2"), await open("?page=3")];
  expect(pages.map((p) => p.assessments.length)).toEqual([50, 50, 23]);
  expect(pages.map((p) => [p.total, p.page, p.pageCount])).toEqual([
    [123, 1, 3],
    [123, 2, 3],
    [123, 3, 3],
  ]);
  expect(pages.flatMap((p) => p.assessments.map((a) => a.id))).toEqual(expected.map((a) => a.id));
  expect(pages[0]!.assessments[0]!.vendorName).toBe("Paged Vendor");
  // Past the end: no rows, and the count still says how many match.
  expect(await open("?page=4")).toMatchObject({ assessments: [], total: 123, page: 4 });
  // A bad page number is the first page.
  expect((await open("?page=zero")).page).toBe(1);
  expect((await open("?page=0")).assessments.map((a) => a.id)).toEqual(
    expected.slice(0, 50).map((a) => a.id),
  );
});

test("the status and version filters page and count what they match", async () => {
  const submitted = expected.filter((a) => a.status === "submitted");
  const first = await open("?status=submitted");
  expect(first.total).toBe(submitted.length);
  expect(first.assessments.map((a) => a.id)).toEqual(submitted.slice(0, 50).map((a) => a.id));
  const other = expected.filter((a) => a.version === otherVersionId && a.status === "submitted");
  const filtered = await open(`?status=submitted&version=${otherVersionId}`);
  expect(filtered.total).toBe(other.length);
  expect(filtered.assessments.map((a) => a.id)).toEqual(other.map((a) => a.id));
  expect(filtered.pageCount).toBe(1);
});

test("only staff who may read assessments see the list", async () => {
  const request = new Request("http://localhost:3000/assessments?page=2");
  expect(await statusOf(() => loader({ request, params: {}, context: {} }))).toBe(302);
});
