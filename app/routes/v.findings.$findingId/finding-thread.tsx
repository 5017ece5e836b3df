// A vendor's finding thread: the shared comments with the form to add one, and the history.
import { Form } from "@remix-run/react";
import { DateTime } from "~/components/date-time";
import { TextAreaField } from "~/components/form";
import { FINDING_STATUS_LABELS, type FindingStatus } from "~/findings/status";
import {
  type VendorFindingActionResult,
  type VendorFindingIntent,
  type VendorFindingView,
} from "~/findings/vendor-finding-page.server";

function historyText(kind: string, toStatus: FindingStatus | null): string {
  if (kind === "opened") return "Finding opened";
  if (kind === "plan") return "Plan updated";
  if (kind === "evidence") return "File uploaded";
  return toStatus ? `Status: ${FINDING_STATUS_LABELS[toStatus]}` : "Status changed";
}

export function Comments({
  page,
  actionData,
  busy,
}: {
  page: VendorFindingView;
  actionData: VendorFindingActionResult | undefined;
  busy: boolean;
}) {
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const mine = (intent: VendorFindingIntent) => actionData?.intent === intent;
  return (
    <section className="panel" aria-labelledby="comments" id="comments-panel">
      <h2 id="comments">Comments</h2>
      {page.comments.length === 0 ? (
        <p className="hint">No comments yet.</p>
      ) : (
        <ol className="thread">
          {page.comments.map((c) => (
            <li key={c.id} className={c.fromVendor ? "thread__item--vendor" : undefined}>
              <p className="hint">
                {c.author} · <DateTime value={c.createdAt} />
              </p>
              <p className="pre-wrap">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="comment" />
        <TextAreaField
          label="Add a comment"
          name="body"
          rows={3}
          defaultValue={mine("comment") ? values.body : ""}
          error={errors.body}
          hint={`Your comments are always shared: ${page.organisationName} and everyone working on this assessment with you can read them.`}
        />
        <button type="submit" className="button--secondary" disabled={busy}>
          Add comment
        </button>
      </Form>
    </section>
  );
}

export function History({ page }: { page: VendorFindingView }) {
  return (
    <>
      {page.history.length > 0 ? (
        <section className="panel" aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <ol className="thread">
            {page.history.map((e) => (
              <li key={e.id}>
                <p className="hint">
                  <DateTime value={e.at} /> · {e.by}
                </p>
                <p>
                  {historyText(e.kind, e.toStatus)}
                  {e.note ? `: ${e.note}` : null}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
