// One finding shared with the vendor (docs/decisions/090 and 091): what to fix, their plan and
// target date, files of evidence for the fix, the shared comment thread, and "Mark as fixed". The
// finding must belong to the session's assessment and be shared, or it does not exist (404).
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatDay } from "~/format";
import { requireVendorSession } from "~/assessments/respond.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, TextAreaField, TextField } from "~/components/form";
import { VendorHeader } from "~/components/vendor-header";
import { getEnv } from "~/env.server";
import {
  getVendorFindingPage,
  getVendorFindingRow,
  uploadFindingEvidence,
  type VendorChanger,
} from "~/findings/finding-evidence.server";
import { addFindingComment, saveVendorPlan, transitionFinding } from "~/findings/findings.server";
import {
  availableTransitions,
  FINDING_STATUS_LABELS,
  type FindingStatus,
  SEVERITY_LABELS,
} from "~/findings/status";
import { parseForm } from "~/forms/parse";
import { isMultipart, readMultipartForm } from "~/http/multipart.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { formatBytes } from "~/format";

const revision = z.coerce
  .number({ invalid_type_error: "Reload the page and try again" })
  .int()
  .positive("Reload the page and try again");

const VendorFindingActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("plan"),
      revision,
      plan: z
        .string()
        .trim()
        .min(1, "Describe how you will fix this")
        .max(5_000, "Keep the plan under 5,000 characters"),
      targetDate: z
        .string()
        .trim()
        .optional()
        .default("")
        .refine(
          (v) =>
            v === "" ||
            (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
          "Enter the target date as a date, like 2027-03-31",
        ),
    }),
    z.object({
      intent: z.literal("comment"),
      body: z
        .string()
        .trim()
        .min(1, "Write a comment first")
        .max(10_000, "Keep comments under 10,000 characters"),
    }),
    z.object({
      intent: z.literal("fixed"),
      revision,
      note: z.string().trim().max(5_000, "Keep the note under 5,000 characters").default(""),
    }),
    z.object({ intent: z.literal("upload") }),
  ],
  { errorMap: () => ({ message: "Choose what to do" }) },
);

