// Single sign-on against a real OpenID provider started here (docs/decisions/214-oidc-tests-real-provider.md):
// openid-client does every check for real, over HTTP, against the provider's endpoints and JWKS.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { ProviderBrowser, startTestProvider, type TestProvider } from "~/test/oidc-provider";
import { login } from "./login.server";
import {
  beginOidcLogin,
  CALLBACK_PATH,
  completeOidcLogin,
  getEndSessionUrl,
  getSessionIdToken,
  mapRole,
  type OidcConfig,
} from "./oidc.server";
import { changeOwnPassword, NO_PASSWORD } from "~/users/users.server";
import { getUserBySessionToken } from "./session.server";

const APP_URL = "http://localhost:3000";
let t: TestDatabase;
let provider: TestProvider;
let config: OidcConfig;

beforeAll(async () => {
  t = await createTestDatabase();
  provider = await startTestProvider({
    clientId: "assay-test",
    clientSecret: "assay-test-secret-that-is-long-enough",
    redirectUris: [`${APP_URL}${CALLBACK_PATH}`],
    postLogoutRedirectUris: [`${APP_URL}/login`],
    accounts: {
      "rita-sub": {
        email: "rita@sso.example",
        emailVerified: true,
        name: "Rita Risk",
        groups: ["everyone", "assay-risk"],
      },
      "paul-sub": { email: "paul@sso.example", emailVerified: true, name: "Paul", groups: [] },
      "eve-sub": {
        email: "eve@sso.example",
        emailVerified: false,
        name: "Eve Unverified",
        groups: ["assay-admins"],
      },
    },
  });
  config = {
    issuer: provider.issuer,
    clientId: "assay-test",
    clientSecret: "assay-test-secret-that-is-long-enough",
    displayName: "Test IdP",
    scopes: "openid email profile groups",
    rolesClaim: "groups",
    roleMap: { "assay-risk": "risk_officer", "assay-admins": "admin" },
    jitRole: "procurement",
  };
}, 60_000);
afterAll(async () => {
  await provider?.close();
  await t?.dispose();
});

/** The browser's round trip: Assay → the provider's login page → back to Assay's callback. */
async function roundTrip(login: string, cfg: OidcConfig = config) {
  const begun = await beginOidcLogin(t.db, cfg, { appUrl: APP_URL, redirectTo: "/findings" });
  const browser = new ProviderBrowser(provider.issuer);
  const callback = await browser.signIn(begun.url, login, `${APP_URL}${CALLBACK_PATH}`);
  return { state: begun.state, search: new URL(callback).search, browser, authUrl: begun.url };
}

async function complete(trip: { state: string; search: string }, cfg: OidcConfig = config) {
  return completeOidcLogin(t.db, cfg, {
    appUrl: APP_URL,
    search: trip.search,
    cookieState: trip.state,
  });
}

async function userByEmail(email: string) {
  const [row] = await t.db.select().from(schema.users).where(eq(schema.users.email, email));
  return row;
}

test("the authorisation request carries PKCE (S256), state and nonce", async () => {
  const begun = await beginOidcLogin(t.db, config, { appUrl: APP_URL, redirectTo: "/" });
  const url = new URL(begun.url);
  expect(url.origin).toBe(provider.issuer);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(url.searchParams.get("state")).toBe(begun.state);
  expect(url.searchParams.get("nonce")).toMatch(/.{20,}/);
  expect(url.searchParams.get("redirect_uri")).toBe(`${APP_URL}${CALLBACK_PATH}`);
  // Only the state's hash is kept.
  const rows = await t.db.select().from(schema.oidcLogins);
  expect(rows.map((r) => r.stateHash)).not.toContain(begun.state);
});

