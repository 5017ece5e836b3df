// Every environment variable the server reads, parsed once with zod. None of it reaches the
// browser: the root loader sends only the signed-in user and the pending toast.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ROLES } from "~/auth/permissions";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    errorMap: () => ({ message: 'must be "true" or "false"' }),
  })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const roleName = z.enum(ROLES, {
  errorMap: () => ({ message: `must be one of ${ROLES.join(", ")}` }),
});

// {"provider group or role": "assay role"}, as JSON: group names may hold any character
// (an LDAP DN has commas and equals signs).
const roleMap = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be JSON such as {"assay-admins":"admin","risk-team":"risk_officer"}',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(z.string().min(1), roleName, {
      invalid_type_error:
        'must be a JSON object such as {"assay-admins":"admin","risk-team":"risk_officer"}',
    }),
  );

/** A loopback host: the only place an http issuer is accepted (decision 212). */
export function isLoopbackHost(hostname: string): boolean {
  return ["localhost", "127.0.0.1", "[::1]", "::1"].includes(hostname);
}

const postgresUrl = z
  .string()
  .url("must be a URL such as postgres://user:password@localhost:5432/assay")
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql://");

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: postgresUrl.optional(),
    // The longest one SQL statement may run before PostgreSQL cancels it (the request then gets
    // a 503); 0 = no limit (docs/decisions/131-database-outage.md).
    DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds, such as 30 (0 = no limit)" })
      .int("must be a whole number of seconds")
      .min(0, "must be 0 (no limit) or more seconds")
      .max(3_600, "must be at most 3600 seconds")
      .default(30),
    DATA_DIR: z.string().min(1).default("./data"),
    SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (try: openssl rand -hex 32)")
      .optional(),
    APP_URL: z
      .string()
      .url("must be the public address of the app, such as https://assay.example.com")
      .optional(),
    SMTP_URL: z
      .string()
      .url("must be an SMTP URL such as smtps://user:password@smtp.example.com:465")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Assay <assay@localhost>"),
    // The outbox's delivery worker (docs/decisions/140-mail-outbox.md): how often it looks for
    // due mail, how many times it tries one, and the first wait between tries (doubling, at
    // most an hour).
    MAIL_POLL_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds, such as 5" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds")
      .default(5),
    MAIL_MAX_ATTEMPTS: z.coerce
      .number({ invalid_type_error: "must be a number of tries, such as 10" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(100, "must be at most 100")
      .default(10),
    MAIL_RETRY_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds, such as 30" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds")
      .default(30),
    // Webhooks (docs/decisions/216-webhook-targets.md): how many times a delivery is tried and
    // the first wait between tries (doubling, at most an hour); whether an admin may point an
    // endpoint at a loopback, private or link-local address (and plain http) at all.
    WEBHOOK_MAX_ATTEMPTS: z.coerce
      .number({ invalid_type_error: "must be a number of tries, such as 8" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(100, "must be at most 100")
      .default(8),
    WEBHOOK_RETRY_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds, such as 30" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      .max(3600, "must be at most 3600 seconds")
      .default(30),
    WEBHOOK_ALLOW_PRIVATE_TARGETS: booleanString.default("false"),
    SEED_DEMO: booleanString.optional(),
    // Evidence in S3-compatible storage (docs/decisions/141-evidence-storage.md): set the
    // bucket to use it; unset, files stay under DATA_DIR/evidence on this machine.
    S3_BUCKET: z.string().min(3, "must be a bucket name").optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ENDPOINT: z
      .string()
      .url(
        "must be the store's URL, such as https://s3.eu-west-1.amazonaws.com or http://minio:9000",
      )
      .optional(),
    S3_FORCE_PATH_STYLE: booleanString.default("false"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\/$/, 'must be a folder name ending in "/", such as assay/')
      .optional(),
    TRUST_PROXY: booleanString.default("false"),
    // Staff single sign-on through OpenID Connect (docs/decisions/212-oidc-flow.md): the
    // three together turn it on. The provider's redirect URI is APP_URL/auth/oidc/callback.
    OIDC_ISSUER_URL: z
      .string()
      .url("must be the provider's issuer URL, such as https://login.example.com/realms/staff")
      .optional(),
    OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
    OIDC_DISPLAY_NAME: z.string().min(1).max(60).default("single sign-on"),
    OIDC_SCOPES: z
      .string()
      .regex(/(^| )openid( |$)/, 'must include "openid", such as "openid email profile"')
      .default("openid email profile"),
    // Which claim holds the user's groups or roles, and what they map to
    // (docs/decisions/211-oidc-account-matching.md).
    OIDC_ROLES_CLAIM: z.string().min(1).max(200).default("groups"),
    OIDC_ROLE_MAP: roleMap.optional(),
    // Set: an unknown but verified address gets an account with this role at first sign-in.
    OIDC_JIT_ROLE: roleName.optional(),
    // How often the scheduled jobs (reminders, overdue notices, expiry) run; 0 turns them off.
    SCHEDULER_INTERVAL_SECONDS: z.coerce
      .number({ invalid_type_error: "must be a number of seconds, such as 60 (0 turns it off)" })
      .int("must be a whole number of seconds")
      .min(0, "must be 0 (off) or more seconds")
      .max(86_400, "must be at most 86400 seconds (one day)")
      .default(60),
    // Test installations only: lets an admin run the scheduled jobs "as of" another date
    // (end-to-end tests move the clock this way). Never set it in production.
    ALLOW_TEST_CLOCK: booleanString.default("false"),
  })
  .transform((env) => ({
    ...env,
    embedded: env.DATABASE_URL === undefined,
    // Production mode is a deployment on a real database. Embedded mode is one machine by
    // design, so it may generate and keep its own secret (docs/decisions/003-modes.md).
    production: env.NODE_ENV === "production" && env.DATABASE_URL !== undefined,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    SEED_DEMO: env.SEED_DEMO ?? env.DATABASE_URL === undefined,
    oidc:
      env.OIDC_ISSUER_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER_URL,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            displayName: env.OIDC_DISPLAY_NAME,
            scopes: env.OIDC_SCOPES,
            rolesClaim: env.OIDC_ROLES_CLAIM,
            roleMap: env.OIDC_ROLE_MAP ?? {},
            jitRole: env.OIDC_JIT_ROLE ?? null,
          }
        : null,
  }))
  .superRefine((env, ctx) => {
    if (!env.S3_BUCKET && (env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["S3_BUCKET"],
        message:
          "is required when S3_ENDPOINT or S3_ACCESS_KEY_ID is set (the bucket for evidence files)",
      });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [env.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"],
        message:
          "is required with the other one (S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together)",
      });
    }
    const oidcParts = [env.OIDC_ISSUER_URL, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
      for (const name of ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const) {
        if (!env[name])
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [name],
            message:
              "is required with the others (OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together)",
          });
      }
    }
    if (env.OIDC_ISSUER_URL) {
      const issuer = new URL(env.OIDC_ISSUER_URL);
      if (issuer.protocol !== "https:" && !isLoopbackHost(issuer.hostname)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["OIDC_ISSUER_URL"],
          message:
            "must use https:// (http:// only for a provider on this machine, such as localhost)",
        });
      }
    }
    if (env.production && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SESSION_SECRET"],
        message:
          "is required in production (NODE_ENV=production with DATABASE_URL); set it to a random value of 32+ characters, e.g. openssl rand -hex 32",
      });
    }
  });

export type Env = z.output<typeof EnvSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; message: string };

export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  // Empty strings count as unset: `FOO= npm start` should not be a validation error.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return { ok: true, env: result.data };
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    return `  ${name} ${issue.message}`;
  });
  return { ok: false, message: `Assay cannot start: invalid environment.\n${lines.join("\n")}` };
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(result.message);
  cached = result.env;
  return cached;
}

/** Called once at start-up: print the problem in plain words and stop, rather than serve half-configured. */
export function requireValidEnvOrExit(): Env {
  const result = parseEnv(process.env);
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  cached = result.env;
  return result.env;
}

let sessionSecret: string | undefined;

/** SESSION_SECRET, or in embedded/dev mode a random one generated once and kept in DATA_DIR. */
export function getSessionSecret(env: Env = getEnv()): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (sessionSecret) return sessionSecret;
  const file = path.resolve(env.DATA_DIR, "session-secret");
  if (existsSync(file)) {
    sessionSecret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    sessionSecret = randomBytes(32).toString("hex");
    writeFileSync(file, sessionSecret + "\n", { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return sessionSecret;
}
