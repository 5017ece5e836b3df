// "Why this score": every question that counts, costliest first, with the rule that applied and
// the references behind it, and the questions left out of the score. One component for the
// result page and the printable report (`print`: every part shown, no export links or scroll
// regions; the report has no evidence files beside the answers).
import { type EvidenceItem } from "~/assessments/evidence-view";
import { type ResultView, type WhyRow } from "~/assessments/result-view";
import { formatCredit, formatPoints } from "~/format";
import { EvidenceFiles } from "./evidence-files";
import { ExportLinks } from "./export-links";
import { ScrollRegion } from "./scroll-region";

export function References({ ids }: { ids: string[] }) {
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
  evidence = {},
  print = false,
}: {
  view: Pick<ResultView, "why" | "notCounted" | "warnings">;
  /** The answers' evidence files by question id. */
  evidence?: Record<string, EvidenceItem[]>;
  /** The printable report's version (on paper its tables print whole: report.css). */
  print?: boolean;
}) {
  const notCountedTable = (
    <ScrollRegion label="Table of questions left out">
      <table className={print ? "report-table" : undefined}>
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
  );
  return (
    <section className={print ? "report-part" : "panel"} aria-labelledby="why-title">
      <h2 id="why-title">Why this score</h2>
      <p className="hint">
        Every question that counts, the ones that cost the most overall points first. Points lost =
        100 × section weight × weight × (1 − credit) ÷ the total possible.
      </p>
      {view.why.length > 0 && !print ? (
        <ExportLinks what="this table" path="result/export/why" />
      ) : null}
      {view.why.length === 0 ? (
        <p>No question counts towards the score.</p>
      ) : (
        <ScrollRegion label="Table of questions by points lost">
          <table className={print ? "report-table" : "why-table"}>
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
        print ? (
          <>
            <h3>Questions left out of the score ({view.notCounted.length})</h3>
            {notCountedTable}
          </>
        ) : (
          <details className="not-counted">
            <summary>Questions left out of the score ({view.notCounted.length})</summary>
            {notCountedTable}
          </details>
        )
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
