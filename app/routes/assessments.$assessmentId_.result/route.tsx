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
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { getDb } from "~/db.server";
import { formatScore } from "~/format";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS, explainRiskRating } from "~/scoring/risk";
import { getResultPage } from "~/assessments/scores.server";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { evidenceByQuestion } from "~/assessments/evidence-view";
import scoreStyles from "~/styles/score.css?url";
import portfolioStyles from "~/styles/portfolio.css?url";
import { SectionChart } from "./section-chart";
import { WhyThisScore } from "~/components/why-this-score";
import { Findings } from "./findings";
import { TierOrNone } from "~/components/tier-tag";
import { RiskMatrix } from "~/components/risk-matrix";

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
  {
    name: "description",
    content: "An assessment's score, tiers, risk rating and the findings behind them.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const page = parsed.success ? await getResultPage(db, parsed.data.assessmentId) : null;
  if (!page) throw data("There is no such assessment.", { status: 404 });
  const evidence = evidenceByQuestion(await listEvidenceItems(db, [page.summary.id], "staff"));
  return { ...page, evidence };
}

export default function AssessmentResultPage() {
  const { summary, basis, computedAt, profile, view, current, evidence } =
    useLoaderData<typeof loader>();
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
            {view.inherentTier && view.residualTier ? (
              <>
                <p className="hint">{explainRiskRating(view.inherentTier, view.residualTier)}</p>
                <RiskMatrix inherent={view.inherentTier} residual={view.residualTier} />
              </>
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
      <WhyThisScore view={view} evidence={evidence} />
    </>
  );
}
