// The assessment lifecycle's scheduled jobs: a reminder before the due date, an
// overdue notice the day after it, and expiry once every link has run out. Each mail is
// claimed (claims.server.ts) in the transaction that records it, so two instances running the
// same job at the same moment send it once, and a failed send is retried on the next run.
// Keys already claimed are read first, so work done on an earlier run opens no transaction.
// Decisions: docs/decisions/052-scheduler.md, 053-reminders-carry-no-link.md,
// 423-scheduled-jobs-skip-claimed-work.md.
import { and, eq, gt, inArray, isNull, lt, lte, notExists, sql } from "drizzle-orm";
import { linkExpiry } from "~/assessments/assessments.server";
import { pruneExpiredVendorSessions } from "~/assessments/respond.server";
import { formatDay } from "~/format";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { type Mail, queueMail, simpleHtml } from "~/mail/mail.server";
import { getSettings } from "~/settings/settings.server";
import { claimOnce, unclaimedKeys } from "~/jobs/claims.server";
import { type Job } from "~/jobs/job";
import { OPEN_FOR_ANSWERS, isOpenForAnswers } from "./status";
import { theAssessment } from "~/mail/wording";
import {
  recipientLinkFields,
  recipientWithAssessment,
  withVendorAndVersion,
} from "./assessment-queries.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC calendar day of an instant, as YYYY-MM-DD (docs/decisions/021-dates-are-calendar-days.md). */
function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Queues the mail if this caller claims `key`; the claim and the outbox row commit together. */
async function sendOnce(db: Db, key: string, mail: Mail): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await claimOnce(tx, key))) return false;
    await queueMail(tx, mail);
    return true;
  });
}

/** Recipients whose personal link still works, on assessments open to the vendor. */
async function openRecipients(db: Db, now: Date, due: ReturnType<typeof and>) {
  return recipientWithAssessment(
    db
      .select({
        ...recipientLinkFields,
        email: schema.assessmentRecipients.email,
        lastSentAt: schema.assessmentRecipients.lastSentAt,
      })
      .from(schema.assessmentRecipients)
      .$dynamic(),
  ).where(
    and(
      inArray(schema.assessments.status, [...OPEN_FOR_ANSWERS]),
      isNull(schema.assessmentRecipients.revokedAt),
      gt(schema.assessmentRecipients.expiresAt, now),
      due,
    ),
  );
}

type RecipientRow = Awaited<ReturnType<typeof openRecipients>>[number];

/** Where a vendor without a working link turns: the vendor's owner, or the organisation. */
function whomToAsk(row: RecipientRow, organisationName: string): string {
  return row.ownerName && row.ownerEmail
    ? `${row.ownerName} (${row.ownerEmail})`
    : `your contact at ${organisationName}`;
}

// The reminder carries no link: tokens are stored only as hashes, and minting a new one from
// an unattended job would silently break the link in the invitation (053).
function reminderMail(row: RecipientRow, daysLeft: number, organisationName: string): Mail {
  const when = daysLeft === 0 ? "today" : daysLeft === 1 ? "tomorrow" : `in ${daysLeft} days`;
  const paragraphs = [
    `Hello ${row.name},`,
    `A reminder: ${theAssessment(row.questionnaireTitle, "security assessment")} for ${row.vendorName} is due ${when}, on ${formatDay(row.dueDate)}.`,
    `To continue, open the personal link in your invitation email${row.lastSentAt ? ` of ${formatDay(dayOf(row.lastSentAt))}` : ""}. Your answers so far are saved. When everything is answered, check your answers and submit.`,
    `If you cannot find that email, or the link no longer works, ask ${whomToAsk(row, organisationName)} to send you a new one.`,
  ];
  return {
    to: row.email,
    assessmentId: row.assessmentId,
    kind: "assessment_reminder",
    subject: `Reminder: security assessment for ${row.vendorName} — due ${formatDay(row.dueDate)}`,
    text: `${paragraphs.join("\n\n")}\n`,
    html: simpleHtml(paragraphs),
  };
}

