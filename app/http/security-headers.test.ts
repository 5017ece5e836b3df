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

test("HSTS only in production; nosniff and a referrer policy always", () => {
  expect(securityHeaders({ production: false })).not.toHaveProperty("Strict-Transport-Security");
  expect(securityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
  expect(securityHeaders({ production: false })["X-Content-Type-Options"]).toBe("nosniff");
  expect(securityHeaders({ production: false })["Referrer-Policy"]).toBe(
    "strict-origin-when-cross-origin",
  );
});
