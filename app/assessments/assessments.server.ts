// Staff side of assessments: create, send, chase, extend, revoke, cancel. Each change is one
// transaction with its audit event and the mails it causes (queued in the outbox, decision 140).
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { ASSESSMENTS_PER_PAGE } from "./list-page";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { hashToken, newToken, type SessionUser } from "~/auth/session.server";
import {
  cachedCount,
  type CountFilters,
  countCacheKey,
  portfolioRevisionColumn,
} from "~/dashboard/portfolio-cache.server";
import { type Db, preparedQuery, schema, rowCount } from "~/db.server";
import { getEnv } from "~/env.server";
import {
  cancelLinkMail,
  LINK_MAIL_COLUMNS,
  latestLinkMailByRecipient,
  queueMail,
  simpleHtml,
} from "~/mail/mail.server";
import { isAnswerComplete } from "~/questionnaire/answer-schema";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Answer } from "~/questionnaire/model";
import { QuestionnaireSchema, type Questionnaire } from "~/questionnaire/definition";
import { getSettings } from "~/settings/settings.server";
import { emitAssessmentEvent } from "~/webhooks/emit.server";
import { planCarryOver } from "./carry-over";
import {
  type AssessmentStatus,
  canTransition,
  transitionError,
  isOpenForAnswers,
  canExtendDueDate,
  statusList,
  OPEN_FOR_ANSWERS,
} from "./status";
import { type Failure, fail } from "~/forms/failure";
import { formatDay } from "~/format";
import { theAssessment } from "~/mail/wording";
import { inviter, withInviter, withVendorAndVersion } from "./assessment-queries.server";

const actorOf = (user: SessionUser): Actor => ({ id: user.id, email: user.email });

/** Links stay valid until the end of the due date plus the grace period (UTC). */
export function linkExpiry(dueDate: string, graceDays: number): Date {
  return new Date(Date.parse(`${dueDate}T23:59:59.999Z`) + graceDays * 24 * 60 * 60 * 1000);
}

export type NewAssessment = {
  vendorId: string;
  questionnaireVersionId: string;
  dueDate: string;
  message: string;
  contactIds: string[];
  send: boolean;
  /** Re-assessment: the earlier assessment of this vendor whose answers carry over. */
  previousAssessmentId?: string | null;
};

/** A re-assessment starts from one that the vendor finished. */
export const REASSESSABLE_STATUSES: readonly AssessmentStatus[] = [
  "submitted",
  "in_review",
  "closed",
];

export async function createAssessment(
  db: Db,
  actor: SessionUser,
  input: NewAssessment,
  now: Date = new Date(),
): Promise<{ ok: true; assessmentId: string } | Failure> {
  if (input.dueDate < now.toISOString().slice(0, 10))
    return fail(400, "The due date must be today or later", "dueDate");
  const created = await db.transaction(async (tx) => {
    const [vendor] = await tx
      .select({ id: schema.vendors.id, archivedAt: schema.vendors.archivedAt })
      .from(schema.vendors)
      .where(eq(schema.vendors.id, input.vendorId));
    if (!vendor || vendor.archivedAt) return fail(400, "Choose an active vendor", "vendorId");
    const [version] = await tx
      .select({
        id: schema.questionnaireVersions.id,
        slug: schema.questionnaireVersions.slug,
        content: schema.questionnaireVersions.content,
      })
      .from(schema.questionnaireVersions)
      .where(eq(schema.questionnaireVersions.id, input.questionnaireVersionId));
    if (!version) return fail(400, "Choose a questionnaire version", "questionnaireVersionId");
    // A retired version is kept for the assessments that pin it, never offered for new ones.
    const [retired] = await tx
      .select({ at: schema.questionnaireVersionRetirements.retiredAt })
      .from(schema.questionnaireVersionRetirements)
      .where(eq(schema.questionnaireVersionRetirements.versionId, version.id));
    if (retired)
      return fail(
        400,
        "That questionnaire version is retired; choose another",
        "questionnaireVersionId",
      );
    const previous = input.previousAssessmentId
      ? await previousForReassessment(tx, input.previousAssessmentId, vendor.id, version.slug)
      : null;
    if (previous && !previous.ok) return previous;
    // Recipients must be this vendor's own contacts: never someone else's.
    const contacts = input.contactIds.length
      ? await tx
          .select()
          .from(schema.vendorContacts)
          .where(
            and(
              inArray(schema.vendorContacts.id, input.contactIds),
              eq(schema.vendorContacts.vendorId, vendor.id),
              isNull(schema.vendorContacts.archivedAt),
            ),
          )
      : [];
    if (contacts.length !== new Set(input.contactIds).size) {
      return fail(400, "Choose recipients from this vendor's contacts", "contactIds");
    }
    if (input.send && contacts.length === 0)
      return fail(400, "Choose at least one recipient to send to", "contactIds");
    const [assessment] = await tx
      .insert(schema.assessments)
      .values({
        vendorId: vendor.id,
        questionnaireVersionId: version.id,
        dueDate: input.dueDate,
        message: input.message,
        createdBy: actor.id,
        previousAssessmentId: previous?.id ?? null,
      })
      .returning({ id: schema.assessments.id });
    const carriedOver = previous
      ? await carryOverAnswers(tx, previous, assessment!.id, version.content, now)
      : 0;
    const { vendorLinkGraceDays } = await getSettings(tx);
    if (contacts.length > 0) {
      await tx.insert(schema.assessmentRecipients).values(
        contacts.map((c) => ({
          assessmentId: assessment!.id,
          contactId: c.id,
          name: c.name,
          email: c.email,
          // A placeholder until the assessment is sent: no working link exists for a draft.
          tokenHash: hashToken(newToken()),
          expiresAt: linkExpiry(input.dueDate, vendorLinkGraceDays),
          invitedByUserId: actor.id,
        })),
      );
    }
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "assessment.created",
      target: { type: "assessment", id: assessment!.id },
      after: {
        status: "draft",
        vendorId: vendor.id,
        questionnaireVersionId: version.id,
        dueDate: input.dueDate,
        ...(previous ? { previousAssessmentId: previous.id, carriedOver } : {}),
      },
    });
    return { ok: true as const, assessmentId: assessment!.id };
  });
  if (!created.ok || !input.send) return created;
  const sent = await sendAssessment(db, actor, created.assessmentId, now);
  return sent.ok ? created : sent;
}

