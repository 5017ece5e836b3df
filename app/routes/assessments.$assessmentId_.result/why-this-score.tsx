// The result page's findings and its "why this score" table: every question that lost points, with the rule
// that applied and the references behind it.
import { type EvidenceItem } from "~/assessments/evidence-view";
import { type ResultView, type WhyRow } from "~/assessments/result-view";
import { EvidenceFiles } from "~/components/evidence-files";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { formatCredit, formatPoints } from "~/format";

function References({ ids }: { ids: string[] }) {
  if (ids.length === 0) return <span className="hint">None</span>;
  return (
    <ul className="references">
      {ids.map((id) => (
        <li key={id}>
          <code>{id}</code>
        </li>
      ))}
    </ul>
  );
}

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

function QuestionCell({ row }: { row: WhyRow }) {
  return (
    <th scope="row" id={`why-${row.questionId}`}>
      {row.text}
      <span className="cell-note hint">
        {row.sectionTitle} · <code>{row.questionId}</code>
      </span>
      {row.knockout ? <span className="tag knockout">Knockout</span> : null}
    </th>
  );
}

function AnswerCell({ row, files }: { row: WhyRow; files: EvidenceItem[] | undefined }) {
  return (
    <td>
      {row.answer}
      <EvidenceFiles files={files ?? []} label={`Evidence files for: ${row.text}`} />
    </td>
  );
}

export function WhyThisScore({
  view,
  evidence,
}: {
  view: ResultView;
  /** The answers' evidence files by question id. */
  evidence: Record<string, EvidenceItem[]>;
}) {
  return (
    <section className="panel" aria-labelledby="why-title">
      <h2 id="why-title">Why this score</h2>
      <p className="hint">
        Every question that counts, the ones that cost the most overall points first. Points lost =
        100 × section weight × weight × (1 − credit) ÷ the total possible.
      </p>
      {view.why.length > 0 ? <ExportLinks what="this table" path="result/export/why" /> : null}
      {view.why.length === 0 ? (
        <p>No question counts towards the score.</p>
      ) : (
        <ScrollRegion label="Table of questions by points lost">
          <table className="why-table">
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Answer</th>
                <th scope="col">Rule that applied</th>
                <th scope="col" className="num">
                  Points lost
                </th>
                <th scope="col" className="num">
                  Credit
                </th>
                <th scope="col" className="num">
                  Weight
                </th>
                <th scope="col">References</th>
              </tr>
            </thead>
            <tbody>
              {view.why.map((row) => (
                <tr key={row.questionId}>
                  <QuestionCell row={row} />
                  <AnswerCell row={row} files={evidence[row.questionId]} />
                  <td>{row.rule}</td>
                  <td className="num">{formatPoints(row.overallLost)}</td>
                  <td className="num">{formatCredit(row.credit)}</td>
                  <td className="num">
                    {row.sectionWeight} × {row.weight}
                  </td>
                  <td>
                    <References ids={row.references} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {view.notCounted.length > 0 ? (
        <details className="not-counted">
          <summary>Questions left out of the score ({view.notCounted.length})</summary>
          <ScrollRegion label="Table of questions left out">
            <table>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Why it does not count</th>
                </tr>
              </thead>
              <tbody>
                {view.notCounted.map((row) => (
                  <tr key={row.questionId}>
                    <QuestionCell row={row} />
                    <AnswerCell row={row} files={evidence[row.questionId]} />
                    <td>{row.rule}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
      ) : null}
      {view.warnings.length > 0 ? (
        <>
          <h3>Answers the score ignored</h3>
          <ul>
            {view.warnings.map((warning) => (
              <li key={`${warning.questionId}/${warning.message}`}>
                <code>{warning.questionId}</code>: {warning.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
