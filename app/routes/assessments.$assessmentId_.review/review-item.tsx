// One answer under review: the answer, the vendor's comment, its findings, the thread of
// clarifications and staff notes, and (while the review is open) the reviewer's forms.
import { Form, Link } from "@remix-run/react";
import { DateTime } from "~/components/date-time";
import { EvidenceFiles } from "~/components/evidence-files";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { FINDING_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS } from "~/findings/status";
import { REVIEW_STATUS_LABELS } from "~/review/labels";
import { type ReviewQuestion } from "~/review/review-page.server";
import { ClearingForm } from "~/components/clearing-form";

/** A form of one text field that posts an intent about one question (ask the vendor, a note). */
function OneTextForm({
  intent,
  questionId,
  field,
  label,
  hint,
  error,
  button,
  busy,
}: {
  intent: string;
  questionId: string;
  field: string;
  label: string;
  hint: string;
  error: string | undefined;
  button: string;
  busy: boolean;
}) {
  return (
    <ClearingForm method="post" className="stacked-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="questionId" value={questionId} />
      <TextAreaField
        label={label}
        name={field}
        id={`${intent}-${questionId}`}
        hint={hint}
        error={error}
      />
      <button type="submit" className="button--secondary" disabled={busy}>
        {button}
      </button>
    </ClearingForm>
  );
}

export function ReviewItem({
  q,
  qErrors,
  open,
  expanded,
  busy,
}: {
  q: ReviewQuestion;
  qErrors: Record<string, string | undefined>;
  open: boolean;
  /** The reviewer's forms start open (the last post was about this answer). */
  expanded: boolean;
  busy: boolean;
}) {
  return (
    <article key={q.id} id={`q-${q.id}`} className="review-item" aria-labelledby={`qt-${q.id}`}>
      <h3 id={`qt-${q.id}`}>{q.text}</h3>
      <p>
        <span className={`tag review-${q.status}`}>{REVIEW_STATUS_LABELS[q.status]}</span>
      </p>
      <dl className="summary-list">
        <div>
          <dt>Answer</dt>
          <dd>
            {q.answer || "Not answered"}
            <EvidenceFiles files={q.files} label={`Evidence files for: ${q.text}`} />
          </dd>
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
                    <Link to={`/findings/${f.id}`}>{f.title}</Link> — {SEVERITY_LABELS[f.severity]},{" "}
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
            <li key={m.id} className={m.kind === "staff_note" ? "thread-internal" : undefined}>
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
        <details open={expanded}>
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
          <OneTextForm
            intent="clarify"
            questionId={q.id}
            field="question"
            label="Ask the vendor"
            hint="Reopens only this answer for the vendor, who is emailed."
            error={qErrors.question}
            button="Request clarification"
            busy={busy}
          />
          <OneTextForm
            intent="note"
            questionId={q.id}
            field="note"
            label="Staff-only note"
            hint="Never shown to the vendor."
            error={qErrors.note}
            button="Add note"
            busy={busy}
          />
          <ClearingForm method="post" className="stacked-form">
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
              <TextField label="Title" name="title" id={`title-${q.id}`} error={qErrors.title} />
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
          </ClearingForm>
        </details>
      ) : null}
    </article>
  );
}