/** The earlier assessment a re-assessment starts from: this vendor's, finished, same questionnaire. */
async function previousForReassessment(
  db: Db,
  previousAssessmentId: string,
  vendorId: string,
  slug: string,
) {
  const [row] = await db
    .select({
      id: schema.assessments.id,
      vendorId: schema.assessments.vendorId,
      status: schema.assessments.status,
      slug: schema.questionnaireVersions.slug,
      content: schema.questionnaireVersions.content,
    })
    .from(schema.assessments)
    .innerJoin(
      schema.questionnaireVersions,
      eq(schema.questionnaireVersions.id, schema.assessments.questionnaireVersionId),
    )
    .where(eq(schema.assessments.id, previousAssessmentId));
  if (!row || row.vendorId !== vendorId)
    return fail(400, "Start a re-assessment from an earlier assessment of this vendor", "vendorId");
  if (!REASSESSABLE_STATUSES.includes(row.status))
    return fail(
      409,
      "A re-assessment starts from an assessment the vendor has submitted",
      "previousAssessmentId",
    );
  if (row.slug !== slug)
    return fail(
      400,
      "Choose a version of the same questionnaire, so that answers can carry over",
      "questionnaireVersionId",
    );
  return { ok: true as const, id: row.id, content: row.content };
}

/**
 * Copies the earlier answers whose meaning is unchanged in the new version, each marked
 * carried over until the vendor confirms or changes it (docs/decisions/055-carry-over.md).
 */
async function carryOverAnswers(
  db: Db,
  previous: { id: string; content: unknown },
  assessmentId: string,
  content: unknown,
  now: Date,
): Promise<number> {
  const rows = await db
    .select({
      questionId: schema.answers.questionId,
      answer: schema.answers.answer,
      comment: schema.answers.comment,
    })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, previous.id));
  const plan = planCarryOver(
    QuestionnaireSchema.parse(previous.content),
    QuestionnaireSchema.parse(content),
    rows.map((r) => ({ ...r, answer: (r.answer as Answer | null) ?? null })),
  );
  if (plan.carried.length === 0) return 0;
  const inserted = await db
    .insert(schema.answers)
    .values(
      plan.carried.map((c) => ({
        assessmentId,
        questionId: c.questionId,
        answer: c.answer,
        comment: c.comment,
        revision: 1,
        carriedOver: true,
        updatedAt: now,
      })),
    )
    .returning({
      id: schema.answers.id,
      answer: schema.answers.answer,
      comment: schema.answers.comment,
    });
  await db.insert(schema.answerRevisions).values(
    inserted.map((a) => ({
      answerId: a.id,
      revision: 1,
      answer: a.answer,
      comment: a.comment,
      changedAt: now,
    })),
  );
  return inserted.length;
}

async function loadAssessmentRow(db: Db, assessmentId: string) {
  const [row] = await db
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId))
    .for("update");
  return row ?? null;
}

