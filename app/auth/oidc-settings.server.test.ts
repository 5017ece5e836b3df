// Single sign-on set up by an admin in the app (docs/decisions/280-oidc-in-admin-settings.md),
// against a real OpenID provider started here: the save asks the provider for its discovery
// document, the secret is stored sealed, and a staff member signs in with the stored settings.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { schema } from "~/db.server";
import { updateSettings, getSettings } from "~/settings/settings.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import { ProviderBrowser, startTestProvider, type TestProvider } from "~/test/oidc-provider";
import { beginOidcLogin, CALLBACK_PATH, completeOidcLogin } from "./oidc.server";
import { OidcSettingsFormSchema } from "./oidc-settings";
import {
  forgetOidcState,
  getOidcConfig,
  getOidcState,
  removeOidcSettings,
  saveOidcSettings,
} from "./oidc-settings.server";

const APP_URL = "http://localhost:3000";
const SECRET = "assay-settings-secret-that-is-long-enough";
let t: TestDatabase;
let provider: TestProvider;
let admin: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDatabase();
  provider = await startTestProvider({
    clientId: "assay-settings",
    clientSecret: SECRET,
    redirectUris: [`${APP_URL}${CALLBACK_PATH}`],
    postLogoutRedirectUris: [`${APP_URL}/login`],
    accounts: {
      "olga-sub": {
        email: "olga@sso.example",
        emailVerified: true,
        name: "Olga Officer",
        groups: ["cn=risk,ou=groups,dc=example"],
      },
    },
  });
  const user = await createUser(t.db, { role: "admin" });
  admin = { id: user.id, email: user.email };
}, 60_000);
afterAll(async () => {
  await provider?.close();
  await t?.dispose();
});
beforeEach(() => forgetOidcState());

function form(overrides: Record<string, string | string[]> = {}) {
  const parsed = OidcSettingsFormSchema.safeParse({
    issuer: provider.issuer,
    clientId: "assay-settings",
    clientSecret: SECRET,
    displayName: "Corp IdP",
    scopes: "openid  email profile groups",
    rolesClaim: "groups",
    jitRole: "procurement",
    mapGroup: ["cn=risk,ou=groups,dc=example", "", ""],
    mapRole: ["risk_officer", "", ""],
    ...overrides,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

test("the form reads group rows, skips empty ones and names the row that is wrong", () => {
  expect(form()).toMatchObject({
    scopes: "openid email profile groups",
    roleMap: { "cn=risk,ou=groups,dc=example": "risk_officer" },
    jitRole: "procurement",
  });
  const bad = OidcSettingsFormSchema.safeParse({
    issuer: "not a url",
    clientId: "x",
    displayName: "x",
    scopes: "email",
    rolesClaim: "groups",
    mapGroup: ["a", "b"],
    mapRole: ["admin", "owner"],
  });
  expect(bad.success).toBe(false);
  const messages = bad.error!.issues.map((i) => i.message);
  expect(messages).toContain(
    "Enter the issuer as a full URL, such as https://login.example.com/realms/staff",
  );
  expect(messages).toContain('The scopes must include "openid"');
});

test("nothing is set up until an admin saves; a provider that does not answer is refused with the reason", async () => {
  expect(await getOidcState(t.db)).toEqual({ source: "none", config: null });
  const closedPort = "http://127.0.0.1:9";
  const refused = await saveOidcSettings(t.db, admin, form({ issuer: closedPort }));
  expect(refused).toMatchObject({ ok: false, status: 400, field: "issuer" });
  expect(refused.ok || refused.message).toMatch(
    /^Assay could not read the provider's discovery document at http:\/\/127\.0\.0\.1:9\/\.well-known\/openid-configuration: /,
  );
  const plainHttp = await saveOidcSettings(
    t.db,
    admin,
    form({ issuer: "http://idp.example.com/realms/staff" }),
  );
  expect(plainHttp).toMatchObject({ ok: false, field: "issuer" });
  expect(await getOidcConfig(t.db)).toBeNull();
});

test("saved settings are used for sign-in; the secret is sealed, never in the audit log, and kept when left empty", async () => {
  expect(await saveOidcSettings(t.db, admin, form())).toEqual({ ok: true });
  const config = await getOidcConfig(t.db);
  expect(config).toMatchObject({
    issuer: provider.issuer,
    clientId: "assay-settings",
    clientSecret: SECRET,
    displayName: "Corp IdP",
    roleMap: { "cn=risk,ou=groups,dc=example": "risk_officer" },
  });
  const [row] = await t.db
    .select()
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, "oidc"));
  expect(JSON.stringify(row!.value)).not.toContain(SECRET);
  const audit = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "settings.sso_updated"));
  expect(audit).toHaveLength(1);
  expect(JSON.stringify(audit[0])).not.toContain(SECRET);

  // Saved again without the secret: the stored one stays.
  expect(
    await saveOidcSettings(t.db, admin, form({ clientSecret: "", displayName: "Corp" })),
  ).toEqual({
    ok: true,
  });
  const kept = (await getOidcConfig(t.db))!;
  expect(kept).toMatchObject({ clientSecret: SECRET, displayName: "Corp" });

  // A staff member signs in with what the admin saved, and gets the mapped role.
  const begun = await beginOidcLogin(t.db, kept, { appUrl: APP_URL, redirectTo: "/" });
  const callback = await new ProviderBrowser(provider.issuer).signIn(
    begun.url,
    "olga-sub",
    `${APP_URL}${CALLBACK_PATH}`,
  );
  const result = await completeOidcLogin(t.db, kept, {
    appUrl: APP_URL,
    search: new URL(callback).search,
    cookieState: begun.state,
  });
  expect(result).toMatchObject({
    ok: true,
    created: true,
    user: { email: "olga@sso.example", role: "risk_officer" },
  });
});

