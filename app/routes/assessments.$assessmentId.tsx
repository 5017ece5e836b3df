import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  cancelAssessment,
  extendDueDate,
  getAssessmentForStaff,
  resendLink,
  revokeLink,
  sendAssessment,
} from "~/assessments/assessments.server";
import { AssessmentActionSchema } from "~/assessments/schemas";
import { listAuditEvents } from "~/audit/audit.server";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { AuditTable } from "~/components/audit-table";
import { ExportLinks } from "~/components/export-links";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, TextField } from "~/components/form";
import { MailStatus } from "~/components/mail-status";
import { ScrollRegion } from "~/components/scroll-region";
import { StatusTag } from "~/components/status-tag";
import { getDb } from "~/db.server";
import { parseForm } from "~/forms/parse";
import { retryMail } from "~/mail/mail.server";
import { redirectWithToast } from "~/http/toast.server";
import { isOpenForAnswers, isSubmitted, canCancel, canExtendDueDate } from "~/assessments/status";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.summary.vendorName}: ${data.summary.questionnaireTitle} — Assay`
      : "Assessment — Assay",
  },
];

async function requireAssessment(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const assessment = parsed.success
    ? await getAssessmentForStaff(db, parsed.data.assessmentId)
    : null;
  if (!assessment) throw data("There is no such assessment.", { status: 404 });
  return { db, assessment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const { db, assessment } = await requireAssessment(params);
  const { events } = await listAuditEvents(db, {
    target: { type: "assessment", id: assessment.summary.id },
    limit: 30,
  });
  return {
    ...assessment,
    events,
    canManage: can(user, "assessments:manage"),
    canRetryMail: can(user, "outbox:retry"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:manage" });
  const { db, assessment } = await requireAssessment(params);
  const parsed = parseForm(AssessmentActionSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const id = assessment.summary.id;
  const input = parsed.data;
  if (input.intent === "retry-mail") {
    if (!can(user, "outbox:retry")) throw data("Only an admin can retry a mail.", { status: 403 });
    const retried = await retryMail(db, user, input.mailId, { assessmentId: id });
    if (!retried.ok) return data({ errors: { form: retried.message } }, { status: retried.status });
    throw await redirectWithToast(`/assessments/${id}`, {
      message: "The mail is queued again and will be sent in a moment.",
    });
  }
  const result =
    input.intent === "extend"
      ? await extendDueDate(db, user, id, input.dueDate)
      : input.intent === "resend"
        ? await resendLink(db, user, id, input.recipientId)
        : input.intent === "revoke"
          ? await revokeLink(db, user, id, input.recipientId)
          : input.intent === "send"
            ? await sendAssessment(db, user, id)
            : await cancelAssessment(db, user, id);
  if (!result.ok)
    return data(
      { errors: { [result.field ?? "form"]: result.message } },
      { status: result.status },
    );
  const messages = {
    extend: "Due date changed. Open links now last until the new date plus the grace period.",
    resend:
      "A new link is queued for mailing. The previous link keeps working until the new mail has left.",
    revoke: "Link revoked. Whoever used it has been signed out.",
    send: "Assessment sent. Each recipient's personal link is queued for mailing: the table shows when it has left.",
    cancel: "Assessment cancelled. Vendor links no longer work.",
  };
  throw await redirectWithToast(`/assessments/${id}`, { message: messages[input.intent] });
}

export default function AssessmentPage() {
  const { summary, recipients, progress, events, canManage, canRetryMail } =
    useLoaderData<typeof loader>();
  const undelivered = recipients.filter((r) => r.mail?.status === "failed" && !r.revokedAt);
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const open = isOpenForAnswers(summary.status);
  const totals = progress.reduce(
    (t, s) => ({ answered: t.answered + s.answered, applicable: t.applicable + s.applicable }),
    {
      answered: 0,
      applicable: 0,
    },
  );
  return (
    <>
      <p>
        <Link to="/assessments">Back to assessments</Link>
      </p>
      <h1>
        {summary.vendorName}: {summary.questionnaireTitle}
      </h1>
      <ErrorSummary errors={errors} />
      {undelivered.length > 0 ? (
        <section className="panel panel--warning" aria-labelledby="undelivered-title">
          <h2 id="undelivered-title">Mail not delivered</h2>
          <p>
            The personal link could not be mailed to{" "}
            {undelivered.map((r) => `${r.name} (${r.email})`).join(", ")}. Check the address and
            resend the link{canRetryMail ? ", or retry the mail" : ", or ask an admin to retry it"}.
          </p>
        </section>
      ) : null}
      <section className="panel">
        <dl className="summary">
          <dt>Status</dt>
          <dd>
            <StatusTag status={summary.status} />
          </dd>
          <dt>Questionnaire</dt>
          <dd>
            <Link
              to={`/questionnaires/${summary.questionnaireSlug}/${summary.questionnaireVersion}`}
            >
              {summary.questionnaireTitle} {summary.questionnaireVersion}
            </Link>
          </dd>
          <dt>Due</dt>
          <dd>{summary.dueDate}</dd>
          <dt>Progress</dt>
          <dd>
            {totals.answered} of {totals.applicable} questions answered
          </dd>
          <dt>Sent</dt>
          <dd>
            <DateTime value={summary.sentAt} />
          </dd>
          <dt>Submitted</dt>
          <dd>
            <DateTime value={summary.submittedAt} />
          </dd>
          <dt>Result</dt>
          <dd>
            <Link to={`/assessments/${summary.id}/result`}>
              {summary.submittedAt ? "Score" : "Provisional score"}
            </Link>{" "}
            · <Link to={`/assessments/${summary.id}/report`}>Printable report</Link>
          </dd>
        </dl>
        {canManage ? (
          <div className="actions">
            {summary.status === "draft" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="send" />
                <button type="submit">Send assessment</button>
              </Form>
            ) : null}
            {isSubmitted(summary.status) ? (
              <Link to={`/assessments/new?from=${summary.id}`} className="button">
                Start a re-assessment
              </Link>
            ) : null}
            {canCancel(summary.status) ? (
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <button type="submit" className="button--danger">
                  Cancel assessment
                </button>
              </Form>
            ) : null}
          </div>
        ) : null}
      </section>
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
      <section className="panel" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress by section</h2>
        <ExportLinks what="progress" path={`/tables/assessment-progress/${summary.id}`} />
        <ScrollRegion label="Progress by section">
          <table>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col" className="num">
                  Answered
                </th>
                <th scope="col" className="num">
                  Questions
                </th>
              </tr>
            </thead>
            <tbody>
              {progress.map((s) => (
                <tr key={s.sectionId}>
                  <th scope="row">{s.title}</th>
                  <td className="num">{s.answered}</td>
                  <td className="num">{s.applicable}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <section className="panel" aria-labelledby="activity-title">
        <h2 id="activity-title">Activity</h2>
        <ExportLinks what="the activity" path={`/tables/assessment-history/${summary.id}`} />
        <AuditTable events={events} />
      </section>
    </>
  );
}
