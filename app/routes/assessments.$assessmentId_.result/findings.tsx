// The result page's findings, by severity, each linked to its row in "Why this score".
import { type ResultView } from "~/assessments/result-view";
import { References } from "~/components/why-this-score";

export function Findings({ view }: { view: ResultView }) {
  const total = view.findingsBySeverity.reduce((n, group) => n + group.findings.length, 0);
  return (
    <section className="panel" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings ({total})</h2>
      {total === 0 ? <p>No answer opened a finding.</p> : null}
      {view.findingsBySeverity.map((group) => (
        <section key={group.severity} aria-labelledby={`findings-${group.severity}`}>
          <h3 id={`findings-${group.severity}`}>
            <span className={`tag severity-${group.severity}`}>{group.label}</span>{" "}
            {group.findings.length === 1 ? "1 finding" : `${group.findings.length} findings`}
          </h3>
          <ul className="finding-list">
            {group.findings.map((finding) => (
              <li key={finding.key}>
                <p className="finding-list__title">
                  {finding.title}
                  {finding.knockout ? <span className="tag knockout">Knockout</span> : null}
                  {finding.verified ? <span className="tag">Verified</span> : null}
                </p>
                <p className="hint">
                  From <a href={`#why-${finding.questionId}`}>{finding.questionText}</a>
                </p>
                <p>{finding.remediation}</p>
                <References ids={finding.references} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