async function setStatus(
  db: Db,
  actor: Actor,
  assessment: { id: string; status: AssessmentStatus },
  to: AssessmentStatus,
  extra: Partial<typeof schema.assessments.$inferInsert> = {},
) {
  await db
    .update(schema.assessments)
    .set({ status: to, updatedAt: new Date(), ...extra })
    .where(eq(schema.assessments.id, assessment.id));
  await recordAudit(db, {
    actor,
    action: `assessment.${to}`,
    target: { type: "assessment", id: assessment.id },
    before: { status: assessment.status },
    after: { status: to },
  });
}

export type IssuedLink = {
  recipientId: string;
  name: string;
  email: string;
  token: string;
  tokenHash: string;
  expiresAt: Date;
};

/**
 * New personal links for the given recipients. A recipient who already had a working link
 * keeps it until the mail with the new one has left: the new link waits as `pendingTokenHash`
 * (it works at once) and the delivery worker makes it the only one when its mail is sent.
 * Mails still waiting to carry an earlier link are cancelled. Call in the transaction that
 * queues the mails (mailLinks). docs/decisions/140-mail-outbox.md.
 */
export async function issueLinks(
  db: Db,
  recipientIds: string[],
  expiresAt: Date,
  now: Date,
): Promise<IssuedLink[]> {
  const issued: IssuedLink[] = [];
  for (const recipientId of recipientIds) {
    const [current] = await db
      .select({
        revokedAt: schema.assessmentRecipients.revokedAt,
        lastSentAt: schema.assessmentRecipients.lastSentAt,
      })
      .from(schema.assessmentRecipients)
      .where(eq(schema.assessmentRecipients.id, recipientId))
      .for("update");
    if (!current) continue;
    const token = newToken();
    const tokenHash = hashToken(token);
    // Never sent, or revoked: there is no working link to keep.
    const replaceAtOnce = current.revokedAt !== null || current.lastSentAt === null;
    const [row] = await db
      .update(schema.assessmentRecipients)
      .set({
        ...(replaceAtOnce
          ? { tokenHash, pendingTokenHash: null }
          : { pendingTokenHash: tokenHash }),
        expiresAt,
        revokedAt: null,
        lastSentAt: now,
      })
      .where(eq(schema.assessmentRecipients.id, recipientId))
      .returning();
    await cancelLinkMail(db, recipientId, "Replaced by a newer link");
    if (row)
      issued.push({ recipientId, name: row.name, email: row.email, token, tokenHash, expiresAt });
  }
  return issued;
}

/** `colleagueOf`: a recipient invited this person, and their name goes in the mail. */
export type LinkMailKind = "first" | "resent" | { colleagueOf: string };

/** Queues the links in `db`'s transaction (the one that issued the links). */
export async function mailLinks(
  db: Db,
  assessmentId: string,
  links: IssuedLink[],
  kind: LinkMailKind,
) {
  if (links.length === 0) return;
  const detail = await getAssessmentSummary(db, assessmentId);
  if (!detail) return;
  const { organisationName, organisationContact } = await getSettings(db);
  for (const issued of links) {
    const link = `${getEnv().APP_URL}/respond/${issued.token}`;
    const colleagueOf = typeof kind === "object" ? kind.colleagueOf : null;
    const paragraphs = [
      `Hello ${issued.name},`,
      colleagueOf
        ? `${colleagueOf} invited you to help ${detail.vendorName} answer ${theAssessment(detail.questionnaireTitle, "security assessment")} from ${organisationName}, due ${formatDay(detail.dueDate)}.`
        : `${organisationName} asks ${detail.vendorName} to complete ${theAssessment(detail.questionnaireTitle, "security assessment")} by ${formatDay(detail.dueDate)}.`,
      ...(detail.message ? [detail.message] : []),
      "Your personal link is below. You don't need an account: your answers are saved as you go, so you can stop and come back, and invite colleagues to help.",
      `The link works until ${issued.expiresAt.toUTCString()}. Don't forward it: ask for a colleague to be invited instead.`,
      ...(organisationContact
        ? [
            `Questions about this assessment? Write to ${organisationName} at ${organisationContact}.`,
          ]
        : []),
    ];
    await queueMail(db, {
      to: issued.email,
      kind: colleagueOf
        ? "assessment_invitation_colleague"
        : kind === "first"
          ? "assessment_invitation"
          : "assessment_invitation_resent",
      subject: colleagueOf
        ? `${colleagueOf} invited you: security assessment for ${detail.vendorName} — due ${formatDay(detail.dueDate)}`
        : `${kind === "resent" ? "New link: " : ""}Security assessment for ${detail.vendorName} — due ${formatDay(detail.dueDate)}`,
      text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
      html: simpleHtml(paragraphs, { label: "Open the assessment", href: link }),
      assessmentId,
      recipientId: issued.recipientId,
      linkTokenHash: issued.tokenHash,
    });
  }
}

