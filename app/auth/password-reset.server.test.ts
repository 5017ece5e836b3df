import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { action as forgotAction } from "~/routes/forgot-password";
import { updateSettings } from "~/settings/settings.server";
import { DEFAULT_SETTINGS } from "~/settings/settings";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest, PASSWORD } from "~/test/factories";
import { login } from "./login.server";
import {
  completePasswordReset,
  getPasswordReset,
  RESET_LIMITS,
  RESET_TTL_MS,
  requestPasswordReset,
} from "./password-reset.server";
import { getUserBySessionToken } from "./session.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

const NEW_PASSWORD = "a-brand-new-long-password";

async function resetMailsTo(email: string) {
  return t.db
    .select()
    .from(schema.mailOutbox)
    .where(and(eq(schema.mailOutbox.to, email), eq(schema.mailOutbox.kind, "password_reset")))
    .orderBy(desc(schema.mailOutbox.id));
}

async function linkTokenFor(email: string): Promise<string> {
  const [mail] = await resetMailsTo(email);
  const match = mail?.text.match(/\/reset-password\/([A-Za-z0-9_-]{43})\b/);
  if (!match) throw new Error(`no reset link mailed to ${email}`);
  return match[1]!;
}

async function signIn(email: string, password = PASSWORD) {
  const result = await login(t.db, { email, password });
  if (!result.ok) throw new Error(`login failed for ${email}`);
  return result.token;
}

test("a reset link sets a new password once, ends every session, and only its hash is stored", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const laptop = await signIn(user.email);
  const phone = await signIn(user.email);
  const now = new Date();
  expect(await requestPasswordReset(t.db, { email: user.email, now })).toEqual({
    outcome: "sent",
  });
  const [mail] = await resetMailsTo(user.email);
  expect(mail).toMatchObject({ status: "queued", subject: "Reset your Assay password" });
  expect(mail!.html).toContain("Choose a new password");
  const token = await linkTokenFor(user.email);
  const rows = await t.db
    .select()
    .from(schema.passwordResets)
    .where(eq(schema.passwordResets.userId, user.id));
  expect(rows).toHaveLength(1);
  expect(rows[0]!.tokenHash).not.toBe(token);
  expect(rows[0]!.expiresAt.getTime() - now.getTime()).toBe(RESET_TTL_MS);
  expect(await getPasswordReset(t.db, token)).toEqual({ state: "valid", email: user.email });

  expect(await completePasswordReset(t.db, token, { password: NEW_PASSWORD })).toEqual({
    ok: true,
    email: user.email,
  });
  expect(await getUserBySessionToken(t.db, laptop)).toBeNull();
  expect(await getUserBySessionToken(t.db, phone)).toBeNull();
  expect(await login(t.db, { email: user.email, password: PASSWORD })).toEqual({
    ok: false,
    reason: "invalid",
  });
  await signIn(user.email, NEW_PASSWORD);

  // Single use: the same link again changes nothing.
  expect(await completePasswordReset(t.db, token, { password: "yet-another-password!" })).toEqual({
    ok: false,
    state: "used",
  });
  await signIn(user.email, NEW_PASSWORD);
  const audit = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "user.password_reset"));
  expect(audit.filter((e) => e.targetId === user.id)).toHaveLength(1);
});

test("a link works for 30 minutes, and a newer link spends the older one", async () => {
  const user = await createUser(t.db, { role: "risk_officer" });
  const start = new Date("2026-12-05T10:00:00Z");
  await requestPasswordReset(t.db, { email: user.email, now: start });
  const first = await linkTokenFor(user.email);
  const late = new Date(start.getTime() + RESET_TTL_MS + 1000);
  expect(await getPasswordReset(t.db, first, late)).toEqual({ state: "expired" });
  expect(await completePasswordReset(t.db, first, { password: NEW_PASSWORD, now: late })).toEqual({
    ok: false,
    state: "expired",
  });
  await signIn(user.email);

  const later = new Date();
  await requestPasswordReset(t.db, { email: user.email, now: later });
  const second = await linkTokenFor(user.email);
  await requestPasswordReset(t.db, { email: user.email, now: later });
  const third = await linkTokenFor(user.email);
  expect(await completePasswordReset(t.db, second, { password: NEW_PASSWORD })).toEqual({
    ok: false,
    state: "used",
  });
  expect(await completePasswordReset(t.db, third, { password: NEW_PASSWORD })).toMatchObject({
    ok: true,
  });
  expect(await completePasswordReset(t.db, "not-a-token", { password: NEW_PASSWORD })).toEqual({
    ok: false,
    state: "unknown",
  });
});

