// One finding for staff: what it is and where it came from, its remediation (owner, vendor
// contact, due date, sharing, status with the moves this user may make), severity changes,
// the history, and a comment thread where each comment is explicitly internal or shared.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { describeAnswer } from "~/assessments/answer-form";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { formatDay } from "~/format";
import { ExportLinks } from "~/components/export-links";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import {
  addFindingComment,
  changeSeverity,
  getFinding,
  getFindingPageLists,
  getFindingThread,
  transitionFinding,
  updateFindingDetails,
} from "~/findings/findings.server";
import { FindingActionSchema } from "~/findings/schemas";
import {
  availableTransitions,
  FINDING_STATUS_LABELS,
  isoDay,
  isOverdue,
  SEVERITIES,
  SEVERITY_LABELS,
} from "~/findings/status";
import { parseForm } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { type Answer, getQuestionMap } from "~/questionnaire/model";

const ParamsSchema = z.object({ findingId: z.string().uuid() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.finding.title} — Findings — Assay` : "Finding — Assay" },
];

async function requireFinding(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const found = parsed.success ? await getFinding(db, parsed.data.findingId) : null;
  if (!found) throw data("There is no such finding.", { status: 404 });
  return { db, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "findings:read" });
  const { db, found } = await requireFinding(params);
  const { finding } = found;
  const questionnaire = await getPinnedQuestionnaire(db, found.questionnaireVersionId);
  const entry = getQuestionMap(questionnaire).get(finding.questionId);
  const thread = await getFindingThread(db, finding.id);
  const { staff, contacts, files } = await getFindingPageLists(db, finding);
  const manage = can(user, "findings:manage");
  return {
    finding,
    vendorName: found.vendorName,
    ownerName: found.ownerName,
    contactName: found.contactName,
    question: entry
      ? { text: entry.question.text, section: entry.section.title }
      : { text: finding.questionId, section: finding.sectionId },
    answerText: entry ? describeAnswer(entry.question, finding.answer as Answer | null) : "",
    overdue: isOverdue(finding, isoDay(new Date())),
    thread,
    staff,
    contacts,
    files,
    manage,
    transitions: manage
      ? availableTransitions(finding.status, { kind: "staff", role: user.role })
      : [],
    today: isoDay(new Date()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "findings:manage" });
  const { db, found } = await requireFinding(params);
  const id = found.finding.id;
  const parsed = parseForm(FindingActionSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const input = parsed.data;
  const result =
    input.intent === "transition"
      ? await transitionFinding(db, { kind: "staff", user }, id, input)
      : input.intent === "details"
        ? await updateFindingDetails(db, user, id, input)
        : input.intent === "severity"
          ? await changeSeverity(db, user, id, input)
          : await addFindingComment(db, { kind: "staff", user }, id, input);
  if (!result.ok)
    return data(
      { errors: { [result.field ?? "form"]: result.message } },
      { status: result.status },
    );
  const messages = {
    transition: "Status changed.",
    details: "Finding updated.",
    severity: "Severity changed. The original severity is kept in the history.",
    comment:
      input.intent === "comment" && input.visibility === "shared"
        ? "Comment added and shared with the vendor."
        : "Internal comment added.",
  };
  throw await redirectWithToast(`/findings/${id}`, { message: messages[input.intent] });
}

export default function FindingPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const f = page.finding;
  return (
    <div className="panel">
      <p>
        <Link to="/findings">All findings</Link> ·{" "}
        <Link to={`/vendors/${f.vendorId}`}>{page.vendorName}</Link> ·{" "}
        <Link to={`/assessments/${f.assessmentId}`}>Assessment</Link>
      </p>
      <h1>{f.title}</h1>
      <ErrorSummary errors={errors} />
      <dl className="summary-list">
        <div>
          <dt>Severity</dt>
          <dd>
            <span className={`tag severity-${f.severity}`}>{SEVERITY_LABELS[f.severity]}</span>
            {f.severity !== f.originalSeverity
              ? ` (originally ${SEVERITY_LABELS[f.originalSeverity]})`
              : ""}
            {f.knockout ? " · knockout" : ""}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`tag finding-${f.status}`}>{FINDING_STATUS_LABELS[f.status]}</span>
            {page.overdue ? <strong className="overdue"> Overdue</strong> : null}
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{formatDay(f.dueDate)}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{page.ownerName ?? "Nobody yet"}</dd>
        </div>
        <div>
          <dt>Vendor contact</dt>
          <dd>{page.contactName ?? "Nobody yet"}</dd>
        </div>
        <div>
          <dt>Shared with the vendor</dt>
          <dd>{f.sharedWithVendor ? "Yes" : "No"}</dd>
        </div>
        {f.status === "risk_accepted" && f.acceptanceExpiresOn ? (
          <div>
            <dt>Risk accepted until</dt>
            <dd>
              {formatDay(f.acceptanceExpiresOn)}: {f.acceptanceJustification}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Question</dt>
          <dd>
            {page.question.section}: {page.question.text}
          </dd>
        </div>
        <div>
          <dt>Answer when it opened</dt>
          <dd>{page.answerText || "No answer"}</dd>
        </div>
        <div>
          <dt>References</dt>
          <dd>{f.references.length > 0 ? f.references.join(", ") : "None"}</dd>
        </div>
        <div>
          <dt>Origin</dt>
          <dd>{f.origin === "engine" ? "Scoring rule" : "Added by a reviewer"}</dd>
        </div>
      </dl>
      {f.guidance ? (
        <>
          <h2>Remediation guidance</h2>
          <p className="prose">{f.guidance}</p>
        </>
      ) : null}

      <h2>The vendor&rsquo;s plan</h2>
      {f.vendorPlan ? (
        <p className="prose">
          {f.vendorPlan}
          {f.vendorTargetDate ? ` (target ${formatDay(f.vendorTargetDate)})` : ""}
        </p>
      ) : (
        <p>No plan from the vendor yet.</p>
      )}
      {page.files.length > 0 ? (
        <ul>
          {page.files.map((file) => (
            <li key={file.id}>
              <a href={`/findings/${f.id}/files/${file.id}`}>{file.fileName}</a> ({file.size} bytes,
              SHA-256 <code>{file.sha256.slice(0, 16)}…</code>)
            </li>
          ))}
        </ul>
      ) : null}

      {page.manage && page.transitions.length > 0 ? (
        <section aria-labelledby="status-heading">
          <h2 id="status-heading">Change the status</h2>
          {page.transitions.map((t) => (
            <Form method="post" key={t.to} className="stacked-form">
              <input type="hidden" name="intent" value="transition" />
              <input type="hidden" name="to" value={t.to} />
              <input type="hidden" name="revision" value={f.revision} />
              {t.needs === "acceptance" ? (
                <fieldset>
                  <legend>Accept the risk</legend>
                  <TextAreaField
                    label="Justification"
                    name="note"
                    id={`note-${t.to}`}
                    hint="Why the organisation can live with this risk, and any compensating controls."
                    error={errors.note}
                  />
                  <TextField
                    label="The acceptance expires on"
                    name="acceptanceExpiresOn"
                    type="date"
                    min={page.today}
                    hint="The finding reopens by itself on this date."
                    error={errors.acceptanceExpiresOn}
                  />
                </fieldset>
              ) : t.needs === "note" ? (
                <TextAreaField
                  label={`Reason (${t.label.toLowerCase()})`}
                  name="note"
                  id={`note-${t.to}`}
                />
              ) : null}
              <button
                type="submit"
                className={t.to === "risk_accepted" ? "button--secondary" : undefined}
                disabled={busy}
              >
                {t.label}
              </button>
            </Form>
          ))}
        </section>
      ) : null}

      {page.manage ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">Owner, contact and due date</h2>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="revision" value={f.revision} />
            <SelectField
              label="Internal owner"
              name="ownerId"
              defaultValue={f.ownerId ?? ""}
              error={errors.ownerId}
              options={[
                { value: "", label: "Nobody" },
                ...page.staff.map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
            <SelectField
              label="Vendor contact"
              name="vendorContactId"
              defaultValue={f.vendorContactId ?? ""}
              error={errors.vendorContactId}
              options={[
                { value: "", label: "Nobody" },
                ...page.contacts.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` })),
              ]}
            />
            <TextField
              label="Due date"
              name="dueDate"
              type="date"
              defaultValue={f.dueDate}
              error={errors.dueDate}
            />
            <div className="checkbox">
              <input
                type="checkbox"
                id="sharedWithVendor"
                name="sharedWithVendor"
                defaultChecked={f.sharedWithVendor}
              />
              <label htmlFor="sharedWithVendor">
                Share with the vendor for remediation (they are emailed a link; staff notes and
                internal comments stay internal)
              </label>
            </div>
            <button type="submit" disabled={busy}>
              Save
            </button>
          </Form>

          <h2>Change the severity</h2>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="severity" />
            <input type="hidden" name="revision" value={f.revision} />
            <SelectField
              label="New severity"
              name="severity"
              defaultValue={f.severity}
              error={errors.severity}
              options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
            />
            <TextAreaField
              label="Justification"
              name="justification"
              error={errors.justification}
            />
            <button type="submit" className="button--secondary" disabled={busy}>
              Change severity
            </button>
          </Form>
        </section>
      ) : null}

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

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ExportLinks what="the history" path={`/tables/finding-history/${f.id}`} />
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
      </section>
    </div>
  );
}
