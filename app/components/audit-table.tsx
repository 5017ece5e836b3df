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

export function describeChange(before: unknown, after: unknown): string {
  if (!before && !after) return "";
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .map((k) =>
      k in b
        ? `${k}: ${JSON.stringify(b[k])} → ${JSON.stringify(a[k] ?? null)}`
        : `${k}: ${JSON.stringify(a[k])}`,
    )
    .join("; ");
}

export function AuditTable({ events }: { events: AuditRow[] }) {
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
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.targetType ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ""}` : "—"}</td>
              <td>
                {describeChange(e.before, e.after)}
                {e.detail ? <div className="hint">{JSON.stringify(e.detail)}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
