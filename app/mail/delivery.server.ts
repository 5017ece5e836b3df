// The outbox's delivery worker (docs/decisions/140-mail-outbox.md). Every instance runs one.
// A pass claims due mails in a short transaction (FOR UPDATE SKIP LOCKED, so two instances
// never take the same row), sends each one over SMTP outside any transaction, and records the
// outcome: sent (with the server's response and Message-ID), retrying (with a backoff) or
// failed after MAIL_MAX_ATTEMPTS. A claim is a lease: a worker that dies mid-send leaves the
// row to be claimed again once the lease runs out. Nothing here runs inside a user's request.
import nodemailer, { type Transporter } from "nodemailer";
import { and, asc, eq, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import { type Db, getDb, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { drainBatches, MAIL_WORKER, startPollingWorker } from "~/jobs/polling-worker.server";
import { emitEvent } from "~/webhooks/emit.server";
import { claimableAt, isDemoAddress } from "./mail.server";

/** Longer than the slowest send the transport allows (its timeouts below add up to less). */
const LEASE_MS = 2 * 60 * 1000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** While SMTP is failing, check it again this often even with nothing to send. */
const RECHECK_MS = 30 * 1000;

type MailRow = typeof schema.mailOutbox.$inferSelect;

export type SmtpState = {
  transport: "smtp" | "outbox";
  status: "unchecked" | "ok" | "error";
  /** The exact error of the last failed connection or send, credentials removed. */
  error: string | null;
  checkedAt: string | null;
};

declare global {
  var __assaySmtpState: SmtpState | undefined;
}

const transports = new Map<string, Transporter>();

function smtpTransport(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

// Without SMTP_URL nodemailer only renders the message: it stays in the outbox ("kept").
const renderOnly = nodemailer.createTransport({
  streamTransport: true,
  buffer: true,
  newline: "unix",
});

/** Removes a password that an error message might repeat from a connection URL. */
function scrub(text: string): string {
  return text.replace(/(\w+:\/\/)[^@\s/]*@/g, "$1***@");
}

type SendError = Error & {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
};

export function describeSendError(error: unknown): string {
  const e = error as SendError;
  const parts = [e?.code, e?.message ?? String(error)].filter(Boolean);
  return scrub(parts.join(": ")).slice(0, 1000);
}

/** Errors that say the SMTP set-up is wrong or down, rather than this one mail. */
function isConnectionError(error: unknown): boolean {
  const code = (error as SendError)?.code;
  return ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EAUTH", "ETLS", "EDNS", "EPROTOCOL"].includes(
    code ?? "",
  );
}

/** The server refused this recipient for good (5xx): trying again cannot help. */
function isPermanentRefusal(error: unknown): boolean {
  const e = error as SendError;
  return e?.code === "EENVELOPE" && (e.responseCode ?? 0) >= 500;
}

function setSmtpState(state: Omit<SmtpState, "checkedAt">, now = new Date()) {
  globalThis.__assaySmtpState = { ...state, checkedAt: now.toISOString() };
}

/** How this instance's SMTP looked at its last connection or send, for /healthz and /outbox. */
export function getSmtpState(): SmtpState {
  const smtp = Boolean(getEnv().SMTP_URL);
  const state = globalThis.__assaySmtpState;
  if (state && state.transport === (smtp ? "smtp" : "outbox")) return state;
  return {
    transport: smtp ? "smtp" : "outbox",
    status: smtp ? "unchecked" : "ok",
    error: null,
    checkedAt: null,
  };
}

/** Connects to the SMTP server and logs in (if configured), recording the outcome. */
export async function checkSmtp(smtpUrl = getEnv().SMTP_URL): Promise<SmtpState> {
  if (!smtpUrl) {
    setSmtpState({ transport: "outbox", status: "ok", error: null });
    return getSmtpState();
  }
  try {
    await smtpTransport(smtpUrl).verify();
    setSmtpState({ transport: "smtp", status: "ok", error: null });
  } catch (error) {
    setSmtpState({ transport: "smtp", status: "error", error: describeSendError(error) });
  }
  return globalThis.__assaySmtpState!;
}

export function backoffMs(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export type DeliveryOptions = {
  now?: Date;
  /** Defaults to SMTP_URL; undefined keeps mail in the outbox. */
  smtpUrl?: string | undefined;
  batch?: number;
  maxAttempts?: number;
  retrySeconds?: number;
};

export type DeliveryOutcome = {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  demo: number;
  kept: number;
};

/** Claims due mail and marks it "sending" for the length of a lease; returns the rows claimed. */
async function claimDueMail(db: Db, now: Date, batch: number): Promise<MailRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: schema.mailOutbox.id })
      .from(schema.mailOutbox)
      .where(claimableAt(now))
      .orderBy(asc(schema.mailOutbox.nextAttemptAt), asc(schema.mailOutbox.id))
      .limit(batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(schema.mailOutbox)
      .set({
        status: "sending",
        attempts: sql`${schema.mailOutbox.attempts} + 1`,
        lockedUntil: new Date(now.getTime() + LEASE_MS),
        lastAttemptAt: now,
      })
      .where(
        inArray(
          schema.mailOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

/**
 * Records what happened to a claimed mail, if the claim is still ours (same attempt, still
 * "sending"). Once a mail carrying a new personal link has left (or is a demo, or kept), that
 * link becomes the recipient's only one: the old link stops working in the same transaction.
 */
async function finish(db: Db, row: MailRow, set: Partial<typeof schema.mailOutbox.$inferInsert>) {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(schema.mailOutbox)
      .set({ ...set, lockedUntil: null })
      .where(
        and(
          eq(schema.mailOutbox.id, row.id),
          eq(schema.mailOutbox.status, "sending"),
          eq(schema.mailOutbox.attempts, row.attempts),
        ),
      )
      .returning({ id: schema.mailOutbox.id });
    if (updated && set.status === "failed") {
      const appUrl = getEnv().APP_URL;
      await emitEvent(tx, "mail.failed", {
        summary: `A “${row.kind}” mail failed for good after ${row.attempts} tries`,
        mail: {
          id: String(row.id),
          kind: row.kind,
          attempts: row.attempts,
          error: set.lastError ?? null,
          url: `${appUrl}/outbox`,
        },
        assessment: row.assessmentId
          ? {
              id: row.assessmentId,
              url: `${appUrl}/assessments/${row.assessmentId}`,
              apiUrl: `${appUrl}/api/v1/assessments/${row.assessmentId}`,
            }
          : null,
      });
    }
    const delivered = set.status === "sent" || set.status === "demo" || set.status === "kept";
    if (updated && delivered && row.kind === "user_invitation" && row.linkTokenHash) {
      // A staff invitation: the links issued before this one stop working now that it has
      // left (docs/decisions/192-invitation-resend-keeps-the-link.md).
      const [issued] = await tx
        .select({
          userId: schema.userInvitations.userId,
          createdAt: schema.userInvitations.createdAt,
        })
        .from(schema.userInvitations)
        .where(eq(schema.userInvitations.tokenHash, row.linkTokenHash));
      if (issued)
        await tx
          .update(schema.userInvitations)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(schema.userInvitations.userId, issued.userId),
              isNull(schema.userInvitations.usedAt),
              ne(schema.userInvitations.tokenHash, row.linkTokenHash),
              lte(schema.userInvitations.createdAt, issued.createdAt),
            ),
          );
    }
    if (updated && delivered && row.recipientId && row.linkTokenHash) {
      await tx
        .update(schema.assessmentRecipients)
        .set({ tokenHash: row.linkTokenHash, pendingTokenHash: null })
        .where(
          and(
            eq(schema.assessmentRecipients.id, row.recipientId),
            eq(schema.assessmentRecipients.pendingTokenHash, row.linkTokenHash),
          ),
        );
    }
  });
}

