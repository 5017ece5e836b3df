// The outbox against a real SMTP server (the smtp-server package) that the tests start, stop
// and start again on the same port: mail queues while it is down, is retried with a backoff,
// and goes out once when it is back. docs/decisions/140-mail-outbox.md.
import { createServer } from "node:net";
import { desc, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import {
  createAssessment,
  getAssessmentForStaff,
  resendLink,
  revokeLink,
} from "~/assessments/assessments.server";
import { getLinkState } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { loader as healthz } from "~/routes/healthz";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, libraryVersionId } from "~/test/factories";
import { deliverDueMail, getSmtpState } from "./delivery.server";
import { countFailedMail, isDemoAddress, listFailedMail, retryMail } from "./mail.server";

type Received = { to: string[]; raw: string };

let t: TestDatabase;
let owner: SessionUser;
let admin: SessionUser;
let versionId: string;
let port: number;
let smtpUrl: string;
const received: Received[] = [];
let smtp: SMTPServer | undefined;
// Addresses outside the reserved example domains, so the worker really delivers them (to the
// local test server: nothing leaves this machine).
const VENDOR_DOMAIN = "vendor-mail.net";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the SMTP server; `refuse` answers 550 to these recipients. */
async function startSmtp({ refuse = [] as string[] } = {}) {
  await stopSmtp();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address)) {
        const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        // Quoted-printable soft line breaks undone, so a link can be found whole.
        raw = raw.replace(/=\r?\n/g, "");
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  const server = smtp;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

async function stopSmtp() {
  const server = smtp;
  smtp = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  port = await freePort();
  smtpUrl = `smtp://127.0.0.1:${port}`;
  // Read by getEnv on its first call (after this), so /healthz and the worker see this server.
  process.env.SMTP_URL = smtpUrl;
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const ownerRow = await createUser(t.db, { role: "procurement", name: "Priya" });
  owner = { id: ownerRow.id, email: ownerRow.email, name: ownerRow.name, role: ownerRow.role };
  const adminRow = await createUser(t.db, { role: "admin", name: "Ada" });
  admin = { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: adminRow.role };
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
});
afterAll(async () => {
  await stopSmtp();
  delete process.env.SMTP_URL;
  await t.dispose();
});

async function sendTo(name: string, emails: string[]) {
  const vendor = await createVendor(t.db, { name, ownerId: owner.id });
  const contacts = await t.db
    .insert(schema.vendorContacts)
    .values(emails.map((email) => ({ vendorId: vendor.id, name: email.split("@")[0]!, email })))
    .returning();
  const result = await createAssessment(t.db, owner, {
    vendorId: vendor.id,
    questionnaireVersionId: versionId,
    dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    message: "",
    contactIds: contacts.map((c) => c.id),
    send: true,
  });
  if (!result.ok) throw new Error(result.message);
  return { assessmentId: result.assessmentId, contacts };
}

async function mailsTo(email: string) {
  return t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.to, email))
    .orderBy(desc(schema.mailOutbox.id));
}

const tokenIn = (text: string) => text.match(/\/respond\/([A-Za-z0-9_-]{43})/)![1]!;
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

