import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { type AnyPgColumn } from "drizzle-orm/pg-core";
import { type Db, preparedQuery, schema, rowCount, uuidArray } from "~/db.server";
import { type AuditNames, idsIn } from "./describe";
import { withVendorAndVersion } from "~/assessments/assessment-queries.server";

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
  names?: boolean;
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
    .limit(rowCount(limit + 1));
  const events = rows.slice(0, limit);
  return {
    events,
    nextBefore: rows.length > limit ? rows[limit - 1]!.id : null,
    // For pages: the names of what the events mention (exports keep the ids).
    names: filter.names ? await auditNames(db, events) : {},
  };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: schema.auditEvents.action })
    .from(schema.auditEvents)
    .orderBy(schema.auditEvents.action);
  return rows.map((r) => r.action);
}

// Every kind of record by number; a later kind's name wins should one id name two records.
// Built once (docs/decisions/413-queries-built-once.md, 421-audit-names-prepared.md).
const namesOfIds = preparedQuery(
  ["ids"],
  (db, p) => {
    const anyOf = (column: AnyPgColumn) => sql`${column} = any(${p.ids}::uuid[])`;
    const named = (
      kind: number,
      table:
        | typeof schema.users
        | typeof schema.vendors
        | typeof schema.vendorContacts
        | typeof schema.assessmentRecipients
        | typeof schema.apiTokens
        | typeof schema.webhookEndpoints,
    ) =>
      db
        .select({
          kind: sql<number>`${sql.raw(String(kind))}`.as("kind"),
          id: table.id,
          name: table.name,
        })
        .from(table)
        .where(anyOf(table.id));
    return named(1, schema.users)
      .unionAll(named(2, schema.vendors))
      .unionAll(named(3, schema.vendorContacts))
      .unionAll(named(4, schema.assessmentRecipients))
      .unionAll(
        db
          .select({
            kind: sql<number>`5`.as("kind"),
            id: schema.findings.id,
            name: sql<string>`${schema.findings.title}`.as("name"),
          })
          .from(schema.findings)
          .where(anyOf(schema.findings.id)),
      )
      .unionAll(named(6, schema.apiTokens))
      .unionAll(named(7, schema.webhookEndpoints))
      .unionAll(
        withVendorAndVersion(
          db
            .select({
              kind: sql<number>`8`.as("kind"),
              id: schema.assessments.id,
              name: sql<string>`${schema.vendors.name} || ', ' || ${schema.questionnaireVersions.title} || ' ' || ${schema.questionnaireVersions.version}`.as(
                "name",
              ),
            })
            .from(schema.assessments)
            .$dynamic(),
        ).where(anyOf(schema.assessments.id)),
      )
      .prepare("audit_names");
  },
  // A key lookup: its generic plan is kept (docs/decisions/426-generic-plan-lookups.md).
  { plans: "generic" },
);

/**
 * The names of the records these events mention (their targets and the ids in their
 * before/after/detail), so the log reads "Vendor: Northwind" rather than a UUID
 * (docs/decisions/272-audit-in-words.md). One query for every kind of record (a `union all`,
 * one round trip rather than eight: docs/decisions/383-staff-page-server-cost.md), only for
 * ids present.
 */
export async function auditNames(
  db: Db,
  events: Pick<AuditRowLike, "targetId" | "before" | "after" | "detail">[],
): Promise<AuditNames> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.targetId) idsIn(e.targetId, ids);
    idsIn(e.before, ids);
    idsIn(e.after, ids);
    idsIn(e.detail, ids);
  }
  if (ids.size === 0) return {};
  // The ids go as one array value (every one a UUID: idsIn keeps only those), so the statement
  // is the same text whatever their number: built and prepared once (decision 421).
  const rows = await namesOfIds(db, { ids: uuidArray(ids) });
  const names: AuditNames = {};
  for (const row of rows.sort((a, b) => Number(a.kind) - Number(b.kind))) names[row.id] = row.name;
  return names;
}

type AuditRowLike = typeof schema.auditEvents.$inferSelect;
