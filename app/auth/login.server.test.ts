import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { accountDelayMs, LOGIN_LIMITS, login } from "./login.server";
import { getUserBySessionToken, SESSION_TTL_MS } from "./session.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

test("the right password starts a new session each time and records the login", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const first = await login(t.db, { email: user.email, password: PASSWORD });
  const second = await login(t.db, { email: user.email, password: PASSWORD });
  expect(first.ok && second.ok).toBe(true);
  if (!first.ok || !second.ok) return;
  expect(first.token).not.toBe(second.token);
  expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
  expect(await getUserBySessionToken(t.db, first.token)).toMatchObject({
    id: user.id,
    role: "procurement",
  });
  // Only the hash is stored: the token itself is nowhere in the table.
  const rows = await t.db.select().from(schema.sessions).where(eq(schema.sessions.userId, user.id));
  expect(rows.map((r) => r.idHash)).not.toContain(first.token);
  const events = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "auth.login"));
  expect(events.filter((e) => e.actorUserId === user.id)).toHaveLength(2);
});

test("a wrong password and an unknown address get the same answer", async () => {
  const user = await createUser(t.db, { role: "admin" });
  const wrong = await login(t.db, { email: user.email, password: "not-the-password" });
  const unknown = await login(t.db, { email: "nobody@test.example", password: PASSWORD });
  expect(wrong).toEqual({ ok: false, reason: "invalid" });
  expect(unknown).toEqual(wrong);
  const failures = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "auth.login_failed"));
  expect(failures.map((f) => (f.detail as { email: string }).email)).toEqual(
    expect.arrayContaining([user.email, "nobody@test.example"]),
  );
});

test("invited and deactivated users cannot sign in, with the same answer", async () => {
  const invited = await createUser(t.db, {
    role: "risk_officer",
    password: undefined,
    status: "invited",
  });
  const gone = await createUser(t.db, { role: "risk_officer", status: "deactivated" });
  expect(await login(t.db, { email: invited.email, password: PASSWORD })).toEqual({
    ok: false,
    reason: "invalid",
  });
  expect(await login(t.db, { email: gone.email, password: PASSWORD })).toEqual({
    ok: false,
    reason: "invalid",
  });
});

test("too many attempts on one address are refused, even with the right password, until the window passes", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const start = new Date("2026-01-01T10:00:00Z");
  for (let i = 0; i < LOGIN_LIMITS.perEmail.limit; i++) {
    const result = await login(t.db, { email: user.email, password: "wrong-password", now: start });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  }
  const blocked = await login(t.db, {
    email: user.email,
    password: PASSWORD,
    now: new Date(start.getTime() + 60_000),
  });
  expect(blocked.ok).toBe(false);
  expect(!blocked.ok && blocked.reason).toBe("rate_limited");
  expect(!blocked.ok && blocked.reason === "rate_limited" && blocked.retryAfterMs).toBe(
    LOGIN_LIMITS.perEmail.windowMs - 60_000,
  );
  // An unknown address is throttled the same way, so throttling reveals nothing either.
  for (let i = 0; i <= LOGIN_LIMITS.perEmail.limit; i++) {
    await login(t.db, { email: "ghost@test.example", password: "x", now: start });
  }
  expect(
    await login(t.db, { email: "ghost@test.example", password: "x", now: start }),
  ).toMatchObject({
    reason: "rate_limited",
  });
  const later = new Date(start.getTime() + LOGIN_LIMITS.perEmail.windowMs + 1);
  expect((await login(t.db, { email: user.email, password: PASSWORD, now: later })).ok).toBe(true);
});

test("a successful login clears the address's failed attempts", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const now = new Date("2026-02-01T10:00:00Z");
  for (let i = 0; i < LOGIN_LIMITS.perEmail.limit - 1; i++) {
    await login(t.db, { email: user.email, password: "wrong", now });
  }
  expect((await login(t.db, { email: user.email, password: PASSWORD, now })).ok).toBe(true);
  for (let i = 0; i < LOGIN_LIMITS.perEmail.limit - 1; i++) {
    await login(t.db, { email: user.email, password: "wrong", now });
  }
  expect((await login(t.db, { email: user.email, password: PASSWORD, now })).ok).toBe(true);
});

