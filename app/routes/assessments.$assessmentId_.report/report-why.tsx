// "Why this score" in the report: every question that counts, costliest first, and the ones
// left out of the score.
import { formatCredit, formatPoints } from "~/format";
import { type AssessmentReport } from "~/reports/report";

export function ReportWhy({ report }: { report: AssessmentReport }) {
  const { view } = report;
  return (
    <section className="report-part" aria-labelledby="why-title">
      <h2 id="why-title">Why this score</h2>
      <p className="hint">
        Every question that counts, the ones that cost the most overall points first. Points lost =
        100 × section weight × weight × (1 − credit) ÷ the total possible.
      </p>
      {view.why.length === 0 ? (
        <p>No question counts towards the score.</p>
      ) : (
        <table className="report-table">
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
              <th scope="col">References</th>
            </tr>
          </thead>
          <tbody>
            {view.why.map((row) => (
              <tr key={row.questionId}>
                <th scope="row">
                  {row.text}
                  <span className="cell-note hint">
                    {row.sectionTitle} · <code>{row.questionId}</code> · weight {row.sectionWeight}{" "}
                    × {row.weight}
                  </span>
                  {row.knockout ? <span className="tag knockout">Knockout</span> : null}
                </th>
                <td>{row.answer}</td>
                <td>{row.rule}</td>
                <td className="num">{formatPoints(row.overallLost)}</td>
                <td className="num">{formatCredit(row.credit)}</td>
                <td>{row.references.length ? row.references.join(", ") : "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.notCounted.length > 0 ? (
        <>
          <h3>Questions left out of the score ({view.notCounted.length})</h3>
          <ul>
            {view.notCounted.map((row) => (
              <li key={row.questionId}>
                {row.text}: {row.rule}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