export const dueDateReminders: Job = {
  name: "due-date-reminders",
  async run(db, now) {
    const { reminderDaysBefore, organisationName } = await getSettings(db);
    if (reminderDaysBefore === 0) return 0;
    const today = dayOf(now);
    const rows = await openRecipients(
      db,
      now,
      and(
        lte(schema.assessments.dueDate, addDays(today, reminderDaysBefore)),
        // Due today still gets one; after that it is overdue.
        gt(schema.assessments.dueDate, addDays(today, -1)),
      ),
    );
    // The due date is in the key: a new due date earns a new reminder.
    const keyOf = (row: RecipientRow) => `reminder:${row.recipientId}:${row.dueDate}`;
    const due = rows.filter((row) => {
      // Someone invited inside the reminder window has the due date in their invitation.
      const windowStart = Date.parse(`${addDays(row.dueDate, -reminderDaysBefore)}T00:00:00Z`);
      return !!row.lastSentAt && row.lastSentAt.getTime() < windowStart;
    });
    const unclaimed = await unclaimedKeys(db, due.map(keyOf));
    let sent = 0;
    for (const row of due) {
      if (!unclaimed.has(keyOf(row))) continue;
      const daysLeft = Math.round((Date.parse(row.dueDate) - Date.parse(today)) / DAY_MS);
      if (await sendOnce(db, keyOf(row), reminderMail(row, daysLeft, organisationName))) sent++;
    }
    return sent;
  },
};

export const overdueNotices: Job = {
  name: "overdue-notices",
  async run(db, now) {
    const { organisationName } = await getSettings(db);
    const today = dayOf(now);
    const rows = await openRecipients(db, now, lt(schema.assessments.dueDate, today));
    const noticeKey = (row: RecipientRow) => `overdue:${row.recipientId}:${row.dueDate}`;
    const unclaimedNotices = await unclaimedKeys(db, rows.map(noticeKey));
    let sent = 0;
    for (const row of rows) {
      if (!unclaimedNotices.has(noticeKey(row))) continue;
      const paragraphs = [
        `Hello ${row.name},`,
        `${theAssessment(row.questionnaireTitle, "security assessment").replace(/^the/, "The")} for ${row.vendorName} was due on ${formatDay(row.dueDate)} and has not been submitted yet.`,
        `Please finish and submit it as soon as you can, using the personal link in your invitation email. If you need more time, or a new link, ask ${whomToAsk(row, organisationName)}.`,
      ];
      const mail: Mail = {
        to: row.email,
        assessmentId: row.assessmentId,
        kind: "assessment_overdue_vendor",
        subject: `Overdue: security assessment for ${row.vendorName} (was due ${formatDay(row.dueDate)})`,
        text: `${paragraphs.join("\n\n")}\n`,
        html: simpleHtml(paragraphs),
      };
      if (await sendOnce(db, noticeKey(row), mail)) sent++;
    }
    // One notice to each overdue assessment's owner, whether or not any link still works.
    const owners = await withVendorAndVersion(
      db
        .select({
          assessmentId: schema.assessments.id,
          dueDate: schema.assessments.dueDate,
          vendorName: schema.vendors.name,
          questionnaireTitle: schema.questionnaireVersions.title,
          ownerName: schema.users.name,
          ownerEmail: schema.users.email,
        })
        .from(schema.assessments)
        .$dynamic(),
    )
      .innerJoin(schema.users, eq(schema.users.id, schema.vendors.ownerId))
      .where(
        and(
          inArray(schema.assessments.status, [...OPEN_FOR_ANSWERS]),
          lt(schema.assessments.dueDate, today),
          eq(schema.users.status, "active"),
        ),
      );
    const ownerKey = (row: (typeof owners)[number]) =>
      `overdue-owner:${row.assessmentId}:${row.dueDate}`;
    const unclaimedOwners = await unclaimedKeys(db, owners.map(ownerKey));
    for (const row of owners) {
      if (!unclaimedOwners.has(ownerKey(row))) continue;
      const link = `${getEnv().APP_URL}/assessments/${row.assessmentId}`;
      const paragraphs = [
        `Hello ${row.ownerName},`,
        `${row.vendorName} has not submitted “${row.questionnaireTitle}”, which was due on ${formatDay(row.dueDate)}.`,
        "You can see who opened their link, resend links or change the due date on the assessment's page.",
      ];
      const mail: Mail = {
        to: row.ownerEmail,
        assessmentId: row.assessmentId,
        kind: "assessment_overdue_owner",
        subject: `Overdue: ${row.vendorName} has not submitted their assessment`,
        text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
        html: simpleHtml(paragraphs, { label: "Open the assessment", href: link }),
      };
      if (await sendOnce(db, ownerKey(row), mail)) sent++;
    }
    return sent;
  },
};

