import { randomBytes } from "node:crypto";
import {
  type EntryContext,
  type HandleDataRequestFunction,
  type HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { apiMethodRefusal } from "./api/errors";
import { ssoFormOrigins } from "./auth/oidc-settings.server";
import { requireValidEnvOrExit } from "./env.server";
import {
  closeLingeringIfUnread,
  hasPendingBody,
  limitRequestBody,
  refuseDeclaredTooLarge,
} from "./http/body-limit.server";
import { BAD_HOST_MESSAGE, CROSS_ORIGIN_MESSAGE, originRefusal } from "./http/origin.server";
import { serveAutosave } from "./http/autosave-endpoint.server";
import { RETRY_AFTER_SECONDS } from "./http/outage";
import { renderDocument } from "./http/render-document.server";
import { withRouteErrorHandling } from "./http/route-errors.server";
import { contentSecurityPolicy, securityHeaders } from "./http/security-headers";
import { NonceProvider } from "./nonce";
import { getStorage, storageWarning } from "./storage/storage.server";
import { startApp } from "./startup.server";

// Start-up, in the app process: a bad environment stops here with a message naming the
// variable; the database is opened, migrated and seeded now rather than on the first request
// (app/startup.server.ts).
const env = requireValidEnvOrExit();
// Evidence storage: said once, with a warning when production keeps files on local disk.
const storage = getStorage();
console.log(`Evidence storage: ${storage.kind} (${storage.location})`);
const storageNotice = storageWarning(env, storage);
if (storageNotice) console.warn(storageNotice);
startApp().catch((error) => {
  // An invalid or edited questionnaire library, or an embedded database another process has
  // open, is a refusal to start, not an outage.
  if (
    error instanceof Error &&
    (error.name === "LibraryRefusedError" || error.name === "DataDirLockedError")
  ) {
    console.error(error.message);
    process.exit(1);
  }
  console.error("Database not ready yet; it will be retried on the next request:", error);
});

/** What scripts/server.js applies before any route runs (docs/decisions/002-small-express-server.md). */
export const serverHooks = {
  originRefusal,
  // The read-only API answers 405 to anything but GET, before the same-origin check.
  apiMethodRefusal,
  appUrl: env.APP_URL,
  trustProxy: env.TRUST_PROXY,
  crossOriginMessage: CROSS_ORIGIN_MESSAGE,
  badHostMessage: BAD_HOST_MESSAGE,
  // HSTS only over https (app/http/security-headers.ts); `secure` is Express's req.secure.
  securityHeaders: (secure: boolean) =>
    securityHeaders({ production: env.NODE_ENV === "production", https: secure }),
  // Outages answer 503 and resource routes keep their own error messages (app/http/route-errors.server.ts).
  withRouteErrorHandling,
  // Request bodies: a size limit per route, enforced while the body streams in.
  refuseDeclaredTooLarge,
  hasPendingBody,
  closeLingeringIfUnread,
  limitRequestBody,
  // POST /v/answers, answered before Remix's handler (docs/decisions/400-lean-autosave.md).
  serveAutosave,
};

/** A 503 (the database cannot be reached) says when to come back and is never cached. */
function markUnavailable(status: number, headers: Headers) {
  if (status !== 503) return;
  headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  headers.set("Cache-Control", "no-store");
}

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = randomBytes(16).toString("base64");
  const dev = env.NODE_ENV === "development";
  // The CSP carries this response's nonce, so it is set here; every other security header
  // comes from scripts/server.js alone (one source: a header sent twice, as
  // "same-origin, same-origin", is ignored by Chromium — docs/decisions/122-one-source-of-headers.md).
  responseHeaders.set(
    "Content-Security-Policy",
    contentSecurityPolicy(nonce, { dev, formTargets: ssoFormOrigins() }),
  );
  markUnavailable(responseStatusCode, responseHeaders);
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;

  return renderDocument(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
    {
      status: responseStatusCode,
      headers: responseHeaders,
      nonce,
      waitForAll,
      timeoutMs: streamTimeout + 1000,
    },
  );
}

// Only for the 503 of a database outage: its Retry-After (a data request's headers come here).
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  markUnavailable(response.status, response.headers);
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  console.error(`Error while handling ${request.method} ${new URL(request.url).pathname}:`, error);
};