type Intent = "plan" | "comment" | "fixed" | "upload" | "unknown";
type ActionResult = {
  intent: Intent;
  errors: Record<string, string>;
  /** What they typed, kept when it could not be saved. */
  values?: Record<string, string>;
  /** The plan as it is saved now, after someone else changed it meanwhile. */
  current?: { plan: string; targetDate: string | null; revision: number };
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.finding.title} — findings — Assay` : "Finding — Assay" },
];

const notFound = () => data("There is no such finding.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const page = await getVendorFindingPage(vendor.db, vendor.assessmentId, params.findingId ?? "");
  if (!page) throw notFound();
  const vendorActor = { kind: "vendor" } as const;
  return {
    ...page,
    header: { ...page.header, dueDate: formatDay(page.header.dueDate) },
    dueDate: formatDay(page.finding.dueDate),
    targetDate: page.finding.vendorTargetDate ? formatDay(page.finding.vendorTargetDate) : null,
    recipientName: vendor.recipientName,
    canMarkFixed: availableTransitions(page.finding.status, vendorActor).some(
      (t) => t.to === "fixed_by_vendor",
    ),
    closed: page.finding.status === "verified" || page.finding.status === "risk_accepted",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const findingId = params.findingId ?? "";
  if (!(await getVendorFindingRow(vendor.db, vendor.assessmentId, findingId))) throw notFound();
  const changer: VendorChanger = {
    kind: "vendor",
    recipientId: vendor.recipientId,
    recipientName: vendor.recipientName,
    assessmentId: vendor.assessmentId,
  };
  const reply = (status: number, result: ActionResult) => data(result, { status });

  let form: FormData;
  if (isMultipart(request)) {
    // The size limit is enforced while reading: a larger file is never read into memory whole.
    const upload = await readMultipartForm(request, { maxFileBytes: MAX_EVIDENCE_BYTES });
    if (!upload.ok && upload.problem === "too-large")
      return reply(413, {
        intent: "upload",
        errors: { file: "The file is larger than 25 MB. Compress it or split it." },
      });
    if (!upload.ok)
      return reply(400, {
        intent: "upload",
        errors: { file: "The upload could not be read. Choose the file and try again." },
      });
    form = upload.form;
  } else {
    form = await request.formData();
  }
  const intentOf = (v: FormDataEntryValue | null): Intent =>
    v === "plan" || v === "comment" || v === "fixed" || v === "upload" ? v : "unknown";
  const parsed = parseForm(VendorFindingActionSchema, form);
  if (!parsed.success) {
    const values = Object.fromEntries(
      ["plan", "targetDate", "body", "note"].flatMap((k) => {
        const v = form.get(k);
        return typeof v === "string" ? [[k, v]] : [];
      }),
    );
    const errors = { ...parsed.errors };
    if (errors.intent) {
      errors.form = errors.intent;
      delete errors.intent;
    }
    return reply(400, { intent: intentOf(form.get("intent")), errors, values });
  }
  const input = parsed.data;

  if (input.intent === "plan") {
    const result = await saveVendorPlan(vendor.db, changer, findingId, {
      revision: input.revision,
      plan: input.plan,
      targetDate: input.targetDate || null,
    });
    if (!result.ok) {
      const now = await getVendorFindingRow(vendor.db, vendor.assessmentId, findingId);
      return reply(result.status, {
        intent: "plan",
        errors: { [result.field ?? "form"]: result.message },
        values: { plan: input.plan, targetDate: input.targetDate },
        current:
          result.status === 409 && now
            ? { plan: now.vendorPlan, targetDate: now.vendorTargetDate, revision: now.revision }
            : undefined,
      });
    }
    throw await redirectWithToast(`/v/findings/${findingId}`, {
      message: "Your plan was saved.",
    });
  }

  if (input.intent === "comment") {
    const result = await addFindingComment(vendor.db, changer, findingId, {
      body: input.body,
      visibility: "shared",
    });
    if (!result.ok)
      return reply(result.status, {
        intent: "comment",
        errors: { [result.field ?? "form"]: result.message },
        values: { body: input.body },
      });
    throw await redirectWithToast(`/v/findings/${findingId}#comments`, {
      message: "Your comment was added.",
    });
  }

  if (input.intent === "fixed") {
    const result = await transitionFinding(vendor.db, changer, findingId, {
      to: "fixed_by_vendor",
      revision: input.revision,
      note: input.note,
    });
    if (!result.ok)
      return reply(result.status, {
        intent: "fixed",
        errors: { [result.field ?? "form"]: result.message },
        values: { note: input.note },
      });
    throw await redirectWithToast(`/v/findings/${findingId}`, {
      message: "Marked as fixed. We will verify the fix and let you know.",
    });
  }

  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0)
    return reply(400, { intent: "upload", errors: { file: "Choose a file to upload." } });
  const result = await uploadFindingEvidence(vendor.db, changer, findingId, {
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  if (!result.ok)
    return reply(result.status, {
      intent: "upload",
      errors: { [result.status === 409 ? "form" : "file"]: result.message },
    });
  throw await redirectWithToast(`/v/findings/${findingId}#evidence`, {
    message: `${result.file.fileName} uploaded.`,
  });
}

function historyText(kind: string, toStatus: FindingStatus | null): string {
  if (kind === "opened") return "Finding opened";
  if (kind === "plan") return "Plan updated";
  if (kind === "evidence") return "File uploaded";
  return toStatus ? `Status: ${FINDING_STATUS_LABELS[toStatus]}` : "Status changed";
}

export default function VendorFindingPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const revision = actionData?.current?.revision ?? page.finding.revision;
  const { finding } = page;
  const mine = (intent: Intent) => actionData?.intent === intent;
  return (
    <>
      <VendorHeader
        title={page.header.title}
        vendorName={page.header.vendorName}
        dueDate={page.header.dueDate}
        recipientName={page.recipientName}
      />
      <p>
        <Link to="/v/findings">Back to all findings</Link>
      </p>
      <h1>{finding.title}</h1>
      <dl className="summary">
        <dt>Severity</dt>
        <dd>
          <span className={`tag tier-${SEVERITY_LABELS[finding.severity]}`}>
            {SEVERITY_LABELS[finding.severity]}
          </span>
        </dd>
        <dt>Status</dt>
        <dd>{FINDING_STATUS_LABELS[finding.status]}</dd>
        <dt>Due</dt>
        <dd>{page.dueDate}</dd>
      </dl>
      <ErrorSummary errors={errors} />

      <section className="panel" aria-labelledby="what-title">
        <h2 id="what-title">What to fix</h2>
        {page.question ? (
          <p>
            From the question{page.sectionTitle ? ` in “${page.sectionTitle}”` : ""}:{" "}
            <q>{page.question.text}</q>
          </p>
        ) : null}
        {finding.guidance ? <p className="pre-wrap">{finding.guidance}</p> : null}
        {finding.references.length > 0 ? (
          <p className="hint">References: {finding.references.join(", ")}</p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="plan-title">
        <h2 id="plan-title">Your plan</h2>
        {page.closed ? (
          <>
            <p className="pre-wrap">{finding.vendorPlan || "No plan was recorded."}</p>
            {page.targetDate ? <p>Target date: {page.targetDate}</p> : null}
          </>
        ) : (
          <Form method="post" noValidate key={`plan-${page.finding.revision}`}>
            <input type="hidden" name="intent" value="plan" />
            <input type="hidden" name="revision" value={revision} />
            {mine("plan") && actionData?.current ? (
              <div className="conflict" role="alert">
                <p>
                  <strong>Someone else changed the plan while you were editing it.</strong> The plan
                  saved now reads:
                </p>
                <p className="pre-wrap">{actionData.current.plan || "(empty)"}</p>
                <p>
                  Target date: {actionData.current.targetDate ?? "none"}. What you typed is kept
                  below: save again to replace it, or{" "}
                  <Link to={`/v/findings/${finding.id}`} reloadDocument>
                    reload the page
                  </Link>{" "}
                  to start from theirs.
                </p>
              </div>
            ) : null}
            <TextAreaField
              label="How you will fix it"
              name="plan"
              rows={5}
              defaultValue={mine("plan") ? values.plan : finding.vendorPlan}
              error={errors.plan}
              hint="What you will change, and who is responsible."
            />
            <TextField
              label="Target date"
              name="targetDate"
              type="date"
              optional
              className="input--short"
              defaultValue={mine("plan") ? values.targetDate : (finding.vendorTargetDate ?? "")}
              error={errors.targetDate}
              hint="When you expect the fix to be in place, for example 2027-03-31."
            />
            <button type="submit" disabled={busy}>
              Save plan
            </button>
          </Form>
        )}
      </section>

      <section className="panel" aria-labelledby="evidence" id="evidence-panel">
        <h2 id="evidence">Evidence of the fix</h2>
        {page.files.length > 0 ? (
          <ul className="evidence__files">
            {page.files.map((file) => (
              <li key={file.id}>
                <a href={`/v/findings/${finding.id}/files/${file.id}`} download>
                  {file.fileName}
                </a>{" "}
                <span className="hint">
                  ({formatBytes(file.size)}, uploaded <DateTime value={file.uploadedAt} />)
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">No file uploaded yet.</p>
        )}
        {page.closed ? null : (
          <Form method="post" encType="multipart/form-data" noValidate>
            <input type="hidden" name="intent" value="upload" />
            <TextField
              label="Upload a file"
              name="file"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.txt,.csv,.md,.json"
              error={errors.file}
              hint="PDF, image, Word, Excel, PowerPoint or text; up to 25 MB."
            />
            <button type="submit" className="button--secondary" disabled={busy}>
              Upload file
            </button>
          </Form>
        )}
      </section>

      {page.canMarkFixed ? (
        <section className="panel" aria-labelledby="fixed-title">
          <h2 id="fixed-title">Mark as fixed</h2>
          <p>
            When the fix is in place, tell us: {page.organisationName} will check it and either
            close the finding or send it back to you with a reason.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="fixed" />
            <input type="hidden" name="revision" value={revision} />
            <TextAreaField
              label="What you changed"
              name="note"
              rows={3}
              optional
              defaultValue={mine("fixed") ? values.note : ""}
              error={errors.note}
            />
            <button type="submit" disabled={busy}>
              Mark as fixed
            </button>
          </Form>
        </section>
      ) : finding.status === "fixed_by_vendor" ? (
        <p className="notice" role="status">
          You marked this finding as fixed. {page.organisationName} will verify the fix.
        </p>
      ) : null}

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