export const expireAssessments: Job = {
  name: "expire-assessments",
  async run(db, now) {
    const { vendorLinkGraceDays } = await getSettings(db);
    const candidates = await db
      .select({ id: schema.assessments.id, dueDate: schema.assessments.dueDate })
      .from(schema.assessments)
      .where(
        and(
          inArray(schema.assessments.status, [...OPEN_FOR_ANSWERS]),
          lt(schema.assessments.dueDate, dayOf(now)),
          // Not one a working link keeps open, which would be read again on every run (423);
          // the transaction below asks again.
          notExists(
            db
              .select({ one: sql`1` })
              .from(schema.assessmentRecipients)
              .where(
                and(
                  eq(schema.assessmentRecipients.assessmentId, schema.assessments.id),
                  isNull(schema.assessmentRecipients.revokedAt),
                  gt(schema.assessmentRecipients.expiresAt, now),
                ),
              ),
          ),
        ),
      );
    let expired = 0;
    for (const candidate of candidates) {
      if (linkExpiry(candidate.dueDate, vendorLinkGraceDays) > now) continue;
      const changed = await db.transaction(async (tx) => {
        // A link that still works (say, made after a due-date change) keeps it open.
        const [working] = await tx
          .select({ id: schema.assessmentRecipients.id })
          .from(schema.assessmentRecipients)
          .where(
            and(
              eq(schema.assessmentRecipients.assessmentId, candidate.id),
              isNull(schema.assessmentRecipients.revokedAt),
              gt(schema.assessmentRecipients.expiresAt, now),
            ),
          )
          .limit(1);
        if (working) return false;
        // Conditional: of two instances, only the one whose update matched goes on.
        const [before] = await tx
          .select({ status: schema.assessments.status })
          .from(schema.assessments)
          .where(eq(schema.assessments.id, candidate.id))
          .for("update");
        if (!before || !isOpenForAnswers(before.status)) return false;
        await tx
          .update(schema.assessments)
          .set({ status: "expired", updatedAt: now })
          .where(eq(schema.assessments.id, candidate.id));
        await recordAudit(tx, {
          actor: { system: "scheduler" },
          action: "assessment.expired",
          target: { type: "assessment", id: candidate.id },
          before: { status: before.status },
          after: { status: "expired" },
          detail: { dueDate: candidate.dueDate, graceDays: vendorLinkGraceDays },
        });
        await mailOwnerExpired(tx, candidate.id);
        return true;
      });
      if (changed) expired++;
    }
    return expired;
  },
};

async function mailOwnerExpired(db: Db, assessmentId: string) {
  const [row] = await withVendorAndVersion(
    db
      .select({
        dueDate: schema.assessments.dueDate,
        vendorName: schema.vendors.name,
        questionnaireTitle: schema.questionnaireVersions.title,
        ownerName: schema.users.name,
        ownerEmail: schema.users.email,
        ownerStatus: schema.users.status,
      })
      .from(schema.assessments)
      .$dynamic(),
  )
    .innerJoin(schema.users, eq(schema.users.id, schema.vendors.ownerId))
    .where(eq(schema.assessments.id, assessmentId));
  if (!row || row.ownerStatus !== "active") return;
  const link = `${getEnv().APP_URL}/assessments/${assessmentId}`;
  const paragraphs = [
    `Hello ${row.ownerName},`,
    `“${row.questionnaireTitle}” for ${row.vendorName} has expired: it was due on ${formatDay(row.dueDate)}, was not submitted, and every personal link has now run out.`,
    "To give the vendor more time, set a new due date on the assessment's page: that reopens it and the links work again.",
  ];
  await queueMail(db, {
    to: row.ownerEmail,
    assessmentId,
    kind: "assessment_expired_owner",
    subject: `Expired: ${row.vendorName} did not submit their assessment`,
    text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
    html: simpleHtml(paragraphs, { label: "Open the assessment", href: link }),
  });
}

/** Expired vendor sessions are deleted, as staff ones are (auth/auth-jobs.server.ts). */
export const pruneVendorSessions: Job = {
  name: "prune-vendor-sessions",
  run: (db, now) => pruneExpiredVendorSessions(db, now),
};
