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
import { getDb } from "~/db.server";
import { requireReportReader } from "~/reports/guard.server";
import { getAssessmentReport } from "~/reports/report.server";
import reportStyles from "~/styles/report.css?url";
import scoreStyles from "~/styles/score.css?url";
import { ReportFindings } from "./report-findings";
import { ReportSummary } from "./report-summary";
import { WhyThisScore } from "~/components/why-this-score";

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
  {
    name: "description",
    content:
      "The assessment report: summary, scores, findings, evidence and why each score is what it is.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireReportReader(request, context);
  const parsed = ParamsSchema.safeParse(params);
  const report = parsed.success
    ? await getAssessmentReport(await getDb(), parsed.data.assessmentId)
    : null;
  if (!report) throw data("There is no such assessment.", { status: 404 });
  return { report };
}

export default function AssessmentReportPage() {
  const { report } = useLoaderData<typeof loader>();
  const { assessment } = report;
  const base = `/assessments/${assessment.id}`;
  return (
    <article className="report">
      <nav aria-label="Report" className="report-tools actions">
        <Link to={`${base}/result`}>Back to the score</Link>
        <Link to={base}>Back to the assessment</Link>
        <a href={`${base}/report.pdf`} download>
          Download PDF
        </a>
        <a href={`${base}/oscal.json`} download>
          Download OSCAL (JSON)
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

        <ReportSummary report={report} />
      </header>

      <WhyThisScore view={report.view} print />
      <ReportFindings report={report} />
    </article>
  );
}
