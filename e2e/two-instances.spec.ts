// Two instances as one (docs/decisions/191-two-instances-tested.md): two Assay processes on
// one PostgreSQL, evidence in S3 (s3rver), mail through a real SMTP server (smtp-server),
// behind the round-robin proxy of scripts/round-robin-proxy.mjs, so consecutive requests of
// one browser land on different instances. Everything is started here, on a database of its
// own: staff sign in and send, the vendor's autosaves land on both instances, evidence
// uploaded through one downloads through either, the invitation leaves once although both
// instances run the mail worker, and a reminder falls due while both schedulers run and is
// sent once.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import S3rver from "s3rver";
import { SMTPServer } from "smtp-server";
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { startTwoInstances } from "../scripts/two-instances.mjs";
import { demoUser, expectAccessible } from "./fixtures";
import { addVendorWithContact } from "./helpers";

// Beside the main end-to-end server's port (scripts/e2e.mjs), never the same ones.
const proxyPort = Number(process.env.E2E_PORT ?? 3100) + 10;
const VENDOR = "Orbital Labels";
const CONTACT = "kim.lee@orbital-labels.net";
const QUESTIONNAIRE = "Training data and labelling supplier assessment";
const BUCKET = "assay-two-instances";

type Received = { to: string[]; text: string };
const received: Received[] = [];
let smtp: SMTPServer;
let s3: S3rver;
let dir: string;
let databaseUrl: string;
let adminUrl: string;
let running: Awaited<ReturnType<typeof startTwoInstances>> | undefined;

test.describe.configure({ mode: "serial" });
// Several instances need a shared PostgreSQL: `npm test` (and .ci/run) sets DATABASE_URL.
test.skip(!process.env.DATABASE_URL, "needs PostgreSQL (DATABASE_URL): instances share it");

/** Quoted-printable, as nodemailer writes long lines. */
function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function mailsTo(to: string, body: RegExp): Received[] {
  return received.filter((m) => m.to.includes(to) && body.test(m.text));
}

