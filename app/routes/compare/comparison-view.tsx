// The comparison itself: the chosen vendors side by side, section by section and question by
// question, with the spread of credits.
import { Link } from "@remix-run/react";
import { type ReactNode } from "react";
import { type Comparison, type QuestionCell } from "~/compare/compare";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { formatCredit } from "~/format";
import { formatScore } from "~/scoring/engine";
import { type Tier } from "~/scoring/risk";

function TierOr({ tier, none }: { tier: Tier | null; none: string }) {
  return tier ? <TierTag tier={tier} /> : <>{none}</>;
}

type Column = Comparison["columns"][number];

/**
 * A cell's note as one string: adjacent JSX texts are separate nodes, each marked with a
 * comment in the server's HTML, and the question table has one cell per question and vendor
 * (docs/decisions/381-compare-render.md).
 */
function creditNote(cell: Extract<QuestionCell, { present: true }>): string {
  return ` Credit ${formatCredit(cell.credit)}${cell.verified ? " (verified)" : ""}${
    cell.credit === null ? ` (${cell.applicability})` : ""
  }`;
}

/** The overview's rows: one measure of each compared assessment. */
const OVERVIEW: Array<{ label: string; num?: boolean; cell: (col: Column) => ReactNode }> = [
  { label: "Overall score", num: true, cell: (col) => formatScore(col.overall) },
  { label: "Score at submission", num: true, cell: (col) => formatScore(col.submittedOverall) },
  {
    label: "Residual tier",
    cell: (col) => <TierOr tier={col.residualTier} none="Not scored" />,
  },
  { label: "Inherent tier", cell: (col) => <TierOr tier={col.inherentTier} none="Unknown" /> },
  { label: "Risk rating", cell: (col) => <TierOr tier={col.riskRating} none="None" /> },
  { label: "Knockouts", num: true, cell: (col) => col.knockouts },
  { label: "Submitted", cell: (col) => col.submittedAt?.slice(0, 10) },
];

function VendorHeaders({ c }: { c: Comparison }) {
  return (
    <>
      {c.columns.map((col) => (
        <th scope="col" key={col.assessmentId}>
          <Link to={`/assessments/${col.assessmentId}/result`}>{col.vendorName}</Link>
          <span className="cell-note hint">{` version ${col.version}`}</span>
        </th>
      ))}
    </>
  );
}

export function ComparisonView({ c }: { c: Comparison }) {
  const versions = [...new Set(c.columns.map((col) => col.version))];
  return (
    <>
      <h2 id="comparison" tabIndex={-1}>
        {c.title}: {c.columns.length} vendors
      </h2>
      {versions.length > 1 ? (
        <p className="hint">
          These assessments use versions {versions.join(", ")}. Questions are matched by their ids;
          a question or section a version does not have is marked “not in version”.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="overview-title">
        <h3 id="overview-title">Overview</h3>
        <p className="hint">Current scores: verified remediations count at full credit.</p>
        <ScrollRegion label="Overview of the compared vendors">
          <table>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <VendorHeaders c={c} />
              </tr>
            </thead>
            <tbody>
              {OVERVIEW.map((measure) => (
                <tr key={measure.label}>
                  <th scope="row">{measure.label}</th>
                  {c.columns.map((col) => (
                    <td key={col.assessmentId} className={measure.num ? "num" : undefined}>
                      {measure.cell(col)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section className="panel" aria-labelledby="heat-title">
        <h3 id="heat-title">Section scores</h3>
        <p className="hint">
          Out of 100, with the tier each score alone would give; the colour repeats the tier. Each
          cell comes from the version in its column heading.
        </p>
        <ScrollRegion label="Section scores heat map">
          <table className="heat-map">
            <thead>
              <tr>
                <th scope="col">Section</th>
                <VendorHeaders c={c} />
              </tr>
            </thead>
            <tbody>
              {c.sections.map((s) => (
                <tr key={s.sectionId}>
                  <th scope="row">
                    {s.title}
                    {s.versions.length < versions.length ? (
                      <span className="cell-note hint">
                        {" "}
                        only in version {s.versions.join(", ")}
                      </span>
                    ) : null}
                  </th>
                  {s.cells.map((cell, i) =>
                    cell.present ? (
                      <td key={i} className={`heat heat-${cell.tier ?? "none"}`}>
                        {formatScore(cell.score)}
                        <small>{cell.tier ?? "not scored"}</small>
                      </td>
                    ) : (
                      <td key={i} className="heat heat-none">
                        {`Not in version ${c.columns[i]!.version}`}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section className="panel" aria-labelledby="questions-title">
        <h3 id="questions-title">Question by question</h3>
        <p className="hint">
          Each vendor&apos;s answer and its credit (0 to 1). The questions where their credits
          differ most come first; spread is the highest credit minus the lowest.
        </p>
        <ScrollRegion label="Answers question by question">
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col" className="num">
                  Spread
                </th>
                <VendorHeaders c={c} />
              </tr>
            </thead>
            <tbody>
              {c.questions.map((q) => (
                <tr key={q.questionId}>
                  <th scope="row">
                    {q.text}
                    <span className="cell-note hint">
                      {` ${q.sectionTitle} · `}
                      <code>{q.questionId}</code>
                    </span>
                  </th>
                  <td className="num">{q.spread === null ? "—" : formatCredit(q.spread)}</td>
                  {q.cells.map((cell, i) =>
                    cell.present ? (
                      <td key={i}>
                        {cell.answer}
                        <span className="cell-note hint">{creditNote(cell)}</span>
                      </td>
                    ) : (
                      <td key={i} className="hint">
                        {`Not in version ${cell.version}`}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <ExportLinks what="this comparison" path="/compare/export" />
    </>
  );
}