test("with the SMTP server down, an invitation queues and retries; back up, it goes out once", async () => {
  const email = `ana@${VENDOR_DOMAIN}`;
  const { assessmentId } = await sendTo("Acme Labelling", [email]);
  // Queued in the transaction that sent the assessment; nothing was delivered in the request.
  let [mail] = await mailsTo(email);
  expect(mail).toMatchObject({ status: "queued", attempts: 0, assessmentId });
  expect(received).toHaveLength(0);

  const t0 = new Date();
  const down = await deliverDueMail(t.db, { now: t0, smtpUrl, retrySeconds: 30 });
  expect(down).toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
  [mail] = await mailsTo(email);
  expect(mail).toMatchObject({ status: "retrying", attempts: 1 });
  expect(mail!.lastError).toMatch(/ECONNREFUSED/);
  expect(mail!.nextAttemptAt.getTime()).toBe(later(t0, 30).getTime());
  expect(getSmtpState()).toMatchObject({ transport: "smtp", status: "error" });
  expect(getSmtpState().error).toMatch(/ECONNREFUSED/);

  // The assessment page shows it, and /healthz says exactly what is wrong.
  const page = await getAssessmentForStaff(t.db, assessmentId);
  expect(page!.recipients[0]!.mail).toMatchObject({ status: "retrying", attempts: 1 });
  expect(page!.recipients[0]!.mail!.nextAttemptAt.getTime()).toBe(later(t0, 30).getTime());
  const health = await (await healthz()).json();
  expect(health).toMatchObject({ status: "ok", mail: { transport: "smtp", status: "error" } });
  expect(health.mail.error).toMatch(/ECONNREFUSED/);
  expect(health.mail.pending).toBeGreaterThanOrEqual(1);

  // Not due yet: nothing is claimed.
  expect((await deliverDueMail(t.db, { now: later(t0, 10), smtpUrl })).claimed).toBe(0);

  // The second try doubles the wait.
  const second = await deliverDueMail(t.db, { now: later(t0, 30), smtpUrl, retrySeconds: 30 });
  expect(second.retrying).toBe(1);
  [mail] = await mailsTo(email);
  expect(mail!.nextAttemptAt.getTime()).toBe(later(t0, 90).getTime());

  await startSmtp();
  const up = await deliverDueMail(t.db, { now: later(t0, 90), smtpUrl });
  expect(up).toMatchObject({ claimed: 1, sent: 1 });
  expect(received.filter((r) => r.to.includes(email))).toHaveLength(1);
  [mail] = await mailsTo(email);
  expect(mail).toMatchObject({ status: "sent", attempts: 3, transport: "smtp", lastError: null });
  expect(mail!.smtpResponse).toMatch(/^250/);
  // The Message-ID recorded is the one the server received.
  expect(received.at(-1)!.raw).toContain(`Message-ID: ${mail!.messageId}`);
  expect(getSmtpState().status).toBe("ok");
  expect((await getAssessmentForStaff(t.db, assessmentId))!.recipients[0]!.mail).toMatchObject({
    status: "sent",
  });

  // Sent is final: later passes send nothing more.
  expect((await deliverDueMail(t.db, { now: later(t0, 3600), smtpUrl })).claimed).toBe(0);
  expect(received.filter((r) => r.to.includes(email))).toHaveLength(1);
  await stopSmtp();

  // A recipient with no mail on record shows none (the page reads each one's latest mail in the
  // same statement as the recipients: a left join).
  const recipientId = page!.recipients[0]!.id;
  await t.db.delete(schema.mailOutbox).where(eq(schema.mailOutbox.recipientId, recipientId));
  const none = await getAssessmentForStaff(t.db, assessmentId);
  expect(none!.recipients.find((r) => r.id === recipientId)).toMatchObject({ mail: null });
});

test("resend keeps the old link working until the new mail has left, then revokes it", async () => {
  const email = `bo@${VENDOR_DOMAIN}`;
  const { assessmentId } = await sendTo("Beta Data", [email]);
  await startSmtp();
  const t0 = new Date();
  await deliverDueMail(t.db, { now: t0, smtpUrl });
  const oldToken = tokenIn((await mailsTo(email))[0]!.text);
  expect((await getLinkState(t.db, oldToken)).state).toBe("valid");
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));

  // SMTP goes down; the owner resends. The vendor's link still works while the mail waits.
  await stopSmtp();
  expect(await resendLink(t.db, owner, assessmentId, recipient!.id)).toEqual({ ok: true });
  const newToken = tokenIn((await mailsTo(email))[0]!.text);
  expect(newToken).not.toBe(oldToken);
  await deliverDueMail(t.db, { now: later(t0, 1), smtpUrl });
  expect((await mailsTo(email))[0]).toMatchObject({ status: "retrying" });
  expect((await getLinkState(t.db, oldToken)).state).toBe("valid");
  expect((await getLinkState(t.db, newToken)).state).toBe("valid");
  expect((await getAssessmentForStaff(t.db, assessmentId))!.recipients[0]).toMatchObject({
    oldLinkWorks: true,
    mail: { status: "retrying" },
  });

  // Back up: the new mail leaves, once, and only then does the old link stop working.
  await startSmtp();
  const before = received.length;
  await deliverDueMail(t.db, { now: later(t0, 3600), smtpUrl });
  expect(received.slice(before).map((r) => r.to)).toEqual([[email]]);
  expect(received.at(-1)!.raw).toContain(newToken);
  expect((await mailsTo(email))[0]).toMatchObject({ status: "sent" });
  expect((await getLinkState(t.db, oldToken)).state).toBe("unknown");
  expect((await getLinkState(t.db, newToken)).state).toBe("valid");

  // Revoking is its own action: both links stop, and a mail still waiting is cancelled.
  await stopSmtp();
  await resendLink(t.db, owner, assessmentId, recipient!.id);
  const waitingToken = tokenIn((await mailsTo(email))[0]!.text);
  expect(await revokeLink(t.db, owner, assessmentId, recipient!.id)).toEqual({ ok: true });
  expect((await mailsTo(email))[0]).toMatchObject({ status: "cancelled" });
  expect((await getLinkState(t.db, newToken)).state).toBe("revoked");
  expect((await getLinkState(t.db, waitingToken)).state).toBe("unknown");
  expect((await deliverDueMail(t.db, { now: later(t0, 7200), smtpUrl })).claimed).toBe(0);
});