/** One pass: claims up to `batch` due mails and tries each once. */
export async function deliverDueMail(
  db: Db,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const env = getEnv();
  const now = options.now ?? new Date();
  const smtpUrl = "smtpUrl" in options ? options.smtpUrl : env.SMTP_URL;
  const maxAttempts = options.maxAttempts ?? env.MAIL_MAX_ATTEMPTS;
  const retrySeconds = options.retrySeconds ?? env.MAIL_RETRY_SECONDS;
  const outcome: DeliveryOutcome = {
    claimed: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    demo: 0,
    kept: 0,
  };
  const claimed = await claimDueMail(db, now, options.batch ?? 20);
  outcome.claimed = claimed.length;
  for (const row of claimed) {
    const message = {
      from: env.MAIL_FROM,
      to: row.to,
      subject: row.subject,
      text: row.text,
      html: row.html ?? undefined,
    };
    if (isDemoAddress(row.to)) {
      await finish(db, row, { status: "demo", lastError: null, transport: null });
      outcome.demo++;
      continue;
    }
    if (!smtpUrl) {
      const info = await renderOnly.sendMail(message);
      await finish(db, row, {
        status: "kept",
        transport: "outbox",
        messageId: info.messageId ?? null,
        lastError: null,
      });
      outcome.kept++;
      continue;
    }
    try {
      const info = await smtpTransport(smtpUrl).sendMail(message);
      setSmtpState({ transport: "smtp", status: "ok", error: null });
      await finish(db, row, {
        status: "sent",
        transport: "smtp",
        sentAt: new Date(),
        smtpResponse: String(info.response ?? "").slice(0, 1000),
        messageId: info.messageId ?? null,
        lastError: null,
      });
      outcome.sent++;
    } catch (error) {
      const detail = describeSendError(error);
      if (isConnectionError(error))
        setSmtpState({ transport: "smtp", status: "error", error: detail });
      const giveUp = isPermanentRefusal(error) || row.attempts >= maxAttempts;
      await finish(db, row, {
        status: giveUp ? "failed" : "retrying",
        transport: "smtp",
        lastError: detail,
        smtpResponse: (error as SendError)?.response?.slice(0, 1000) ?? null,
        nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts, retrySeconds)),
      });
      if (giveUp) {
        outcome.failed++;
        console.error(
          `Mail ${row.id} to ${row.to} failed for good after ${row.attempts} tries: ${detail}`,
        );
      } else outcome.retrying++;
    }
  }
  return outcome;
}

