// One vendor's remediation at a glance (docs/design.md, "Users and their jobs"): open findings,
// accepted risks with their expiry, and the closed history, newest first.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { type Db, schema, rowCount } from "~/db.server";
import { isoDay, OPEN_STATUSES } from "./status";

const LIMIT = 50;

export async function getVendorFindings(db: Db, vendorId: string, now: Date = new Date()) {
  const f = schema.findings;
  const columns = {
    id: f.id,
    title: f.title,
    severity: f.severity,
    status: f.status,
    dueDate: f.dueDate,
    acceptanceExpiresOn: f.acceptanceExpiresOn,
    acceptanceJustification: f.acceptanceJustification,
    closedAt: f.closedAt,
    updatedAt: f.updatedAt,
  };
  const severityRank = sql`array_position(array['critical','high','medium','low']::severity[], ${f.severity})`;
  const [open, accepted, closed, [counts]] = await Promise.all([
    db
      .select(columns)
      .from(f)
      .where(and(eq(f.vendorId, vendorId), inArray(f.status, [...OPEN_STATUSES])))
      .orderBy(asc(f.dueDate), severityRank)
      .limit(rowCount(LIMIT)),
    db
      .select(columns)
      .from(f)
      .where(and(eq(f.vendorId, vendorId), eq(f.status, "risk_accepted")))
      .orderBy(asc(f.acceptanceExpiresOn))
      .limit(rowCount(LIMIT)),
    db
      .select(columns)
      .from(f)
      .where(and(eq(f.vendorId, vendorId), eq(f.status, "verified")))
      .orderBy(desc(f.closedAt))
      .limit(rowCount(LIMIT)),
    db
      .select({
        open: sql<number>`count(*) filter (where ${f.status} in ('open','in_progress','fixed_by_vendor','reopened'))::int`,
        accepted: sql<number>`count(*) filter (where ${f.status} = 'risk_accepted')::int`,
        verified: sql<number>`count(*) filter (where ${f.status} = 'verified')::int`,
      })
      .from(f)
      .where(eq(f.vendorId, vendorId)),
  ]);
  const today = isoDay(now);
  return {
    open: open.map((r) => ({ ...r, overdue: r.dueDate < today })),
    accepted,
    closed,
    counts: counts ?? { open: 0, accepted: 0, verified: 0 },
  };
}
