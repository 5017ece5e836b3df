// Reviewing a submitted assessment (docs/decisions/091-clarifications-and-vendor-access.md): answer
// by answer, accept or ask the vendor for clarification; staff-only notes; manual findings and
// severity changes (app/findings); then close the review with a decision. A clarification reopens
// only that answer for the vendor (saveAnswer checks answer_reviews), and the vendor's reply comes
// back for review.
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  getAssessmentSummary,
  getPinnedQuestionnaire,
  loadAnswers,
} from "~/assessments/assessments.server";
import { recordAudit } from "~/audit/audit.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { mailVendorLinks, openEngineFindings } from "~/findings/findings.server";
import { verifiedQuestions } from "~/findings/status";
import { fail, type Failure } from "~/forms/failure";
import { queueMail, simpleHtml } from "~/mail/mail.server";
import { emitAssessmentEvent } from "~/webhooks/emit.server";
import { type Answer, type Answers, getQuestionMap } from "~/questionnaire/model";
import { storeCurrentScore } from "~/assessments/scores.server";

import { type ReviewDecision, type ReviewStatus } from "./labels";
import { isReviewable } from "~/assessments/status";
import { sameAnswer } from "~/assessments/answer-form";
import { describeAnswer } from "~/assessments/answer-words";
import {
  saveAnswer,
  type SaveInput,
  type SaveResult,
  type VendorContext,
} from "~/assessments/respond.server";
import { type Questionnaire } from "~/questionnaire/definition";

export { DECISION_LABELS, REVIEW_STATUS_LABELS } from "./labels";
export type { ReviewDecision, ReviewStatus };

const actorOf = (user: SessionUser) => ({ id: user.id, email: user.email });

type Tx = Db;

async function lockAssessment(tx: Tx, assessmentId: string) {
  const [row] = await tx
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId))
    .for("update");
  return row;
}

/** submitted → in review on the first review action, with the reviewer recorded. */
async function ensureInReview(
  tx: Tx,
  user: SessionUser,
  assessment: typeof schema.assessments.$inferSelect,
  now: Date,
) {
  if (assessment.status !== "submitted") return;
  await tx
    .update(schema.assessments)
    .set({ status: "in_review", reviewerId: assessment.reviewerId ?? user.id, updatedAt: now })
    .where(eq(schema.assessments.id, assessment.id));
  await recordAudit(tx, {
    actor: actorOf(user),
    action: "assessment.in_review",
    target: { type: "assessment", id: assessment.id },
    before: { status: "submitted" },
    after: { status: "in_review", reviewer: user.email },
  });
}

async function reviewable(
  tx: Tx,
  assessmentId: string,
  questionId?: string,
): Promise<{ ok: true; assessment: typeof schema.assessments.$inferSelect } | Failure> {
  const assessment = await lockAssessment(tx, assessmentId);
  if (!assessment) return fail(404, "There is no such assessment");
  if (!isReviewable(assessment.status))
    return fail(
      409,
      assessment.status === "closed"
        ? "This review is closed"
        : "Only a submitted assessment can be reviewed",
    );
  if (questionId !== undefined) {
    const questionnaire = await getPinnedQuestionnaire(tx, assessment.questionnaireVersionId);
    if (!getQuestionMap(questionnaire).has(questionId))
      return fail(404, "This question is not part of the assessment");
  }
  return { ok: true, assessment };
}

export async function startReview(
  db: Db,
  user: SessionUser,
  assessmentId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const found = await reviewable(tx, assessmentId);
    if (!found.ok) return found;
    await ensureInReview(tx, user, found.assessment, now);
    return { ok: true as const };
  });
}

async function setReview(
  tx: Tx,
  assessmentId: string,
  questionId: string,
  status: ReviewStatus,
  userId: string | null,
  now: Date,
) {
  await tx
    .insert(schema.answerReviews)
    .values({ assessmentId, questionId, status, updatedById: userId, updatedAt: now })
    .onConflictDoUpdate({
      target: [schema.answerReviews.assessmentId, schema.answerReviews.questionId],
      set: { status, updatedById: userId, updatedAt: now },
    });
}

async function reviewOf(tx: Tx, assessmentId: string, questionId: string) {
  const [row] = await tx
    .select()
    .from(schema.answerReviews)
    .where(
      and(
        eq(schema.answerReviews.assessmentId, assessmentId),
        eq(schema.answerReviews.questionId, questionId),
      ),
    );
  return row;
}

