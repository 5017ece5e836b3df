// Webhooks end to end below the browser: a real HTTP receiver started here, the app's own
// functions making the changes (send, open, submit, review, remediation, the scheduler's jobs,
// a mail that fails for good), the worker delivering over the network. The receiver verifies
// every signature, is taken down and brought back on the same port, and must see each event
// once. docs/decisions/215-webhooks-outbox.md, 216-webhook-targets.md.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { closeReview } from "~/review/review.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { expireRiskAcceptances, notifyOverdueFindings } from "~/findings/finding-jobs.server";
import { transitionFinding } from "~/findings/findings.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { deliverDueMail } from "~/mail/delivery.server";
import { queueMail } from "~/mail/mail.server";
import { submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import { deliverDueWebhooks, type WebhookPayload } from "./delivery.server";
import { createEndpoint, listDeliveries, redeliver, sendTestEvent } from "./endpoints.server";
import { EVENT_TYPES } from "./events";
import { verifySignature } from "./signing.server";

type Received = { headers: Record<string, string>; body: string; valid: boolean };

let t: TestDatabase;
let admin: SessionUser;
let officer: SessionUser;
let versionId: string;
let port: number;
let receiver: Server | undefined;
let answerWith = 200;
const received: Received[] = [];
/** The secret the receiver checks signatures with (the one endpoint it serves). */
let secret = "";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startReceiver() {
  await stopReceiver();
  const server = createHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, String(v)]),
      );
      received.push({
        headers,
        body,
        valid: verifySignature(secret, headers["assay-signature"], body),
      });
      response.writeHead(answerWith, { "Content-Type": "text/plain" }).end("thanks");
    });
  });
  receiver = server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