/**
 * Starts this process's worker once (a dev-server reload keeps the running one). It drains due
 * mail, then waits MAIL_POLL_SECONDS, or less when a mail was queued in this process. Off under
 * NODE_ENV=test: the tests run passes themselves. The loop is the shared polling worker
 * (docs/decisions/290-polling-worker.md).
 */
export function startMailDelivery(): void {
  const env = getEnv();
  if (env.NODE_ENV === "test") return;
  let lastCheck = 0;
  startPollingWorker(MAIL_WORKER, {
    intervalMs: env.MAIL_POLL_SECONDS * 1000,
    async pass(isStopped) {
      const smtp = getSmtpState();
      if (env.SMTP_URL && smtp.status !== "ok" && Date.now() - lastCheck > RECHECK_MS) {
        lastCheck = Date.now();
        await checkSmtp(env.SMTP_URL);
      }
      const db = await getDb();
      await drainBatches(() => deliverDueMail(db), isStopped);
    },
  });
}

/** Mail waiting or failed, for /healthz (both counts read partial indexes). */
export async function countMailBacklog(db: Db) {
  const [row] = await db
    .select({
      pending:
        sql<number>`count(*) filter (where ${schema.mailOutbox.status} in ('queued', 'retrying', 'sending'))`.mapWith(
          Number,
        ),
      failed: sql<number>`count(*) filter (where ${schema.mailOutbox.status} = 'failed')`.mapWith(
        Number,
      ),
    })
    .from(schema.mailOutbox)
    .where(inArray(schema.mailOutbox.status, ["queued", "retrying", "sending", "failed"]));
  return { pending: row?.pending ?? 0, failed: row?.failed ?? 0 };
}
