// One assessment for staff: its status and actions, recipients and their links, progress by
// section and activity. What the page shows and what its forms do:
// app/assessments/assessment-page.server.ts.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  getAssessmentPage,
  requireAssessmentParam,
  runAssessmentAction,
} from "~/assessments/assessment-page.server";
import { AssessmentActionSchema } from "~/assessments/schemas";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { AuditTable } from "~/components/audit-table";
import { CancelConfirmation, CancelledNotice } from "~/components/cancel-assessment";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { ErrorSummary } from "~/components/form";
import { OrganisationNotice } from "~/components/organisation-notice";
import { StatusTag } from "~/components/status-tag";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { isSubmitted, canCancel } from "~/assessments/status";
import { ProgressTable } from "./progress-table";
import { RecipientsPanel } from "./recipients-panel";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.summary.vendorName}: ${data.summary.questionnaireTitle} — Assay`
      : "Assessment — Assay",
  },
  {
    name: "description",
    content: "An assessment: recipients and their links, progress, due date and activity.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" }, context);
  const { db, assessment } = await requireAssessmentParam(params);
  return getAssessmentPage(
    db,
    user,
    assessment,
    new URL(request.url),
    requestRevisions(request, context, db),
  );
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "assessments:manage",
      schema: AssessmentActionSchema,
      record: async ({ params }) => (await requireAssessmentParam(params)).assessment.summary.id,
    },
    async ({ user, db, record: id, input }) => {
      const result = await runAssessmentAction(db, user, id, input);
      if (!result.ok) return result;
      throw await redirectWithToast(`/assessments/${id}`, { message: result.message });
    },
  );
}

export default function AssessmentPage() {
  const page = useLoaderData<typeof loader>();
  const {
    summary,
    recipients,
    progress,
    events,
    canManage,
    canRetryMail,
    confirmingCancel,
    reopenUntil,
  } = page;
  const undelivered = recipients.filter((r) => r.mail?.status === "failed" && !r.revokedAt);
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const totals = progress.reduce(
    (t, s) => ({
      answered: t.answered + s.answered,
      toConfirm: t.toConfirm + s.toConfirm,
      applicable: t.applicable + s.applicable,
    }),
    { answered: 0, toConfirm: 0, applicable: 0 },
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
      {canManage && !page.organisationSet && (summary.status === "draft" || errors.form) ? (
        <OrganisationNotice
          canFix={page.canSetOrganisation}
          returnTo={`/assessments/${summary.id}`}
        />
      ) : null}
      {canManage && canCancel(summary.status) && (confirmingCancel || errors.reason) ? (
        <CancelConfirmation
          assessmentPath={`/assessments/${summary.id}`}
          recipientCount={recipients.filter((r) => r.lastSentAt && !r.revokedAt).length}
          error={errors.reason}
        />
      ) : null}
      {summary.status === "cancelled" ? (
        <CancelledNotice
          reason={summary.cancelReason}
          cancelledAt={summary.cancelledAt}
          reopenUntil={reopenUntil}
          canManage={canManage}
        />
      ) : null}
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
            {totals.toConfirm > 0
              ? `; ${totals.toConfirm} carried over from the previous assessment, still to be confirmed by the vendor`
              : ""}
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
            {isSubmitted(summary.status) ? (
              <>
                {" "}
                · <Link to={`/assessments/${summary.id}/review`}>Review</Link>
              </>
            ) : null}
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
            {canCancel(summary.status) && !confirmingCancel ? (
              <Link to="?cancel" className="button button--danger">
                Cancel assessment
              </Link>
            ) : null}
          </div>
        ) : null}
      </section>
      <RecipientsPanel page={page} errors={errors} />
      <ProgressTable page={page} />
      <section className="panel" aria-labelledby="activity-title">
        <h2 id="activity-title">Activity</h2>
        <ExportLinks what="the activity" path={`/tables/assessment-history/${summary.id}`} />
        <AuditTable events={events} names={page.auditNames} />
      </section>
    </>
  );
}
