// The recipients of an assessment: each link's state and mail, resend and revoke, retrying a
// failed mail, and changing the due date.
import { Form } from "@remix-run/react";
import { type AssessmentPage } from "~/assessments/assessment-page.server";
import { canExtendDueDate, isOpenForAnswers } from "~/assessments/status";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { TextField } from "~/components/form";
import { MailStatus } from "~/components/mail-status";
import { ScrollRegion } from "~/components/scroll-region";

export function RecipientsPanel({
  page,
  errors,
}: {
  page: AssessmentPage;
  errors: Record<string, string | undefined>;
}) {
  const { summary, recipients, canManage, canRetryMail } = page;
  const open = isOpenForAnswers(summary.status);
  return (
    <section className="panel" aria-labelledby="recipients-title">
      <h2 id="recipients-title">Recipients</h2>
      <ExportLinks what="recipients" path={`/tables/assessment-recipients/${summary.id}`} />
      <ScrollRegion label="Recipients">
        <table>
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">Link</th>
              <th scope="col">Opened</th>
              {canManage && open ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {recipients.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  <br />
                  <span className="hint">{r.email}</span>
                  {r.invitedByRecipientId ? (
                    <span className="hint"> (invited by {r.invitedBy ?? "a colleague"})</span>
                  ) : null}
                </th>
                <td>
                  {r.revokedAt ? (
                    "Revoked"
                  ) : r.lastSentAt ? (
                    <>
                      Expires <DateTime value={r.expiresAt} />
                      {r.mail ? (
                        <>
                          <br />
                          <MailStatus mail={r.mail} />
                        </>
                      ) : null}
                      {r.oldLinkWorks ? (
                        <>
                          <br />
                          <span className="hint">
                            The previous link keeps working until this mail has left.
                          </span>
                        </>
                      ) : null}
                      {canRetryMail && r.mail?.status === "failed" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry-mail" />
                          <input type="hidden" name="mailId" value={r.mail.id} />
                          <button type="submit" className="button--secondary">
                            Retry the mail<span className="visually-hidden"> to {r.name}</span>
                          </button>
                        </Form>
                      ) : null}
                    </>
                  ) : (
                    "Not sent yet"
                  )}
                </td>
                <td>{r.lastOpenedAt ? <DateTime value={r.lastOpenedAt} /> : "Not opened"}</td>
                {canManage && open ? (
                  <td className="actions">
                    <Form method="post">
                      <input type="hidden" name="intent" value="resend" />
                      <input type="hidden" name="recipientId" value={r.id} />
                      <button type="submit" className="button--secondary">
                        Resend link<span className="visually-hidden"> to {r.name}</span>
                      </button>
                    </Form>
                    {r.revokedAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="recipientId" value={r.id} />
                        <button type="submit" className="button--secondary">
                          Revoke link<span className="visually-hidden"> of {r.name}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {canManage && canExtendDueDate(summary.status) ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="extend" />
          <TextField
            label="New due date"
            name="dueDate"
            type="date"
            defaultValue={summary.dueDate}
            error={errors.dueDate}
          />
          <div className="field">
            <button type="submit" className="button--secondary">
              Change due date
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