test("the page answers the same for an account, an unknown address and an account without a password", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const invited = await createUser(t.db, {
    role: "procurement",
    password: undefined,
    status: "invited",
  });
  async function page(email: string, ip: string) {
    const response = (await forgotAction({
      request: formRequest("/forgot-password", { email }),
      params: {},
      context: { clientIp: ip },
    })) as unknown;
    return JSON.stringify(response).replaceAll(email, "<address>");
  }
  const known = await page(user.email, "192.0.2.10");
  const unknown = await page("nobody-here@test.example", "192.0.2.11");
  const noPassword = await page(invited.email, "192.0.2.12");
  expect(known).toBe(unknown);
  expect(noPassword).toBe(unknown);
  expect(await resetMailsTo(user.email)).toHaveLength(1);
  expect(await resetMailsTo("nobody-here@test.example")).toHaveLength(0);
  expect(await resetMailsTo(invited.email)).toHaveLength(0);
});

test("requests are throttled per address and client, like sign-in", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const now = new Date();
  for (let i = 0; i < RESET_LIMITS.perEmail.limit; i++) {
    const r = await requestPasswordReset(t.db, { email: user.email, ip: "198.51.100.7", now });
    expect(r.outcome).toBe("sent");
  }
  const refused = await requestPasswordReset(t.db, {
    email: user.email,
    ip: "198.51.100.7",
    now,
  });
  expect(refused).toMatchObject({ outcome: "rate_limited" });
  expect(await resetMailsTo(user.email)).toHaveLength(RESET_LIMITS.perEmail.limit);
  // Another network is not affected.
  expect(await requestPasswordReset(t.db, { email: user.email, ip: "198.51.100.8", now })).toEqual({
    outcome: "sent",
  });
  // An unknown address is throttled the same way, so the limit tells nothing either.
  for (let i = 0; i < RESET_LIMITS.perEmail.limit; i++) {
    await requestPasswordReset(t.db, { email: "ghost@test.example", ip: "198.51.100.7", now });
  }
  expect(
    await requestPasswordReset(t.db, { email: "ghost@test.example", ip: "198.51.100.7", now }),
  ).toMatchObject({ outcome: "rate_limited" });
});

test("with password sign-in only for the break-glass admin, only that admin gets a link and can sign in with a password", async () => {
  const breakGlass = await createUser(t.db, { role: "admin" });
  const staff = await createUser(t.db, { role: "risk_officer" });
  await updateSettings(
    t.db,
    { id: breakGlass.id, email: breakGlass.email },
    { ...DEFAULT_SETTINGS, passwordSignIn: "break_glass_only", breakGlassEmail: breakGlass.email },
  );
  try {
    expect(await requestPasswordReset(t.db, { email: staff.email })).toEqual({
      outcome: "not_eligible",
    });
    expect(await requestPasswordReset(t.db, { email: breakGlass.email })).toEqual({
      outcome: "sent",
    });
    expect(await login(t.db, { email: staff.email, password: PASSWORD })).toEqual({
      ok: false,
      reason: "password_sign_in_off",
    });
    // The same answer with a wrong password: the refusal says nothing about the password.
    expect(await login(t.db, { email: staff.email, password: "wrong-password" })).toEqual({
      ok: false,
      reason: "password_sign_in_off",
    });
    await signIn(breakGlass.email);
  } finally {
    await updateSettings(t.db, { id: breakGlass.id, email: breakGlass.email }, DEFAULT_SETTINGS);
  }
  await signIn(staff.email);
});
