// Webhook endpoints as admins manage them: register (the secret is returned once), switch off
// and on, delete, send a test event, redeliver, and the delivery log
// (docs/decisions/215-webhooks-outbox.md, 216-webhook-targets.md).
import { and, desc, eq, sql } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { nudgePollingWorker, WEBHOOK_WORKER } from "~/jobs/polling-worker.server";
import { fail, type Failure } from "~/forms/failure";
import { TEST_EVENT_TYPE } from "./events";
import { type CreateEndpointInput } from "./schemas";
import { newWebhookSecret } from "./signing.server";
import { checkWebhookTarget } from "./target.server";

const actorOf = (user: SessionUser) => ({ id: user.id, email: user.email });

export type TargetOptions = { production?: boolean; allowPrivateTargets?: boolean };

/** The rules for this instance: https in production; private targets only where allowed. */
export function targetPolicy(allowPrivateNetwork: boolean, options: TargetOptions = {}) {
  const env = getEnv();
  const instanceAllows = options.allowPrivateTargets ?? env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  const allowPrivate = instanceAllows && allowPrivateNetwork;
  return { allowPrivate, allowHttp: allowPrivate || !(options.production ?? env.production) };
}

export async function createEndpoint(
  db: Db,
  admin: SessionUser,
  input: CreateEndpointInput,
  options: TargetOptions = {},
): Promise<{ ok: true; id: string; secret: string } | Failure> {
  const instanceAllows = options.allowPrivateTargets ?? getEnv().WEBHOOK_ALLOW_PRIVATE_TARGETS;
  if (input.allowPrivateNetwork && !instanceAllows)
    return fail(
      400,
      "This installation does not allow private-network endpoints (WEBHOOK_ALLOW_PRIVATE_TARGETS is off)",
      "allowPrivateNetwork",
    );
  const target = await checkWebhookTarget(
    input.url,
    targetPolicy(input.allowPrivateNetwork, options),
  );
  if (!target.ok) return fail(400, target.message, "url");
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.webhookEndpoints)
      .values({
        name: input.name,
        url: target.url.toString(),
        events: input.events,
        secret,
        format: input.format,
        includeAnswers: input.includeAnswers,
        allowPrivateNetwork: input.allowPrivateNetwork,
        createdById: admin.id,
      })
      .returning({ id: schema.webhookEndpoints.id });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.endpoint_created",
      target: { type: "webhook_endpoint", id: row!.id },
      after: {
        name: input.name,
        url: target.url.toString(),
        events: input.events,
        format: input.format,
        includeAnswers: input.includeAnswers,
        allowPrivateNetwork: input.allowPrivateNetwork,
      },
    });
    return { ok: true as const, id: row!.id, secret };
  });
}

// The counts are written out: inside sql`` drizzle leaves columns unqualified, and both
// tables have an "id".
export async function listEndpoints(db: Db) {
  return db
    .select({
      id: schema.webhookEndpoints.id,
      name: schema.webhookEndpoints.name,
      url: schema.webhookEndpoints.url,
      events: schema.webhookEndpoints.events,
      format: schema.webhookEndpoints.format,
      includeAnswers: schema.webhookEndpoints.includeAnswers,
      allowPrivateNetwork: schema.webhookEndpoints.allowPrivateNetwork,
      active: schema.webhookEndpoints.active,
      createdAt: schema.webhookEndpoints.createdAt,
      secretHint: sql<string>`left(${schema.webhookEndpoints.secret}, 10)`,
      pending:
        sql<number>`(select count(*) from webhook_deliveries d where d.endpoint_id = webhook_endpoints.id and d.status in ('queued', 'sending', 'retrying'))`.mapWith(
          Number,
        ),
      failed:
        sql<number>`(select count(*) from webhook_deliveries d where d.endpoint_id = webhook_endpoints.id and d.status = 'failed')`.mapWith(
          Number,
        ),
    })
    .from(schema.webhookEndpoints)
    .orderBy(schema.webhookEndpoints.name);
}

/** The delivery log of one endpoint, newest first. */
export async function listDeliveries(db: Db, endpointId: string, limit = 50) {
  const d = schema.webhookDeliveries;
  return db
    .select({
      id: d.id,
      eventId: d.eventId,
      type: schema.webhookEvents.type,
      status: d.status,
      attempts: d.attempts,
      responseStatus: d.responseStatus,
      durationMs: d.durationMs,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      lastAttemptAt: d.lastAttemptAt,
      deliveredAt: d.deliveredAt,
      createdAt: d.createdAt,
      redeliveryOf: d.redeliveryOf,
    })
    .from(d)
    .innerJoin(schema.webhookEvents, eq(schema.webhookEvents.id, d.eventId))
    .where(eq(d.endpointId, endpointId))
    .orderBy(desc(d.id))
    .limit(limit);
}

