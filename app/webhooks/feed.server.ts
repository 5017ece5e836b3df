// The event feed behind GET /api/v1/events (docs/decisions/217-event-feed.md): the webhook
// events, oldest first, after a cursor. Ids come from a sequence and are handed out before
// commit, so a transaction still running may yet commit an id smaller than one already
// visible; the feed therefore lists only events whose transaction is older than every
// transaction still running (txid < the snapshot's xmin). A consumer that stores the cursor
// it was given never misses an event, whatever the commit order.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { type Db, schema } from "~/db.server";
import { PAYLOAD_VERSION } from "./events";

const e = schema.webhookEvents;

export type FeedEvent = {
  id: string;
  type: string;
  version: number;
  createdAt: string;
  data: unknown;
};

export async function listFeedEvents(
  db: Db,
  query: { after: number; limit: number; type?: string },
): Promise<{ events: FeedEvent[]; more: boolean }> {
  const rows = await db
    .select({ id: e.id, type: e.type, occurredAt: e.occurredAt, data: e.data })
    .from(e)
    .where(
      and(
        isNull(e.testEndpointId),
        gt(e.id, query.after),
        query.type ? eq(e.type, query.type) : undefined,
        sql`${e.txid} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`,
      ),
    )
    .orderBy(asc(e.id))
    .limit(query.limit + 1);
  return {
    // The same envelope as a webhook; answer contents (private_data) are never in the feed.
    events: rows.slice(0, query.limit).map((r) => ({
      id: String(r.id),
      type: r.type,
      version: PAYLOAD_VERSION,
      createdAt: r.occurredAt.toISOString(),
      data: r.data,
    })),
    more: rows.length > query.limit,
  };
}
