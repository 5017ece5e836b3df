// GET /api/v1/events — the webhook events, oldest first after a cursor, so a consumer that
// missed deliveries can catch up (docs/api.md, docs/decisions/217-event-feed.md).
import { z } from "zod";
import { apiLoader, DEFAULT_LIMIT, MAX_LIMIT, parseQuery } from "~/api/http.server";
import { EVENT_TYPES } from "~/webhooks/events";
import { listFeedEvents } from "~/webhooks/feed.server";

const QuerySchema = z
  .object({
    after: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,15})$/, "after must be a cursor from an earlier page (digits)")
      .transform(Number)
      .default("0"),
    limit: z.coerce
      .number({ invalid_type_error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`)
      .default(DEFAULT_LIMIT),
    type: z
      .enum(EVENT_TYPES, { errorMap: () => ({ message: "type must be an event type" }) })
      .optional(),
  })
  .strict();

export const loader = apiLoader(async ({ db, url }) => {
  const query = parseQuery(QuerySchema, url);
  const { events, more } = await listFeedEvents(db, query);
  const cursor = events.at(-1)?.id ?? String(query.after);
  const next = new URL(url);
  next.searchParams.set("after", cursor);
  return {
    data: events,
    // Store `cursor` and ask with ?after=<cursor> next time; `next` is set while more are waiting.
    cursor,
    next: more ? `${next.pathname}${next.search}` : null,
  };
});
