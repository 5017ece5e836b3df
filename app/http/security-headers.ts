// The headers every response carries (docs/design.md, "Security rules"). Set in one place
// only, scripts/server.js, for pages, data, resource routes and static files alike
// (docs/decisions/122-one-source-of-headers.md); the CSP is per page (it holds the nonce).
export function contentSecurityPolicy(
  nonce: string,
  { dev, formTargets = [] }: { dev: boolean; formTargets?: string[] },
): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce'd entry script load the route chunks it imports.
    `script-src 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Vite injects <style> tags while developing; the build links stylesheets only.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    // The single sign-on provider's origin too: starting and ending an SSO session are form
    // posts answered by a redirect to it (docs/decisions/212-oidc-flow.md).
    `form-action 'self'${formTargets.map((t) => ` ${t}`).join("")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

/**
 * HSTS only in production and only on a response over https: RFC 6797 §7.2 says a host must not
 * send it over plain http, where it means nothing (embedded mode on a laptop, a health check
 * behind the proxy). Behind a proxy, "over https" is the proxy's X-Forwarded-Proto, which Express
 * believes only when TRUST_PROXY is set (`req.secure`).
 */
export function securityHeaders({
  production,
  https,
}: {
  production: boolean;
  https: boolean;
}): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(production && https
      ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" }
      : {}),
  };
}