export async function sendAssessment(
  db: Db,
  actor: SessionUser,
  assessmentId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const result = await db.transaction(async (tx) => {
    const assessment = await loadAssessmentRow(tx, assessmentId);
    if (!assessment) return fail(404, "There is no such assessment");
    if (!canTransition(assessment.status, "sent"))
      return fail(409, transitionError(assessment.status, "sent"));
    const recipients = await tx
      .select({ id: schema.assessmentRecipients.id })
      .from(schema.assessmentRecipients)
      .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
    if (recipients.length === 0) return fail(409, "Add at least one recipient before sending");
    const { vendorLinkGraceDays } = await getSettings(tx);
    const links = await issueLinks(
      tx,
      recipients.map((r) => r.id),
      linkExpiry(assessment.dueDate, vendorLinkGraceDays),
      now,
    );
    await setStatus(tx, actorOf(actor), assessment, "sent", { sentAt: now });
    await mailLinks(tx, assessmentId, links, "first");
    await emitAssessmentEvent(tx, "assessment.sent", assessmentId, {}, now);
    return { ok: true as const };
  });
  return result;
}

async function recipientOf(db: Db, assessmentId: string, recipientId: string) {
  const [row] = await db
    .select()
    .from(schema.assessmentRecipients)
    .where(
      and(
        eq(schema.assessmentRecipients.id, recipientId),
        eq(schema.assessmentRecipients.assessmentId, assessmentId),
      ),
    );
  return row ?? null;
}

export async function resendLink(
  db: Db,
  actor: SessionUser,
  assessmentId: string,
  recipientId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const result = await db.transaction(async (tx) => {
    const assessment = await loadAssessmentRow(tx, assessmentId);
    if (!assessment) return fail(404, "There is no such assessment");
    if (!isOpenForAnswers(assessment.status)) {
      return fail(409, "Links can be sent only while the assessment is open to the vendor");
    }
    const recipient = await recipientOf(tx, assessmentId, recipientId);
    if (!recipient) return fail(404, "There is no such recipient on this assessment");
    const { vendorLinkGraceDays } = await getSettings(tx);
    const links = await issueLinks(
      tx,
      [recipient.id],
      linkExpiry(assessment.dueDate, vendorLinkGraceDays),
      now,
    );
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "recipient.link_resent",
      target: { type: "assessment", id: assessmentId },
      detail: { recipient: recipient.email },
    });
    await mailLinks(tx, assessmentId, links, "resent");
    return { ok: true as const };
  });
  return result;
}

export async function revokeLink(
  db: Db,
  actor: SessionUser,
  assessmentId: string,
  recipientId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const recipient = await recipientOf(tx, assessmentId, recipientId);
    if (!recipient) return fail(404, "There is no such recipient on this assessment");
    if (recipient.revokedAt) return fail(409, "This link is already revoked");
    await tx
      .update(schema.assessmentRecipients)
      .set({ revokedAt: now, pendingTokenHash: null })
      .where(eq(schema.assessmentRecipients.id, recipient.id));
    // A mail still waiting to carry a link would deliver a dead one.
    await cancelLinkMail(tx, recipient.id, "The link was revoked");
    // Whoever is working through this link is signed out now.
    await tx
      .delete(schema.vendorSessions)
      .where(eq(schema.vendorSessions.recipientId, recipient.id));
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "recipient.link_revoked",
      target: { type: "assessment", id: assessmentId },
      detail: { recipient: recipient.email },
    });
    return { ok: true as const };
  });
}

export async function extendDueDate(
  db: Db,
  actor: SessionUser,
  assessmentId: string,
  dueDate: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  if (dueDate < now.toISOString().slice(0, 10))
    return fail(400, "The new due date must be today or later", "dueDate");
  return db.transaction(async (tx) => {
    const assessment = await loadAssessmentRow(tx, assessmentId);
    if (!assessment) return fail(404, "There is no such assessment");
    if (!canExtendDueDate(assessment.status)) {
      return fail(409, "Only an assessment that is still open can get a new due date");
    }
    const { vendorLinkGraceDays } = await getSettings(tx);
    await tx
      .update(schema.assessments)
      .set({ dueDate, updatedAt: now })
      .where(eq(schema.assessments.id, assessmentId));
    await tx
      .update(schema.assessmentRecipients)
      .set({ expiresAt: linkExpiry(dueDate, vendorLinkGraceDays) })
      .where(
        and(
          eq(schema.assessmentRecipients.assessmentId, assessmentId),
          isNull(schema.assessmentRecipients.revokedAt),
        ),
      );
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "assessment.due_date_changed",
      target: { type: "assessment", id: assessmentId },
      before: { dueDate: assessment.dueDate },
      after: { dueDate },
    });
    if (assessment.status === "expired")
      await setStatus(tx, actorOf(actor), assessment, "in_progress");
    return { ok: true as const };
  });
}

