// Opening findings, the one way both their sources do it (the scoring engine's gaps in
// findings.server.ts, the supply-chain policy's in supply-chain/declared.server.ts): insert the
// ones not open yet (keys are stable, docs/decisions/025-findings-identity.md), record each new
// one's "opened" event with the note saying where it came from, and emit finding.opened.
import { type Db, schema } from "~/db.server";
import { emitFindingEvent } from "~/webhooks/emit.server";

/** Inserts `rows` (skipping keys the assessment already has); returns how many are new. */
export async function insertOpenedFindings(
  tx: Db,
  rows: (typeof schema.findings.$inferInsert)[],
  note: string,
  now: Date,
): Promise<number> {
  const inserted = await tx
    .insert(schema.findings)
    .values(rows)
    .onConflictDoNothing({ target: [schema.findings.assessmentId, schema.findings.key] })
    .returning({ id: schema.findings.id, severity: schema.findings.severity });
  if (inserted.length > 0) {
    await tx.insert(schema.findingEvents).values(
      inserted.map((f) => ({
        findingId: f.id,
        kind: "opened",
        toStatus: "open" as const,
        toSeverity: f.severity,
        note,
        at: now,
      })),
    );
    for (const f of inserted) await emitFindingEvent(tx, "finding.opened", f.id, now);
  }
  return inserted.length;
}
