// The /assessments list when it is opened from a dashboard number: each vendor's latest
// submitted assessment with its current score, or the open assessments overdue or due soon.
import { Link } from "@remix-run/react";
import { type AssessmentStatus } from "~/assessments/status";
import { type PortfolioAssessmentRow } from "~/dashboard/filters";
import { formatScore } from "~/format";
import { ExportLinks } from "./export-links";
import { ScrollRegion } from "./scroll-region";
import { StatusTag } from "./status-tag";
import { TierTag } from "./tier-tag";

export function PortfolioAssessments({
  rows,
  total,
  scored,
  description,
}: {
  rows: PortfolioAssessmentRow[];
  total: number;
  scored: boolean;
  description: string;
}) {
  return (
    <>
      <p className="hint">
        {description} <Link to="/assessments">Show all assessments</Link>
      </p>
      <p role="status">
        {total === 1 ? "1 assessment" : `${total} assessments`}
        {rows.length < total ? ` (the first ${rows.length} shown; the download has them too)` : ""}
      </p>
      {rows.length > 0 ? (
        <ScrollRegion label="Assessments">
          <table>
            <thead>
              <tr>
                <th scope="col">Vendor</th>
                <th scope="col">Questionnaire</th>
                <th scope="col">Status</th>
                {scored ? (
                  <>
                    <th scope="col">Submitted</th>
                    <th scope="col" className="num">
                      Current score
                    </th>
                    <th scope="col">Residual tier</th>
                    <th scope="col">Risk rating</th>
                    <th scope="col" className="num">
                      Knockouts
                    </th>
                  </>
                ) : (
                  <th scope="col">Due</th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/assessments/${r.id}`}>{r.vendorName}</Link>
                  </th>
                  <td>
                    {r.questionnaireTitle} {r.questionnaireVersion}
                  </td>
                  <td>
                    <StatusTag status={r.status as AssessmentStatus} />
                  </td>
                  {scored ? (
                    <>
                      <td>{r.submittedAt?.slice(0, 10)}</td>
                      <td className="num">
                        <Link to={`/assessments/${r.id}/result`}>{formatScore(r.overall)}</Link>
                      </td>
                      <td>{r.residualTier ? <TierTag tier={r.residualTier} /> : "Not scored"}</td>
                      <td>{r.riskRating ? <TierTag tier={r.riskRating} /> : "None"}</td>
                      <td className="num">{r.knockouts}</td>
                    </>
                  ) : (
                    <td>{r.dueDate}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <ExportLinks what="this list" path="/assessments/export" />
    </>
  );
}
