// Staff single sign-on through OpenID Connect with openid-client: the authorisation code flow
// with PKCE, state and nonce (docs/decisions/212-oidc-flow.md), and how a provider's user
// becomes an Assay account (docs/decisions/211-oidc-account-matching.md).
import { createHash } from "node:crypto";
import { and, count, eq, lt, ne } from "drizzle-orm";
import * as client from "openid-client";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { type Env, isLoopbackHost } from "~/env.server";
import { type Role, ROLES } from "./permissions";
import { safeRedirect } from "./schemas";
import { createSession, deleteUserSessions, hashToken, type SessionUser } from "./session.server";

export type OidcConfig = NonNullable<Env["oidc"]>;

export const OIDC_LOGIN_TTL_MS = 10 * 60 * 1000;
export const CALLBACK_PATH = "/auth/oidc/callback";

// The most powerful role wins when several groups map (decision 211).
const ROLE_RANK: Record<Role, number> = { admin: 3, risk_officer: 2, procurement: 1 };

const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata and JWKS location, found once per process and configuration. */
export function getOidcClient(config: OidcConfig): Promise<client.Configuration> {
  // Keyed by the secret's hash too: an admin who changes only the secret gets a new client.
  const key = `${config.issuer} ${config.clientId} ${createHash("sha256").update(config.clientSecret).digest("base64url")}`;
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(config.issuer);
    pending = client
      .discovery(
        issuer,
        config.clientId,
        undefined,
        client.ClientSecretBasic(config.clientSecret),
        {
          // http only on a loopback address, as the environment check allows (decision 212).
          execute: isLoopbackHost(issuer.hostname) ? [client.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .then((found) => {
        // Also check the ID token's signature against the provider's JWKS: by default the
        // library relies on TLS for tokens from the token endpoint.
        client.enableNonRepudiationChecks(found);
        return found;
      });
    // A provider that was down is asked again next time.
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending;
}

/** Starts a sign-in: the provider's URL to send the browser to, and the state for its cookie. */
export async function beginOidcLogin(
  db: Db,
  config: OidcConfig,
  input: { appUrl: string; redirectTo: string; now?: Date },
): Promise<{ url: string; state: string }> {
  const now = input.now ?? new Date();
  const oidc = await getOidcClient(config);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await db.delete(schema.oidcLogins).where(lt(schema.oidcLogins.expiresAt, now));
  await db.insert(schema.oidcLogins).values({
    stateHash: hashToken(state),
    nonce,
    codeVerifier,
    redirectTo: safeRedirect(input.redirectTo),
    createdAt: now,
    expiresAt: new Date(now.getTime() + OIDC_LOGIN_TTL_MS),
  });
  const url = client.buildAuthorizationUrl(oidc, {
    redirect_uri: `${input.appUrl}${CALLBACK_PATH}`,
    scope: config.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url: url.href, state };
}

export type OidcRefusal =
  | "state" // no such attempt, used already, expired, or not this browser's
  | "provider_error" // the provider answered with an error (the user cancelled, …)
  | "token" // the code exchange or the ID token failed a check
  | "email_unverified"
  | "no_email"
  | "no_account"
  | "deactivated"
  | "linked_elsewhere";

export type OidcLoginResult =
  | { ok: true; token: string; user: SessionUser; redirectTo: string; created: boolean }
  | { ok: false; reason: OidcRefusal; detail?: string };

/** Finishes a sign-in from the provider's callback URL; the session token on success. */
export async function completeOidcLogin(
  db: Db,
  config: OidcConfig,
  input: {
    appUrl: string;
    /** The query string the provider sent the browser back with. */
    search: string;
    /** The state this browser's cookie holds. */
    cookieState: string | null;
    userAgent?: string | null;
    ip?: string | null;
    now?: Date;
  },
): Promise<OidcLoginResult> {
  const now = input.now ?? new Date();
  const params = new URLSearchParams(input.search);
  const state = params.get("state");
  if (!state || !input.cookieState || state !== input.cookieState) {
    return refuse(db, "state", "the state is missing or is not this browser's");
  }
  // Deleted in the statement that reads it: a state works once.
  const [attempt] = await db
    .delete(schema.oidcLogins)
    .where(eq(schema.oidcLogins.stateHash, hashToken(state)))
    .returning();
  if (!attempt) return refuse(db, "state", "unknown or already used state");
  if (attempt.expiresAt <= now) return refuse(db, "state", "the sign-in took too long");
  if (params.has("error")) {
    return refuse(db, "provider_error", params.get("error_description") ?? params.get("error")!);
  }

  const oidc = await getOidcClient(config);
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(
      oidc,
      new URL(`${input.appUrl}${CALLBACK_PATH}?${params}`),
      {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      },
    );
    const idClaims = tokens.claims();
    if (!idClaims) return refuse(db, "token", "no ID token");
    claims = { ...idClaims };
    // Email and groups may be only in UserInfo (providers keep ID tokens small).
    if (
      (claims.email === undefined || claims[config.rolesClaim] === undefined) &&
      tokens.access_token &&
      oidc.serverMetadata().userinfo_endpoint
    ) {
      const info = await client.fetchUserInfo(oidc, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims };
      for (const key of ["email", "email_verified", config.rolesClaim]) {
        if (claims[key] === undefined && info[key] !== undefined) claims[key] = info[key];
      }
    }
    const idToken = tokens.id_token!;
    return await signIn(db, config, {
      issuer: String(idClaims.iss),
      claims,
      idToken,
      redirectTo: attempt.redirectTo,
      userAgent: input.userAgent,
      ip: input.ip,
      now,
    });
  } catch (error) {
    return refuse(db, "token", describeError(error));
  }
}

/** The Assay role the provider's groups map to, or null when none maps. */
export function mapRole(config: Pick<OidcConfig, "roleMap">, value: unknown): Role | null {
  const values = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  let best: Role | null = null;
  for (const v of values) {
    if (typeof v !== "string") continue;
    const role = Object.hasOwn(config.roleMap, v) ? config.roleMap[v] : undefined;
    if (role && ROLES.includes(role) && (!best || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  }
  return best;
}

async function signIn(
  db: Db,
  config: OidcConfig,
  input: {
    issuer: string;
    claims: Record<string, unknown>;
    idToken: string;
    redirectTo: string;
    userAgent?: string | null;
    ip?: string | null;
    now: Date;
  },
): Promise<OidcLoginResult> {
  const { claims, issuer, now } = input;
  const sub = String(claims.sub);
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null;
  const mapped = mapRole(config, claims[config.rolesClaim]);
  const name =
    (typeof claims.name === "string" && claims.name.trim().slice(0, 120)) ||
    email?.split("@")[0] ||
    "Single sign-on user";

  type Outcome = OidcLoginResult | { refuse: OidcRefusal; detail: string };
  const outcome: Outcome = await db.transaction(async (tx): Promise<Outcome> => {
    let [user] = await tx
      .select()
      .from(schema.users)
      .where(and(eq(schema.users.oidcIssuer, issuer), eq(schema.users.oidcSubject, sub)))
      .for("update");
    let created = false;
    if (!user) {
      if (!email) return { refuse: "no_email", detail: `no email claim for ${sub}` };
      if (claims.email_verified !== true) {
        return { refuse: "email_unverified", detail: `${email} is not verified` };
      }
      [user] = await tx
        .select()
        .from(schema.users)
        .where(eq(schema.users.email, email))
        .for("update");
      if (user?.oidcSubject) {
        return { refuse: "linked_elsewhere", detail: `${email} is linked to another identity` };
      }
      if (!user) {
        if (!config.jitRole) return { refuse: "no_account", detail: `no account for ${email}` };
        [user] = await tx
          .insert(schema.users)
          .values({
            email,
            name,
            role: mapped ?? config.jitRole,
            status: "active",
            oidcIssuer: issuer,
            oidcSubject: sub,
          })
          .returning();
        created = true;
        await recordAudit(tx, {
          actor: { id: user!.id, email },
          action: "user.created_by_sso",
          target: { type: "user", id: user!.id },
          after: { email, name, role: user!.role, status: "active", issuer },
        });
      } else {
        if (user.status === "deactivated") {
          return { refuse: "deactivated", detail: `${email} is deactivated` };
        }
        const wasInvited = user.status === "invited";
        [user] = await tx
          .update(schema.users)
          .set({ oidcIssuer: issuer, oidcSubject: sub, status: "active", updatedAt: now })
          .where(eq(schema.users.id, user.id))
          .returning();
        if (wasInvited) {
          // The provider vouched for the address: the invitation is no longer needed.
          await tx
            .update(schema.userInvitations)
            .set({ usedAt: now })
            .where(eq(schema.userInvitations.userId, user!.id));
        }
        await recordAudit(tx, {
          actor: { id: user!.id, email: user!.email },
          action: "user.linked_to_sso",
          target: { type: "user", id: user!.id },
          after: { issuer, ...(wasInvited ? { status: "active" } : {}) },
        });
      }
    }
    if (!user) return { refuse: "no_account", detail: `no account for ${sub}` };
    if (user.status === "deactivated") {
      return { refuse: "deactivated", detail: `${user.email} is deactivated` };
    }
    if (!created && mapped && mapped !== user.role) {
      const lastAdmin =
        user.role === "admin" &&
        ((
          await tx
            .select({ n: count() })
            .from(schema.users)
            .where(
              and(
                eq(schema.users.role, "admin"),
                eq(schema.users.status, "active"),
                ne(schema.users.id, user.id),
              ),
            )
        )[0]?.n ?? 0) === 0;
      if (!lastAdmin) {
        await tx
          .update(schema.users)
          .set({ role: mapped, updatedAt: now })
          .where(eq(schema.users.id, user.id));
        await deleteUserSessions(tx, user.id);
        await recordAudit(tx, {
          actor: { id: user.id, email: user.email },
          action: "user.role_changed_by_sso",
          target: { type: "user", id: user.id },
          before: { role: user.role },
          after: { role: mapped },
        });
        user = { ...user, role: mapped };
      }
    }
    const token = await createSession(tx, user.id, { userAgent: input.userAgent, now });
    await tx
      .update(schema.sessions)
      .set({ oidcIdToken: input.idToken })
      .where(eq(schema.sessions.idHash, hashToken(token)));
    await tx.update(schema.users).set({ lastLoginAt: now }).where(eq(schema.users.id, user.id));
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.login",
      target: { type: "user", id: user.id },
      detail: { ip: input.ip ?? null, method: "sso", issuer },
    });
    return {
      ok: true,
      token,
      created,
      redirectTo: input.redirectTo,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  });
  if ("refuse" in outcome) return refuse(db, outcome.refuse, outcome.detail);
  return outcome;
}

/** The library's messages down its chain of causes, and its code (for the audit log). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  const code =
    error instanceof Error && "code" in error && typeof error.code === "string"
      ? ` [${error.code}]`
      : "";
  return `${parts.join(": ") || String(error)}${code}`;
}

async function refuse(db: Db, reason: OidcRefusal, detail: string): Promise<OidcLoginResult> {
  await recordAudit(db, {
    actor: { anonymous: "single sign-on" },
    action: "auth.sso_refused",
    detail: { reason, detail: detail.slice(0, 500) },
  });
  return { ok: false, reason, detail };
}

/**
 * Where to send the browser after ending an SSO session here: the provider's end-session
 * endpoint with the ID token as hint (RP-Initiated Logout 1.0), or null when it has none.
 */
export async function getEndSessionUrl(
  config: OidcConfig,
  input: { appUrl: string; idToken: string },
): Promise<string | null> {
  const oidc = await getOidcClient(config);
  if (!oidc.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(oidc, {
    id_token_hint: input.idToken,
    post_logout_redirect_uri: `${input.appUrl}/login`,
  }).href;
}

/** The ID token kept with an SSO session, if the session began that way. */
export async function getSessionIdToken(db: Db, sessionToken: string): Promise<string | null> {
  const [row] = await db
    .select({ idToken: schema.sessions.oidcIdToken })
    .from(schema.sessions)
    .where(eq(schema.sessions.idHash, hashToken(sessionToken)))
    .limit(1);
  return row?.idToken ?? null;
}