export async function acceptAnswer(
  db: Db,
  user: SessionUser,
  assessmentId: string,
  questionId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const found = await reviewable(tx, assessmentId, questionId);
    if (!found.ok) return found;
    const current = await reviewOf(tx, assessmentId, questionId);
    if (current?.status === "clarification_requested")
      return fail(409, "The vendor has not answered the clarification request yet");
    await ensureInReview(tx, user, found.assessment, now);
    await setReview(tx, assessmentId, questionId, "accepted", user.id, now);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "review.answer_accepted",
      target: { type: "assessment", id: assessmentId },
      before: { status: current?.status ?? "unreviewed" },
      detail: { questionId },
    });
    return { ok: true as const };
  });
}

export async function requestClarification(
  db: Db,
  user: SessionUser,
  assessmentId: string,
  questionId: string,
  question: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const body = question.trim();
  if (!body) return fail(400, "Write the question you want the vendor to answer", "question");
  if (body.length > 5_000) return fail(400, "Keep the question under 5,000 characters", "question");
  const result = await db.transaction(async (tx) => {
    const found = await reviewable(tx, assessmentId, questionId);
    if (!found.ok) return found;
    await ensureInReview(tx, user, found.assessment, now);
    await setReview(tx, assessmentId, questionId, "clarification_requested", user.id, now);
    await tx.insert(schema.reviewMessages).values({
      assessmentId,
      questionId,
      kind: "question",
      body,
      authorUserId: user.id,
      createdAt: now,
    });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "review.clarification_requested",
      target: { type: "assessment", id: assessmentId },
      detail: { questionId, question: body },
    });
    await mailVendorLinks(tx, assessmentId, "clarification", now);
    return { ok: true as const };
  });
  return result;
}

export async function addStaffNote(
  db: Db,
  user: SessionUser,
  assessmentId: string,
  questionId: string,
  note: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const body = note.trim();
  if (!body) return fail(400, "Write the note first", "note");
  if (body.length > 10_000) return fail(400, "Keep notes under 10,000 characters", "note");
  return db.transaction(async (tx) => {
    const [assessment] = await tx
      .select({ questionnaireVersionId: schema.assessments.questionnaireVersionId })
      .from(schema.assessments)
      .where(eq(schema.assessments.id, assessmentId));
    if (!assessment) return fail(404, "There is no such assessment");
    const questionnaire = await getPinnedQuestionnaire(tx, assessment.questionnaireVersionId);
    if (!getQuestionMap(questionnaire).has(questionId))
      return fail(404, "This question is not part of the assessment");
    await tx.insert(schema.reviewMessages).values({
      assessmentId,
      questionId,
      kind: "staff_note",
      body,
      authorUserId: user.id,
      createdAt: now,
    });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "review.note_added",
      target: { type: "assessment", id: assessmentId },
      detail: { questionId },
    });
    return { ok: true as const };
  });
}

/**
 * The vendor's reply to a clarification request when the answer stands (or was saved
 * already): sends it back for review with a message. `answerClarification` does the same
 * with a changed answer, in the same transaction as the save.
 */
export async function replyToClarification(
  db: Db,
  vendor: { assessmentId: string; recipientId: string; recipientName: string },
  questionId: string,
  reply: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const body = reply.trim();
  if (body.length > 5_000) return fail(400, "Keep the reply under 5,000 characters", "reply");
  const result = await db.transaction(async (tx) => {
    const open = await lockOpenClarification(tx, vendor.assessmentId, questionId);
    if (!open.ok) return open;
    return recordReply(tx, vendor, questionId, body, open.reviewerId, now);
  });
  if (!result.ok) return result;
  return { ok: true };
}

export const CLARIFICATION_NOT_OPEN =
  "No clarification is requested on this answer any more: it may have been sent back already.";

/** A refused clarification answer; on a conflict, the answer a colleague saved meanwhile. */
export type ClarificationFailure = Failure & {
  current?: Extract<SaveResult, { kind: "conflict" }>["current"];
};

/**
 * The vendor answers a clarification request: the answer (changed, or left as it stands with
 * a reason) and the reply go back for review together. The request is checked, the answer
 * saved against the revision the vendor saw, the reply recorded and the assessment rescored in
 * ONE transaction holding the assessment's lock, which every review change takes too: a
 * reviewer or colleague acting meanwhile cannot leave the answer saved and the reply refused
 * (docs/decisions/162-route-actions-call-area-functions.md). Failures name the field they
 * belong to: "answer", "reply" or none (the whole form).
 */
