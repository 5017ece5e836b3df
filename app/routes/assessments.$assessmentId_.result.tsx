// The staff result page: the score, tiers and rating, the section chart, findings by
// severity and "why this score". The trailing underscore keeps it out of the assessment
// page's layout, which has no <Outlet> (docs/decisions/042-result-route-not-nested.md).
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STATUS_LABELS } from "~/assessments/status";
import { type ResultView, type WhyRow } from "~/assessments/result-view";
import { requireUser } from "~/auth/session.server";
import { BarChart, MUTED, TIER_COLOURS } from "~/components/charts";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { getDb } from "~/db.server";
import { formatCredit, formatPoints } from "~/format";
import { formatScore } from "~/scoring/engine";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS, type Tier } from "~/scoring/risk";
import { getResultPage } from "~/assessments/scores.server";
import scoreStyles from "~/styles/score.css?url";
import portfolioStyles from "~/styles/portfolio.css?url";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: scoreStyles },
  { rel: "stylesheet", href: portfolioStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.basis === "provisional" ? "Provisional score" : "Score"}: ${data.summary.vendorName} — Assay`
      : "Score — Assay",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const parsed = ParamsSchema.safeParse(params);
  const page = parsed.success ? await getResultPage(await getDb(), parsed.data.assessmentId) : null;
  if (!page) throw data("There is no such assessment.", { status: 404 });
  return page;
}

export default function AssessmentResultPage() {
  const { summary, basis, computedAt, profile, view, current } = useLoaderData<typeof loader>();
  const provisional = basis === "provisional";
  return (
    <>
      <p>
        <Link to={`/assessments/${summary.id}`}>Back to the assessment</Link> ·{" "}
        <Link to={`/assessments/${summary.id}/report`}>Printable report</Link>
      </p>
      <h1>
        {provisional ? "Provisional score" : "Score"}: {summary.vendorName}
      </h1>
      <p className="hint">
        {summary.questionnaireTitle} {summary.questionnaireVersion}
      </p>
      {provisional ? (
        <div className="notice provisional" id="provisional">
          <p>
            <strong>Provisional: not submitted.</strong> This assessment is{" "}
            {STATUS_LABELS[summary.status].toLowerCase()}. The score below is a preview computed
            from the answers saved so far and is not stored.{" "}
            {view.unansweredCount === 1
              ? "1 unanswered question counts as 0"
              : `${view.unansweredCount} unanswered questions count as 0`}
            , so the score will change as the vendor answers.
          </p>
        </div>
      ) : null}
      {basis === "unstored" ? (
        <div className="notice">
          <p>
            This assessment was submitted before scores were stored. The score below is computed now
            from its locked answers, as of the day it was submitted.
          </p>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="overview-title">
        <h2 id="overview-title">Overview</h2>
        <dl className="summary">
          <dt>Overall score</dt>
          <dd>
            <span className="score-figure">{formatScore(view.overall)}</span>
            {view.overall === null ? null : " out of 100"}
            {provisional ? " (provisional)" : null}
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
              Data access: {DATA_ACCESS_LABELS[profile.dataAccess]}. Criticality:{" "}
              {CRITICALITY_LABELS[profile.criticality]}.
            </p>
          </dd>
          <dt>Risk rating</dt>
          <dd>
            <TierOrNone tier={view.riskRating} />
          </dd>
          <dt>Knockouts</dt>
          <dd>
            {view.knockouts.length === 0 ? (
              "None"
            ) : (
              <ul className="plain-list">
                {view.knockouts.map((knockout) => (
                  <li key={`${knockout.questionId}/${knockout.findingTitle}`}>
                    <a href={`#why-${knockout.questionId}`}>{knockout.questionText}</a>:{" "}
                    {knockout.findingTitle}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          {current ? (
            <>
              <dt>Current score</dt>
              <dd>
                {formatScore(current.overall)}
                {current.residualTier ? <> · {current.residualTier} residual</> : null}
                {current.riskRating ? <> · {current.riskRating} risk</> : null}
                <p className="hint">
                  With {current.verifiedQuestionCount} verified remediation
                  {current.verifiedQuestionCount === 1 ? "" : "s"} counted at full credit.
                </p>
              </dd>
            </>
          ) : null}
          <dt>Scored</dt>
          <dd>
            As of {view.asOf} with engine {view.engineVersion}
            {provisional ? null : (
              <>
                , computed <DateTime value={computedAt} />
              </>
            )}
          </dd>
        </dl>
      </section>

      <SectionChart view={view} />
      <Findings view={view} />
      <WhyThisScore view={view} />
    </>
  );
}

function TierOrNone({ tier }: { tier: Tier | null }) {
  return tier ? <TierTag tier={tier} /> : <>None (not scored)</>;
}

function SectionChart({ view }: { view: ResultView }) {
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

function Findings({ view }: { view: ResultView }) {
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

function WhyThisScore({ view }: { view: ResultView }) {
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
                  <td>{row.answer}</td>
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
                    <td>{row.answer}</td>
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
