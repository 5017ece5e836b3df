// A finding's comment thread (each comment internal or shared with the vendor) and its history.
import { ScrollRegion } from "~/components/scroll-region";
import { Form } from "@remix-run/react";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { TextAreaField } from "~/components/form";
import { type StaffFindingPage } from "~/findings/finding-page.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";

export function Comments({
  page,
  errors,
  busy,
}: {
  page: StaffFindingPage;
  errors: Record<string, string | undefined>;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {page.thread.comments.length === 0 ? <p>No comments yet.</p> : null}
      <ol className="thread">
        {page.thread.comments.map((c) => (
          <li key={c.id} className={c.visibility === "internal" ? "thread-internal" : undefined}>
            <p className="thread-meta">
              <strong>{c.author}</strong>
              {c.fromVendor ? " (vendor)" : ""} · <DateTime value={c.createdAt} /> ·{" "}
              {c.visibility === "internal" ? "Internal — staff only" : "Shared with the vendor"}
            </p>
            <p className="prose">{c.body}</p>
          </li>
        ))}
      </ol>
      {page.manage ? (
        <Form method="post" className="stacked-form">
          <input type="hidden" name="intent" value="comment" />
          <TextAreaField label="Comment" name="body" id="comment-body" error={errors.body} />
          <fieldset className={errors.visibility ? "field--error" : undefined}>
            <legend>Who can see it?</legend>
            {errors.visibility ? (
              <p className="field-error" id="visibility">
                {errors.visibility}
              </p>
            ) : null}
            <label>
              <input type="radio" name="visibility" value="internal" /> Internal: staff only
            </label>
            <label>
              <input type="radio" name="visibility" value="shared" /> Shared with the vendor
            </label>
          </fieldset>
          <button type="submit" disabled={busy}>
            Add comment
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function History({ page }: { page: StaffFindingPage }) {
  const f = page.finding;
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ExportLinks what="the history" path={`/tables/finding-history/${f.id}`} />
      <ScrollRegion label="Finding history">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {page.thread.events.map((e) => (
              <tr key={e.id}>
                <td>
                  <DateTime value={e.at} />
                </td>
                <td>{e.actor}</td>
                <td>
                  {e.kind === "status" && e.fromStatus && e.toStatus
                    ? `${FINDING_STATUS_LABELS[e.fromStatus]} → ${FINDING_STATUS_LABELS[e.toStatus]}`
                    : e.kind === "severity" && e.fromSeverity && e.toSeverity
                      ? `Severity ${SEVERITY_LABELS[e.fromSeverity]} → ${SEVERITY_LABELS[e.toSeverity]}`
                      : e.kind === "opened"
                        ? "Opened"
                        : e.kind === "plan"
                          ? "Vendor plan updated"
                          : "Details changed"}
                  {e.note ? `: ${e.note}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
