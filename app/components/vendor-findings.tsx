import { Link } from "@remix-run/react";
import { formatDay } from "~/format";
import {
  FINDING_STATUS_LABELS,
  type FindingStatus,
  type Severity,
  SEVERITY_LABELS,
} from "~/findings/status";

type Row = {
  id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  dueDate: string;
  acceptanceExpiresOn: string | null;
  acceptanceJustification: string | null;
  closedAt: string | Date | null;
  overdue?: boolean;
};

/** A vendor's open findings, accepted risks with their expiry, and verified history. */
export function VendorFindings({
  vendorId,
  open,
  accepted,
  closed,
  counts,
}: {
  vendorId: string;
  open: Row[];
  accepted: Row[];
  closed: Row[];
  counts: { open: number; accepted: number; verified: number };
}) {
  const more = (n: number, shown: number, status: string) =>
    n > shown ? (
      <p>
        <Link to={`/findings?vendor=${vendorId}&status=${status}`}>All {n}</Link>
      </p>
    ) : null;
  return (
    <section className="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings</h2>
      <h3>Open ({counts.open})</h3>
      {open.length === 0 ? (
        <p>No open findings.</p>
      ) : (
        <ul className="work-list">
          {open.map((f) => (
            <li key={f.id}>
              {f.overdue ? <strong className="overdue">Overdue: </strong> : null}
              <Link to={`/findings/${f.id}`}>{f.title}</Link> — {SEVERITY_LABELS[f.severity]},{" "}
              {FINDING_STATUS_LABELS[f.status].toLowerCase()}, due {formatDay(f.dueDate)}
            </li>
          ))}
        </ul>
      )}
      {more(counts.open, open.length, "open_any")}
      <h3>Accepted risks ({counts.accepted})</h3>
      {accepted.length === 0 ? (
        <p>No accepted risks.</p>
      ) : (
        <ul className="work-list">
          {accepted.map((f) => (
            <li key={f.id}>
              <Link to={`/findings/${f.id}`}>{f.title}</Link> — {SEVERITY_LABELS[f.severity]},
              accepted until {f.acceptanceExpiresOn ? formatDay(f.acceptanceExpiresOn) : "—"}
              {f.acceptanceJustification ? `: ${f.acceptanceJustification}` : ""}
            </li>
          ))}
        </ul>
      )}
      {more(counts.accepted, accepted.length, "risk_accepted")}
      <h3>Verified ({counts.verified})</h3>
      {closed.length === 0 ? (
        <p>No verified fixes yet.</p>
      ) : (
        <ul className="work-list">
          {closed.map((f) => (
            <li key={f.id}>
              <Link to={`/findings/${f.id}`}>{f.title}</Link> — {SEVERITY_LABELS[f.severity]},
              verified {f.closedAt ? formatDay(new Date(f.closedAt)) : ""}
            </li>
          ))}
        </ul>
      )}
      {more(counts.verified, closed.length, "verified")}
    </section>
  );
}
