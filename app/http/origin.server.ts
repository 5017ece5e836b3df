import { data } from "@remix-run/node";

// CSRF defence for every non-GET request: the browser must say the request comes from this
// origin (Origin, or Sec-Fetch-Site when a browser omits Origin). Requests that say neither
// are refused too: a browser always sends one of them on a POST, and our only non-browser
// clients use GET (https://owasp.org/www-community/attacks/csrf, "Verifying Origin").
// Behind a proxy that rewrites Host, set APP_URL to the public address, or TRUST_PROXY=true so
// that the proxy's X-Forwarded-Host counts (docs/operations.md, "Behind a proxy").
export function isSameOrigin(request: Request, appUrl?: string, trustProxy = false): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    const allowed = new Set([new URL(request.url).origin]);
    const host = request.headers.get("host");
    if (host) allowed.add(`${new URL(request.url).protocol}//${host}`);
    if (appUrl) allowed.add(new URL(appUrl).origin);
    const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (trustProxy && forwardedHost)
      allowed.add(`${new URL(request.url).protocol}//${forwardedHost}`);
    // Behind a TLS-terminating proxy the app sees http while the browser says https.
    for (const candidate of [...allowed]) allowed.add(candidate.replace(/^http:/, "https:"));
    return allowed.has(origin);
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}

export const CROSS_ORIGIN_MESSAGE =
  "This request came from another site, so it was refused. Go back to Assay and try again from its own page.";

export function requireSameOrigin(request: Request, appUrl?: string): void {
  if (!isSameOrigin(request, appUrl)) {
    throw data(CROSS_ORIGIN_MESSAGE, { status: 403, statusText: "Cross-origin request refused" });
  }
}
