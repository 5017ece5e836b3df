// The panels of a vendor's finding page: what to fix, their plan (with the conflict notice when
// someone else saved it meanwhile), the files of evidence for the fix, and "Mark as fixed".
import { Form, Link } from "@remix-run/react";
import { EvidenceFiles } from "~/components/evidence-files";
import { TextAreaField, TextField } from "~/components/form";
import {
  type VendorFindingActionResult,
  type VendorFindingIntent,
  type VendorFindingView,
} from "~/findings/vendor-finding-page.server";

type PanelProps = {
  page: VendorFindingView;
  actionData: VendorFindingActionResult | undefined;
  busy: boolean;
};

export function WhatToFix({ page }: { page: VendorFindingView }) {
  const { finding } = page;
  return (
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
  );
}

export function PlanPanel({ page, actionData, busy }: PanelProps) {
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const { finding } = page;
  const mine = (intent: VendorFindingIntent) => actionData?.intent === intent;
  const revision = actionData?.current?.revision ?? page.finding.revision;
  return (
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
  );
}

export function EvidencePanel({ page, actionData, busy }: PanelProps) {
  const errors = actionData?.errors ?? {};
  return (
    <section className="panel" aria-labelledby="evidence" id="evidence-panel">
      <h2 id="evidence">Evidence of the fix</h2>
      {page.files.length > 0 ? (
        <EvidenceFiles files={page.files} label="Files sent as evidence of the fix" />
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
  );
}

export function MarkFixedPanel({ page, actionData, busy }: PanelProps) {
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const { finding } = page;
  const mine = (intent: VendorFindingIntent) => actionData?.intent === intent;
  const revision = actionData?.current?.revision ?? page.finding.revision;
  return (
    <>
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
    </>
  );
}
