// The webhook delivery worker (docs/decisions/215-webhooks-outbox.md), built like the mail
// worker (app/mail/delivery.server.ts): a pass claims due deliveries in one short transaction
// (FOR UPDATE SKIP LOCKED, attempts + 1, a lease), posts each one outside any transaction, and
// records the outcome only if the claim is still its own: delivered (2xx), retrying with a
// doubling backoff, or failed after WEBHOOK_MAX_ATTEMPTS. Every request goes through the
// address guard again (target.server.ts), has a time limit and reads at most a few KB back.
import http from "node:http";
import https from "node:https";
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { type Db, getDb, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { drainBatches, startPollingWorker, WEBHOOK_WORKER } from "~/jobs/polling-worker.server";
import { PAYLOAD_VERSION } from "./events";
import { SIGNATURE_HEADER, signatureHeader } from "./signing.server";
import { checkWebhookTarget, guardedLookup } from "./target.server";

const LEASE_MS = 2 * 60 * 1000;
const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** The whole request, connection to last byte read, must fit in this. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** What is read of a response (the rest is dropped and the connection closed). */
export const RESPONSE_LIMIT_BYTES = 16 * 1024;

type DeliveryRow = typeof schema.webhookDeliveries.$inferSelect;
type EndpointRow = typeof schema.webhookEndpoints.$inferSelect;
type EventRow = typeof schema.webhookEvents.$inferSelect;

export type WebhookPayload = {
  id: string;
  type: string;
  version: number;
  createdAt: string;
  data: Record<string, unknown>;
};

/** The JSON body for one endpoint: answer contents only where the endpoint is allowed them. */
export function buildPayload(event: EventRow, endpoint: Pick<EndpointRow, "includeAnswers">) {
  const data = { ...(event.data as Record<string, unknown>) };
  if (endpoint.includeAnswers && event.privateData)
    Object.assign(data, event.privateData as Record<string, unknown>);
  const payload: WebhookPayload = {
    id: String(event.id),
    type: event.type,
    version: PAYLOAD_VERSION,
    createdAt: event.occurredAt.toISOString(),
    data,
  };
  return payload;
}

/** Slack's incoming-webhook shape (also read by Mattermost and Rocket.Chat). */
export function slackMessage(payload: WebhookPayload): { text: string } {
  const data = payload.data as { summary?: string } & Record<string, { url?: string } | unknown>;
  const link = ["finding", "assessment", "mail"]
    .map((k) => (data[k] as { url?: string } | undefined)?.url)
    .find(Boolean);
  const summary = String(data.summary ?? payload.type).replace(/[&<>]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;",
  );
  return { text: link ? `${summary} — <${link}|open in Assay>` : summary };
}

export function backoffMs(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export type PostResult = {
  status: number | null;
  durationMs: number;
  error: string | null;
};

/**
 * POSTs the body with the address guard as the resolver, no redirects followed, a time limit on
 * the whole exchange, and at most RESPONSE_LIMIT_BYTES of the answer read.
 */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  { allowPrivate, timeoutMs = REQUEST_TIMEOUT_MS }: { allowPrivate: boolean; timeoutMs?: number },
): Promise<PostResult> {
  const started = Date.now();
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const done = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, durationMs: Date.now() - started, error });
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate) as never,
        agent: false,
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_LIMIT_BYTES) {
            response.destroy();
            done(response.statusCode ?? null, null);
          }
        });
        response.on("end", () => done(response.statusCode ?? null, null));
        response.on("error", () => done(response.statusCode ?? null, null));
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no complete answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) =>
      done(null, [error.code, error.message].filter(Boolean).join(": ").slice(0, 500)),
    );
    request.end(body);
  });
}

