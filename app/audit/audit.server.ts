import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { type Db, schema } from "~/db.server";

export type Actor = { id: string; email: string } | { system: string } | { anonymous: string };

export type AuditInput = {
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  detail?: unknown;
};

function actorColumns(actor: Actor) {
  if ("id" in actor) return { actorUserId: actor.id, actorLabel: actor.email };
  if ("system" in actor) return { actorUserId: null, actorLabel: `system: ${actor.system}` };
  return { actorUserId: null, actorLabel: actor.anonymous };
}

/** Append one event. Call it inside the transaction that makes the change it records. */
export async function recordAudit(db: Db, event: AuditInput): Promise<void> {
  await db.insert(schema.auditEvents).values({
    ...actorColumns(event.actor),
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    detail: event.detail ?? null,
  });
}

export type AuditFilter = {
  action?: string;
  actorUserId?: string;
  target?: { type: string; id: string };
  before?: number;
  limit?: number;
};

/** Newest first, paged by id (keyset), so the page stays fast however long the log grows. */
export async function listAuditEvents(db: Db, filter: AuditFilter = {}) {
  const limit = filter.limit ?? 50;
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(schema.auditEvents.action, filter.action));
  if (filter.actorUserId) conditions.push(eq(schema.auditEvents.actorUserId, filter.actorUserId));
  if (filter.target) {
    conditions.push(
      eq(schema.auditEvents.targetType, filter.target.type),
      eq(schema.auditEvents.targetId, filter.target.id),
    );
  }
  if (filter.before) conditions.push(lt(schema.auditEvents.id, filter.before));
  const rows = await db
    .select()
    .from(schema.auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(schema.auditEvents.id))
    .limit(limit + 1);
  return {
    events: rows.slice(0, limit),
    nextBefore: rows.length > limit ? rows[limit - 1]!.id : null,
  };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: schema.auditEvents.action })
    .from(schema.auditEvents)
    .orderBy(schema.auditEvents.action);
  return rows.map((r) => r.action);
}
