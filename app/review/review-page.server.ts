// The review page of a submitted assessment (/assessments/:assessmentId/review): what it shows,
// answer by answer, and what its forms do. The route guards, parses and renders.
import { data } from "@remix-run/node";
import { z } from "zod";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { evidenceByQuestion } from "~/assessments/evidence-view";
import { describeAnswer } from "~/assessments/answer-words";
import { isSubmitted } from "~/assessments/status";
import { canReview } from "~/auth/permissions";
import { type SessionUser } from "~/auth/session.server";
import { type Db } from "~/db.server";
import { createManualFinding, listAssessmentFindings } from "~/findings/findings.server";
import { type ReviewActionSchema } from "~/findings/schemas";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { getQuestionMap } from "~/questionnaire/model";
import { getSettings } from "~/settings/settings.server";
import {
  acceptAnswer,
  addStaffNote,
  closeReview,
  getReview,
  requestClarification,
  startReview,
} from "./review.server";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

/** The assessment id in the URL; a malformed one is a 404. */
export function reviewAssessmentIdOf(params: unknown): string {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such assessment.", { status: 404 });
  return parsed.data.assessmentId;
}

/** The review, question by question, with counts; 404 unknown, 409 not submitted yet. */
export async function getReviewPage(db: Db, user: SessionUser, assessmentId: string) {
  const review = await getReview(db, assessmentId);
  if (!review) throw data("There is no such assessment.", { status: 404 });
  if (!isSubmitted(review.assessment.status))
    throw data("This assessment has not been submitted yet, so there is nothing to review.", {
      status: 409,
    });
  const [findings, evidence] = await Promise.all([
    listAssessmentFindings(db, review.summary.id),
    listEvidenceItems(db, [review.summary.id], "staff"),
  ]);
  const files = evidenceByQuestion(evidence);
  const visible = visibleQuestionIds(review.questionnaire, review.answers);
  const sections = review.questionnaire.sections.map((section) => ({
    id: section.id,
    title: section.title,
    questions: section.questions
      .filter((q) => visible.has(q.id))
      .map((q) => ({
        id: q.id,
        text: q.text,
        answer: describeAnswer(q, review.answers[q.id]),
        comment: review.comments[q.id] ?? "",
        files: files[q.id] ?? [],
        status: review.reviews[q.id] ?? ("unreviewed" as const),
        messages: review.messages.filter((m) => m.questionId === q.id),
        findings: findings
          .filter((f) => f.questionId === q.id)
          .map((f) => ({ id: f.id, title: f.title, severity: f.severity, status: f.status })),
      })),
  }));
  const counts = { unreviewed: 0, accepted: 0, clarification_requested: 0, clarified: 0 };
  for (const s of sections) for (const q of s.questions) counts[q.status]++;
  return {
    summary: review.summary,
    assessment: {
      status: review.assessment.status,
      reviewDecision: review.assessment.reviewDecision,
      reviewNote: review.assessment.reviewNote,
      reviewedAt: review.assessment.reviewedAt,
    },
    sections,
    counts,
    mayReview: canReview(user, await getSettings(db)),
  };
}

export type ReviewPage = Awaited<ReturnType<typeof getReviewPage>>;
export type ReviewQuestion = ReviewPage["sections"][number]["questions"][number];

/** Whether this user may act on reviews (canReview and the settings); 403 otherwise. */
export async function requireReviewer(db: Db, user: SessionUser): Promise<void> {
  if (!canReview(user, await getSettings(db)))
    throw data(
      "Only risk officers (or procurement, where an admin allows it) review assessments.",
      {
        status: 403,
      },
    );
}

const DONE = {
  start: "Review started.",
  accept: "Answer accepted.",
  clarify: "Clarification requested. The vendor was emailed; only that answer is open to them.",
  note: "Staff note added. The vendor never sees it.",
  finding: "Finding added.",
  close: "Review closed.",
};

/** Runs one of the review page's forms; says what to tell the reviewer when it worked. */
export async function runReviewAction(
  db: Db,
  user: SessionUser,
  id: string,
  input: z.infer<typeof ReviewActionSchema>,
) {
  let result;
  if (input.intent === "start") result = await startReview(db, user, id);
  else if (input.intent === "accept") result = await acceptAnswer(db, user, id, input.questionId);
  else if (input.intent === "clarify")
    result = await requestClarification(db, user, id, input.questionId, input.question);
  else if (input.intent === "note")
    result = await addStaffNote(db, user, id, input.questionId, input.note);
  else if (input.intent === "close") result = await closeReview(db, user, id, input);
  else {
    const review = await getReview(db, id);
    const entry = review && getQuestionMap(review.questionnaire).get(input.questionId);
    if (!entry) throw data("This question is not part of the assessment.", { status: 404 });
    result = await createManualFinding(db, user, id, input, {
      sectionId: entry.section.id,
      references: entry.question.references ?? [],
    });
  }
  if (!result.ok) return result;
  return { ok: true as const, message: DONE[input.intent] };
}