export type WebhookDeliveryOptions = {
  now?: Date;
  batch?: number;
  maxAttempts?: number;
  retrySeconds?: number;
  /** Defaults to WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  allowPrivateTargets?: boolean;
  timeoutMs?: number;
};

export type WebhookOutcome = {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
};

async function claimDue(db: Db, now: Date, batch: number): Promise<DeliveryRow[]> {
  return db.transaction(async (tx) => {
    const t = schema.webhookDeliveries;
    const due = await tx
      .select({ id: t.id })
      .from(t)
      .where(
        or(
          and(inArray(t.status, ["queued", "retrying"]), lte(t.nextAttemptAt, now)),
          and(eq(t.status, "sending"), lte(t.lockedUntil, now)),
        ),
      )
      .orderBy(asc(t.nextAttemptAt), asc(t.id))
      .limit(batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(t)
      .set({
        status: "sending",
        attempts: sql`${t.attempts} + 1`,
        lockedUntil: new Date(now.getTime() + LEASE_MS),
        lastAttemptAt: now,
      })
      .where(
        inArray(
          t.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

async function finish(
  db: Db,
  row: DeliveryRow,
  set: Partial<typeof schema.webhookDeliveries.$inferInsert>,
) {
  const t = schema.webhookDeliveries;
  await db
    .update(t)
    .set({ ...set, lockedUntil: null })
    .where(and(eq(t.id, row.id), eq(t.status, "sending"), eq(t.attempts, row.attempts)));
}

/** One pass: claims up to `batch` due deliveries and tries each once. */
export async function deliverDueWebhooks(
  db: Db,
  options: WebhookDeliveryOptions = {},
): Promise<WebhookOutcome> {
  const env = getEnv();
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? env.WEBHOOK_MAX_ATTEMPTS;
  const retrySeconds = options.retrySeconds ?? env.WEBHOOK_RETRY_SECONDS;
  const allowPrivateTargets = options.allowPrivateTargets ?? env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  const outcome: WebhookOutcome = { claimed: 0, delivered: 0, retrying: 0, failed: 0 };
  const claimed = await claimDue(db, now, options.batch ?? 20);
  outcome.claimed = claimed.length;
  for (const row of claimed) {
    const [joined] = await db
      .select({ endpoint: schema.webhookEndpoints, event: schema.webhookEvents })
      .from(schema.webhookEndpoints)
      .innerJoin(schema.webhookEvents, eq(schema.webhookEvents.id, row.eventId))
      .where(eq(schema.webhookEndpoints.id, row.endpointId));
    if (!joined) continue;
    const { endpoint, event } = joined;
    const allowPrivate = allowPrivateTargets && endpoint.allowPrivateNetwork;
    const result = await sendOne(endpoint, event, row, {
      allowPrivate,
      allowHttp: allowPrivate || !env.production,
      timeoutMs: options.timeoutMs,
    });
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await finish(db, row, {
        status: "delivered",
        responseStatus: result.status,
        durationMs: result.durationMs,
        lastError: null,
        deliveredAt: new Date(),
      });
      outcome.delivered++;
      continue;
    }
    const giveUp = row.attempts >= maxAttempts;
    await finish(db, row, {
      status: giveUp ? "failed" : "retrying",
      responseStatus: result.status,
      durationMs: result.durationMs,
      lastError: result.error ?? `The endpoint answered ${result.status}`,
      nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts, retrySeconds)),
    });
    if (giveUp) outcome.failed++;
    else outcome.retrying++;
  }
  return outcome;
}

async function sendOne(
  endpoint: EndpointRow,
  event: EventRow,
  row: DeliveryRow,
  policy: { allowPrivate: boolean; allowHttp: boolean; timeoutMs?: number },
): Promise<PostResult> {
  // The save-time rules again (the instance's settings may have changed since).
  const target = await checkWebhookTarget(endpoint.url, {
    allowHttp: policy.allowHttp,
    // Names are checked by the connection's own lookup below; literals here.
    allowPrivate: policy.allowPrivate,
    literalOnly: true,
  });
  if (!target.ok) return { status: null, durationMs: 0, error: target.message };
  const payload = buildPayload(event, endpoint);
  const body = JSON.stringify(endpoint.format === "slack" ? slackMessage(payload) : payload);
  const timestamp = Math.floor(Date.now() / 1000);
  return postWebhook(
    target.url,
    body,
    {
      "Content-Type": "application/json",
      "User-Agent": "Assay-Webhooks/1",
      [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, timestamp, body),
      "Assay-Event-Id": String(event.id),
      "Assay-Event-Type": event.type,
      "Assay-Delivery-Id": String(row.id),
    },
    { allowPrivate: policy.allowPrivate, timeoutMs: policy.timeoutMs },
  );
}

/**
 * Starts this process's worker once; off under NODE_ENV=test (the tests run passes). It polls
 * as often as the mail worker (MAIL_POLL_SECONDS), through the shared polling worker
 * (docs/decisions/290-polling-worker.md); emitting an event wakes it by name.
 */
export function startWebhookDelivery(): void {
  const env = getEnv();
  if (env.NODE_ENV === "test") return;
  startPollingWorker(WEBHOOK_WORKER, {
    intervalMs: env.MAIL_POLL_SECONDS * 1000,
    async pass(isStopped) {
      const db = await getDb();
      await drainBatches(() => deliverDueWebhooks(db), isStopped);
    },
  });
}
