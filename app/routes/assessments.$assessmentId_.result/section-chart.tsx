// The result page's section scores as a chart, with the same numbers as a table beside it.
import { type ResultView } from "~/assessments/result-view";
import { BarChart, MUTED, TIER_COLOURS } from "~/components/charts";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { formatScore } from "~/format";

export function SectionChart({ view }: { view: ResultView }) {
  const scored = view.sections.filter((s) => s.score !== null);
  const lowest = [...scored].sort((a, b) => a.score! - b.score!)[0];
  return (
    <section className="panel" aria-labelledby="sections-title">
      <h2 id="sections-title">Section scores</h2>
      <p className="hint">
        Out of 100, coloured by the tier each score alone would give. The tier thresholds are{" "}
        {view.thresholds.high} (High), {view.thresholds.medium} (Medium) and {view.thresholds.low}{" "}
        (Low).
      </p>
      {scored.length > 0 ? (
        <BarChart
          horizontal
          max={100}
          summary={`Bar chart of ${scored.length} section scores out of 100${lowest ? `; the lowest is ${lowest.title} at ${formatScore(lowest.score)}` : ""}. The table below has every score.`}
          tableId="section-scores-table"
          labels={scored.map((s) => s.title)}
          values={scored.map((s) => s.score)}
          colours={scored.map((s) => (s.tier ? TIER_COLOURS[s.tier] : MUTED))}
          datasetLabel="Section score"
        />
      ) : null}
      {/* Relative to /assessments/:id/result, so the component needs no id. */}
      <ExportLinks what="section scores" path="result/export/sections" />
      <ScrollRegion label="Table of section scores">
        <table className="score-chart" id="section-scores-table">
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {view.sections.map((section) => (
              <tr key={section.sectionId}>
                <th scope="row">{section.title}</th>
                <td className="num">{section.weight}</td>
                <td>
                  <span className="score-cell">
                    <span className="score-cell__value">{formatScore(section.score)}</span>
                    {section.tier ? <TierTag tier={section.tier} /> : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Overall</th>
              <td className="num" />
              <td>
                <span className="score-cell">
                  <span className="score-cell__value">{formatScore(view.overall)}</span>
                  {view.scoreTier ? <TierTag tier={view.scoreTier} /> : null}
                </span>
              </td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
    </section>
  );
}
