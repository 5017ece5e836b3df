// Single sign-on set up by an admin in the app, beside the environment variables
// (docs/decisions/280-oidc-in-admin-settings.md). The environment wins when it sets the three
// required values; otherwise the stored settings apply. The client secret is stored encrypted
// (AES-256-GCM under a key derived from the session secret) and never shown again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { getEnv, getSessionSecret, isLoopbackHost } from "~/env.server";
import { fail, type Failure } from "~/forms/failure";
import { getSettings } from "~/settings/settings.server";
import { getOidcClient, type OidcConfig } from "./oidc.server";
import { type OidcSettingsInput } from "./oidc-settings";
import { ROLES } from "./permissions";

const KEY = "oidc";
/** How long an instance reuses what it read; other instances see a change within this time. */
const CACHE_MS = 5_000;

const SealedSchema = z.object({
  v: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
type Sealed = z.output<typeof SealedSchema>;

const StoredSchema = z.object({
  issuer: z.string().url(),
  clientId: z.string().min(1),
  secret: SealedSchema,
  displayName: z.string().min(1),
  scopes: z.string().min(1),
  rolesClaim: z.string().min(1),
  roleMap: z.record(z.enum(ROLES)),
  jitRole: z.enum(ROLES).nullable(),
});
type Stored = z.output<typeof StoredSchema>;

/** What the admin page shows of stored settings: everything but the secret. */
export type OidcSettingsView = Omit<Stored, "secret"> & { secretReadable: boolean };

export type OidcState =
  | { source: "environment"; config: OidcConfig }
  | { source: "settings"; config: OidcConfig | null; view: OidcSettingsView }
  | { source: "none"; config: null };

function secretKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getSessionSecret(), "assay", "oidc-client-secret", 32));
}

export function sealSecret(plain: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

/** The secret, or null when it was sealed under another session secret (or tampered with). */
export function openSecret(sealed: Sealed): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", secretKey(), Buffer.from(sealed.iv, "base64"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.data, "base64")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}

async function readStored(db: Db): Promise<Stored | null> {
  const [row] = await db
    .select()
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, KEY))
    .limit(1);
  if (!row) return null;
  const parsed = StoredSchema.safeParse(row.value);
  return parsed.success ? parsed.data : null;
}

function viewOf(stored: Stored, secretReadable: boolean): OidcSettingsView {
  const { secret: _secret, ...rest } = stored;
  return { ...rest, secretReadable };
}

let cache: { state: OidcState; at: number } | null = null;

/** Where single sign-on comes from now, and its configuration when it is usable. */
export async function getOidcState(db: Db, now = Date.now()): Promise<OidcState> {
  const env = getEnv();
  if (env.oidc) return { source: "environment", config: env.oidc };
  if (cache && now - cache.at < CACHE_MS) return cache.state;
  const stored = await readStored(db);
  let state: OidcState;
  if (!stored) state = { source: "none", config: null };
  else {
    const secret = openSecret(stored.secret);
    const { secret: _sealed, ...rest } = stored;
    state = {
      source: "settings",
      config: secret === null ? null : { ...rest, clientSecret: secret },
      view: viewOf(stored, secret !== null),
    };
  }
  cache = { state, at: now };
  return state;
}

/** The configuration single sign-on runs with, or null when it is not set up. */
export async function getOidcConfig(db: Db): Promise<OidcConfig | null> {
  return (await getOidcState(db)).config;
}

/**
 * The provider's origin for the page's Content-Security-Policy form-action, from what this
 * instance last read (the sign-in page's loader reads it before the page renders).
 */
export function ssoFormOrigins(): string[] {
  const config = getEnv().oidc ?? cache?.state.config ?? null;
  return config ? [new URL(config.issuer).origin] : [];
}

/** Tests and a save on this instance start from the database again. */
export function forgetOidcState() {
  cache = null;
}

function auditView(view: Omit<Stored, "secret"> | null) {
  return view && { ...view, clientSecret: "(hidden)" };
}

/**
 * Saves the admin's settings after asking the provider for its discovery document, so a
 * mistyped issuer is caught here and not at the next sign-in.
 */
export async function saveOidcSettings(
  db: Db,
  actor: Actor & { id: string },
  input: OidcSettingsInput,
): Promise<{ ok: true } | Failure> {
  if (getEnv().oidc)
    return fail(
      409,
      "Single sign-on is set by this installation's environment (OIDC_ISSUER_URL and the others); change it there",
    );
  const issuer = new URL(input.issuer);
  if (issuer.protocol !== "https:" && !isLoopbackHost(issuer.hostname))
    return fail(400, "Use an https:// issuer: sign-in tokens travel only over TLS", "issuer");
  const before = await readStored(db);
  const secret = input.clientSecret || (before ? openSecret(before.secret) : null);
  if (!secret) return fail(400, "Enter the client secret the provider gave Assay", "clientSecret");
  const { clientSecret: _typed, ...settings } = input;
  const config: OidcConfig = { ...settings, clientSecret: secret };
  try {
    await getOidcClient(config);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(
      400,
      `Assay could not read the provider's discovery document at ${new URL(".well-known/openid-configuration", input.issuer.replace(/\/?$/, "/")).href}: ${reason}`,
      "issuer",
    );
  }
  const stored: Stored = { ...settings, secret: sealSecret(secret) };
  await db.transaction(async (tx) => {
    await tx
      .insert(schema.appSettings)
      .values({ key: KEY, value: stored, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: schema.appSettings.key,
        set: { value: stored, updatedBy: actor.id, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actor,
      action: "settings.sso_updated",
      before: before && auditView(viewOf(before, true)),
      after: auditView(viewOf(stored, true)),
      detail: { secretChanged: Boolean(input.clientSecret) },
    });
  });
  forgetOidcState();
  return { ok: true };
}

/** Turns stored single sign-on off, unless password sign-in is limited to the break-glass admin. */
export async function removeOidcSettings(
  db: Db,
  actor: Actor & { id: string },
): Promise<{ ok: true } | Failure> {
  if (getEnv().oidc)
    return fail(409, "Single sign-on is set by this installation's environment; change it there");
  const settings = await getSettings(db);
  if (settings.passwordSignIn === "break_glass_only")
    return fail(
      409,
      "Password sign-in is limited to the break-glass admin, so turning single sign-on off would lock staff out. Let everyone sign in with a password first.",
    );
  await db.transaction(async (tx) => {
    const before = await readStored(tx);
    if (!before) return;
    await tx.delete(schema.appSettings).where(eq(schema.appSettings.key, KEY));
    await recordAudit(tx, {
      actor,
      action: "settings.sso_removed",
      before: auditView(viewOf(before, true)),
    });
  });
  forgetOidcState();
  return { ok: true };
}
