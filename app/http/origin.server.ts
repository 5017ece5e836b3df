import { data } from "@remix-run/node";

// CSRF defence for every non-GET request: the browser must say the request comes from this
// origin (Origin, or Sec-Fetch-Site when a browser omits Origin). Requests that say neither
// are refused too: a browser always sends one of them on a POST, and our only non-browser
// clients use GET (https://owasp.org/www-community/attacks/csrf, "Verifying Origin").
// Behind a proxy that rewrites Host, set APP_URL to the public address, or TRUST_PROXY=true so
// that the proxy's X-Forwarded-Host counts (docs/operations.md, "Behind a proxy").
//
// Remix runs its own check before every page action (@remix-run/server-runtime, actions.js):
// the Origin's host must equal the first X-Forwarded-Host, or Host, and an `Origin: null` is
// never accepted. It answers a failure with a bare 500, so this rule refuses everything Remix
// would refuse first, with a 403 that says why (docs/decisions/185-one-origin-rule.md).
export function isSameOrigin(request: Request, appUrl?: string, trustProxy = false): boolean {
  return originRefusal(request, appUrl, trustProxy) === null;
}

export type OriginRefusal = "cross-site" | "opaque-origin" | "host-mismatch";

/**
 * What the rule reads of a request: a Fetch `Request`, or the production server's plain view
 * of Node's request (scripts/server.js), which costs no Fetch objects on every request.
 */
export type OriginQuestion = {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
};

/** Why a non-GET request is refused as cross-site, or null when it may go on. */
export function originRefusal(
  request: OriginQuestion,
  appUrl?: string,
  trustProxy = false,
): OriginRefusal | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const origin = request.headers.get("origin");
  // A browser sends `Origin: null` from a sandboxed frame, a data: URL, or a page whose
  // Referrer-Policy is no-referrer. Remix refuses it; so do we, whatever Sec-Fetch-Site says.
  if (origin === "null") return "opaque-origin";
  if (!origin) return request.headers.get("sec-fetch-site") === "same-origin" ? null : "cross-site";
  const url = new URL(request.url);
  const allowed = new Set([url.origin]);
  const host = request.headers.get("host");
  if (host) allowed.add(`${url.protocol}//${host}`);
  if (appUrl) allowed.add(new URL(appUrl).origin);
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (trustProxy && forwardedHost) allowed.add(`${url.protocol}//${forwardedHost}`);
  // Behind a TLS-terminating proxy the app sees http while the browser says https.
  for (const candidate of [...allowed]) allowed.add(candidate.replace(/^http:/, "https:"));
  if (!allowed.has(origin)) return "cross-site";
  // Remix's comparison: the host the request says it was sent to (first X-Forwarded-Host, then
  // Host), trusted proxy or not. A request built in code may carry no Host: its URL's host.
  const addressed = forwardedHost || host || url.host;
  if (hostOf(origin) !== addressed) return "host-mismatch";
  return null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The 400 for a request whose Host is not a host name (scripts/server.js, decision 422). */
export const BAD_HOST_MESSAGE =
  "This request's Host header is not a host name, so it cannot be answered. Send the request to the address Assay is served at.";

export const CROSS_ORIGIN_MESSAGE =
  "This request came from another site, so it was refused. Go back to Assay and try again from its own page.";

export function requireSameOrigin(request: Request, appUrl?: string): void {
  if (!isSameOrigin(request, appUrl)) {
    throw data(CROSS_ORIGIN_MESSAGE, { status: 403, statusText: "Cross-origin request refused" });
  }
}