async function stopReceiver() {
  const server = receiver;
  receiver = undefined;
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const local = { allowPrivateTargets: true } as const;
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/** Runs worker passes until nothing is due at `now`. */
async function drain(now = new Date()) {
  for (let i = 0; i < 20; i++) {
    const outcome = await deliverDueWebhooks(t.db, { now, ...local, retrySeconds: 30 });
    if (outcome.claimed === 0) return;
  }
}

const payloads = (filter?: (p: WebhookPayload) => boolean) =>
  received
    .map((r) => JSON.parse(r.body) as WebhookPayload)
    .filter((p) => p.type !== "webhook.test" && (!filter || filter(p)));

beforeAll(async () => {
  port = await freePort();
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const adminRow = await createUser(t.db, { role: "admin", name: "Ada" });
  admin = { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: adminRow.role };
  const officerRow = await createUser(t.db, { role: "risk_officer", name: "Rui" });
  officer = {
    id: officerRow.id,
    email: officerRow.email,
    name: officerRow.name,
    role: officerRow.role,
  };
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  await startReceiver();
});
afterAll(async () => {
  await stopReceiver();
  await t.dispose();
});

test("loopback, private, link-local and metadata targets are refused on save", async () => {
  const base = {
    intent: "create" as const,
    name: "SSRF",
    events: ["assessment.sent" as const],
    format: "json" as const,
    includeAnswers: false,
    allowPrivateNetwork: false,
  };
  const refused = [
    `http://127.0.0.1:${port}/hook`,
    "https://127.0.0.1/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.9/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/hook",
    "https://0.0.0.0/hook",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[fd00::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:a9fe:a9fe]/hook",
    "https://localhost/hook",
    "https://user:pass@hooks.example.com/",
    "ftp://hooks.example.com/",
  ];
  for (const url of refused) {
    const result = await createEndpoint(t.db, admin, { ...base, url }, { production: true });
    expect({ url, ok: result.ok }).toEqual({ url, ok: false });
    if (!result.ok) expect(result.field).toBe("url");
  }
  // Plain http is refused in production even for a public address…
  const http = await createEndpoint(
    t.db,
    admin,
    { ...base, url: "http://93.184.216.34/hook" },
    { production: true },
  );
  expect(http).toMatchObject({ ok: false, message: expect.stringContaining("https://") });
  // …and a private-network endpoint needs the instance to allow them at all.
  const notAllowed = await createEndpoint(
    t.db,
    admin,
    { ...base, url: `http://127.0.0.1:${port}/hook`, allowPrivateNetwork: true },
    { allowPrivateTargets: false },
  );
  expect(notAllowed).toMatchObject({ ok: false, field: "allowPrivateNetwork" });
  // A public https address (an IP literal: no DNS needed here) is fine.
  const ok = await createEndpoint(
    t.db,
    admin,
    { ...base, url: "https://93.184.216.34/hook" },
    { production: true },
  );
  expect(ok.ok).toBe(true);
  await t.db.delete(schema.webhookEndpoints);
});

test("every event reaches the receiver once, signed, without answers; a receiver that is down gets the retries when back", async () => {
  const created = await createEndpoint(
    t.db,
    admin,
    {
      intent: "create",
      name: "GRC",
      url: `http://127.0.0.1:${port}/assay`,
      events: [...EVENT_TYPES],
      format: "json",
      includeAnswers: false,
      allowPrivateNetwork: true,
    },
    local,
  );
  if (!created.ok) throw new Error(created.message);
  secret = created.secret;
  expect(secret).toMatch(/^whsec_/);

  // The changes, made the way the app makes them.
  const a = await submittedTestAssessment(
    t.db,
    admin,
    versionId,
    { name: "Hook Vendor" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  await vendorSessionCookie(t.db, a); // the recipient opens it (first time)
  await vendorSessionCookie(t.db, a); // and again: no second "opened"
  const findings = await t.db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, a.assessmentId));
  expect(findings.length).toBeGreaterThanOrEqual(3);
  const [fixed, accepted, overdue] = findings as [
    (typeof findings)[0],
    (typeof findings)[0],
    (typeof findings)[0],
  ];
  const staff = { kind: "staff" as const, user: officer };
  expect(
    await transitionFinding(t.db, staff, fixed.id, { to: "fixed_by_vendor", revision: 1 }),
  ).toMatchObject({ ok: true });
  expect(
    await transitionFinding(t.db, staff, fixed.id, { to: "verified", revision: 2 }),
  ).toMatchObject({ ok: true });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  expect(
    await transitionFinding(t.db, staff, accepted.id, {
      to: "risk_accepted",
      revision: 1,
      note: "Compensating control",
      acceptanceExpiresOn: tomorrow,
    }),
  ).toMatchObject({ ok: true });
  await expireRiskAcceptances.run(t.db, later(new Date(), 2 * 86_400));
  // Overdue: twice a week apart — one event for the due date, however many reminders.
  const afterDue = new Date(Date.parse(`${overdue.dueDate}T12:00:00Z`) + 2 * 86_400_000);
  await notifyOverdueFindings.run(t.db, afterDue);
  await notifyOverdueFindings.run(t.db, later(afterDue, 8 * 86_400));
  expect(
    await closeReview(t.db, officer, a.assessmentId, { decision: "approved", note: "" }),
  ).toMatchObject({ ok: true });
  // A mail that fails for good (one try allowed, nothing listening).
  await queueMail(t.db, {
    to: "someone@vendor-mail.net",
    subject: "Hello",
    text: "Hello",
    kind: "test_mail",
    assessmentId: a.assessmentId,
  });
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  await deliverDueMail(t.db, { smtpUrl: "smtp://127.0.0.1:1", maxAttempts: 1 });
  expect(logged).toHaveBeenCalledWith(expect.stringMatching(/failed for good/));
  logged.mockRestore();

  // Nothing was sent inside any of those requests: the events wait in the outbox.
  expect(received).toHaveLength(0);
  await drain();
  expect(received.every((r) => r.valid)).toBe(true);
  const got = payloads();
  const types = got.map((p) => p.type);
  // Each event once (ids are unique), and every kind of event arrived.
  expect(new Set(got.map((p) => p.id)).size).toBe(got.length);
  expect(new Set(types)).toEqual(new Set(EVENT_TYPES));
  expect(types.filter((x) => x === "assessment.opened")).toHaveLength(1);
  // Overdue: once per finding, though the job ran twice and mailed twice.
  const overdueIds = got
    .filter((p) => p.type === "finding.overdue")
    .map((p) => (p.data.finding as { id: string }).id);
  expect(overdueIds).toContain(overdue.id);
  expect(new Set(overdueIds).size).toBe(overdueIds.length);
  expect(types.filter((x) => x === "finding.opened")).toHaveLength(findings.length);
  // Ids and links, never answer contents (this endpoint is not allowed them).
  const opened = got.find((p) => p.type === "finding.opened")!;
  expect(opened).toMatchObject({
    version: 1,
    data: {
      finding: { id: expect.any(String), url: expect.stringContaining("/findings/") },
      assessment: { id: a.assessmentId },
    },
  });
  expect(JSON.stringify(got)).not.toMatch(/"answers?"/);
  const r = received.find((x) => x.headers["assay-event-type"] === "assessment.submitted")!;
  expect(r.headers["assay-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  // A signature made with another secret, or over another body, does not verify.
  expect(verifySignature("whsec_other", r.headers["assay-signature"], r.body)).toBe(false);
  expect(verifySignature(secret, r.headers["assay-signature"], r.body + " ")).toBe(false);

  // The log: each delivered with the response code and a duration.
  const log = await listDeliveries(t.db, created.id, 200);
  expect(log.every((d) => d.status === "delivered" && d.responseStatus === 200)).toBe(true);
  expect(log.every((d) => typeof d.durationMs === "number")).toBe(true);

  // The receiver goes down: a test event waits, retried with a backoff.
  await stopReceiver();
  const count = received.length;
  const test1 = await sendTestEvent(t.db, admin, created.id);
  if (!test1.ok) throw new Error(test1.message);
  const now = new Date();
  await deliverDueWebhooks(t.db, { now, ...local, retrySeconds: 30 });
  let [row] = await listDeliveries(t.db, created.id, 1);
  expect(row).toMatchObject({ status: "retrying", attempts: 1, responseStatus: null });
  expect(row!.lastError).toMatch(/ECONNREFUSED/);
  expect(row!.nextAttemptAt.getTime()).toBe(later(now, 30).getTime());
  // Not due yet: nothing is tried.
  expect((await deliverDueWebhooks(t.db, { now: later(now, 10), ...local })).claimed).toBe(0);
  await deliverDueWebhooks(t.db, { now: later(now, 31), ...local, retrySeconds: 30 });
  [row] = await listDeliveries(t.db, created.id, 1);
  expect(row).toMatchObject({ status: "retrying", attempts: 2 });
  expect(row!.nextAttemptAt.getTime()).toBe(later(now, 31 + 60).getTime());
  // Back up, answering 500 at first: still a retry, with the code recorded.
  answerWith = 500;
  await startReceiver();
  await deliverDueWebhooks(t.db, { now: later(now, 100), ...local, retrySeconds: 30 });
  [row] = await listDeliveries(t.db, created.id, 1);
  expect(row).toMatchObject({ status: "retrying", attempts: 3, responseStatus: 500 });
  answerWith = 200;
  await deliverDueWebhooks(t.db, { now: later(now, 400), ...local, retrySeconds: 30 });
  [row] = await listDeliveries(t.db, created.id, 1);
  expect(row).toMatchObject({ status: "delivered", attempts: 4, responseStatus: 200 });
  const tests = received.slice(count).map((x) => JSON.parse(x.body) as WebhookPayload);
  expect(tests.map((p) => p.type)).toEqual(["webhook.test", "webhook.test"]);
  expect(received.slice(count).every((x) => x.valid)).toBe(true);
  // Done: a later pass sends nothing more.
  await drain(later(now, 10_000));
  expect(received.length).toBe(count + 2);

  // "Redeliver" sends the same event again as a new, logged delivery.
  const again = await redeliver(t.db, admin, created.id, row!.id);
  if (!again.ok) throw new Error(again.message);
  await drain();
  const last = JSON.parse(received.at(-1)!.body) as WebhookPayload;
  expect(last.id).toBe(tests[0]!.id);
  expect(received.at(-1)!.headers["assay-delivery-id"]).toBe(String(again.deliveryId));
  await t.db.delete(schema.webhookEndpoints);
});

test("an endpoint allowed answers gets them; the Slack format posts a chat message", async () => {
  const make = async (name: string, format: "json" | "slack", includeAnswers: boolean) => {
    const created = await createEndpoint(
      t.db,
      admin,
      {
        intent: "create",
        name,
        url: `http://127.0.0.1:${port}/${name}`,
        events: ["finding.opened", "assessment.submitted"],
        format,
        includeAnswers,
        allowPrivateNetwork: true,
      },
      local,
    );
    if (!created.ok) throw new Error(created.message);
    return created;
  };
  const withAnswers = await make("answers", "json", true);
  await make("slack", "slack", false);
  secret = withAnswers.secret;
  const count = received.length;
  await submittedTestAssessment(
    t.db,
    admin,
    versionId,
    { name: "Answers Vendor" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  await drain();
  const fresh = received.slice(count);
  const json = fresh.filter((r) => r.valid).map((r) => JSON.parse(r.body) as WebhookPayload);
  const submitted = json.find((p) => p.type === "assessment.submitted")!;
  expect((submitted.data.answers as unknown[]).length).toBeGreaterThan(0);
  const finding = json.find((p) => p.type === "finding.opened")!;
  expect(finding.data.answer).toBeDefined();
  const slack = fresh
    .filter((r) => !r.valid)
    .map((r) => JSON.parse(r.body) as Record<string, unknown>);
  expect(slack.length).toBe(json.length);
  for (const message of slack) {
    expect(Object.keys(message)).toEqual(["text"]);
    expect(message.text).toMatch(/^Answers Vendor: .* — <http:\/\/[^|]+\|open in Assay>$/);
  }
  await t.db.delete(schema.webhookEndpoints);
});

test("a name that points at loopback by delivery time is refused at connection (DNS rebinding)", async () => {
  // As if "localhost" had resolved to a public address when it was saved: the row is written
  // directly, since saving it through the form is refused.
  const [endpoint] = await t.db
    .insert(schema.webhookEndpoints)
    .values({
      name: "Rebound",
      url: `http://localhost:${port}/rebound`,
      events: ["assessment.sent"],
      secret: "whsec_rebound",
    })
    .returning();
  const count = received.length;
  const queued = await sendTestEvent(t.db, admin, endpoint!.id);
  if (!queued.ok) throw new Error(queued.message);
  // The instance allows private targets, but this endpoint is not one of them.
  await deliverDueWebhooks(t.db, { ...local });
  const [row] = await listDeliveries(t.db, endpoint!.id, 1);
  expect(row).toMatchObject({ status: "retrying", responseStatus: null });
  expect(row!.lastError).toMatch(/loopback, private or link-local.*checked again at delivery/);
  expect(received.length).toBe(count);
});
