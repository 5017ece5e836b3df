// Cancelling is a confirmation step with a reason, and a cancelled assessment shows how long it
// can be reopened (docs/decisions/205-cancel-and-reopen.md). Plain forms and links: they work
// before JavaScript loads.
import { Form, Link } from "@remix-run/react";
import { DateTime } from "~/components/date-time";
import { TextAreaField } from "~/components/form";

export function CancelConfirmation({
  assessmentPath,
  recipientCount,
  error,
}: {
  assessmentPath: string;
  recipientCount: number;
  error?: string;
}) {
  return (
    <section className="panel panel--warning" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel this assessment?</h2>
      <p>
        The vendor&apos;s links stop working at once and whoever is answering is signed out.
        {recipientCount > 0
          ? ` The ${recipientCount === 1 ? "recipient is" : `${recipientCount} recipients are`} told by mail, with your reason.`
          : ""}{" "}
        You can reopen it within 30 days; the answers so far are kept.
      </p>
      <Form method="post" action={assessmentPath} noValidate>
        <input type="hidden" name="intent" value="cancel" />
        <TextAreaField
          label="Reason for cancelling"
          hint="Sent to the recipients and kept in the activity log."
          name="reason"
          rows={3}
          required
          error={error}
        />
        <div className="actions">
          <button type="submit" className="button--danger">
            Yes, cancel the assessment
          </button>
          <Link to={assessmentPath} className="button button--secondary">
            Keep the assessment
          </Link>
        </div>
      </Form>
    </section>
  );
}

export function CancelledNotice({
  reason,
  cancelledAt,
  reopenUntil,
  canManage,
}: {
  reason: string;
  cancelledAt: string | Date | null;
  reopenUntil: string | Date | null;
  canManage: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="cancelled-title">
      <h2 id="cancelled-title">Cancelled</h2>
      <p>
        Cancelled <DateTime value={cancelledAt} />
        {reason ? <>. Reason: {reason}</> : null}
      </p>
      {reopenUntil ? (
        <>
          <p>
            It can be reopened until <DateTime value={reopenUntil} />: it returns to where it was,
            and the recipients&apos; links work again.
          </p>
          {canManage ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reopen" />
              <button type="submit">Reopen assessment</button>
            </Form>
          ) : null}
        </>
      ) : (
        <p>It can no longer be reopened: start a new assessment instead.</p>
      )}
    </section>
  );
}
