// Reviewing a submitted assessment, answer by answer: accept, ask the vendor for a
// clarification (reopens just that answer), staff-only notes, manual findings; then close the
// review with a decision. Everyone on staff can read it; acting needs canReview (settings).
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { describeAnswer } from "~/assessments/answer-form";
import { canReview } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { StatusTag } from "~/components/status-tag";
import { getDb } from "~/db.server";
import { createManualFinding, listAssessmentFindings } from "~/findings/findings.server";
import { ReviewActionSchema } from "~/findings/schemas";
import { FINDING_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS } from "~/findings/status";
import { parseForm } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { getQuestionMap } from "~/questionnaire/model";
import {
  acceptAnswer,
  addStaffNote,
  closeReview,
  getReview,
  requestClarification,
  startReview,
} from "~/review/review.server";
import { DECISION_LABELS, REVIEW_STATUS_LABELS } from "~/review/labels";
import { getSettings } from "~/settings/settings.server";
import { isSubmitted } from "~/assessments/status";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Review: ${data.summary.vendorName} — Assay` : "Review — Assay",
  },
];

function assessmentIdOf(params: unknown): string {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such assessment.", { status: 404 });
  return parsed.data.assessmentId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const db = await getDb();
  const review = await getReview(db, assessmentIdOf(params));
  if (!review) throw data("There is no such assessment.", { status: 404 });
  if (!isSubmitted(review.assessment.status))
    throw data("This assessment has not been submitted yet, so there is nothing to review.", {
      status: 409,
    });
  const findings = await listAssessmentFindings(db, review.summary.id);
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

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const db = await getDb();
  if (!canReview(user, await getSettings(db)))
    throw data(
      "Only risk officers (or procurement, where an admin allows it) review assessments.",
      {
        status: 403,
      },
    );
  const id = assessmentIdOf(params);
  const form = await request.formData();
  const parsed = parseForm(ReviewActionSchema, form);
  const questionId = String(form.get("questionId") ?? "");
  if (!parsed.success) return data({ errors: parsed.errors, questionId }, { status: 400 });
  const input = parsed.data;
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
  if (!result.ok)
    return data(
      { errors: { [result.field ?? "form"]: result.message }, questionId },
      { status: result.status },
    );
  const messages = {
    start: "Review started.",
    accept: "Answer accepted.",
    clarify: "Clarification requested. The vendor was emailed; only that answer is open to them.",
    note: "Staff note added. The vendor never sees it.",
    finding: "Finding added.",
    close: "Review closed.",
  };
  const anchor = "questionId" in input ? `#q-${encodeURIComponent(input.questionId)}` : "";
  throw await redirectWithToast(`/assessments/${id}/review${anchor}`, {
    message: messages[input.intent],
  });
}

