// The outbox: every mail the app sends is written to mail_outbox in the transaction of the
// change that causes it (pass that transaction as `db`), and nothing is sent here. The
// delivery worker (delivery.server.ts) sends it later, on whichever instance claims it.
// docs/decisions/140-mail-outbox.md.
import { and, count, desc, eq, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, preparedQuery, schema, rowCount, uuidArray } from "~/db.server";
import { MAIL_WORKER, nudgePollingWorker } from "~/jobs/polling-worker.server";
import { OUTBOX_PAGE_SIZE, type OutboxFilter } from "./outbox";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  /** The assessment the mail is about: its page shows the mail's status. */
  assessmentId?: string;
  /** The recipient whose personal link the mail carries (with `linkTokenHash`). */
  recipientId?: string;
  linkTokenHash?: string;
};

export type MailStatus = (typeof schema.MAIL_STATUSES)[number];

/** Queues the mail in `db`'s transaction: it commits with the change it announces, or not at all. */
export async function queueMail(db: Db, mail: Mail): Promise<void> {
  await db.insert(schema.mailOutbox).values({
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
    kind: mail.kind,
    assessmentId: mail.assessmentId ?? null,
    recipientId: mail.recipientId ?? null,
    linkTokenHash: mail.linkTokenHash ?? null,
  });
  nudge();
}

/**
 * Wakes this instance's worker soon after the commit; its poll is the fallback. By name, through
 * the polling workers' registry, not an import of the worker: the worker imports this module,
 * and the code has no import cycles (docs/architecture.md).
 */
function nudge() {
  nudgePollingWorker(MAIL_WORKER);
}

// Reserved for documentation and testing (RFC 2606, RFC 6761): nobody receives mail there,
// so the worker never tries. The demo data uses them.
const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];

