import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { listOutbox } from "~/mail/mail.server";

export const meta: MetaFunction = () => [{ title: "Outbox — Assay" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "outbox:read" });
  return { mails: await listOutbox(await getDb()), smtp: Boolean(getEnv().SMTP_URL) };
}

export default function OutboxPage() {
  const { mails, smtp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Outbox</h1>
      <p className="lede">
        {smtp
          ? "Mail is delivered over SMTP; this is the record of what was sent."
          : "No SMTP server is configured (SMTP_URL), so mail is kept here instead of being delivered."}
      </p>
      {mails.length === 0 ? <p>No mail yet.</p> : null}
      {mails.map((mail) => (
        <article className="panel" key={mail.id} aria-labelledby={`mail-${mail.id}`}>
          <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
          <dl className="summary">
            <dt>To</dt>
            <dd>{mail.to}</dd>
            <dt>When</dt>
            <dd>
              <DateTime value={mail.createdAt} />
            </dd>
            <dt>Kind</dt>
            <dd>{mail.kind}</dd>
          </dl>
          <details>
            <summary>Message</summary>
            <pre className="mail">{mail.text}</pre>
          </details>
        </article>
      ))}
    </>
  );
}
