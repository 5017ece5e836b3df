// Collaboration inside the vendor: a recipient invites colleagues, each with a
// personal link of their own, and assigns sections or single questions to them. Everything
// takes the assessment from the vendor session (docs/design.md, invariant 6): a colleague or an
// assignment can only ever be added to the session's own assessment, and a recipient id from the
// form must belong to it. Decision: docs/decisions/054-vendor-collaboration.md.
import { and, asc, eq, sql } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { hashToken, newToken } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { type Failure, fail } from "~/forms/failure";
import { getQuestionMap } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { getSettings } from "~/settings/settings.server";
import { emailInDomains } from "~/vendors/schemas";
import { issueLinks, linkExpiry, mailLinks } from "./assessments.server";
import { type VendorContext } from "./respond.server";
import { isOpenForAnswers } from "./status";
import { inviter, withInviter, withVendor } from "./assessment-queries.server";

/** A generous cap: enough for any real team, too few to turn invitations to colleagues into a mail relay. */
export const MAX_RECIPIENTS = 50;

type Inviter = Pick<VendorContext, "assessmentId" | "recipientId" | "recipientName">;

export async function inviteColleague(
  db: Db,
  inviter: Inviter,
  input: { name: string; email: string },
  now: Date = new Date(),
): Promise<{ ok: true; recipientId: string } | Failure> {
  const email = input.email.trim().toLowerCase();
  const result = await db.transaction(async (tx) => {
    const [assessment] = await withVendor(
      tx
        .select({
          status: schema.assessments.status,
          dueDate: schema.assessments.dueDate,
          vendorName: schema.vendors.name,
          emailDomains: schema.vendors.emailDomains,
        })
        .from(schema.assessments)
        .$dynamic(),
    )
      .where(eq(schema.assessments.id, inviter.assessmentId))
      .for("update", { of: schema.assessments });
    if (!assessment || !isOpenForAnswers(assessment.status))
      return fail(409, "This assessment is no longer open, so nobody new can be invited.");
    if (!emailInDomains(email, assessment.emailDomains)) {
      const list = assessment.emailDomains.map((d) => `@${d}`).join(", ");
      return fail(
        400,
        `You can only invite colleagues with an address at ${list}. Ask the person who sent you this assessment if someone else needs access.`,
        "email",
      );
    }
    const existing = await tx
      .select({ email: schema.assessmentRecipients.email })
      .from(schema.assessmentRecipients)
      .where(eq(schema.assessmentRecipients.assessmentId, inviter.assessmentId));
    if (existing.some((r) => r.email.toLowerCase() === email))
      return fail(
        409,
        `${email} already has a personal link to this assessment. If they lost it, ask the person who sent you this assessment to send a new one.`,
        "email",
      );
    if (existing.length >= MAX_RECIPIENTS)
      return fail(409, `An assessment can have at most ${MAX_RECIPIENTS} people working on it.`);
    const { vendorLinkGraceDays } = await getSettings(tx);
    const expiresAt = linkExpiry(assessment.dueDate, vendorLinkGraceDays);
    const [row] = await tx
      .insert(schema.assessmentRecipients)
      .values({
        assessmentId: inviter.assessmentId,
        name: input.name.trim(),
        email,
        // Replaced at once by issueLinks: the one place personal links are made.
        tokenHash: hashToken(newToken()),
        expiresAt,
        invitedByRecipientId: inviter.recipientId,
      })
      .returning({ id: schema.assessmentRecipients.id });
    const links = await issueLinks(tx, [row!.id], expiresAt, now);
    await recordAudit(tx, {
      actor: { anonymous: `vendor: ${inviter.recipientName}` },
      action: "recipient.invited_by_colleague",
      target: { type: "assessment", id: inviter.assessmentId },
      detail: { recipient: email, invitedByRecipientId: inviter.recipientId },
    });
    await mailLinks(tx, inviter.assessmentId, links, {
      colleagueOf: inviter.recipientName,
    });
    return { ok: true as const, recipientId: row!.id };
  });
  if (!result.ok) return result;
  return { ok: true, recipientId: result.recipientId };
}

export type AssignmentTarget = { sectionId: string } | { questionId: string };

/**
 * Puts one colleague on a section or a question (replacing whoever was on it), or nobody
 * when `recipientId` is null. The assignee must be a recipient of the same assessment.
 */
