// The database goes away under a running app (docs/decisions/131-database-outage.md): pages,
// autosave and the API answer 503 with Retry-After quickly instead of a 500 after many seconds,
// the page says the service is briefly unavailable and that nothing saved is lost, and the app
// recovers by itself the moment PostgreSQL answers again. On a real PostgreSQL cluster this
// test starts, stops and freezes itself, under a server process of its own.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { expectAccessible } from "./fixtures";
import { type Cluster, findPostgresBinaries, startCluster } from "./postgres-cluster";

// Next to the port of the main end-to-end server (scripts/e2e.mjs), never the same one.
const port = Number(process.env.E2E_PORT ?? 3100) + 5;
const base = `http://localhost:${port}`;
const bindir = findPostgresBinaries();
const UNAVAILABLE = "Assay is briefly unavailable";

let cluster: Cluster | undefined;
let server: ChildProcess | undefined;
let serverLog = "";
let staff: Page;
let vendor: Page;

test.describe.configure({ mode: "serial" });
// CI installs PostgreSQL (.ci/run); a developer's machine without it skips, saying why.
test.skip(!bindir && !process.env.CI, "PostgreSQL's initdb and pg_ctl were not found");

async function waitForHealthy(timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server?.exitCode !== null && server?.exitCode !== undefined)
      throw new Error(`The server stopped:\n${serverLog}`);
    const ok = await fetch(`${base}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not become healthy:\n${serverLog}`);
}

/** A personal link of a demo assessment still open for answers, read from the database. */
async function openVendorLink(): Promise<string> {
  const sql = postgres(cluster!.url, { max: 1, onnotice: () => {} });
  try {
    const open = await sql<{ email: string; token_hash: string }[]>`
      select r.email, r.token_hash from assessment_recipients r
      join assessments a on a.id = r.assessment_id
      where a.status in ('sent', 'in_progress') and r.revoked_at is null`;
    for (const recipient of open) {
      const mails = await sql<{ text: string }[]>`
        select text from mail_outbox where "to" = ${recipient.email}`;
      for (const mail of mails) {
        for (const [, token] of mail.text.matchAll(/\/respond\/([A-Za-z0-9_-]{43})/g)) {
          if (createHash("sha256").update(token!).digest("hex") === recipient.token_hash)
            return `/respond/${token}`;
        }
      }
    }
    throw new Error("No open demo assessment with a mailed link");
  } finally {
    await sql.end();
  }
}

async function newPage(browser: Browser): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ baseURL: base });
  return context.newPage();
}

/** The milliseconds a call took, with its result. */
async function timed<T>(call: () => Promise<T>): Promise<[T, number]> {
  const began = Date.now();
  const result = await call();
  return [result, Date.now() - began];
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  if (!bindir) throw new Error("PostgreSQL's initdb and pg_ctl were not found");
  cluster = await startCluster(bindir);
  server = spawn("node", ["scripts/server.js"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: cluster.url,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      SEED_DEMO: "true",
      SCHEDULER_INTERVAL_SECONDS: "0",
    } as unknown as NodeJS.ProcessEnv,
  });
  server.stdout!.on("data", (d) => (serverLog += d));
  server.stderr!.on("data", (d) => (serverLog += d));
  await waitForHealthy(150_000);

  staff = await newPage(browser);
  await staff.goto("/login");
  await staff.getByLabel("Email address").fill("procurement@assay.example");
  await staff.getByLabel("Password").fill(DEMO_PASSWORD);
  await staff.getByRole("button", { name: "Sign in" }).click();
  await expect(staff.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  vendor = await newPage(browser);
  await vendor.goto(await openVendorLink());
  await vendor.locator("html[data-hydrated]").waitFor();
  await vendor.getByRole("button", { name: "Continue to the assessment" }).click();
  await expect(vendor.getByRole("heading", { name: "Your assessment" })).toBeVisible();
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  cluster?.destroy();
});

function autosave(page: Page) {
  return page.request.post("/v/answers", {
    headers: { Origin: base },
    data: { questionId: "no-such-question", answer: null, comment: "", baseRevision: 0 },
  });
}

