import { expect, test } from "vitest";
import { parseEnv } from "./env.server";

test("an empty environment runs embedded with safe defaults", () => {
  const result = parseEnv({});
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.env).toMatchObject({
    embedded: true,
    production: false,
    DATA_DIR: "./data",
    PORT: 3000,
    APP_URL: "http://localhost:3000",
    SEED_DEMO: true,
  });
});

test("a bad variable is named in the message, with what to do", () => {
  const result = parseEnv({ DATABASE_URL: "mysql://localhost/x", PORT: "seventy" });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.message).toContain("DATABASE_URL must start with postgres:// or postgresql://");
  expect(result.message).toContain("PORT");
});

test("production on a real database refuses to start without SESSION_SECRET", () => {
  const result = parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://u:p@db:5432/assay" });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.message).toMatch(/SESSION_SECRET is required in production/);
  const withSecret = parseEnv({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@db:5432/assay",
    SESSION_SECRET: "x".repeat(32),
  });
  expect(withSecret.ok && withSecret.env.production).toBe(true);
  expect(withSecret.ok && withSecret.env.SEED_DEMO).toBe(false);
});

test("embedded production (npm start) may generate its own secret", () => {
  const result = parseEnv({ NODE_ENV: "production" });
  expect(result.ok && !result.env.production && result.env.embedded).toBe(true);
});

test("a short SESSION_SECRET is refused and empty values count as unset", () => {
  const short = parseEnv({ SESSION_SECRET: "short" });
  expect(short.ok).toBe(false);
  expect(!short.ok && short.message).toContain("SESSION_SECRET must be at least 32 characters");
  expect(parseEnv({ DATABASE_URL: "", SMTP_URL: "" }).ok).toBe(true);
  expect(parseEnv({ SEED_DEMO: "maybe" }).ok).toBe(false);
});

test("single sign-on needs issuer, client id and secret together, an https issuer and a valid role map", () => {
  const base = {
    OIDC_ISSUER_URL: "https://login.example.com/realms/staff",
    OIDC_CLIENT_ID: "assay",
    OIDC_CLIENT_SECRET: "s3cret",
  };
  const on = parseEnv({
    ...base,
    OIDC_ROLE_MAP: '{"cn=Assay Admins,ou=groups":"admin","risk":"risk_officer"}',
    OIDC_JIT_ROLE: "procurement",
  });
  expect(on.ok && on.env.oidc).toMatchObject({
    issuer: base.OIDC_ISSUER_URL,
    rolesClaim: "groups",
    roleMap: { "cn=Assay Admins,ou=groups": "admin", risk: "risk_officer" },
    jitRole: "procurement",
  });
  expect(parseEnv({}).ok && (parseEnv({}) as { env: { oidc: unknown } }).env.oidc).toBeNull();

  const partial = parseEnv({ OIDC_ISSUER_URL: base.OIDC_ISSUER_URL });
  expect(partial.ok).toBe(false);
  if (!partial.ok)
    expect(partial.message).toMatch(/OIDC_CLIENT_SECRET is required with the others/);

  const http = parseEnv({ ...base, OIDC_ISSUER_URL: "http://login.example.com" });
  expect(!http.ok && http.message).toMatch(/OIDC_ISSUER_URL must use https/);
  expect(parseEnv({ ...base, OIDC_ISSUER_URL: "http://localhost:4000" }).ok).toBe(true);

  const badMap = parseEnv({ ...base, OIDC_ROLE_MAP: '{"admins":"superuser"}' });
  expect(!badMap.ok && badMap.message).toMatch(/OIDC_ROLE_MAP.*must be one of admin/);
  const notJson = parseEnv({ ...base, OIDC_ROLE_MAP: "admins=admin" });
  expect(!notJson.ok && notJson.message).toMatch(/OIDC_ROLE_MAP must be JSON/);
  const badRole = parseEnv({ ...base, OIDC_JIT_ROLE: "root" });
  expect(!badRole.ok && badRole.message).toMatch(/OIDC_JIT_ROLE must be one of/);
});
