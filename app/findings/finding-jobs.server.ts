// Scheduled remediation work (docs/decisions/090-remediation-lifecycle.md), run by
// app/jobs/scheduler.server.ts and claimed through the database so that N app instances do each
// thing once:
// - risk acceptances that reached their expiry date reopen (by the system, with a reason);
// - overdue findings are mailed to their owner and vendor contact when they become overdue,
//   then once a week while they stay overdue.
import { and, eq, inArray, lt, lte, sql } from "drizzle-orm";
import { type Db, schema, uuidArray } from "~/db.server";
import { getEnv } from "~/env.server";
import { queueMail, simpleHtml } from "~/mail/mail.server";
import { formatDay } from "~/format";
import { claimOnce, unclaimedKeys } from "~/jobs/claims.server";
import { type Job } from "~/jobs/job";
import { emitFindingEvent } from "~/webhooks/emit.server";
import { findingWithVendorAndPeople } from "./finding-queries.server";
import { transitionFinding } from "./findings.server";
import { isoDay, OPEN_STATUSES, SEVERITY_LABELS } from "./status";

export const expireRiskAcceptances: Job = {
  name: "risk-acceptance-expiry",
  async run(db, now) {
    const today = isoDay(now);
    const due = await db
      .select({
        id: schema.findings.id,
        revision: schema.findings.revision,
        expiresOn: schema.findings.acceptanceExpiresOn,
      })
      .from(schema.findings)
      .where(
        and(
          eq(schema.findings.status, "risk_accepted"),
          lte(schema.findings.acceptanceExpiresOn, today),
        ),
      );
    let reopened = 0;
    for (const finding of due) {
      // The transition's revision check makes a second instance's attempt a harmless conflict.
      const result = await transitionFinding(
        db,
        { kind: "system", name: "scheduler" },
        finding.id,
        {
          to: "reopened",
          revision: finding.revision,
          note: `The risk acceptance expired on ${formatDay(finding.expiresOn!)}.`,
        },
        now,
      );
      if (result.ok) reopened++;
    }
    return reopened;
  },
};

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The claims an overdue finding's notices take on a day: its webhook event, this week's mails. */
export function overdueFindingKeys(
  finding: { id: string; dueDate: string },
  now: Date,
): { webhook: string; mail: string } {
  const overdueSince = Date.parse(`${finding.dueDate}T00:00:00Z`) + 24 * 60 * 60 * 1000;
  const week = Math.floor((now.getTime() - overdueSince) / WEEK_MS);
  return {
    // One webhook event per due date, however many weekly reminders follow.
    webhook: `webhook:finding-overdue:${finding.id}:${finding.dueDate}`,
    mail: `finding-overdue:${finding.id}:${finding.dueDate}:${week}`,
  };
}

export const notifyOverdueFindings: Job = {
  name: "finding-overdue-notices",
  async run(db, now) {
    const today = isoDay(now);
    // Which overdue findings have a notice not yet claimed: ids and due dates first, so a tick
    // where every notice went out on an earlier run reads no more than that
    // (docs/decisions/423-scheduled-jobs-skip-claimed-work.md).
    const overdue = await db
      .select({ id: schema.findings.id, dueDate: schema.findings.dueDate })
      .from(schema.findings)
      .where(
        and(
          inArray(schema.findings.status, [...OPEN_STATUSES]),
          lt(schema.findings.dueDate, today),
        ),
      );
    const keys = new Map(overdue.map((f) => [f.id, overdueFindingKeys(f, now)]));
    const unclaimed = await unclaimedKeys(
      db,
      [...keys.values()].flatMap((k) => [k.webhook, k.mail]),
    );
    const pending = [...keys].filter(([, k]) => unclaimed.has(k.webhook) || unclaimed.has(k.mail));
    let sent = 0;
    for (let i = 0; i < pending.length; i += ROWS_PER_READ) {
      const ids = pending.slice(i, i + ROWS_PER_READ).map(([id]) => id);
      const rows = await findingWithVendorAndPeople(
        db
          .select({
            finding: schema.findings,
            vendorName: schema.vendors.name,
            ownerName: schema.users.name,
            ownerEmail: schema.users.email,
            ownerStatus: schema.users.status,
            contactName: schema.vendorContacts.name,
            contactEmail: schema.vendorContacts.email,
          })
          .from(schema.findings)
          .$dynamic(),
      ).where(
        // Still open and overdue when read again: a finding closed meanwhile is not mailed.
        and(
          sql`${schema.findings.id} = any(${uuidArray(ids)}::uuid[])`,
          inArray(schema.findings.status, [...OPEN_STATUSES]),
          lt(schema.findings.dueDate, today),
        ),
      );
      for (const row of rows) {
        const f = row.finding;
        const claims = overdueFindingKeys(f, now);
        sent += await db.transaction(async (tx) => {
          if (await claimOnce(tx, claims.webhook))
            await emitFindingEvent(tx, "finding.overdue", f.id, now);
          // The claim and the mails commit together: a failure leaves the notice for the next run.
          if (!(await claimOnce(tx, claims.mail))) return 0;
          return mailOverdue(tx, row);
        });
      }
    }
    return sent;
  },
};

/** Full finding rows read per statement, for the notices still to send. */
const ROWS_PER_READ = 500;

async function mailOverdue(
  db: Db,
  row: {
    finding: typeof schema.findings.$inferSelect;
    vendorName: string;
    ownerName: string | null;
    ownerEmail: string | null;
    ownerStatus: string | null;
    contactName: string | null;
    contactEmail: string | null;
  },
): Promise<number> {
  const f = row.finding;
  let sent = 0;
  const due = formatDay(f.dueDate);
  const severity = SEVERITY_LABELS[f.severity];
  if (row.ownerEmail && row.ownerStatus === "active") {
    const link = `${getEnv().APP_URL}/findings/${f.id}`;
    const paragraphs = [
      `Hello ${row.ownerName},`,
      `The ${severity.toLowerCase()} finding “${f.title}” for ${row.vendorName} was due on ${due} and is not resolved.`,
    ];
    await queueMail(db, {
      to: row.ownerEmail,
      kind: "finding_overdue_owner",
      subject: `Overdue finding (${severity}): ${f.title} — ${row.vendorName}`,
      text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
      html: simpleHtml(paragraphs, { label: "Open the finding", href: link }),
    });
    sent++;
  }
  // A fix awaiting verification is overdue for staff, not for the vendor.
  if (f.sharedWithVendor && row.contactEmail && f.status !== "fixed_by_vendor") {
    const paragraphs = [
      `Hello ${row.contactName},`,
      `The remediation of “${f.title}” was due on ${due}. Please update its plan, or mark it fixed if it is, through the personal link you received for this assessment. If your link no longer works, ask us for a new one.`,
    ];
    await queueMail(db, {
      to: row.contactEmail,
      kind: "finding_overdue_vendor",
      subject: `Overdue remediation: ${f.title}`,
      text: `${paragraphs.join("\n\n")}\n`,
      html: simpleHtml(paragraphs),
    });
    sent++;
  }
  return sent;
}

export const FINDING_JOBS: Job[] = [expireRiskAcceptances, notifyOverdueFindings];
