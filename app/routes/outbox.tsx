import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary } from "~/components/form";
import { MailStatus } from "~/components/mail-status";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { parseForm, requireQuery } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { getSmtpState } from "~/mail/delivery.server";
import { countOutbox, listOutbox, retryMail } from "~/mail/mail.server";
import { OUTBOX_FILTERS } from "~/mail/outbox";

const QuerySchema = z.object({ status: z.enum(OUTBOX_FILTERS).catch("all") });
const RetrySchema = z.object({
  intent: z.literal("retry"),
  mailId: z.coerce.number().int().positive(),
});

const FILTER_LABELS: Record<(typeof OUTBOX_FILTERS)[number], string> = {
  all: "All",
  pending: "Waiting",
  failed: "Failed",
  sent: "Sent",
  demo: "Demo",
};

export const meta: MetaFunction = () => [{ title: "Outbox — Assay" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "outbox:read" });
  const { status } = requireQuery(QuerySchema, request);
  const db = await getDb();
  const [mails, counts] = await Promise.all([listOutbox(db, { filter: status }), countOutbox(db)]);
  const env = getEnv();
  return {
    mails,
    counts,
    filter: status,
    smtp: getSmtpState(),
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    canRetry: can(user, "outbox:retry"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "outbox:retry" });
  const parsed = parseForm(RetrySchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const result = await retryMail(await getDb(), user, parsed.data.mailId);
  if (!result.ok) return data({ errors: { form: result.message } }, { status: result.status });
  throw await redirectWithToast(new URL(request.url).pathname + new URL(request.url).search, {
    message: "The mail is queued again and will be sent in a moment.",
  });
}

export default function OutboxPage() {
  const { mails, counts, filter, smtp, maxAttempts, canRetry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const waiting = (counts.queued ?? 0) + (counts.sending ?? 0) + (counts.retrying ?? 0);
  return (
    <>
      <h1>Outbox</h1>
      <ErrorSummary errors={errors} />
      <section className="panel" aria-labelledby="delivery-title">
        <h2 id="delivery-title">Delivery</h2>
        {smtp.transport === "outbox" ? (
          <p>
            No SMTP server is configured (<code>SMTP_URL</code>), so mail is kept here instead of
            being delivered.
          </p>
        ) : smtp.status === "error" ? (
          <div className="panel--warning" role="status">
            <p>
              <strong>The SMTP server cannot be used.</strong> Mail waits here and is retried until
              it can. Error at <DateTime value={smtp.checkedAt} />:
            </p>
            <pre className="mail">{smtp.error}</pre>
          </div>
        ) : (
          <p>
            Mail is delivered over SMTP by a worker on every instance
            {smtp.status === "ok" ? (
              <>
                ; the server last answered at <DateTime value={smtp.checkedAt} />
              </>
            ) : null}
            . Each mail is tried up to {maxAttempts} times, with longer waits in between.
          </p>
        )}
        <p>
          {waiting} waiting · {counts.failed ?? 0} failed ·{" "}
          {(counts.sent ?? 0) + (counts.kept ?? 0)} sent · {counts.demo ?? 0} to demo addresses
          (never delivered)
        </p>
      </section>
      <nav aria-label="Filter the outbox">
        <ul className="filters">
          {OUTBOX_FILTERS.map((f) => (
            <li key={f}>
              <Link
                to={f === "all" ? "/outbox" : `/outbox?status=${f}`}
                aria-current={f === filter ? "page" : undefined}
              >
                {FILTER_LABELS[f]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {mails.length === 0 ? <p>No mail here.</p> : null}
      {mails.map((mail) => (
        <article className="panel" key={mail.id} aria-labelledby={`mail-${mail.id}`}>
          <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
          <dl className="summary">
            <dt>To</dt>
            <dd>{mail.to}</dd>
            <dt>Queued</dt>
            <dd>
              <DateTime value={mail.createdAt} />
            </dd>
            <dt>Status</dt>
            <dd>
              <MailStatus mail={mail} />
            </dd>
            <dt>Kind</dt>
            <dd>{mail.kind}</dd>
            {mail.assessmentId ? (
              <>
                <dt>About</dt>
                <dd>
                  <Link to={`/assessments/${mail.assessmentId}`}>The assessment</Link>
                </dd>
              </>
            ) : null}
          </dl>
          {canRetry && (mail.status === "failed" || mail.status === "retrying") ? (
            <Form method="post">
              <input type="hidden" name="intent" value="retry" />
              <input type="hidden" name="mailId" value={mail.id} />
              <button type="submit" className="button--secondary">
                {mail.status === "failed" ? "Retry" : "Try now"}
                <span className="visually-hidden"> the mail to {mail.to}</span>
              </button>
            </Form>
          ) : null}
          <details>
            <summary>Message</summary>
            <pre className="mail">{mail.text}</pre>
          </details>
        </article>
      ))}
    </>
  );
}
