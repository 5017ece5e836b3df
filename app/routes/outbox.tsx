import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { MailStatus } from "~/components/mail-status";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { requireQuery } from "~/forms/parse";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { getSmtpState } from "~/mail/delivery.server";
import { countOutbox, listOutbox, listOutboxKinds, retryMail } from "~/mail/mail.server";
import {
  mailKindLabel,
  OUTBOX_FILTER_LABELS,
  OUTBOX_FILTERS,
  OUTBOX_PAGE_SIZE,
  type OutboxQuery,
  OutboxQuerySchema,
  outboxSearch,
} from "~/mail/outbox";
import { Pager } from "~/components/pager";
const RetrySchema = z.object({
  intent: z.literal("retry"),
  mailId: z.coerce.number().int().positive(),
});

export const meta: MetaFunction = () => [
  { title: "Outbox — Assay" },
  { name: "description", content: "Every mail Assay sends, with its delivery status." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "outbox:read" }, context);
  const query = requireQuery(OutboxQuerySchema, request);
  const db = await getDb();
  const [{ mails, total }, counts, kinds] = await Promise.all([
    listOutbox(db, { filter: query.status, kind: query.kind, q: query.q, page: query.page }),
    countOutbox(db),
    listOutboxKinds(db),
  ]);
  const env = getEnv();
  return {
    mails,
    total,
    pageCount: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)),
    kinds: kinds.map((k) => ({ value: k, label: mailKindLabel(k) })),
    counts,
    query,
    smtp: getSmtpState(),
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    canRetry: can(user, "outbox:retry"),
  };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "outbox:retry", schema: RetrySchema },
    async ({ user, db, input }) => {
      const result = await retryMail(db, user, input.mailId);
      if (!result.ok) return result;
      const url = new URL(args.request.url);
      throw await redirectWithToast(url.pathname + url.search, {
        message: "The mail is queued again and will be sent in a moment.",
      });
    },
  );
}

export default function OutboxPage() {
  const { mails, total, pageCount, kinds, counts, query, smtp, maxAttempts, canRetry } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const link = (change: Partial<OutboxQuery>) =>
    `/outbox${outboxSearch({ ...query, page: 1, ...change })}`;
  const filtered = query.status !== "all" || query.kind !== undefined || query.q !== "";
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
      <nav aria-label="Filter the outbox by status">
        <ul className="filters">
          {OUTBOX_FILTERS.map((f) => (
            <li key={f}>
              <Link to={link({ status: f })} aria-current={f === query.status ? "page" : undefined}>
                {OUTBOX_FILTER_LABELS[f]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* Keyed by the URL so the fields show the filters in force after back/forward too. */}
      <Form
        method="get"
        role="search"
        aria-label="Outbox"
        className="panel filters"
        key={location.search}
      >
        {query.status !== "all" ? <input type="hidden" name="status" value={query.status} /> : null}
        <div className="filter-grid">
          <TextField
            label="Search"
            name="q"
            type="search"
            hint="Recipient's address or the subject"
            defaultValue={query.q}
            spellCheck={false}
          />
          <SelectField
            label="Kind of mail"
            name="kind"
            defaultValue={query.kind ?? ""}
            options={[{ value: "", label: "Every kind" }, ...kinds]}
          />
        </div>
        <div className="actions">
          <button type="submit">Search</button>
          {filtered ? <Link to="/outbox">Clear filters</Link> : null}
        </div>
      </Form>
      <p role="status" className="result-count">
        {total === 0
          ? "No mail matches."
          : total <= OUTBOX_PAGE_SIZE
            ? `${total} ${total === 1 ? "mail" : "mails"}`
            : mails.length === 0
              ? `${total} mails match, but not on this page.`
              : `${(query.page - 1) * OUTBOX_PAGE_SIZE + 1}–${(query.page - 1) * OUTBOX_PAGE_SIZE + mails.length} of ${total} mails`}
      </p>
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
            <dd>{mailKindLabel(mail.kind)}</dd>
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
      <Pager page={query.page} pageCount={pageCount} href={(to) => link({ page: to })} />
    </>
  );
}