/** How long a cancelled assessment can be reopened (docs/decisions/205-cancel-and-reopen.md). */
export const REOPEN_DAYS = 30;
const CANCELLED_LINK_MAIL = "The assessment was cancelled";

/** Until when a cancelled assessment can be reopened, or null when it cannot (any more). */
export function reopenableUntil(assessment: {
  status: AssessmentStatus;
  cancelledAt: Date | null;
  cancelledFromStatus: AssessmentStatus | null;
}): Date | null {
  if (assessment.status !== "cancelled" || !assessment.cancelledAt) return null;
  if (!assessment.cancelledFromStatus) return null;
  return new Date(assessment.cancelledAt.getTime() + REOPEN_DAYS * 24 * 60 * 60 * 1000);
}

/** Recipients who were sent a working link: they hear of a cancellation and a reopening. */
async function informedRecipients(db: Db, assessmentId: string) {
  return db
    .select({
      id: schema.assessmentRecipients.id,
      name: schema.assessmentRecipients.name,
      email: schema.assessmentRecipients.email,
    })
    .from(schema.assessmentRecipients)
    .where(
      and(
        eq(schema.assessmentRecipients.assessmentId, assessmentId),
        isNull(schema.assessmentRecipients.revokedAt),
        sql`${schema.assessmentRecipients.lastSentAt} is not null`,
      ),
    )
    .orderBy(asc(schema.assessmentRecipients.createdAt));
}

/**
 * Cancels with a reason, in one transaction: the status (and what it was, for "Reopen"), the
 * audit event with the reason, vendor sessions ended, link mails not yet sent cancelled, and a
 * mail to each recipient who had a link (docs/decisions/205-cancel-and-reopen.md).
 */
export async function cancelAssessment(
  db: Db,
  actor: SessionUser,
  assessmentId: string,
  reason: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const assessment = await loadAssessmentRow(tx, assessmentId);
    if (!assessment) return fail(404, "There is no such assessment");
    if (!canTransition(assessment.status, "cancelled"))
      return fail(409, transitionError(assessment.status, "cancelled"));
    await tx
      .update(schema.assessments)
      .set({
        status: "cancelled",
        updatedAt: now,
        cancelledAt: now,
        cancelReason: reason,
        cancelledFromStatus: assessment.status,
      })
      .where(eq(schema.assessments.id, assessmentId));
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "assessment.cancelled",
      target: { type: "assessment", id: assessmentId },
      before: { status: assessment.status },
      after: { status: "cancelled" },
      detail: { reason },
    });
    await tx
      .delete(schema.vendorSessions)
      .where(eq(schema.vendorSessions.assessmentId, assessmentId));
    const recipients = await tx
      .select({ id: schema.assessmentRecipients.id })
      .from(schema.assessmentRecipients)
      .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
    for (const r of recipients) await cancelLinkMail(tx, r.id, CANCELLED_LINK_MAIL);
    const detail = await getAssessmentSummary(tx, assessmentId);
    const { organisationName } = await getSettings(tx);
    for (const r of await informedRecipients(tx, assessmentId)) {
      const paragraphs = [
        `Hello ${r.name},`,
        `${organisationName} has cancelled ${theAssessment(detail!.questionnaireTitle, "security assessment")} it asked ${detail!.vendorName} to complete. Your personal link no longer works, and there is nothing more to do.`,
        `The reason given: ${reason}`,
        "If this is a mistake, reply to the person who asked you for the assessment: it can be reopened, and your answers so far are kept.",
      ];
      await queueMail(tx, {
        to: r.email,
        kind: "assessment_cancelled",
        subject: `Cancelled: security assessment for ${detail!.vendorName}`,
        text: `${paragraphs.join("\n\n")}\n`,
        html: simpleHtml(paragraphs),
        assessmentId,
      });
    }
    return { ok: true as const };
  });
}

/**
 * Reopens a cancelled assessment within REOPEN_DAYS: it returns to the status it had, so the
 * recipients' links work again. A recipient whose link mail the cancellation stopped gets a new
 * link; the others are told their link works again.
 */
