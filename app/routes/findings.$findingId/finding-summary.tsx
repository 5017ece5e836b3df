// What the finding is and where it came from: severity, status, dates, people, the question and
// the answer that opened it, guidance, and the vendor's plan with its files.
import { EvidenceFiles } from "~/components/evidence-files";
import { formatDay } from "~/format";
import { type StaffFindingPage } from "~/findings/finding-page.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";

export function FindingSummary({ page }: { page: StaffFindingPage }) {
  const f = page.finding;
  return (
    <>
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
          <dd>
            {page.answerText || "No answer"}
            <EvidenceFiles files={page.answerFiles} label="Evidence files of the answer" />
          </dd>
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
      <EvidenceFiles files={page.files} label="Evidence of the fix" />
    </>
  );
}
