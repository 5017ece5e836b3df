// The report's findings with their status, and the evidence files by question with their SHA-256
// and links (docs/decisions/200-evidence-beside-answers.md).
import { ScrollRegion } from "~/components/scroll-region";
import { EvidenceFiles } from "~/components/evidence-files";
import {
  type AssessmentReport,
  evidenceGroups,
  findingStatusText,
  severityText,
} from "~/reports/report";

export function ReportFindings({ report }: { report: AssessmentReport }) {
  return (
    <section className="report-part" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings ({report.findings.length})</h2>
      {report.findings.length === 0 ? (
        <p>No answer opened a finding.</p>
      ) : (
        <ScrollRegion label="Findings">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">From the question</th>
                <th scope="col">References</th>
              </tr>
            </thead>
            <tbody>
              {report.findings.map((finding, index) => (
                <tr key={finding.id ?? `${finding.questionId}/${index}`}>
                  <th scope="row">
                    {finding.title}
                    {finding.knockout ? <span className="tag knockout">Knockout</span> : null}
                  </th>
                  <td>
                    <span className={`tag severity-${finding.severity}`}>
                      {severityText(finding.severity)}
                    </span>
                  </td>
                  <td>{findingStatusText(finding.status)}</td>
                  <td>{finding.dueDate ?? "—"}</td>
                  <td>{finding.questionText}</td>
                  <td>{finding.references.length ? finding.references.join(", ") : "None"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2 id="evidence-title">Evidence files ({report.evidence.length})</h2>
      {report.evidence.length === 0 ? (
        <p>No evidence files were uploaded.</p>
      ) : (
        evidenceGroups(report.evidence).map((group) => (
          <div key={group.key}>
            <h3>{group.title}</h3>
            <EvidenceFiles files={group.files} label={`Evidence files for: ${group.title}`} />
          </div>
        ))
      )}
    </section>
  );
}
