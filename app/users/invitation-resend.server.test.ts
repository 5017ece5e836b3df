// Resending a staff invitation never leaves the person without a working link: the link they
// may be using keeps working until the mail with the new one has actually left, against a real
// SMTP server (smtp-server) that this test stops and starts again.
// docs/decisions/192-invitation-resend-keeps-the-link.md.
import { createServer } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { deliverDueMail } from "~/mail/delivery.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import {
  acceptInvitation,
  getInvitation,
  getLatestInvitationMail,
  inviteUser,
  resendInvitation,
} from "./users.server";

let t: TestDatabase;
let admin: SessionUser;
let port: number;
let smtpUrl: string;
let smtp: SMTPServer | undefined;
const received: { to: string[]; raw: string }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startSmtp() {
  if (smtp) return;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: raw.replace(/=\r?\n/g, ""),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  smtp = server;
}

async function stopSmtp() {
  const server = smtp;
  smtp = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The invitation links the SMTP server received for `to`, oldest first. */
function linksMailedTo(to: string): string[] {
  return received
    .filter((m) => m.to.includes(to))
    .flatMap((m) => [...m.raw.matchAll(/\/invitations\/([A-Za-z0-9_-]{43})/g)].map((x) => x[1]!))
    .filter((token, i, all) => all.indexOf(token) === i);
}

/** Each invitation mail's link, read from the outbox (what the worker would send). */
async function queuedLinks(to: string): Promise<{ token: string; status: string }[]> {
  const rows = await t.db
    .select({ text: schema.mailOutbox.text, status: schema.mailOutbox.status })
    .from(schema.mailOutbox)
    .where(and(eq(schema.mailOutbox.to, to), eq(schema.mailOutbox.kind, "user_invitation")))
    .orderBy(schema.mailOutbox.id);
  return rows.map((r) => ({
    token: r.text.match(/\/invitations\/([A-Za-z0-9_-]{43})/)![1]!,
    status: r.status,
  }));
}

beforeAll(async () => {
  port = await freePort();
  smtpUrl = `smtp://127.0.0.1:${port}`;
  t = await createTestDatabase();
  const row = await createUser(t.db, { role: "admin", name: "Ada" });
  admin = { id: row.id, email: row.email, name: row.name, role: row.role };
});
afterAll(async () => {
  await stopSmtp();
  await t.dispose();
});

test("a resend keeps the link in use working until the new mail has left, then retires it", async () => {
  // Outside the reserved example domains, so the worker really sends it (to the local server).
  const email = "jo.park@staff-mail.net";
  await startSmtp();
  const invited = await inviteUser(t.db, admin, { email, name: "Jo Park", role: "procurement" });
  if (!invited.ok) throw new Error(invited.message);
  expect(await deliverDueMail(t.db, { smtpUrl })).toMatchObject({ sent: 1 });
  const [first] = linksMailedTo(email);
  expect(await getInvitation(t.db, first!)).toMatchObject({ state: "valid" });

  // The SMTP server goes down; the admin resends. The first link still works, and so does the
  // new one (it is in the outbox, not yet in anyone's mailbox).
  await stopSmtp();
  expect(await resendInvitation(t.db, admin, invited.userId)).toEqual({ ok: true });
  const second = (await queuedLinks(email))[1]!.token;
  expect(await deliverDueMail(t.db, { smtpUrl })).toMatchObject({ retrying: 1 });
  expect(await getInvitation(t.db, first!)).toMatchObject({ state: "valid" });
  expect(await getLatestInvitationMail(t.db, invited.userId)).toMatchObject({
    status: "retrying",
    attempts: 1,
    lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
  });

  // Resent again while the second mail still waits: that mail is cancelled and its link,
  // which nobody received, stops working; the first link still works.
  expect(await resendInvitation(t.db, admin, invited.userId)).toEqual({ ok: true });
  const mails = await queuedLinks(email);
  expect(mails.map((m) => m.status)).toEqual(["sent", "cancelled", "queued"]);
  const third = mails[2]!.token;
  expect(await getInvitation(t.db, second)).toEqual({ state: "replaced" });
  expect(await getInvitation(t.db, first!)).toMatchObject({ state: "valid" });

  // The server is back: the third mail leaves, once, and only then is the first link retired.
  await startSmtp();
  expect(await deliverDueMail(t.db, { smtpUrl })).toMatchObject({ sent: 1 });
  expect(linksMailedTo(email)).toEqual([first, third]);
  expect(await getInvitation(t.db, first!)).toEqual({ state: "replaced" });
  expect(await getInvitation(t.db, third)).toMatchObject({ state: "valid" });
  expect(await getLatestInvitationMail(t.db, invited.userId)).toMatchObject({ status: "sent" });
  expect(
    await acceptInvitation(t.db, first!, { name: "Jo Park", password: "a fine password" }),
  ).toEqual({ ok: false, state: "replaced" });
  expect(
    (await acceptInvitation(t.db, third, { name: "Jo Park", password: "a fine password" })).ok,
  ).toBe(true);
});

test("accepting the old link while a resent mail waits cancels that mail", async () => {
  const email = "sam.ortiz@staff-mail.net";
  await startSmtp();
  const invited = await inviteUser(t.db, admin, { email, name: "Sam Ortiz", role: "risk_officer" });
  if (!invited.ok) throw new Error(invited.message);
  await deliverDueMail(t.db, { smtpUrl });
  const [first] = linksMailedTo(email);
  await stopSmtp();
  expect(await resendInvitation(t.db, admin, invited.userId)).toEqual({ ok: true });
  expect(
    (await acceptInvitation(t.db, first!, { name: "Sam Ortiz", password: "a fine password" })).ok,
  ).toBe(true);
  expect((await queuedLinks(email)).map((m) => m.status)).toEqual(["sent", "cancelled"]);
  await startSmtp();
  expect(await deliverDueMail(t.db, { smtpUrl })).toMatchObject({ claimed: 0 });
  expect(linksMailedTo(email)).toEqual([first]);
});
