// The report's summary (score, tiers with their rules, submitted and current scores, knockouts)
// and the table of section scores.
import { ScrollRegion } from "~/components/scroll-region";
import { TierOrNone } from "~/components/tier-tag";
import { type AssessmentReport, scoreLineText } from "~/reports/report";
import { formatScore } from "~/format";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS, explainRiskRating } from "~/scoring/risk";
import { RiskMatrix } from "~/components/risk-matrix";

export function ReportSummary({ report }: { report: AssessmentReport }) {
  const { view } = report;
  return (
    <>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl className="summary">
          <dt>Overall score</dt>
          <dd>
            <span className="score-figure">{formatScore(view.overall)}</span>
            {view.overall === null ? null : " out of 100"}
          </dd>
          <dt>Residual tier</dt>
          <dd>
            <TierOrNone tier={view.residualTier} />
            <p className="hint">{view.residualRule}</p>
          </dd>
          <dt>Inherent tier</dt>
          <dd>
            <TierOrNone tier={view.inherentTier} />
            <p className="hint">
              Data access: {DATA_ACCESS_LABELS[report.profile.dataAccess]}. Criticality:{" "}
              {CRITICALITY_LABELS[report.profile.criticality]}.
            </p>
          </dd>
          <dt>Risk rating</dt>
          <dd>
            <TierOrNone tier={view.riskRating} />
            {view.inherentTier && view.residualTier ? (
              <>
                <p className="hint">{explainRiskRating(view.inherentTier, view.residualTier)}</p>
                <RiskMatrix inherent={view.inherentTier} residual={view.residualTier} />
              </>
            ) : null}
          </dd>
          <dt>Submitted score</dt>
          <dd>{scoreLineText(report.scores.submitted)}</dd>
          <dt>Current score</dt>
          <dd>
            {scoreLineText(report.scores.current)}
            {report.scores.current ? (
              <p className="hint">
                Counts {report.scores.current.verifiedQuestionCount} question
                {report.scores.current.verifiedQuestionCount === 1 ? "" : "s"} with verified
                remediation at full credit.
              </p>
            ) : null}
          </dd>
          <dt>Knockouts</dt>
          <dd>
            {view.knockouts.length === 0 ? (
              "None"
            ) : (
              <ul className="plain-list">
                {view.knockouts.map((knockout) => (
                  <li key={`${knockout.questionId}/${knockout.findingTitle}`}>
                    {knockout.questionText}: {knockout.findingTitle}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Scored</dt>
          <dd>
            As of {view.asOf} with engine {view.engineVersion}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="sections-title">
        <h2 id="sections-title">Section scores</h2>
        <ScrollRegion label="Section scores">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col" className="num">
                  Weight
                </th>
                <th scope="col" className="num">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {view.sections.map((section) => (
                <tr key={section.sectionId}>
                  <th scope="row">{section.title}</th>
                  <td className="num">{section.weight}</td>
                  <td className="num">{formatScore(section.score)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Overall</th>
                <td className="num" />
                <td className="num">{formatScore(view.overall)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}
