// Request bodies have a size limit per route, enforced by scripts/server.js while the body
// streams in (docs/decisions/123-request-body-limits.md): a declared Content-Length over the
// limit is refused before a byte is read; a chunked or streamed body is counted as it arrives
// and refused the moment it passes the limit. Either way the answer is a 413 and the
// connection is closed, so nothing is buffered and no client waits on a half-read request.
import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Socket } from "node:net";
import { Transform } from "node:stream";
import { SPREADSHEET_FILE_LIMITS } from "~/library/spreadsheet.server";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";

const KB = 1024;
const MB = 1024 * 1024;

/** Room for a multipart body's boundaries and small fields around one file. */
const MULTIPART_OVERHEAD = 1 * MB;

export const BODY_LIMITS = {
  /** Sign-in, sign-out, invitations: a few short fields. */
  small: 16 * KB,
  /** Any other form: notes and messages of a few thousand characters, percent-encoded. */
  form: 1 * MB,
  /** Autosave: one answer as JSON (the longest text answer is 20,000 characters). */
  autosave: 64 * KB,
  /** A whole section posted without JavaScript: every answer of a long section. */
  section: 16 * MB,
  /** A file upload (evidence, remediation files, clarification attachments). */
  upload: MAX_EVIDENCE_BYTES + MULTIPART_OVERHEAD,
  /** A questionnaire spreadsheet. */
  spreadsheet: SPREADSHEET_FILE_LIMITS.maxFileBytes + MULTIPART_OVERHEAD,
} as const;

// Most specific first; the first pattern that matches the path decides.
const RULES: [RegExp, number][] = [
  [/^\/(login|logout)\/?$/, BODY_LIMITS.small],
  [/^\/invitations\/[^/]+\/?$/, BODY_LIMITS.small],
  [/^\/respond\/[^/]+\/?$/, BODY_LIMITS.small],
  [/^\/v\/answers\/?$/, BODY_LIMITS.autosave],
  [/^\/v\/evidence\/?$/, BODY_LIMITS.upload],
  [/^\/v\/clarifications\/?$/, BODY_LIMITS.upload],
  [/^\/v\/findings\/[^/]+\/?$/, BODY_LIMITS.upload],
  [/^\/v\/sections\/[^/]+\/?$/, BODY_LIMITS.section],
  [/^\/questionnaires\/import\/?$/, BODY_LIMITS.spreadsheet],
];

/** The largest body a request to this path may carry. Remix data requests (".data") count as their page. */
export function bodyLimitFor(pathname: string): number {
  const path = pathname.replace(/\.data$/, "");
  for (const [pattern, limit] of RULES) if (pattern.test(path)) return limit;
  return BODY_LIMITS.form;
}

export const TOO_LARGE_MESSAGE = "This request is larger than this page accepts.";

function describe(limit: number): string {
  return limit >= MB ? `${Math.round(limit / MB)} MB` : `${Math.round(limit / KB)} KB`;
}

/**
 * How long to read and throw away the rest of a body after an early answer before closing the
 * connection (a lingering close, as nginx's lingering_time and Apache's lingering close do).
 * Time, not bytes, bounds it: over a fast link a byte cap is reached before the client has
 * read the answer, and the reset comes back.
 */
const LINGER_MS = 2_000;

type DestroySoon = { destroySoon?: () => void };

/**
 * A lingering close for an answer given before the whole body arrived (a 413, or a 401 before
 * an upload). Node destroys a `Connection: close` socket as soon as the answer is flushed; with
 * the client still sending, the kernel then answers its next bytes with a reset, which can
 * overtake the answer so the client sees none. Instead, once the answer is out, only the write
 * side is closed, and the rest of the body is read and thrown away until the client stops
 * sending (it has read the answer) or LINGER_MS pass, and then the socket is destroyed (docs/decisions/340-lingering-close.md). Armed per request
 * and disarmed when its answer is finished, so a kept-alive socket's next request is untouched.
 */
export function closeLingeringIfUnread(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as unknown as DestroySoon;
  if (Object.hasOwn(socket, "destroySoon")) return;
  socket.destroySoon = () => {
    delete socket.destroySoon;
    if (req.complete) req.socket.destroySoon();
    else drainThenClose(req, req.socket);
  };
  // Runs after Node's own "finish" handler, which is where destroySoon is called.
  res.once("finish", () => delete socket.destroySoon);
}

function drainThenClose(req: IncomingMessage, socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writable) socket.end();
  const close = () => socket.destroy();
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  // The client stopped sending (it read the answer and closed its side), or the body ended.
  socket.once("end", close);
  req.once("end", close);
  req.unpipe();
  req.removeAllListeners("data");
  req.resume();
}

/** Answers 413 and closes the connection with a lingering close (see closeLingeringIfUnread). */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  if (res.writableFinished) {
    // The answer went out before the body passed its limit: only the rest is left to drop.
    drainThenClose(req, req.socket);
    return;
  }
  closeLingeringIfUnread(req, res);
  if (!res.headersSent) {
    const message = `${TOO_LARGE_MESSAGE} The limit is ${describe(limit)}.`;
    const json = /^\/(v\/answers|api\/)/.test(req.url ?? "");
    const body = json ? JSON.stringify({ ok: false, kind: "invalid", message }) : `${message}\n`;
    res.writeHead(413, {
      "Content-Type": json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
      Connection: "close",
      "Cache-Control": "no-store",
    });
    res.end(body);
  } else {
    // Streaming an answer already: it cannot become a 413, so it is cut off.
    req.socket.destroy();
  }
}

/**
 * Refuses (413) a request whose declared Content-Length is over its path's limit, before a byte
 * of the body is read; true when it did. Node refuses a body longer than its declared length,
 * so only a chunked body needs counting as well.
 */
export function refuseDeclaredTooLarge(req: IncomingMessage, res: ServerResponse): boolean {
  const limit = bodyLimitFor(new URL(req.url ?? "/", "http://x").pathname);
  const declared = req.headers["content-length"];
  if (declared === undefined || !(Number(declared) > limit)) return false;
  refuseTooLarge(req, res, limit);
  return true;
}

/** Whether a body may still be on its way (declared, or chunked). */
export function hasPendingBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return (length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined;
}

export type LimitedBody =
  | { ok: false }
  | {
      ok: true;
      /** The body, counted; undefined for GET and HEAD (Remix reads no body for them). */
      stream: Transform | undefined;
    };

/**
 * The body of a request as a stream that refuses to pass more than the path's limit.
 * `onTooLarge` runs once when a streamed body passes the limit (after the 413 is sent), so the
 * caller can abort the work it started with the request.
 */
export function limitRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  onTooLarge: () => void = () => {},
): LimitedBody {
  const limit = bodyLimitFor(pathname);
  if (refuseDeclaredTooLarge(req, res)) return { ok: false };
  if (req.method === "GET" || req.method === "HEAD") return { ok: true, stream: undefined };
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        refuseTooLarge(req, res, limit);
        onTooLarge();
        callback(new Error(`${TOO_LARGE_MESSAGE} The limit is ${describe(limit)}.`));
        return;
      }
      callback(null, chunk);
    },
  });
  req.pipe(counter);
  req.on("error", (error) => counter.destroy(error));
  return { ok: true, stream: counter };
}
