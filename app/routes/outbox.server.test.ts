// The outbox as an admin reads it (docs/decisions/271-outbox-listing.md): pages, search by
// recipient or subject, filters by status and kind, and a 400 for a query that cannot be used.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { queueMail } from "~/mail/mail.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import * as outboxRoute from "./outbox";

let t: TestDatabase;
let cookie: string;
let procurementCookie: string;
beforeAll(async () => {
  t = await createTestDatabase();
  for (const [role, set] of [
    ["admin", (c: string) => (cookie = c)],
    ["procurement", (c: string) => (procurementCookie = c)],
  ] as const) {
    const user = await createUser(t.db, { role });
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    set((await commitSessionCookie(session.token)).split(";")[0]!);
  }
  // 30 reminders to one vendor, 3 resets, one subject with LIKE's wildcards in it.
  for (let i = 1; i <= 30; i++)
    await queueMail(t.db, {
      to: `nadia+${i}@northwind.example`,
      subject: `Reminder ${i}: security assessment for Northwind`,
      text: "…",
      kind: "assessment_reminder",
    });
  for (let i = 1; i <= 3; i++)
    await queueMail(t.db, {
      to: `staff${i}@assay.example`,
      subject: "Reset your Assay password",
      text: "…",
      kind: "password_reset",
    });
  await queueMail(t.db, {
    to: "ops@cirrus.example",
    subject: "100% done_now",
    text: "…",
    kind: "assessment_receipt_vendor",
  });
  await t.db
    .update(schema.mailOutbox)
    .set({ status: "failed", lastError: "550 no such user" })
    .where(eq(schema.mailOutbox.to, "staff2@assay.example"));
});
afterAll(async () => t.dispose());

type Page = Awaited<ReturnType<typeof outboxRoute.loader>>;

async function load(
  search: string,
  as = cookie,
): Promise<Page | { status: number; message: unknown }> {
  try {
    return await outboxRoute.loader({
      request: new Request(`http://localhost:3000/outbox${search}`, { headers: { Cookie: as } }),
      params: {},
      context: {},
    });
  } catch (thrown) {
    if (thrown && typeof thrown === "object" && "init" in thrown) {
      const v = thrown as { init?: { status?: number }; data: unknown };
      return { status: v.init?.status ?? 500, message: v.data };
    }
    throw thrown;
  }
}
const page = async (search: string) => (await load(search)) as Page;

test("the outbox is paged, newest first", async () => {
  const first = await page("");
  expect(first.total).toBe(34);
  expect(first.pageCount).toBe(2);
  expect(first.mails).toHaveLength(25);
  expect(first.mails[0]!.to).toBe("ops@cirrus.example");
  const second = await page("?page=2");
  expect(second.mails).toHaveLength(9);
  expect(second.mails.at(-1)!.to).toBe("nadia+1@northwind.example");
  expect(new Set([...first.mails, ...second.mails].map((m) => m.id)).size).toBe(34);
  // Past the last page: nothing listed, the total still told.
  expect(await page("?page=9")).toMatchObject({ total: 34, mails: [] });
});

test("search finds the recipient or the subject, with wildcards taken literally", async () => {
  expect((await page("?q=NADIA%2B7%40")).mails.map((m) => m.to)).toEqual([
    "nadia+7@northwind.example",
  ]);
  expect((await page("?q=reset+your")).total).toBe(3);
  expect((await page("?q=100%25")).mails.map((m) => m.to)).toEqual(["ops@cirrus.example"]);
  expect((await page("?q=_")).mails.map((m) => m.to)).toEqual(["ops@cirrus.example"]);
  expect((await page("?q=%25")).total).toBe(1);
});

test("status and kind filter, alone and with a search; the kinds are offered in words", async () => {
  const failed = await page("?status=failed");
  expect(failed.mails.map((m) => m.to)).toEqual(["staff2@assay.example"]);
  expect((await page("?kind=password_reset")).total).toBe(3);
  expect((await page("?kind=password_reset&status=pending")).total).toBe(2);
  expect((await page("?kind=assessment_reminder&q=password")).total).toBe(0);
  expect((await page("?kind=")).total).toBe(34);
  expect(failed.kinds).toContainEqual({ value: "password_reset", label: "Password reset" });
});

test("a query that cannot be used is a 400 naming the value; the outbox is for admins", async () => {
  for (const [search, says] of [
    ["?status=bounced", "status"],
    ["?page=0", "page"],
    ["?page=2.5", "page"],
    ["?page=1e3", "page"],
    ["?kind=DROP%20TABLE", "kind"],
    [`?q=${"x".repeat(201)}`, "200 characters"],
    ["?status=sent&status=failed", "status"],
  ] as const) {
    const result = await load(search);
    expect(result, search).toMatchObject({ status: 400 });
    expect(String((result as { message: unknown }).message), search).toContain(says);
  }
  expect(await load("", procurementCookie)).toMatchObject({ status: 403 });
});
