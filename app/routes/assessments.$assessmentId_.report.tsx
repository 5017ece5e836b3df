// The printable assessment report: summary, section scores, "why this score", findings with
// their status and the evidence files with their SHA-256, each part starting a new printed
// page (app/styles/report.css). The same content as a PDF is at ./report.pdf. Not nested in the
// assessment page, like the result page (docs/decisions/042-result-route-not-nested.md).
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STATUS_LABELS } from "~/assessments/status";
import { DateTime } from "~/components/date-time";
import { TierOrNone } from "~/components/tier-tag";
import { getDb } from "~/db.server";
import { formatBytes, formatCredit, formatPoints } from "~/format";
import { findingStatusText, scoreLineText, severityText } from "~/reports/report";
import { requireReportReader } from "~/reports/guard.server";
import { getAssessmentReport } from "~/reports/report.server";
import { formatScore } from "~/scoring/engine";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS } from "~/scoring/risk";
import reportStyles from "~/styles/report.css?url";
import scoreStyles from "~/styles/score.css?url";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: scoreStyles },
  { rel: "stylesheet", href: reportStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Assessment report: ${data.report.assessment.vendorName} — Assay`
      : "Assessment report — Assay",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireReportReader(request);
  const parsed = ParamsSchema.safeParse(params);
  const report = parsed.success
    ? await getAssessmentReport(await getDb(), parsed.data.assessmentId)
    : null;
  if (!report) throw data("There is no such assessment.", { status: 404 });
  return { report };
}

export default function AssessmentReportPage() {
  const { report } = useLoaderData<typeof loader>();
  const { assessment, view } = report;
  const base = `/assessments/${assessment.id}`;
  return (
    <article className="report">
      <nav aria-label="Report" className="report-tools actions">
        <Link to={`${base}/result`}>Back to the score</Link>
        <Link to={base}>Back to the assessment</Link>
        <a href={`${base}/report.pdf`} download>
          Download PDF
        </a>
        <button type="button" className="button--secondary" onClick={() => window.print()}>
          Print
        </button>
      </nav>
      <header className="report-part report-part--first">
        <h1>Assessment report: {assessment.vendorName}</h1>
        <p className="report-subtitle">
          {assessment.questionnaireTitle} {assessment.questionnaireVersion}
        </p>
        {report.basis === "provisional" ? (
          <p className="notice provisional-note">
            <strong>Provisional: not submitted.</strong> The score is a preview computed from the
            answers saved so far and is not stored.
          </p>
        ) : null}
        <dl className="summary">
          <dt>Status</dt>
          <dd>{STATUS_LABELS[assessment.status as keyof typeof STATUS_LABELS]}</dd>
          <dt>Created</dt>
          <dd>
            <DateTime value={assessment.createdAt} />
          </dd>
          <dt>Sent</dt>
          <dd>
            <DateTime value={assessment.sentAt} />
          </dd>
          <dt>Submitted</dt>
          <dd>
            <DateTime value={assessment.submittedAt} />
          </dd>
          <dt>Due</dt>
          <dd>{assessment.dueDate}</dd>
          <dt>Report generated</dt>
          <dd>
            <DateTime value={report.generatedAt} />
          </dd>
        </dl>

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
        </section>
      </header>

      <section className="report-part" aria-labelledby="why-title">
        <h2 id="why-title">Why this score</h2>
        <p className="hint">
          Every question that counts, the ones that cost the most overall points first. Points lost
          = 100 × section weight × weight × (1 − credit) ÷ the total possible.
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
                      {row.sectionTitle} · <code>{row.questionId}</code> · weight{" "}
                      {row.sectionWeight} × {row.weight}
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

      <section className="report-part" aria-labelledby="findings-title">
        <h2 id="findings-title">Findings ({report.findings.length})</h2>
        {report.findings.length === 0 ? (
          <p>No answer opened a finding.</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">From the question</th>
                <th scope="col">References</th>
              </tr>
            </thead>
            <tbody>
              {report.findings.map((finding, index) => (
                <tr key={finding.id ?? `${finding.questionId}/${index}`}>
                  <th scope="row">
                    {finding.title}
                    {finding.knockout ? <span className="tag knockout">Knockout</span> : null}
                  </th>
                  <td>
                    <span className={`tag severity-${finding.severity}`}>
                      {severityText(finding.severity)}
                    </span>
                  </td>
                  <td>{findingStatusText(finding.status)}</td>
                  <td>{finding.dueDate ?? "—"}</td>
                  <td>{finding.questionText}</td>
                  <td>{finding.references.length ? finding.references.join(", ") : "None"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2 id="evidence-title">Evidence files ({report.evidence.length})</h2>
        {report.evidence.length === 0 ? (
          <p>No evidence files were uploaded.</p>
        ) : (
          <table className="report-table" aria-labelledby="evidence-title">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">For the question</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Uploaded</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {report.evidence.map((file) => (
                <tr key={`${file.sha256}/${file.uploadedAt}/${file.fileName}`}>
                  <th scope="row">{file.fileName}</th>
                  <td>{file.questionText}</td>
                  <td className="num">{formatBytes(file.size)}</td>
                  <td>
                    <DateTime value={file.uploadedAt} />
                  </td>
                  <td>
                    <code className="hash">{file.sha256}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