test("a new staff member signs in, gets an account with the mapped role, and a working session", async () => {
  const result = await complete(await roundTrip("rita-sub"));
  expect(result).toMatchObject({ ok: true, created: true, redirectTo: "/findings" });
  if (!result.ok) return;
  expect(result.user).toMatchObject({ email: "rita@sso.example", role: "risk_officer" });
  const sessionUser = await getUserBySessionToken(t.db, result.token);
  expect(sessionUser).toMatchObject({
    email: "rita@sso.example",
    role: "risk_officer",
    // The page header offers no "Change password" to her, and the action says why.
    hasPassword: false,
  });
  expect(
    await changeOwnPassword(t.db, sessionUser!, result.token, {
      currentPassword: "",
      newPassword: "a new password of hers",
    }),
  ).toEqual({ ok: false, status: 409, message: NO_PASSWORD, field: undefined });
  const row = await userByEmail("rita@sso.example");
  expect(row).toMatchObject({
    status: "active",
    passwordHash: null,
    oidcIssuer: provider.issuer,
    oidcSubject: "rita-sub",
    name: "Rita Risk",
  });
  // No password: password sign-in is refused for them whatever they type.
  expect(await login(t.db, { email: "rita@sso.example", password: PASSWORD })).toEqual({
    ok: false,
    reason: "invalid",
  });
  // The second time, the same account (found by issuer and subject).
  const again = await complete(await roundTrip("rita-sub"));
  expect(again).toMatchObject({ ok: true, created: false, user: { id: row!.id } });
});

test("an existing account is matched by verified email and linked; the mapped role follows the provider's groups", async () => {
  const existing = await createUser(t.db, { role: "procurement", email: "paul@sso.example" });
  const first = await complete(await roundTrip("paul-sub"));
  expect(first).toMatchObject({ ok: true, created: false, user: { id: existing.id } });
  // No group maps: the role stays.
  expect((await userByEmail("paul@sso.example"))!.role).toBe("procurement");
  expect((await userByEmail("paul@sso.example"))!.oidcSubject).toBe("paul-sub");

  provider.accounts["paul-sub"]!.groups = ["assay-risk", "assay-admins"];
  const promoted = await complete(await roundTrip("paul-sub"));
  expect(promoted).toMatchObject({ ok: true, user: { role: "admin" } });
  // The session from before the role change has ended.
  if (first.ok) expect(await getUserBySessionToken(t.db, first.token)).toBeNull();
  // The password still works while everyone may use one.
  expect((await login(t.db, { email: "paul@sso.example", password: PASSWORD })).ok).toBe(true);
});

test("an unverified email address is refused and no account is made", async () => {
  const result = await complete(await roundTrip("eve-sub"));
  expect(result).toMatchObject({ ok: false, reason: "email_unverified" });
  expect(await userByEmail("eve@sso.example")).toBeUndefined();
  // Nor does it take over an existing account with that address.
  await createUser(t.db, { role: "admin", email: "eve@sso.example" });
  expect(await complete(await roundTrip("eve-sub"))).toMatchObject({
    ok: false,
    reason: "email_unverified",
  });
  expect((await userByEmail("eve@sso.example"))!.oidcSubject).toBeNull();
});

test("a replayed callback, or one from another browser, is refused", async () => {
  const trip = await roundTrip("rita-sub");
  expect((await complete(trip)).ok).toBe(true);
  expect(await complete(trip)).toMatchObject({ ok: false, reason: "state" });

  const other = await roundTrip("rita-sub");
  // The attacker's callback in the victim's browser: the cookie holds another state.
  expect(
    await completeOidcLogin(t.db, config, {
      appUrl: APP_URL,
      search: other.search,
      cookieState: "some-other-state",
    }),
  ).toMatchObject({ ok: false, reason: "state" });
  expect(
    await completeOidcLogin(t.db, config, {
      appUrl: APP_URL,
      search: other.search,
      cookieState: null,
    }),
  ).toMatchObject({ ok: false, reason: "state" });
});

test("an attempt older than ten minutes is refused", async () => {
  const begun = await beginOidcLogin(t.db, config, {
    appUrl: APP_URL,
    redirectTo: "/",
    now: new Date(Date.now() - 11 * 60 * 1000),
  });
  const callback = await new ProviderBrowser(provider.issuer).signIn(
    begun.url,
    "rita-sub",
    `${APP_URL}${CALLBACK_PATH}`,
  );
  expect(await complete({ state: begun.state, search: new URL(callback).search })).toMatchObject({
    ok: false,
    reason: "state",
  });
});

test("an ID token for another audience is refused", async () => {
  const trip = await roundTrip("rita-sub");
  provider.tamperNextIdToken({ claims: (c) => ({ ...c, aud: "some-other-client" }) });
  const result = await complete(trip);
  expect(result).toMatchObject({ ok: false, reason: "token" });
  if (!result.ok) expect(result.detail).toMatch(/"aud"/);
});

