// The findings staff shared with the vendor for remediation (docs/decisions/091): only the
// session's own assessment, only shared ones, and only what the vendor may see.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDay } from "~/format";
import { requireVendorSession } from "~/assessments/respond.server";
import { listVendorFindings } from "~/findings/finding-evidence.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";

export const meta: MetaFunction = () => [
  { title: "Findings to remediate — Assay" },
  {
    name: "description",
    content: "Findings from your assessment to remediate, with their due dates.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const findings = await listVendorFindings(vendor.db, vendor.assessmentId);
  return {
    findings: findings.map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      status: f.status,
      dueDate: formatDay(f.dueDate),
      targetDate: f.vendorTargetDate ? formatDay(f.vendorTargetDate) : null,
    })),
  };
}

export default function VendorFindingsPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/v">Back to your assessment</Link>
      </p>
      <h1>Findings to remediate</h1>
      {page.findings.length === 0 ? (
        <p className="panel">No findings have been shared with you.</p>
      ) : (
        <>
          <p>
            For each finding, tell us how and when you will fix it, add evidence of the fix, and
            mark it as fixed when it is.
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Findings shared with you</caption>
              <thead>
                <tr>
                  <th scope="col">Finding</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Due</th>
                  <th scope="col">Your target date</th>
                </tr>
              </thead>
              <tbody>
                {page.findings.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <Link to={`/v/findings/${f.id}`}>{f.title}</Link>
                    </td>
                    <td>
                      <span className={`tag tier-${SEVERITY_LABELS[f.severity]}`}>
                        {SEVERITY_LABELS[f.severity]}
                      </span>
                    </td>
                    <td>{FINDING_STATUS_LABELS[f.status]}</td>
                    <td>{f.dueDate}</td>
                    <td>{f.targetDate ?? "Not set"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