export async function reopenAssessment(
  db: Db,
  actor: SessionUser,
  assessmentId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const assessment = await loadAssessmentRow(tx, assessmentId);
    if (!assessment) return fail(404, "There is no such assessment");
    if (assessment.status !== "cancelled")
      return fail(409, "Only a cancelled assessment can be reopened");
    const until = reopenableUntil(assessment);
    if (!until || until <= now)
      return fail(
        409,
        `A cancelled assessment can be reopened for ${REOPEN_DAYS} days after its cancellation; start a new assessment instead`,
      );
    const to = assessment.cancelledFromStatus!;
    await tx
      .update(schema.assessments)
      .set({ status: to, updatedAt: now, cancelledAt: null, cancelledFromStatus: null })
      .where(eq(schema.assessments.id, assessmentId));
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "assessment.reopened",
      target: { type: "assessment", id: assessmentId },
      before: { status: "cancelled" },
      after: { status: to },
      detail: { cancelReason: assessment.cancelReason },
    });
    if (to === "draft") return { ok: true as const };
    const informed = await informedRecipients(tx, assessmentId);
    const mails = await latestLinkMailByRecipient(
      tx,
      informed.map((r) => r.id),
    );
    const stopped = informed.filter((r) => {
      const mail = mails.get(r.id);
      return mail?.status === "cancelled" && mail.lastError === CANCELLED_LINK_MAIL;
    });
    const { vendorLinkGraceDays, organisationName } = await getSettings(tx);
    const links = await issueLinks(
      tx,
      stopped.map((r) => r.id),
      linkExpiry(assessment.dueDate, vendorLinkGraceDays),
      now,
    );
    await mailLinks(tx, assessmentId, links, "first");
    const detail = await getAssessmentSummary(tx, assessmentId);
    const stoppedIds = new Set(stopped.map((r) => r.id));
    for (const r of informed.filter((r) => !stoppedIds.has(r.id))) {
      const paragraphs = [
        `Hello ${r.name},`,
        `${organisationName} has reopened ${theAssessment(detail!.questionnaireTitle, "security assessment")} for ${detail!.vendorName}, due ${formatDay(detail!.dueDate)}. Your personal link from the earlier email works again, and your answers so far are kept.`,
      ];
      await queueMail(tx, {
        to: r.email,
        kind: "assessment_reopened",
        subject: `Reopened: security assessment for ${detail!.vendorName} — due ${formatDay(detail!.dueDate)}`,
        text: `${paragraphs.join("\n\n")}\n`,
        html: simpleHtml(paragraphs),
        assessmentId,
      });
    }
    return { ok: true as const };
  });
}

// Every vendor page and the assessment page run it: built once
// (docs/decisions/413-queries-built-once.md).
/**
 * An assessment's summary, from assessments ⋈ vendors ⋈ questionnaire_versions
 * (`withVendorAndVersion`): read by `getAssessmentSummary`, and by a vendor page's session lookup
 * in the same statement (docs/decisions/440-vendor-summary-with-the-session.md).
 */
export const SUMMARY_COLUMNS = {
  id: schema.assessments.id,
  status: schema.assessments.status,
  dueDate: schema.assessments.dueDate,
  message: schema.assessments.message,
  createdAt: schema.assessments.createdAt,
  sentAt: schema.assessments.sentAt,
  submittedAt: schema.assessments.submittedAt,
  cancelledAt: schema.assessments.cancelledAt,
  cancelReason: schema.assessments.cancelReason,
  cancelledFromStatus: schema.assessments.cancelledFromStatus,
  vendorId: schema.vendors.id,
  vendorName: schema.vendors.name,
  ownerId: schema.vendors.ownerId,
  questionnaireVersionId: schema.questionnaireVersions.id,
  questionnaireSlug: schema.questionnaireVersions.slug,
  questionnaireVersion: schema.questionnaireVersions.version,
  questionnaireTitle: schema.questionnaireVersions.title,
};

const assessmentSummary = preparedQuery(["assessmentId"], (db, p) =>
  withVendorAndVersion(db.select(SUMMARY_COLUMNS).from(schema.assessments).$dynamic())
    .where(eq(schema.assessments.id, p.assessmentId))
    .prepare("assessment_summary"),
);

export async function getAssessmentSummary(db: Db, assessmentId: string) {
  const [row] = await assessmentSummary(db, { assessmentId });
  return row ?? null;
}

// Versions never change once stored (invariant 1; a trigger refuses UPDATEs), so a parsed
// version can be kept by id: every page and autosave of an assessment needs it, and reading
// and parsing a 300-question version costs milliseconds each time. Bounded, oldest out first.
const pinnedCache = new Map<string, Questionnaire>();
const PINNED_CACHE_SIZE = 64;