test("a secret that cannot be opened (another SESSION_SECRET) turns sign-in off and says so", async () => {
  expect(await saveOidcSettings(t.db, admin, form())).toEqual({ ok: true });
  const [row] = await t.db
    .select()
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, "oidc"));
  const value = row!.value as { secret: { data: string } };
  const flipped = Buffer.from(value.secret.data, "base64");
  flipped[0] = flipped[0]! ^ 0xff;
  await t.db
    .update(schema.appSettings)
    .set({ value: { ...value, secret: { ...value.secret, data: flipped.toString("base64") } } })
    .where(eq(schema.appSettings.key, "oidc"));
  forgetOidcState();
  const state = await getOidcState(t.db);
  expect(state).toMatchObject({
    source: "settings",
    config: null,
    view: { secretReadable: false },
  });
  // Saving without a secret is refused; with it, sign-in works again.
  expect(await saveOidcSettings(t.db, admin, form({ clientSecret: "" }))).toMatchObject({
    ok: false,
    field: "clientSecret",
  });
  expect(await saveOidcSettings(t.db, admin, form())).toEqual({ ok: true });
  expect((await getOidcConfig(t.db))?.clientSecret).toBe(SECRET);
});

test("turning it off is refused while only the break-glass admin may use a password", async () => {
  expect(await saveOidcSettings(t.db, admin, form())).toEqual({ ok: true });
  const settings = await getSettings(t.db);
  await updateSettings(t.db, admin, {
    ...settings,
    passwordSignIn: "break_glass_only",
    breakGlassEmail: admin.email,
  });
  expect(await removeOidcSettings(t.db, admin)).toMatchObject({ ok: false, status: 409 });
  expect(await getOidcConfig(t.db)).not.toBeNull();
  await updateSettings(t.db, admin, { ...settings, passwordSignIn: "everyone" });
  expect(await removeOidcSettings(t.db, admin)).toEqual({ ok: true });
  expect(await getOidcConfig(t.db)).toBeNull();
  const removed = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "settings.sso_removed"));
  expect(removed).toHaveLength(1);
});
