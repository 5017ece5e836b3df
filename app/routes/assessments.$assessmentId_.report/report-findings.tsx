// The report's findings with their status, and the evidence files with their SHA-256.
import { DateTime } from "~/components/date-time";
import { formatBytes } from "~/format";
import { type AssessmentReport, findingStatusText, severityText } from "~/reports/report";

export function ReportFindings({ report }: { report: AssessmentReport }) {
  return (
    <section className="report-part" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings ({report.findings.length})</h2>
      {report.findings.length === 0 ? (
        <p>No answer opened a finding.</p>
      ) : (
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
      )}

      <h2 id="evidence-title">Evidence files ({report.evidence.length})</h2>
      {report.evidence.length === 0 ? (
        <p>No evidence files were uploaded.</p>
      ) : (
        <table className="report-table" aria-labelledby="evidence-title">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">For the question</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Uploaded</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {report.evidence.map((file) => (
              <tr key={`${file.sha256}/${file.uploadedAt}/${file.fileName}`}>
                <th scope="row">{file.fileName}</th>
                <td>{file.questionText}</td>
                <td className="num">{formatBytes(file.size)}</td>
                <td>
                  <DateTime value={file.uploadedAt} />
                </td>
                <td>
                  <code className="hash">{file.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
