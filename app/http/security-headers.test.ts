import { expect, test } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

test("the production CSP allows only nonce'd scripts and forbids plugins, base and framing", () => {
  const csp = contentSecurityPolicy("abc123", { dev: false });
  expect(csp).toContain("script-src 'nonce-abc123' 'strict-dynamic'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  for (const directive of [
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ]) {
    expect(csp).toContain(directive);
  }
});

test("HSTS only in production over https; nosniff and a referrer policy always", () => {
  const hsts = "Strict-Transport-Security";
  expect(securityHeaders({ production: false, https: true })).not.toHaveProperty(hsts);
  expect(securityHeaders({ production: true, https: false })).not.toHaveProperty(hsts);
  expect(securityHeaders({ production: true, https: true })[hsts]).toMatch(/max-age=\d+/);
  for (const https of [false, true]) {
    expect(securityHeaders({ production: false, https })["X-Content-Type-Options"]).toBe("nosniff");
    expect(securityHeaders({ production: true, https })["Referrer-Policy"]).toBe(
      "strict-origin-when-cross-origin",
    );
  }
});