export async function assignWork(
  db: Db,
  actor: Inviter,
  questionnaire: Questionnaire,
  input: { target: AssignmentTarget; recipientId: string | null },
): Promise<{ ok: true } | Failure> {
  const { target } = input;
  if ("sectionId" in target) {
    if (!questionnaire.sections.some((s) => s.id === target.sectionId))
      return fail(400, "Choose a section or question of this assessment", "target");
  } else if (!getQuestionMap(questionnaire).has(target.questionId)) {
    return fail(400, "Choose a section or question of this assessment", "target");
  }
  return db.transaction(async (tx) => {
    const [assessment] = await tx
      .select({ status: schema.assessments.status })
      .from(schema.assessments)
      .where(eq(schema.assessments.id, actor.assessmentId))
      .for("update");
    if (!assessment || !isOpenForAnswers(assessment.status))
      return fail(409, "This assessment is no longer open, so work cannot be assigned.");
    let assigneeName: string | null = null;
    if (input.recipientId) {
      const [assignee] = await tx
        .select({
          name: schema.assessmentRecipients.name,
          revokedAt: schema.assessmentRecipients.revokedAt,
        })
        .from(schema.assessmentRecipients)
        .where(
          and(
            eq(schema.assessmentRecipients.id, input.recipientId),
            eq(schema.assessmentRecipients.assessmentId, actor.assessmentId),
          ),
        );
      if (!assignee || assignee.revokedAt)
        return fail(400, "Choose someone who is working on this assessment", "recipientId");
      assigneeName = assignee.name;
    }
    const where = and(
      eq(schema.assignments.assessmentId, actor.assessmentId),
      "sectionId" in target
        ? eq(schema.assignments.sectionId, target.sectionId)
        : eq(schema.assignments.questionId, target.questionId),
    );
    const [before] = await tx
      .select({ recipientId: schema.assignments.recipientId })
      .from(schema.assignments)
      .where(where);
    if (input.recipientId) {
      await tx
        .insert(schema.assignments)
        .values({
          assessmentId: actor.assessmentId,
          sectionId: "sectionId" in target ? target.sectionId : null,
          questionId: "questionId" in target ? target.questionId : null,
          recipientId: input.recipientId,
        })
        .onConflictDoUpdate({
          target: [
            schema.assignments.assessmentId,
            schema.assignments.sectionId,
            schema.assignments.questionId,
          ],
          set: { recipientId: input.recipientId, createdAt: sql`now()` },
        });
    } else {
      await tx.delete(schema.assignments).where(where);
    }
    await recordAudit(tx, {
      actor: { anonymous: `vendor: ${actor.recipientName}` },
      action: "assignment.changed",
      target: { type: "assessment", id: actor.assessmentId },
      before: { recipientId: before?.recipientId ?? null },
      after: { recipientId: input.recipientId, name: assigneeName },
      detail: { ...target, byRecipientId: actor.recipientId },
    });
    return { ok: true as const };
  });
}

/** Who works on an assessment, who invited them, and who is on what. */
export async function getTeam(db: Db, assessmentId: string, now: Date = new Date()) {
  const [people, assigned, [vendor]] = await Promise.all([
    withInviter(
      db
        .select({
          id: schema.assessmentRecipients.id,
          name: schema.assessmentRecipients.name,
          email: schema.assessmentRecipients.email,
          revokedAt: schema.assessmentRecipients.revokedAt,
          expiresAt: schema.assessmentRecipients.expiresAt,
          invitedBy: inviter.name,
        })
        .from(schema.assessmentRecipients)
        .$dynamic(),
    )
      .where(eq(schema.assessmentRecipients.assessmentId, assessmentId))
      .orderBy(asc(schema.assessmentRecipients.createdAt)),
    db
      .select({
        sectionId: schema.assignments.sectionId,
        questionId: schema.assignments.questionId,
        recipientId: schema.assignments.recipientId,
        name: schema.assessmentRecipients.name,
      })
      .from(schema.assignments)
      .innerJoin(
        schema.assessmentRecipients,
        eq(schema.assessmentRecipients.id, schema.assignments.recipientId),
      )
      .where(eq(schema.assignments.assessmentId, assessmentId)),
    withVendor(
      db.select({ emailDomains: schema.vendors.emailDomains }).from(schema.assessments).$dynamic(),
    ).where(eq(schema.assessments.id, assessmentId)),
  ]);
  const members = people.map(({ revokedAt, expiresAt, ...person }) => ({
    ...person,
    active: !revokedAt && expiresAt > now,
  }));
  const sections: Record<string, { recipientId: string; name: string }> = {};
  const questions: Record<string, { recipientId: string; name: string }> = {};
  for (const a of assigned) {
    if (a.sectionId) sections[a.sectionId] = { recipientId: a.recipientId, name: a.name };
    if (a.questionId) questions[a.questionId] = { recipientId: a.recipientId, name: a.name };
  }
  return { members, sections, questions, emailDomains: vendor?.emailDomains ?? [] };
}