/** One endpoint as its page shows it: never the secret. */
export async function getEndpoint(db: Db, endpointId: string) {
  const e = schema.webhookEndpoints;
  const [row] = await db
    .select({
      id: e.id,
      name: e.name,
      url: e.url,
      events: e.events,
      format: e.format,
      includeAnswers: e.includeAnswers,
      allowPrivateNetwork: e.allowPrivateNetwork,
      active: e.active,
    })
    .from(e)
    .where(eq(e.id, endpointId));
  return row ?? null;
}

async function endpointOf(db: Db, endpointId: string) {
  const [row] = await db
    .select()
    .from(schema.webhookEndpoints)
    .where(eq(schema.webhookEndpoints.id, endpointId));
  return row ?? null;
}

/** A `webhook.test` event for this endpoint only (never in the feed), queued now. */
export async function sendTestEvent(
  db: Db,
  admin: SessionUser,
  endpointId: string,
  now: Date = new Date(),
): Promise<{ ok: true; deliveryId: number } | Failure> {
  const result = await db.transaction(async (tx) => {
    const endpoint = await endpointOf(tx, endpointId);
    if (!endpoint) return fail(404, "There is no such webhook endpoint");
    const [event] = await tx
      .insert(schema.webhookEvents)
      .values({
        type: TEST_EVENT_TYPE,
        occurredAt: now,
        testEndpointId: endpoint.id,
        data: {
          summary: `Test event for “${endpoint.name}” from Assay`,
          endpoint: { id: endpoint.id, name: endpoint.name },
        },
      })
      .returning({ id: schema.webhookEvents.id });
    const [delivery] = await tx
      .insert(schema.webhookDeliveries)
      .values({ endpointId: endpoint.id, eventId: event!.id })
      .returning({ id: schema.webhookDeliveries.id });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.test_sent",
      target: { type: "webhook_endpoint", id: endpoint.id },
    });
    return { ok: true as const, deliveryId: delivery!.id };
  });
  if (result.ok) nudgePollingWorker(WEBHOOK_WORKER);
  return result;
}

/** Sends a delivery's event again as a new delivery (the log keeps both). */
export async function redeliver(
  db: Db,
  admin: SessionUser,
  endpointId: string,
  deliveryId: number,
): Promise<{ ok: true; deliveryId: number } | Failure> {
  const result = await db.transaction(async (tx) => {
    const d = schema.webhookDeliveries;
    const [original] = await tx
      .select()
      .from(d)
      .where(and(eq(d.id, deliveryId), eq(d.endpointId, endpointId)));
    if (!original) return fail(404, "There is no such delivery for this endpoint");
    const [copy] = await tx
      .insert(d)
      .values({ endpointId, eventId: original.eventId, redeliveryOf: original.id })
      .returning({ id: d.id });
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.redelivered",
      target: { type: "webhook_endpoint", id: endpointId },
      detail: { deliveryId, eventId: original.eventId, newDeliveryId: copy!.id },
    });
    return { ok: true as const, deliveryId: copy!.id };
  });
  if (result.ok) nudgePollingWorker(WEBHOOK_WORKER);
  return result;
}

export async function setEndpointActive(
  db: Db,
  admin: SessionUser,
  endpointId: string,
  active: boolean,
): Promise<{ ok: true; name: string } | Failure> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.webhookEndpoints)
      .set({ active, updatedAt: new Date() })
      .where(eq(schema.webhookEndpoints.id, endpointId))
      .returning({ name: schema.webhookEndpoints.name });
    if (!row) return fail(404, "There is no such webhook endpoint");
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: active ? "webhook.endpoint_enabled" : "webhook.endpoint_disabled",
      target: { type: "webhook_endpoint", id: endpointId },
    });
    return { ok: true as const, name: row.name };
  });
}

export async function deleteEndpoint(
  db: Db,
  admin: SessionUser,
  endpointId: string,
): Promise<{ ok: true; name: string } | Failure> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.id, endpointId))
      .returning({ name: schema.webhookEndpoints.name, url: schema.webhookEndpoints.url });
    if (!row) return fail(404, "There is no such webhook endpoint");
    await recordAudit(tx, {
      actor: actorOf(admin),
      action: "webhook.endpoint_deleted",
      target: { type: "webhook_endpoint", id: endpointId },
      before: row,
    });
    return { ok: true as const, name: row.name };
  });
}