export default function ReviewPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const errorsFor = (questionId: string) => (actionData?.questionId === questionId ? errors : {});
  const open = page.mayReview && page.assessment.status !== "closed";
  return (
    <div className="panel">
      <p>
        <Link to={`/assessments/${page.summary.id}`}>Assessment</Link> ·{" "}
        <Link to={`/assessments/${page.summary.id}/result`}>Score and explanation</Link> ·{" "}
        <Link to={`/findings?assessment=${page.summary.id}`}>Findings</Link>
      </p>
      <h1>
        Review: {page.summary.vendorName}, {page.summary.questionnaireTitle}
      </h1>
      <p>
        <StatusTag status={page.assessment.status} /> {page.counts.accepted} accepted ·{" "}
        {page.counts.clarification_requested} waiting for the vendor · {page.counts.clarified}{" "}
        clarified · {page.counts.unreviewed} not reviewed
      </p>
      <ErrorSummary errors={actionData?.questionId ? {} : errors} />
      {page.assessment.status === "closed" ? (
        <div className="notice">
          <p>
            Review closed <DateTime value={page.assessment.reviewedAt} />:{" "}
            <strong>
              {page.assessment.reviewDecision
                ? DECISION_LABELS[page.assessment.reviewDecision]
                : "no decision"}
            </strong>
            {page.assessment.reviewNote ? `. ${page.assessment.reviewNote}` : ""}
          </p>
        </div>
      ) : null}
      {!page.mayReview ? (
        <p className="notice">
          You can read this review. Risk officers (and procurement, where an admin allows it) review
          assessments.
        </p>
      ) : null}
      {open && page.assessment.status === "submitted" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" disabled={busy}>
            Start the review
          </button>
        </Form>
      ) : null}
      {page.sections.map((section) => (
        <section key={section.id} aria-labelledby={`s-${section.id}`}>
          <h2 id={`s-${section.id}`}>{section.title}</h2>
          {section.questions.map((q) => {
            const qErrors = errorsFor(q.id);
            return (
              <article
                key={q.id}
                id={`q-${q.id}`}
                className="review-item"
                aria-labelledby={`qt-${q.id}`}
              >
                <h3 id={`qt-${q.id}`}>{q.text}</h3>
                <p>
                  <span className={`tag review-${q.status}`}>{REVIEW_STATUS_LABELS[q.status]}</span>
                </p>
                <dl className="summary-list">
                  <div>
                    <dt>Answer</dt>
                    <dd>{q.answer || "Not answered"}</dd>
                  </div>
                  {q.comment ? (
                    <div>
                      <dt>Vendor&rsquo;s comment</dt>
                      <dd className="prose">{q.comment}</dd>
                    </div>
                  ) : null}
                  {q.findings.length > 0 ? (
                    <div>
                      <dt>Findings</dt>
                      <dd>
                        <ul>
                          {q.findings.map((f) => (
                            <li key={f.id}>
                              <Link to={`/findings/${f.id}`}>{f.title}</Link> —{" "}
                              {SEVERITY_LABELS[f.severity]},{" "}
                              {FINDING_STATUS_LABELS[f.status].toLowerCase()}
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  ) : null}
                </dl>
                {q.messages.length > 0 ? (
                  <ol className="thread" aria-label="Clarifications and notes">
                    {q.messages.map((m) => (
                      <li
                        key={m.id}
                        className={m.kind === "staff_note" ? "thread-internal" : undefined}
                      >
                        <p className="thread-meta">
                          <strong>{m.author}</strong> · <DateTime value={m.createdAt} /> ·{" "}
                          {m.kind === "question"
                            ? "Clarification request"
                            : m.kind === "reply"
                              ? "Vendor's reply"
                              : "Staff-only note"}
                        </p>
                        <p className="prose">{m.body}</p>
                      </li>
                    ))}
                  </ol>
                ) : null}
                {open ? (
                  <details open={actionData?.questionId === q.id}>
                    <summary>
                      Review this answer<span className="visually-hidden">: {q.text}</span>
                    </summary>
                    <ErrorSummary errors={qErrors} />
                    {q.status !== "clarification_requested" && q.status !== "accepted" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="accept" />
                        <input type="hidden" name="questionId" value={q.id} />
                        <button type="submit" disabled={busy}>
                          Accept answer<span className="visually-hidden">: {q.text}</span>
                        </button>
                      </Form>
                    ) : null}
                    <Form method="post" className="stacked-form">
                      <input type="hidden" name="intent" value="clarify" />
                      <input type="hidden" name="questionId" value={q.id} />
                      <TextAreaField
                        label="Ask the vendor"
                        name="question"
                        id={`clarify-${q.id}`}
                        hint="Reopens only this answer for the vendor, who is emailed."
                        error={qErrors.question}
                      />
                      <button type="submit" className="button--secondary" disabled={busy}>
                        Request clarification
                      </button>
                    </Form>
                    <Form method="post" className="stacked-form">
                      <input type="hidden" name="intent" value="note" />
                      <input type="hidden" name="questionId" value={q.id} />
                      <TextAreaField
                        label="Staff-only note"
                        name="note"
                        id={`note-${q.id}`}
                        hint="Never shown to the vendor."
                        error={qErrors.note}
                      />
                      <button type="submit" className="button--secondary" disabled={busy}>
                        Add note
                      </button>
                    </Form>
                    <Form method="post" className="stacked-form">
                      <input type="hidden" name="intent" value="finding" />
                      <input type="hidden" name="questionId" value={q.id} />
                      <fieldset>
                        <legend>Add a finding on this answer</legend>
                        <SelectField
                          label="Severity"
                          name="severity"
                          id={`severity-${q.id}`}
                          defaultValue="medium"
                          error={qErrors.severity}
                          options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
                        />
                        <TextField
                          label="Title"
                          name="title"
                          id={`title-${q.id}`}
                          error={qErrors.title}
                        />
                        <TextAreaField
                          label="Remediation guidance"
                          name="guidance"
                          id={`guidance-${q.id}`}
                          optional
                          error={qErrors.guidance}
                        />
                      </fieldset>
                      <button type="submit" className="button--secondary" disabled={busy}>
                        Add finding
                      </button>
                    </Form>
                  </details>
                ) : null}
              </article>
            );
          })}
        </section>
      ))}
      {open && page.assessment.status === "in_review" ? (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">Close the review</h2>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="close" />
            <fieldset className={errors.decision ? "field--error" : undefined}>
              <legend>Decision</legend>
              {errors.decision ? (
                <p className="field-error" id="decision">
                  {errors.decision}
                </p>
              ) : null}
              {(["approved", "approved_with_conditions", "rejected"] as const).map((d) => (
                <label key={d}>
                  <input type="radio" name="decision" value={d} /> {DECISION_LABELS[d]}
                </label>
              ))}
            </fieldset>
            <TextAreaField
              label="Note"
              name="note"
              id="close-note"
              hint="Required for conditions or a rejection: say what they are."
              error={errors.note}
            />
            <button type="submit" disabled={busy}>
              Close the review
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
