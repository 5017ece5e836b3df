// Telling "the database cannot be reached just now" apart from every other failure, so that an
// outage is answered 503 with Retry-After instead of a 500 (docs/decisions/131-database-outage.md).
// Pure: the errors are recognised by their codes, whichever driver or wrapper threw them.

/** How long a client is asked to wait before trying again, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_TITLE = "Assay is briefly unavailable";
export const UNAVAILABLE_MESSAGE =
  "Assay cannot reach its database just now. Nothing that was already saved has been lost; what you just sent was not saved, so try again in a minute.";

// Socket-level failures (Node's errno codes) and postgres.js's own connection errors.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

// SQLSTATEs from the server meaning "not now" rather than "wrong": class 08 (connection
// exception), shutting down or starting up (57P01-57P03), too many connections (53300) and a
// statement cancelled by statement_timeout (57014).
// https://www.postgresql.org/docs/current/errcodes-appendix.html
const SERVER_STATES = new Set(["57P01", "57P02", "57P03", "53300", "57014"]);

/** True when the error, or any error it wraps (`cause`, `errors`), is a database outage. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return outageCause(error) !== null;
}

/**
 * The error that shows the outage, as "CODE: message", for the log: the query and parameters
 * that the ORM's wrapper adds are left out (they can hold session hashes and personal data).
 */
export function describeOutage(error: unknown): string {
  const cause = outageCause(error);
  return cause ? `${cause.code}: ${cause.message}` : String(error);
}

function outageCause(error: unknown): { code: string; message: string } | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current) || seen.size > 16) continue;
    seen.add(current);
    const { code, name, cause, errors } = current as {
      code?: unknown;
      name?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (
      typeof code === "string" &&
      (CONNECTION_CODES.has(code) ||
        (name === "PostgresError" && (code.startsWith("08") || SERVER_STATES.has(code))))
    ) {
      return { code, message: (current as { message?: unknown }).message as string };
    }
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return null;
}