test("successful sign-ins from one IP never exhaust its limit", async () => {
  const now = new Date("2026-03-01T09:00:00Z");
  const user = await createUser(t.db, { role: "procurement" });
  for (let i = 0; i < LOGIN_LIMITS.perIp.limit + 5; i++) {
    expect(
      (await login(t.db, { email: user.email, password: PASSWORD, ip: "198.51.100.1", now })).ok,
    ).toBe(true);
  }
});

test("failures from one client IP stop password spraying across accounts", async () => {
  const now = new Date("2026-03-01T10:00:00Z");
  for (let i = 0; i < LOGIN_LIMITS.perIp.limit; i++) {
    await login(t.db, { email: `spray-${i}@test.example`, password: "x", ip: "203.0.113.9", now });
  }
  const user = await createUser(t.db, { role: "admin" });
  expect(
    await login(t.db, { email: user.email, password: PASSWORD, ip: "203.0.113.9", now }),
  ).toMatchObject({
    reason: "rate_limited",
  });
  expect(
    (await login(t.db, { email: user.email, password: PASSWORD, ip: "203.0.113.10", now })).ok,
  ).toBe(true);
});

test("an expired session no longer identifies anyone", async () => {
  const user = await createUser(t.db, { role: "admin" });
  const now = new Date("2026-04-01T10:00:00Z");
  const result = await login(t.db, { email: user.email, password: PASSWORD, now });
  if (!result.ok) throw new Error("login failed");
  expect(
    await getUserBySessionToken(
      t.db,
      result.token,
      new Date(now.getTime() + SESSION_TTL_MS - 1000),
    ),
  ).not.toBeNull();
  expect(
    await getUserBySessionToken(
      t.db,
      result.token,
      new Date(now.getTime() + SESSION_TTL_MS + 1000),
    ),
  ).toBeNull();
});

test("a stranger's wrong passwords from one address do not lock the owner out from another", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const now = new Date("2026-03-01T10:00:00Z");
  const waits: number[] = [];
  const wait = async (ms: number) => void waits.push(ms);
  for (let i = 0; i < LOGIN_LIMITS.perEmail.limit; i++) {
    await login(t.db, { email: user.email, password: "guess", ip: "203.0.113.50", now, wait });
  }
  // The stranger's address is refused for this account...
  expect(
    await login(t.db, { email: user.email, password: PASSWORD, ip: "203.0.113.50", now, wait }),
  ).toMatchObject({ ok: false, reason: "rate_limited" });
  // ...the owner, elsewhere, signs in (after a short delay at most).
  const owner = await login(t.db, {
    email: user.email,
    password: PASSWORD,
    ip: "198.51.100.7",
    now,
    wait,
  });
  expect(owner.ok).toBe(true);
  expect(Math.max(0, ...waits)).toBeLessThanOrEqual(8_000);
});

test("failures on one account from many addresses slow each further attempt, growing, never refusing", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const now = new Date("2026-03-02T10:00:00Z");
  const waits: number[] = [];
  const wait = async (ms: number) => void waits.push(ms);
  for (let i = 0; i < LOGIN_LIMITS.accountFailures.limit + 4; i++) {
    const result = await login(t.db, {
      email: user.email,
      password: "guess",
      ip: `192.0.2.${i + 1}`,
      now,
      wait,
    });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  }
  // No delay until the limit, then 0.5 s, 1 s, 2 s, 4 s.
  expect(waits).toEqual([500, 1_000, 2_000, 4_000]);
  expect(accountDelayMs(LOGIN_LIMITS.accountFailures.limit + 20)).toBe(8_000);
  // The owner is slowed too, but gets in; success clears the account's failures.
  waits.length = 0;
  expect(
    (await login(t.db, { email: user.email, password: PASSWORD, ip: "198.51.100.8", now, wait }))
      .ok,
  ).toBe(true);
  expect(waits).toEqual([8_000]);
  waits.length = 0;
  await login(t.db, { email: user.email, password: PASSWORD, ip: "198.51.100.8", now, wait });
  expect(waits).toEqual([]);
});