test("an expired ID token is refused", async () => {
  const trip = await roundTrip("rita-sub");
  const now = Math.floor(Date.now() / 1000);
  provider.tamperNextIdToken({ claims: (c) => ({ ...c, iat: now - 7200, exp: now - 3600 }) });
  const result = await complete(trip);
  expect(result).toMatchObject({ ok: false, reason: "token" });
  if (!result.ok) expect(result.detail).toMatch(/"exp"/);
});

test("an ID token signed with a key outside the provider's JWKS is refused", async () => {
  const trip = await roundTrip("rita-sub");
  provider.tamperNextIdToken({ claims: (c) => c, strangerKey: true });
  expect(await complete(trip)).toMatchObject({ ok: false, reason: "token" });
  // The same token untouched is accepted: the refusal is the signature's.
  const clean = await roundTrip("rita-sub");
  provider.tamperNextIdToken({ claims: (c) => c });
  expect((await complete(clean)).ok).toBe(true);
});

test("a token with another nonce is refused", async () => {
  const trip = await roundTrip("rita-sub");
  provider.tamperNextIdToken({ claims: (c) => ({ ...c, nonce: "not-the-nonce" }) });
  expect(await complete(trip)).toMatchObject({ ok: false, reason: "token" });
});

test("without just-in-time accounts an unknown address is refused; a deactivated account is refused", async () => {
  provider.accounts["newbie-sub"] = {
    email: "newbie@sso.example",
    emailVerified: true,
    name: "Newbie",
    groups: ["assay-risk"],
  };
  const noJit = { ...config, jitRole: null };
  expect(await complete(await roundTrip("newbie-sub", noJit), noJit)).toMatchObject({
    ok: false,
    reason: "no_account",
  });
  expect(await userByEmail("newbie@sso.example")).toBeUndefined();

  await createUser(t.db, {
    role: "procurement",
    email: "newbie@sso.example",
    status: "deactivated",
  });
  expect(await complete(await roundTrip("newbie-sub"))).toMatchObject({
    ok: false,
    reason: "deactivated",
  });
});

test("signing out sends the browser to the provider's end-session endpoint, which signs out and comes back", async () => {
  const trip = await roundTrip("rita-sub");
  const result = await complete(trip);
  if (!result.ok) throw new Error("sign-in failed");
  const idToken = await getSessionIdToken(t.db, result.token);
  expect(idToken).toMatch(/^ey/);
  const endUrl = await getEndSessionUrl(config, { appUrl: APP_URL, idToken: idToken! });
  const url = new URL(endUrl!);
  expect(url.origin).toBe(provider.issuer);
  expect(url.searchParams.get("id_token_hint")).toBe(idToken);
  expect(url.searchParams.get("post_logout_redirect_uri")).toBe(`${APP_URL}/login`);

  // The provider accepts the hint and asks to confirm; confirming signs out there and returns.
  const page = await trip.browser.request(endUrl!);
  const html = await page.text();
  expect(page.status).toBe(200);
  const form = html.match(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/);
  expect(form).not.toBeNull();
  const fields = new URLSearchParams({ logout: "yes" });
  for (const input of form![2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    fields.set(input[1]!, input[2]!);
  }
  const confirmed = await trip.browser.request(new URL(form![1]!, provider.issuer).href, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: fields,
  });
  let location = confirmed.headers.get("location");
  for (let hop = 0; location && !location.startsWith(APP_URL) && hop < 5; hop++) {
    const next = await trip.browser.request(new URL(location, provider.issuer).href);
    location = next.headers.get("location");
  }
  expect(location).toBe(`${APP_URL}/login`);
  // Signed out at the provider: the next sign-in shows its login form again.
  const begun = await beginOidcLogin(t.db, config, { appUrl: APP_URL, redirectTo: "/" });
  const first = await trip.browser.request(begun.url);
  const interaction = await trip.browser.request(
    new URL(first.headers.get("location")!, provider.issuer).href,
  );
  expect(await interaction.text()).toContain('name="login"');
});

test("groups map to the most powerful role; values that map to nothing are ignored", () => {
  const cfg = { roleMap: { a: "procurement", b: "admin", c: "risk_officer" } as const };
  expect(mapRole(cfg, ["c", "a"])).toBe("risk_officer");
  expect(mapRole(cfg, ["a", "b", "c"])).toBe("admin");
  expect(mapRole(cfg, "a")).toBe("procurement");
  expect(mapRole(cfg, ["zzz", 7, null])).toBeNull();
  expect(mapRole(cfg, ["constructor", "__proto__"])).toBeNull();
  expect(mapRole(cfg, undefined)).toBeNull();
});