export function isDemoAddress(email: string): boolean {
  const domain = email
    .slice(email.lastIndexOf("@") + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  return (
    RESERVED_TLDS.includes(tld) ||
    RESERVED_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`))
  );
}

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  retrying: "Retrying",
  sent: "Sent",
  failed: "Failed",
  demo: "Demo address, not delivered",
  kept: "Kept in the outbox (no SMTP server)",
  cancelled: "Cancelled",
};

const FILTER_STATUSES: Record<Exclude<OutboxFilter, "all">, MailStatus[]> = {
  pending: ["queued", "sending", "retrying"],
  failed: ["failed"],
  sent: ["sent", "kept"],
  demo: ["demo"],
};

/** One page of the outbox, newest first, with how many mails match in all. */
export async function listOutbox(
  db: Db,
  {
    filter = "all",
    kind,
    q = "",
    page = 1,
    pageSize = OUTBOX_PAGE_SIZE,
  }: { filter?: OutboxFilter; kind?: string; q?: string; page?: number; pageSize?: number } = {},
) {
  const conditions: SQL[] = [];
  if (filter !== "all") conditions.push(inArray(schema.mailOutbox.status, FILTER_STATUSES[filter]));
  if (kind) conditions.push(eq(schema.mailOutbox.kind, kind));
  if (q) {
    // The words as typed: LIKE's wildcards in them match only themselves.
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(ilike(schema.mailOutbox.to, pattern), ilike(schema.mailOutbox.subject, pattern))!,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [mails, [total]] = await Promise.all([
    db
      .select()
      .from(schema.mailOutbox)
      .where(where)
      .orderBy(desc(schema.mailOutbox.id))
      .limit(rowCount(pageSize))
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(schema.mailOutbox).where(where),
  ]);
  return { mails, total: total?.n ?? 0 };
}

/** The kinds of mail the outbox holds, for its filter. */
export async function listOutboxKinds(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ kind: schema.mailOutbox.kind })
    .from(schema.mailOutbox)
    .orderBy(schema.mailOutbox.kind);
  return rows.map((r) => r.kind);
}

export async function countOutbox(db: Db) {
  const rows = await db
    .select({ status: schema.mailOutbox.status, n: count() })
    .from(schema.mailOutbox)
    .groupBy(schema.mailOutbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<
    Record<MailStatus, number>
  >;
}

/**
 * Mails that failed for good, that this user is told about: an admin sees every one; anyone
 * else those about assessments of vendors they own.
 */
export async function listFailedMail(db: Db, user: Pick<SessionUser, "id" | "role">, limit = 20) {
  const mine: SQL | undefined =
    user.role === "admin" ? undefined : eq(schema.vendors.ownerId, user.id);
  return db
    .select({
      id: schema.mailOutbox.id,
      to: schema.mailOutbox.to,
      subject: schema.mailOutbox.subject,
      attempts: schema.mailOutbox.attempts,
      lastError: schema.mailOutbox.lastError,
      lastAttemptAt: schema.mailOutbox.lastAttemptAt,
      assessmentId: schema.mailOutbox.assessmentId,
      vendorName: schema.vendors.name,
    })
    .from(schema.mailOutbox)
    .leftJoin(schema.assessments, eq(schema.assessments.id, schema.mailOutbox.assessmentId))
    .leftJoin(schema.vendors, eq(schema.vendors.id, schema.assessments.vendorId))
    .where(and(eq(schema.mailOutbox.status, "failed"), mine))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(rowCount(limit));
}

// The dashboard's count of mail that could not be sent, the admin's (all) and an owner's (their
// vendors'). "failed" is written into the statement, so that its plan, generic or not, reads the
// partial index of failed mail (mail_outbox_failed_idx); the owner is the one parameter. Built
// once; a key lookup whose generic plan is kept (docs/decisions/426-generic-plan-lookups.md): it
// was planned on every view, 0.3 ms against 0.01 ms to run.
const failedMailCount = (owned: boolean) =>
  preparedQuery(
    ["ownerId"],
    (db, p) =>
      db
        .select({ n: count() })
        .from(schema.mailOutbox)
        .leftJoin(schema.assessments, eq(schema.assessments.id, schema.mailOutbox.assessmentId))
        .leftJoin(schema.vendors, eq(schema.vendors.id, schema.assessments.vendorId))
        .where(
          and(
            sql`${schema.mailOutbox.status} = 'failed'`,
            owned ? eq(schema.vendors.ownerId, p.ownerId) : undefined,
          ),
        )
        .prepare(owned ? "failed_mail_count_owned" : "failed_mail_count"),
    { plans: "generic" },
  );
const failedMailCountAll = failedMailCount(false);
const failedMailCountOwned = failedMailCount(true);

export async function countFailedMail(db: Db, user: Pick<SessionUser, "id" | "role">) {
  const [row] =
    user.role === "admin"
      ? await failedMailCountAll(db, { ownerId: null })
      : await failedMailCountOwned(db, { ownerId: user.id });
  return row?.n ?? 0;
}

/** What the assessment page shows of a recipient's link mail (`LinkMail`). */
export const LINK_MAIL_COLUMNS = {
  id: schema.mailOutbox.id,
  status: schema.mailOutbox.status,
  attempts: schema.mailOutbox.attempts,
  nextAttemptAt: schema.mailOutbox.nextAttemptAt,
  lastError: schema.mailOutbox.lastError,
  sentAt: schema.mailOutbox.sentAt,
  smtpResponse: schema.mailOutbox.smtpResponse,
  messageId: schema.mailOutbox.messageId,
};

/** The latest mail carrying each of several recipients' links (reopening an assessment). */
// Built once, with the ids as one array value: the same text whatever their number
// (docs/decisions/421-audit-names-prepared.md).
const latestLinkMail = preparedQuery(
  ["recipientIds"],
  (db, p) =>
    db
      .selectDistinctOn([schema.mailOutbox.recipientId], {
        ...LINK_MAIL_COLUMNS,
        recipientId: schema.mailOutbox.recipientId,
      })
      .from(schema.mailOutbox)
      .where(sql`${schema.mailOutbox.recipientId} = any(${p.recipientIds}::uuid[])`)
      .orderBy(schema.mailOutbox.recipientId, desc(schema.mailOutbox.id))
      .prepare("latest_link_mail"),
  // A key lookup: its generic plan is kept (docs/decisions/426-generic-plan-lookups.md).
  { plans: "generic" },
);

export async function latestLinkMailByRecipient(db: Db, recipientIds: string[]) {
  if (recipientIds.length === 0) return new Map<string, LinkMail>();
  const rows = await latestLinkMail(db, { recipientIds: uuidArray(recipientIds) });
  return new Map(rows.map((r) => [r.recipientId!, r]));
}
export type LinkMail = {
  id: number;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  smtpResponse: string | null;
  messageId: string | null;
};

/**
 * Earlier mails still waiting to carry this recipient's link: a newer link or a revocation
 * makes them wrong, so they are cancelled rather than sent.
 */
export async function cancelLinkMail(db: Db, recipientId: string, why: string): Promise<void> {
  await db
    .update(schema.mailOutbox)
    .set({ status: "cancelled", lastError: why, lockedUntil: null })
    .where(
      and(
        eq(schema.mailOutbox.recipientId, recipientId),
        inArray(schema.mailOutbox.status, ["queued", "retrying", "failed"]),
      ),
    );
}

/** An admin sends a failed (or retrying) mail again now, with a fresh count of attempts. */
export async function retryMail(
  db: Db,
  actor: SessionUser,
  mailId: number,
  { now = new Date(), assessmentId }: { now?: Date; assessmentId?: string } = {},
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  // From an assessment's page, only that assessment's mail.
  const scope = assessmentId ? eq(schema.mailOutbox.assessmentId, assessmentId) : undefined;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.mailOutbox)
      .set({ status: "queued", attempts: 0, nextAttemptAt: now, lockedUntil: null })
      .where(
        and(
          eq(schema.mailOutbox.id, mailId),
          inArray(schema.mailOutbox.status, ["failed", "retrying"]),
          scope,
        ),
      )
      .returning({ to: schema.mailOutbox.to, subject: schema.mailOutbox.subject });
    if (!row) {
      const [exists] = await tx
        .select({ status: schema.mailOutbox.status })
        .from(schema.mailOutbox)
        .where(and(eq(schema.mailOutbox.id, mailId), scope));
      return exists
        ? {
            ok: false as const,
            status: 409,
            message: `This mail is ${MAIL_STATUS_LABELS[exists.status].toLowerCase()}: only a failed or retrying mail can be retried`,
          }
        : { ok: false as const, status: 404, message: "There is no such mail" };
    }
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "mail.retried",
      target: { type: "mail", id: String(mailId) },
      detail: { to: row.to, subject: row.subject },
    });
    nudge();
    return { ok: true as const };
  });
}

/** Rows a worker may claim at `now`: due, or claimed by a worker whose claim ran out. */
export function claimableAt(now: Date): SQL {
  return or(
    and(
      inArray(schema.mailOutbox.status, ["queued", "retrying"]),
      lt(schema.mailOutbox.nextAttemptAt, new Date(now.getTime() + 1)),
    ),
    and(eq(schema.mailOutbox.status, "sending"), lt(schema.mailOutbox.lockedUntil, now)),
  )!;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain, readable HTML version of a mail made of paragraphs and one call to action. */
export function simpleHtml(paragraphs: string[], action?: { label: string; href: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  const button = action
    ? `<p><a href="${escapeHtml(action.href)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">${body}${button}</body></html>`;
}
