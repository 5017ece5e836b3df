import {
  actionLabel,
  type AuditNames,
  type ChangeLine,
  describeAuditChange,
  describeAuditDetail,
  targetLabel,
} from "~/audit/describe";
import { DateTime } from "./date-time";
import { ScrollRegion } from "./scroll-region";

export type AuditRow = {
  id: number;
  at: string | Date;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
};

function ChangeList({ lines, label }: { lines: ChangeLine[]; label: string }) {
  if (lines.length === 0) return null;
  return (
    <ul className="audit-changes" aria-label={label}>
      {lines.map((line, i) => (
        <li key={i}>
          <span className="audit-field">{line.field}:</span>{" "}
          {line.before !== undefined ? (
            <>
              <span className="audit-before">{line.before}</span> <span aria-hidden="true">→</span>{" "}
              <span className="visually-hidden">changed to</span>{" "}
            </>
          ) : null}
          <span className="audit-after">{line.after}</span>
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ events, names = {} }: { events: AuditRow[]; names?: AuditNames }) {
  if (events.length === 0) return <p>No events match.</p>;
  return (
    <ScrollRegion label="Audit events">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <DateTime value={e.at} />
              </td>
              <td>{e.actorLabel}</td>
              <td>{actionLabel(e.action)}</td>
              <td>{targetLabel(e.targetType, e.targetId, names)}</td>
              <td>
                <ChangeList lines={describeAuditChange(e.before, e.after, names)} label="Changes" />
                <ChangeList lines={describeAuditDetail(e.detail, names)} label="Details" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