export async function getPinnedQuestionnaire(
  db: Db,
  questionnaireVersionId: string,
): Promise<Questionnaire> {
  const cached = pinnedCache.get(questionnaireVersionId);
  if (cached) return cached;
  const [row] = await db
    .select({ content: schema.questionnaireVersions.content })
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.id, questionnaireVersionId));
  const questionnaire = QuestionnaireSchema.parse(row!.content);
  pinnedCache.set(questionnaireVersionId, questionnaire);
  if (pinnedCache.size > PINNED_CACHE_SIZE) pinnedCache.delete(pinnedCache.keys().next().value!);
  return questionnaire;
}

// Built once (docs/decisions/413-queries-built-once.md).
const answersOf = preparedQuery(
  ["assessmentId"],
  (db, p) =>
    db
      .select()
      .from(schema.answers)
      .where(eq(schema.answers.assessmentId, p.assessmentId))
      .prepare("answers_of_assessment"),
  // A key lookup: its generic plan is kept (docs/decisions/426-generic-plan-lookups.md).
  { plans: "generic" },
);

export async function loadAnswers(db: Db, assessmentId: string) {
  return answersOf(db, { assessmentId });
}

// What the staff page's progress reads of each answer: the value and whether it was carried
// over, not the comment, revision, times or author it does not show (decision 434: a page of
// 150 answers paid for mapping six more columns, two of them timestamps, on every view).
const progressAnswersOf = preparedQuery(
  ["assessmentId"],
  (db, p) =>
    db
      .select({
        questionId: schema.answers.questionId,
        answer: schema.answers.answer,
        carriedOver: schema.answers.carriedOver,
      })
      .from(schema.answers)
      .where(eq(schema.answers.assessmentId, p.assessmentId))
      .prepare("progress_answers_of_assessment"),
  { plans: "generic" },
);

export type SectionProgress = {
  sectionId: string;
  title: string;
  /** Answered by the vendor in this assessment (a carried-over answer once confirmed or changed). */
  answered: number;
  /** Carried over from the previous assessment and not yet confirmed or changed. */
  toConfirm: number;
  applicable: number;
  problems: number;
};

/**
 * Answered / applicable per section, counting only visible questions (hidden ones are not asked).
 * A carried-over answer counts as "to confirm", not answered, until the vendor confirms or
 * changes it: submission refuses it until then (docs/decisions/056, 206).
 */
export function sectionProgress(
  questionnaire: Questionnaire,
  answers: Record<string, Answer | undefined>,
  carriedOver: ReadonlySet<string> = new Set(),
): SectionProgress[] {
  const visible = visibleQuestionIds(questionnaire, answers);
  return questionnaire.sections.map((section) => {
    const shown = section.questions.filter((q) => visible.has(q.id));
    let answered = 0;
    let toConfirm = 0;
    let problems = 0;
    for (const question of shown) {
      const answer = answers[question.id];
      if (isAnswerComplete(question, answer)) {
        if (carriedOver.has(question.id)) toConfirm++;
        else answered++;
      } else if (answer) problems++;
    }
    return {
      sectionId: section.id,
      title: section.title,
      answered,
      toConfirm,
      applicable: shown.length,
      problems,
    };
  });
}

// The latest mail carrying a recipient's link (docs/decisions/140-mail-outbox.md), read beside
// each recipient in the same statement (mail_outbox_recipient_idx, newest first).
const lastLinkMail = (db: Db) =>
  db
    .select(LINK_MAIL_COLUMNS)
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.recipientId, schema.assessmentRecipients.id))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1)
    .as("last_mail");

// An assessment's recipients, with the colleague who invited each when a recipient did
// (collaboration.server.ts) and whether each one's latest link actually left: one statement
// (decision 436). Built once (docs/decisions/413-queries-built-once.md).
const staffRecipients = preparedQuery(["assessmentId"], (db, p) => {
  const mail = lastLinkMail(db);
  return withInviter(
    db
      .select({
        id: schema.assessmentRecipients.id,
        name: schema.assessmentRecipients.name,
        email: schema.assessmentRecipients.email,
        expiresAt: schema.assessmentRecipients.expiresAt,
        revokedAt: schema.assessmentRecipients.revokedAt,
        lastSentAt: schema.assessmentRecipients.lastSentAt,
        firstOpenedAt: schema.assessmentRecipients.firstOpenedAt,
        lastOpenedAt: schema.assessmentRecipients.lastOpenedAt,
        invitedByRecipientId: schema.assessmentRecipients.invitedByRecipientId,
        invitedBy: inviter.name,
        oldLinkWorks: sql<boolean>`${schema.assessmentRecipients.pendingTokenHash} is not null`,
        mail: {
          id: mail.id,
          status: mail.status,
          attempts: mail.attempts,
          nextAttemptAt: mail.nextAttemptAt,
          lastError: mail.lastError,
          sentAt: mail.sentAt,
          smtpResponse: mail.smtpResponse,
          messageId: mail.messageId,
        },
      })
      .from(schema.assessmentRecipients)
      .$dynamic(),
  )
    .leftJoinLateral(mail, sql`true`)
    .where(eq(schema.assessmentRecipients.assessmentId, p.assessmentId))
    .orderBy(asc(schema.assessmentRecipients.createdAt))
    .prepare("staff_recipients");
});