test("demo recipients at reserved example domains are never delivered", async () => {
  expect(isDemoAddress("nadia.okafor@northwind-models.example")).toBe(true);
  expect(isDemoAddress("a@example.com")).toBe(true);
  expect(isDemoAddress("a@mail.example.org")).toBe(true);
  expect(isDemoAddress("a@x.test")).toBe(true);
  expect(isDemoAddress(`a@${VENDOR_DOMAIN}`)).toBe(false);
  expect(isDemoAddress("a@example.community")).toBe(false);

  await startSmtp();
  const before = received.length;
  const { assessmentId } = await sendTo("Demo Vendor", ["kofi@tally-annotations.example"]);
  const outcome = await deliverDueMail(t.db, { now: new Date(), smtpUrl });
  expect(outcome).toMatchObject({ claimed: 1, demo: 1, sent: 0 });
  expect(received.length).toBe(before);
  const [mail] = await mailsTo("kofi@tally-annotations.example");
  expect(mail).toMatchObject({ status: "demo", assessmentId });
  await stopSmtp();
});

test("a mail that keeps failing fails for good; owner and admins are told; an admin retries it", async () => {
  const refused = `gone@${VENDOR_DOMAIN}`;
  const flaky = `later@${VENDOR_DOMAIN}`;
  await sendTo("Gamma Models", [refused]);
  await sendTo("Delta Models", [flaky]);
  expect(await countFailedMail(t.db, owner)).toBe(0);

  // A 550 for one recipient is final at once (and logged as an error).
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  await startSmtp({ refuse: [refused] });
  const t0 = new Date();
  await deliverDueMail(t.db, { now: t0, smtpUrl, maxAttempts: 3 });
  expect((await mailsTo(refused))[0]).toMatchObject({ status: "failed", attempts: 1 });
  expect((await mailsTo(refused))[0]!.lastError).toMatch(/550/);
  expect((await mailsTo(flaky))[0]).toMatchObject({ status: "sent" });
  await stopSmtp();

  // The owner sees it; so do admins; another procurement user does not.
  const other = await createUser(t.db, { role: "procurement" });
  expect(await countFailedMail(t.db, owner)).toBe(1);
  expect(await countFailedMail(t.db, admin)).toBeGreaterThanOrEqual(1);
  expect(await countFailedMail(t.db, { id: other.id, role: other.role })).toBe(0);
  expect((await listFailedMail(t.db, owner))[0]).toMatchObject({
    to: refused,
    vendorName: "Gamma Models",
  });

  // With the server down, tries run out after maxAttempts.
  const failedMail = (await mailsTo(refused))[0]!;
  expect(await retryMail(t.db, admin, failedMail.id, { now: t0 })).toEqual({ ok: true });
  for (let i = 0; i < 3; i++)
    await deliverDueMail(t.db, { now: later(t0, 3600 * (i + 1)), smtpUrl, maxAttempts: 3 });
  expect((await mailsTo(refused))[0]).toMatchObject({ status: "failed", attempts: 3 });
  expect(logged).toHaveBeenCalledTimes(2);

  // An admin retries once the server is back (and accepts the address): it goes out.
  await startSmtp();
  expect(await retryMail(t.db, admin, failedMail.id)).toEqual({ ok: true });
  expect(await retryMail(t.db, admin, failedMail.id)).toMatchObject({ ok: false, status: 409 });
  await deliverDueMail(t.db, { smtpUrl, maxAttempts: 3 });
  expect((await mailsTo(refused))[0]).toMatchObject({ status: "sent", attempts: 1 });
  expect(await countFailedMail(t.db, owner)).toBe(0);
  await stopSmtp();
});

test("two workers at once send each mail once; a claim left by a dead worker is taken over", async () => {
  const emails = Array.from({ length: 8 }, (_, i) => `team${i}@${VENDOR_DOMAIN}`);
  await sendTo("Epsilon Compute", emails);
  await startSmtp();
  const before = received.length;
  const now = new Date();
  const [a, b] = await Promise.all([
    deliverDueMail(t.db, { now, smtpUrl, batch: 3 }),
    deliverDueMail(t.db, { now, smtpUrl, batch: 3 }),
  ]);
  const rest = await deliverDueMail(t.db, { now, smtpUrl });
  expect(a.sent + b.sent + rest.sent).toBe(8);
  const delivered = received.slice(before).flatMap((r) => r.to);
  expect(delivered.sort()).toEqual([...emails].sort());

  // A worker that claimed a mail and died: its lease runs out, then another sends it.
  const [victim] = await sendTo("Zeta Compute", [`crash@${VENDOR_DOMAIN}`]).then(() =>
    mailsTo(`crash@${VENDOR_DOMAIN}`),
  );
  await t.db
    .update(schema.mailOutbox)
    .set({ status: "sending", attempts: 1, lockedUntil: later(now, 120) })
    .where(eq(schema.mailOutbox.id, victim!.id));
  expect((await deliverDueMail(t.db, { now: later(now, 60), smtpUrl })).claimed).toBe(0);
  expect((await deliverDueMail(t.db, { now: later(now, 121), smtpUrl })).sent).toBe(1);
  expect((await mailsTo(`crash@${VENDOR_DOMAIN}`))[0]).toMatchObject({
    status: "sent",
    attempts: 2,
  });
  await stopSmtp();
});
