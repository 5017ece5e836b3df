// POST /v/answers answered by the production server itself, before Remix's request handler
// (docs/decisions/400-lean-autosave.md). Autosave is the one request a vendor's page sends
// while they type; through Remix it costs route matching, a Fetch Request with a streamed body
// and a streamed Response, about 2 ms of CPU more than the save. scripts/server.js has already
// applied to it what applies to every request (the security headers, the same-origin rule, the
// declared body limit); here the session is checked and the body read under the autosave
// limit by the same functions the route uses, and a database outage is the route's 503.
import { type IncomingMessage, type ServerResponse } from "node:http";
import {
  autosaveAnswer,
  autosaveSession,
  type AutosaveReply,
  SIGNED_OUT_REPLY,
} from "~/assessments/autosave.server";
import { getDb } from "~/db.server";
import { limitRequestBody } from "./body-limit.server";
import {
  describeOutage,
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  UNAVAILABLE_MESSAGE,
} from "./outage";

/** The body, read whole under the path's limit; null when it was refused (the 413 is sent). */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const body = limitRequestBody(req, res, "/v/answers");
  if (!body.ok) return Promise.resolve(null);
  // Within the limit so far: the connection may be kept alive after all (scripts/server.js
  // marks it to close while a body is pending, in case it is answered unread).
  res.removeHeader("Connection");
  const stream = body.stream;
  if (!stream) return Promise.resolve("");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    // Over the limit (answered 413 already) or the client went away: nothing to answer.
    stream.on("error", () => resolve(null));
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
  });
  res.end(json);
}

/**
 * Answers one autosave request. The session is checked before the body is read, as the route
 * does: a request without one is a 401 at once, and its body is not read (the connection is
 * closed after the answer, with scripts/server.js's lingering close).
 */
export async function serveAutosave(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let reply: AutosaveReply;
  try {
    const db = await getDb();
    const now = new Date();
    const session = await autosaveSession(db, req.headers.cookie ?? null, now);
    if (session) {
      const text = await readBody(req, res);
      if (text === null || res.headersSent) return;
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON: autosave answers it as no save at all (400).
      }
      reply = await autosaveAnswer(db, session, json, now);
    } else {
      reply = SIGNED_OUT_REPLY;
    }
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    // One line, not a stack trace per request, as for every route (route-errors.server.ts).
    console.error(
      `Database unavailable, answered 503: ${req.method} /v/answers (${describeOutage(error)})`,
    );
    send(
      res,
      503,
      { ok: false, kind: "unavailable", message: UNAVAILABLE_MESSAGE },
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
    return;
  }
  send(res, reply.status, reply.body);
}