async function eventually(what: string, check: () => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function signIn(browser: Browser, role: "procurement"): Promise<Page> {
  const context = await browser.newContext({ baseURL: running!.url });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(demoUser(role).email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  return page;
}

async function saved(page: Page) {
  await expect(page.locator(".save-status")).toHaveText(
    /^(All changes saved\.|Answers are saved automatically as you go\.)$/,
  );
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(path.join(tmpdir(), "assay-two-"));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          text: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", r));
  const s3Port = await freePort();
  s3 = new S3rver({
    port: s3Port,
    address: "127.0.0.1",
    silent: true,
    directory: path.join(dir, "s3"),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  await s3.run();

  const name = `assay_two_${Date.now()}_${randomBytes(3).toString("hex")}`;
  adminUrl = process.env.DATABASE_URL!;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();

  running = await startTwoInstances({
    proxyPort,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      SEED_DEMO: "true",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_POLL_SECONDS: "1",
      SCHEDULER_INTERVAL_SECONDS: "2",
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      ALLOW_TEST_CLOCK: "false",
    },
  });
});

test.afterAll(async () => {
  await running?.stop();
  await new Promise<void>((r) => smtp?.close(() => r()));
  await s3?.close().catch(() => {});
  if (databaseUrl) {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(
      `drop database if exists "${new URL(databaseUrl).pathname.slice(1)}" with (force)`,
    );
    await admin.end();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("a journey through two instances behind a round-robin proxy", async ({ browser }) => {
  test.setTimeout(150_000);
  const proxy = running!;
  // Both instances report the shared store.
  for (const instance of proxy.instances) {
    const health = await (await fetch(`${instance.url}/healthz`)).json();
    expect(health).toMatchObject({
      database: { status: "up", kind: "postgres" },
      storage: { kind: "s3", status: "ok" },
      mail: { transport: "smtp" },
    });
  }

  // Staff add the vendor with a contact and send the assessment.
  const staff = await signIn(browser, "procurement");
  await addVendorWithContact(staff, {
    name: VENDOR,
    category: "Training-data / labelling supplier",
    dataAccess: /^Training data/,
    criticality: /^High/,
    contact: { name: "Kim Lee", email: CONTACT },
  });
  await staff.goto("/assessments/new");
  await staff.getByRole("searchbox", { name: "Vendor" }).fill(VENDOR);
  await staff.getByRole("button", { name: "Find vendor" }).click();
  await staff.getByRole("link", { name: `Choose ${VENDOR}`, exact: true }).click();
  await staff
    .getByLabel("Questionnaire")
    .selectOption({ label: `${QUESTIONNAIRE} — 1.0.0 (latest)` });
  await staff.getByRole("button", { name: "Send assessment" }).click();
  await expect(staff.getByRole("heading", { name: `${VENDOR}: ${QUESTIONNAIRE}` })).toBeVisible();
  await expectAccessible(staff);
  const assessmentId = new URL(staff.url()).pathname.split("/").pop()!;

  // The invitation leaves once, although both instances run the mail worker every second.
  const invitation = /\/respond\/[A-Za-z0-9_-]{43}/;
  await eventually(
    "the invitation at the SMTP server",
    () => mailsTo(CONTACT, invitation).length > 0,
  );
  await new Promise((r) => setTimeout(r, 3_000));
  expect(mailsTo(CONTACT, invitation)).toHaveLength(1);
  const link = mailsTo(CONTACT, invitation)[0]!.text.match(/\/respond\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link).toBeTruthy();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const outbox = await sql<{ status: string; attempts: number }[]>`
      select status, attempts from mail_outbox where "to" = ${CONTACT}`;
    expect(outbox).toEqual([{ status: "sent", attempts: 1 }]);

    // The vendor answers; autosaves alternate between the instances.
    const vendorContext = await browser.newContext({ baseURL: proxy.url });
    const vendor = await vendorContext.newPage();
    const savedBy = new Set<string>();
    vendor.on("response", (response) => {
      if (
        response.request().method() === "POST" &&
        new URL(response.url()).pathname === "/v/answers"
      )
        savedBy.add(response.headers()["x-assay-instance"] ?? "?");
    });
    await vendor.goto(link!);
    await vendor.getByRole("button", { name: "Continue to the assessment" }).click();
    await expect(vendor.getByRole("heading", { name: "Your assessment" })).toBeVisible();
    await vendor
      .getByRole("link", { name: /Quality/ })
      .first()
      .click();
    await vendor.locator("html[data-hydrated]").waitFor();
    const percent = vendor.locator("#question-qa-review-percent input[type=text]");
    for (const value of ["10", "15", "20", "25"]) {
      await percent.fill(value);
      await percent.blur();
      await saved(vendor);
    }
    expect([...savedBy].sort()).toEqual(["0", "1"]);
    // Read back twice: whichever instance answers has the last save.
    for (let i = 0; i < 2; i++) {
      await vendor.reload();
      await expect(vendor.locator("#question-qa-review-percent input[type=text]")).toHaveValue(
        "25",
      );
    }

    // Evidence through one instance, downloaded through each.
    const pdf = Buffer.from(
      `%PDF-1.7\n% bias assessment ${randomBytes(8).toString("hex")}\n%%EOF\n`,
    );
    const evidence = vendor.locator("#question-bias-documentation");
    await evidence.locator("input[type=file]").setInputFiles({
      name: "bias-assessment.pdf",
      mimeType: "application/pdf",
      buffer: pdf,
    });
    await evidence.getByRole("button", { name: "Upload file" }).click();
    const file = evidence.getByRole("link", { name: "bias-assessment.pdf (opens in the browser)" });
    await expect(file).toBeVisible();
    await expectAccessible(vendor);
    const href = (await file.getAttribute("href"))!;
    for (const instance of proxy.instances) {
      // Session cookies are host-only for "localhost", so they reach each instance's port.
      const download = await vendorContext.request.get(`http://localhost:${instance.port}${href}`);
      expect(download.status(), `download through port ${instance.port}`).toBe(200);
      expect(Buffer.from(await download.body())).toEqual(pdf);
    }
    await vendorContext.close();

    // A reminder falls due (the invitation "was" sent ten days ago, the due date is
    // tomorrow) while both instances' schedulers run every two seconds: one mail.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await sql.begin(async (tx) => {
      await tx`update assessments set due_date = ${tomorrow} where id = ${assessmentId}`;
      await tx`update assessment_recipients set last_sent_at = now() - interval '10 days'
               where assessment_id = ${assessmentId}`;
    });
    const reminder = /A reminder: the/;
    await eventually(
      "the reminder at the SMTP server",
      () => mailsTo(CONTACT, reminder).length > 0,
    );
    await new Promise((r) => setTimeout(r, 5_000));
    expect(mailsTo(CONTACT, reminder)).toHaveLength(1);
    const claims = await sql`select key from job_claims where key like ${"reminder:%:" + tomorrow}`;
    expect(claims.length).toBeGreaterThanOrEqual(1);
  } finally {
    await sql.end();
  }
  await staff.context().close();
  // Both instances really served this journey.
  expect(proxy.proxy.served.every((n: number) => n > 10)).toBe(true);
});