export async function getAssessmentForStaff(db: Db, assessmentId: string) {
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!summary) return null;
  const [recipients, answerRows, questionnaire] = await Promise.all([
    staffRecipients(db, { assessmentId }),
    progressAnswersOf(db, { assessmentId }),
    getPinnedQuestionnaire(db, summary.questionnaireVersionId),
  ]);
  const answers = Object.fromEntries(
    answerRows.map((a) => [a.questionId, (a.answer ?? undefined) as Answer | undefined]),
  );
  return {
    summary,
    recipients,
    progress: sectionProgress(
      questionnaire,
      answers,
      new Set(answerRows.filter((a) => a.carriedOver).map((a) => a.questionId)),
    ),
  };
}

/** Whom an assessment for this vendor can be sent to: its active contacts. */
export async function recipientCandidates(db: Db, vendorId: string) {
  return db
    .select({
      id: schema.vendorContacts.id,
      name: schema.vendorContacts.name,
      email: schema.vendorContacts.email,
      role: schema.vendorContacts.role,
    })
    .from(schema.vendorContacts)
    .where(
      and(eq(schema.vendorContacts.vendorId, vendorId), isNull(schema.vendorContacts.archivedAt)),
    )
    .orderBy(asc(schema.vendorContacts.name));
}

type AssessmentListFilter = { status?: AssessmentStatus; questionnaireVersionId?: string };

/** Both of the list's filters are columns the portfolio revision watches (migration 0007). */
const ASSESSMENT_COUNT_FILTERS: CountFilters<AssessmentListFilter> = {
  status: "watched",
  questionnaireVersionId: "watched",
};

/**
 * One page of the assessments list, newest first, with how many match in all. Only what the
 * page shows (docs/decisions/384-assessments-list-pages.md).
 */
export async function listAssessmentPage(
  db: Db,
  filter: AssessmentListFilter,
  page: number,
  pageSize: number = ASSESSMENTS_PER_PAGE,
) {
  const conditions = [];
  if (filter.status) conditions.push(eq(schema.assessments.status, filter.status));
  if (filter.questionnaireVersionId) {
    conditions.push(eq(schema.assessments.questionnaireVersionId, filter.questionnaireVersionId));
  }
  const where = conditions.length ? and(...conditions) : undefined;
  // The rows first, with the revision their statement read; the count is then checked against
  // it, with no statement of its own on a hit (decision 435).
  const rows = await withVendorAndVersion(
    db
      .select({
        id: schema.assessments.id,
        status: schema.assessments.status,
        dueDate: schema.assessments.dueDate,
        vendorName: schema.vendors.name,
        questionnaireTitle: schema.questionnaireVersions.title,
        questionnaireVersion: schema.questionnaireVersions.version,
        overdue: sql<boolean>`${schema.assessments.dueDate} < current_date and ${schema.assessments.status} in ${sql.raw(statusList(OPEN_FOR_ANSWERS))}`,
        revision: portfolioRevisionColumn(),
      })
      .from(schema.assessments)
      .$dynamic(),
  )
    .where(where)
    // The id makes the order total, so no assessment appears on two pages or on none.
    .orderBy(desc(schema.assessments.createdAt), desc(schema.assessments.id))
    .limit(rowCount(pageSize))
    .offset((page - 1) * pageSize);
  // Every assessment has its vendor and version (foreign keys, not null): no joins to count.
  // Status and version are columns the portfolio revision watches: counted once per revision.
  const matching = await cachedCount(
    db,
    countCacheKey("assessments", filter, ASSESSMENT_COUNT_FILTERS),
    async (tx) => {
      const [row] = await tx.select({ n: count() }).from(schema.assessments).where(where);
      return row?.n ?? 0;
    },
    rows[0]?.revision,
  );
  return {
    assessments: rows.map(({ revision: _revision, ...row }) => row),
    total: matching,
    page,
    pageCount: Math.max(1, Math.ceil(matching / pageSize)),
  };
}
