// The comparison itself: the chosen vendors side by side, section by section, and the questions
// of one section at a time with the spread of credits (docs/decisions/390-compare-one-section.md).
import { Form } from "@remix-run/react";
import { type ReactNode } from "react";
import { type Comparison, type QuestionCell, type SectionView } from "~/compare/compare";
import { compareHref, type PickerState } from "~/compare/compare-query";
import { ExportLinks } from "~/components/export-links";
import { RowLink, useRowLinks } from "~/components/row-link";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { formatCredit, formatScore } from "~/format";
import { type Tier } from "~/scoring/risk";
import { StateFields } from "./state-fields";

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
          <RowLink to={`/assessments/${col.assessmentId}/result`}>{col.vendorName}</RowLink>
          <span className="cell-note hint">{` version ${col.version}`}</span>
        </th>
      ))}
    </>
  );
}

type ViewProps = {
  /** The comparison, with only the shown section's questions (`view`). */
  c: Comparison;
  view: Omit<SectionView, "questions">;
  /** What the section links and the filter keep (the vendors, the picker's search). */
  state: PickerState;
  formKey: string;
};

export function ComparisonView({ c, view, state, formKey }: ViewProps) {
  const versions = [...new Set(c.columns.map((col) => col.version))];
  // Each table heads its columns with the vendors' links: plain anchors, one listener a panel.
  const overviewLinks = useRowLinks<HTMLElement>();
  const heatMapLinks = useRowLinks<HTMLElement>();
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
      <section className="panel" aria-labelledby="overview-title" ref={overviewLinks}>
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

      <section className="panel" aria-labelledby="heat-title" ref={heatMapLinks}>
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

      <QuestionsPanel c={c} view={view} state={state} formKey={formKey} />
      <ExportLinks what="this comparison" path="/compare/export" />
    </>
  );
}

/** "4 of 12 differ", "none of 5 differs", "all 3 differ". */
function differCount(differing: number, questions: number): string {
  if (differing === 0) return `none of ${questions} ${questions === 1 ? "differs" : "differ"}`;
  if (differing === questions && questions > 1) return `all ${questions} differ`;
  return `${differing} of ${questions} ${differing === 1 ? "differs" : "differ"}`;
}

/**
 * The question table, one section at a time: the list of sections (each saying how many of its
 * questions differ across the vendors), the "only where answers differ" filter as a GET form,
 * and the shown section's questions. Every link and the form keep the rest of the page's state.
 */
function QuestionsPanel({ c, view, state, formKey }: ViewProps) {
  const current = view.nav.find((s) => s.sectionId === view.section);
  const differ = view.differ ? ("1" as const) : undefined;
  const panelLinks = useRowLinks<HTMLElement>();
  return (
    <section className="panel" aria-labelledby="questions-title" ref={panelLinks}>
      <h3 id="questions-title" tabIndex={-1}>
        Question by question
      </h3>
      <p className="hint">
        One section at a time. Each vendor&apos;s answer and its credit (0 to 1); the questions
        where their credits differ most come first (spread is the highest credit minus the lowest).
        A question differs when the vendors&apos; answers or credits are not all the same, or a
        version does not have it.
      </p>
      <nav aria-label="Sections of the questionnaire">
        <ul className="filters">
          {view.nav.map((s) => (
            <li key={s.sectionId}>
              <RowLink
                to={`${compareHref({ ...state, section: s.sectionId, differ })}#questions-title`}
                aria-current={s.sectionId === view.section ? "page" : undefined}
                preventScrollReset
              >
                {`${s.title} · ${differCount(s.differing, s.questions)}`}
              </RowLink>
            </li>
          ))}
        </ul>
      </nav>
      {current ? (
        <>
          <Form
            method="get"
            className="compare-filter"
            aria-label="Filter the questions"
            key={formKey}
          >
            <StateFields state={{ ...state, section: current.sectionId, differ: undefined }} />
            <div className="checkbox">
              <input
                type="checkbox"
                id="differ"
                name="differ"
                value="1"
                defaultChecked={view.differ}
              />
              <label htmlFor="differ">Only questions where answers differ</label>
            </div>
            <button type="submit" className="button--secondary">
              Apply
            </button>
          </Form>
          <h4 id="section-title">{current.title}</h4>
          <p className="result-count">
            {view.differ
              ? `${current.differing} of ${current.questions} questions, those where answers differ.`
              : `${current.questions} ${current.questions === 1 ? "question" : "questions"}, ${differCount(current.differing, current.questions)}.`}
          </p>
          {c.questions.length > 0 ? (
            <QuestionTable c={c} />
          ) : (
            <p>No question in this section has answers that differ across these vendors.</p>
          )}
        </>
      ) : (
        <p>Choose a section from the list to see its questions.</p>
      )}
    </section>
  );
}

function QuestionTable({ c }: { c: Comparison }) {
  return (
    <ScrollRegion label="Answers question by question">
      <table aria-labelledby="section-title">
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
  );
}