function api() {
  return fetch(`${base}/api/v1/vendors`, {
    headers: { Authorization: `Bearer assay_${"a".repeat(43)}` },
  });
}

test("PostgreSQL stopped: pages, autosave and the API answer 503 at once, and all recover the moment it is back", async () => {
  // Up: the same requests get their ordinary answers.
  expect((await staff.goto("/vendors"))!.status()).toBe(200);
  expect((await autosave(vendor)).status()).toBe(422);
  expect((await api()).status).toBe(401);

  cluster!.stop();

  const [page, pageMs] = await timed(() => staff.goto("/vendors"));
  expect(page!.status()).toBe(503);
  expect(page!.headers()["retry-after"]).toBe("5");
  expect(pageMs).toBeLessThan(2_500);
  await expect(staff.getByRole("heading", { level: 1, name: UNAVAILABLE })).toBeVisible();
  await expect(staff.getByText("Nothing that was already saved has been lost")).toBeVisible();
  await expect(staff).toHaveTitle(`${UNAVAILABLE} — Assay`);
  await expectAccessible(staff);

  // A navigation inside the running app (a data request, not a document) shows the same page.
  const section = vendor.locator("main a[href^='/v/sections/']").first();
  await section.click();
  await expect(vendor.getByRole("heading", { level: 1, name: UNAVAILABLE })).toBeVisible();

  const [save, saveMs] = await timed(() => autosave(vendor));
  expect(save.status()).toBe(503);
  expect(save.headers()["retry-after"]).toBe("5");
  expect(await save.json()).toMatchObject({ ok: false, kind: "unavailable" });
  expect(saveMs).toBeLessThan(2_500);

  const refused = await api();
  expect(refused.status).toBe(503);
  expect(refused.headers.get("retry-after")).toBe("5");
  expect(await refused.json()).toMatchObject({ error: { code: "unavailable" } });

  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ database: { status: "down" } });

  cluster!.start();

  // Back: the very next requests are served, with no restart and no wait.
  const [again, againMs] = await timed(() => staff.goto("/vendors"));
  expect(again!.status()).toBe(200);
  expect(againMs).toBeLessThan(2_000);
  await expect(staff.getByRole("heading", { level: 1, name: "Vendors" })).toBeVisible();
  expect((await autosave(vendor)).status()).toBe(422);
  expect((await api()).status).toBe(401);
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect(serverLog).not.toMatch(/Error while handling/);
});

test("PostgreSQL not answering: a request waits at most the 2 s connect time-out, then 503; waiting requests go through as soon as it answers", async () => {
  // Close the app's pooled connections (its lookup connections too, decision 426), so every
  // request needs a new one, then freeze the server: the kernel still accepts connections, but
  // nothing answers them.
  const admin = postgres(cluster!.url, { max: 1, onnotice: () => {} });
  await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name in ('assay', 'assay-lookups')`;
  await admin.end();
  cluster!.freeze();
  try {
    const [page, pageMs] = await timed(() => staff.goto("/vendors"));
    expect(page!.status()).toBe(503);
    expect(pageMs).toBeLessThan(4_000);
    await expect(staff.getByRole("heading", { level: 1, name: UNAVAILABLE })).toBeVisible();

    const [save, saveMs] = await timed(() => autosave(vendor));
    expect(save.status()).toBe(503);
    expect(saveMs).toBeLessThan(4_000);

    // A request already waiting when the server answers again is served, not left hanging.
    const waiting = timed(() => staff.goto("/vendors"));
    await new Promise((r) => setTimeout(r, 500));
    cluster!.thaw();
    const [served, servedMs] = await waiting;
    expect([200, 503]).toContain(served!.status());
    expect(servedMs).toBeLessThan(3_000);
  } finally {
    cluster!.thaw();
  }
  const [again, againMs] = await timed(() => staff.goto("/vendors"));
  expect(again!.status()).toBe(200);
  expect(againMs).toBeLessThan(2_000);
});