export async function answerClarification(
  db: Db,
  vendor: Pick<VendorContext, "assessmentId" | "recipientId" | "recipientName">,
  questionnaire: Questionnaire,
  input: SaveInput & { reply: string },
  now: Date = new Date(),
): Promise<{ ok: true } | ClarificationFailure> {
  const question = getQuestionMap(questionnaire).get(input.questionId)?.question;
  if (!question) return fail(409, CLARIFICATION_NOT_OPEN);
  const body = input.reply.trim();
  if (body.length > 5_000) return fail(400, "Keep the reply under 5,000 characters", "reply");
  const result = await db.transaction(async (tx): Promise<ReplyResult | ClarificationFailure> => {
    const open = await lockOpenClarification(tx, vendor.assessmentId, question.id);
    if (!open.ok) return open;
    const [stored] = await tx
      .select({ answer: schema.answers.answer, comment: schema.answers.comment })
      .from(schema.answers)
      .where(
        and(
          eq(schema.answers.assessmentId, vendor.assessmentId),
          eq(schema.answers.questionId, question.id),
        ),
      );
    const changed =
      !sameAnswer(input.answer, stored?.answer as Answer | null | undefined) ||
      input.comment !== (stored?.comment ?? "");
    if (!changed && body === "")
      return fail(
        400,
        "Change your answer, or write a reply to the reviewer saying why it stands",
        "reply",
      );
    if (changed) {
      if (!input.answer && question.required)
        return fail(
          400,
          `${question.text}: answer the question${question.allowNA ? ", or say why it does not apply" : ""}`,
          "answer",
        );
      const saved = await saveAnswer(tx, vendor, questionnaire, input, now);
      if (!saved.ok) {
        if (saved.kind === "conflict")
          return {
            ...fail(
              409,
              `${saved.current.updatedBy ?? "A colleague"} changed this answer while you were editing it. Their answer: ${describeAnswer(question, saved.current.answer)}. Yours is kept below: send it again to replace theirs.`,
              "answer",
            ),
            current: saved.current,
          };
        return fail(
          saved.kind === "closed" ? 409 : 400,
          `${question.text}: ${saved.message}`,
          "answer",
        );
      }
    }
    return recordReply(tx, vendor, question.id, body, open.reviewerId, now);
  });
  if (!result.ok) return result;
  return { ok: true };
}

/** Locks the assessment and checks that a clarification is still requested on the answer. */
async function lockOpenClarification(
  tx: Tx,
  assessmentId: string,
  questionId: string,
): Promise<{ ok: true; reviewerId: string | null } | Failure> {
  const assessment = await lockAssessment(tx, assessmentId);
  if (!assessment) return fail(404, "There is no such assessment");
  const current = await reviewOf(tx, assessmentId, questionId);
  if (current?.status !== "clarification_requested") return fail(409, CLARIFICATION_NOT_OPEN);
  return { ok: true, reviewerId: assessment.reviewerId };
}

type ReplyResult = { ok: true; reviewerId: string | null };

/** The reply, the review status, the audit entry, the rescore and any new findings. */
async function recordReply(
  tx: Tx,
  vendor: { assessmentId: string; recipientId: string; recipientName: string },
  questionId: string,
  body: string,
  reviewerId: string | null,
  now: Date,
): Promise<ReplyResult> {
  await setReview(tx, vendor.assessmentId, questionId, "clarified", null, now);
  await tx.insert(schema.reviewMessages).values({
    assessmentId: vendor.assessmentId,
    questionId,
    kind: "reply",
    body: body || "(Answer updated without a message.)",
    authorRecipientId: vendor.recipientId,
    createdAt: now,
  });
  await recordAudit(tx, {
    actor: { anonymous: `vendor: ${vendor.recipientName}` },
    action: "review.clarification_answered",
    target: { type: "assessment", id: vendor.assessmentId },
    detail: { questionId, recipientId: vendor.recipientId },
  });
  const findings = await tx
    .select({ questionId: schema.findings.questionId, status: schema.findings.status })
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, vendor.assessmentId));
  const rescored = await storeCurrentScore(tx, vendor.assessmentId, {
    verifiedQuestionIds: verifiedQuestions(findings),
    now,
    actor: { anonymous: `vendor: ${vendor.recipientName}` },
  });
  await openEngineFindings(tx, vendor.assessmentId, rescored, now);
  await mailReviewer(tx, vendor.assessmentId, reviewerId, vendor.recipientName);
  return { ok: true, reviewerId };
}

async function mailReviewer(db: Db, assessmentId: string, reviewerId: string | null, who: string) {
  if (!reviewerId) return;
  const [reviewer] = await db.select().from(schema.users).where(eq(schema.users.id, reviewerId));
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!reviewer || reviewer.status !== "active" || !summary) return;
  const link = `${getEnv().APP_URL}/assessments/${assessmentId}/review`;
  const paragraphs = [
    `Hello ${reviewer.name},`,
    `${who} at ${summary.vendorName} answered your clarification request on “${summary.questionnaireTitle}”. The answer is back for your review.`,
  ];
  await queueMail(db, {
    to: reviewer.email,
    assessmentId,
    kind: "review_clarified",
    subject: `Clarification answered: ${summary.vendorName}`,
    text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
    html: simpleHtml(paragraphs, { label: "Open the review", href: link }),
  });
}

export async function closeReview(
  db: Db,
  user: SessionUser,
  assessmentId: string,
  input: { decision: ReviewDecision; note: string },
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const found = await reviewable(tx, assessmentId);
    if (!found.ok) return found;
    const pending = await tx
      .select({ questionId: schema.answerReviews.questionId })
      .from(schema.answerReviews)
      .where(
        and(
          eq(schema.answerReviews.assessmentId, assessmentId),
          eq(schema.answerReviews.status, "clarification_requested"),
        ),
      );
    if (pending.length > 0)
      return fail(
        409,
        `${pending.length === 1 ? "One clarification request is" : `${pending.length} clarification requests are`} still waiting for the vendor. Wait for the answer, or accept the answer as it stands, before closing the review.`,
      );
    if (input.decision !== "approved" && !input.note.trim())
      return fail(400, "Explain the conditions or the reasons in the note", "note");
    await tx
      .update(schema.assessments)
      .set({
        status: "closed",
        reviewDecision: input.decision,
        reviewNote: input.note.trim(),
        reviewedById: user.id,
        reviewedAt: now,
        updatedAt: now,
      })
      .where(eq(schema.assessments.id, assessmentId));
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "assessment.review_closed",
      target: { type: "assessment", id: assessmentId },
      before: { status: found.assessment.status },
      after: { status: "closed", decision: input.decision, note: input.note.trim() },
    });
    await emitAssessmentEvent(tx, "assessment.closed", assessmentId, {}, now);
    return { ok: true as const };
  });
}

/** Everything the staff review page shows, by question. */
export async function getReview(db: Db, assessmentId: string) {
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!summary) return null;
  const questionnaire = await getPinnedQuestionnaire(db, summary.questionnaireVersionId);
  const rows = await loadAnswers(db, assessmentId);
  const answers: Answers = Object.fromEntries(
    rows.map((r) => [r.questionId, (r.answer as Answer | null) ?? undefined]),
  );
  const comments = Object.fromEntries(rows.map((r) => [r.questionId, r.comment]));
  const reviews = await db
    .select()
    .from(schema.answerReviews)
    .where(eq(schema.answerReviews.assessmentId, assessmentId));
  const messages = await db
    .select({
      message: schema.reviewMessages,
      userName: schema.users.name,
      recipientName: schema.assessmentRecipients.name,
    })
    .from(schema.reviewMessages)
    .leftJoin(schema.users, eq(schema.users.id, schema.reviewMessages.authorUserId))
    .leftJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.reviewMessages.authorRecipientId),
    )
    .where(eq(schema.reviewMessages.assessmentId, assessmentId))
    .orderBy(asc(schema.reviewMessages.createdAt));
  const [assessment] = await db
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId));
  return {
    summary,
    assessment: assessment!,
    questionnaire,
    answers,
    comments,
    reviews: Object.fromEntries(reviews.map((r) => [r.questionId, r.status])) as Record<
      string,
      ReviewStatus
    >,
    messages: messages.map((m) => ({
      ...m.message,
      author: m.userName ?? m.recipientName ?? "A former user",
    })),
  };
}

/** What the vendor sees: the clarification requests and replies, never staff notes. */
export async function getVendorClarifications(db: Db, assessmentId: string) {
  const reviews = await db
    .select()
    .from(schema.answerReviews)
    .where(
      and(
        eq(schema.answerReviews.assessmentId, assessmentId),
        inArray(schema.answerReviews.status, ["clarification_requested", "clarified"]),
      ),
    );
  if (reviews.length === 0) return [];
  const messages = await db
    .select({
      message: schema.reviewMessages,
      recipientName: schema.assessmentRecipients.name,
    })
    .from(schema.reviewMessages)
    .leftJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.reviewMessages.authorRecipientId),
    )
    .where(
      and(
        eq(schema.reviewMessages.assessmentId, assessmentId),
        inArray(schema.reviewMessages.kind, ["question", "reply"]),
      ),
    )
    .orderBy(asc(schema.reviewMessages.createdAt));
  return reviews.map((r) => ({
    questionId: r.questionId,
    open: r.status === "clarification_requested",
    thread: messages
      .filter((m) => m.message.questionId === r.questionId)
      .map((m) => ({
        id: m.message.id,
        kind: m.message.kind as "question" | "reply",
        body: m.message.body,
        // Staff are shown by organisation, not by name, to the vendor.
        author: m.message.kind === "reply" ? (m.recipientName ?? "You") : "Reviewer",
        createdAt: m.message.createdAt,
      })),
  }));
}
