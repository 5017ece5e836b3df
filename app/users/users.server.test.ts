import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { LOGIN_LIMITS, login } from "~/auth/login.server";
import { peekRateLimit } from "~/auth/rate-limit.server";
import { getUserBySessionToken, type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import {
  acceptInvitation,
  changeOwnPassword,
  PASSWORD_CHANGE_LIMIT,
  changeRole,
  getInvitation,
  inviteUser,
  resendInvitation,
  setUserActive,
} from "./users.server";

let t: TestDatabase;
let admin: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  const row = await createUser(t.db, { role: "admin", name: "Ada" });
  admin = { id: row.id, email: row.email, name: row.name, role: row.role };
});
afterAll(async () => t.dispose());

async function lastMailTo(email: string) {
  const [mail] = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.to, email))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1);
  return mail;
}

function tokenFrom(text: string): string {
  const match = text.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1]!;
}

async function signIn(email: string, password = PASSWORD) {
  const result = await login(t.db, { email, password });
  if (!result.ok) throw new Error(`login failed for ${email}`);
  return result.token;
}

test("an invitation mails a one-time link that sets the password and signs the person in", async () => {
  const result = await inviteUser(t.db, admin, {
    email: "new.person@test.example",
    name: "New Person",
    role: "risk_officer",
  });
  expect(result.ok).toBe(true);
  const mail = await lastMailTo("new.person@test.example");
  expect(mail).toMatchObject({ kind: "user_invitation", status: "queued" });
  expect(mail!.text).toContain("Ada has invited you");
  expect(mail!.html).toContain("Accept the invitation");
  const token = tokenFrom(mail!.text);

  expect(await getInvitation(t.db, token)).toMatchObject({
    state: "valid",
    user: { email: "new.person@test.example" },
  });
  const accepted = await acceptInvitation(t.db, token, {
    name: "New P.",
    password: "correct horse battery",
  });
  expect(accepted.ok).toBe(true);
  if (!accepted.ok) return;
  expect(await getUserBySessionToken(t.db, accepted.sessionToken)).toMatchObject({
    name: "New P.",
    role: "risk_officer",
  });
  expect(
    (await login(t.db, { email: "new.person@test.example", password: "correct horse battery" })).ok,
  ).toBe(true);

  // The link works once.
  expect(await acceptInvitation(t.db, token, { name: "X", password: "another password" })).toEqual({
    ok: false,
    state: "used",
  });
  expect(await getInvitation(t.db, token)).toEqual({ state: "used" });
  expect(await getInvitation(t.db, "not-a-token")).toEqual({ state: "unknown" });
});

test("the same address cannot be invited twice", async () => {
  await inviteUser(t.db, admin, {
    email: "twice@test.example",
    name: "Twice",
    role: "procurement",
  });
  const again = await inviteUser(t.db, admin, {
    email: "twice@test.example",
    name: "Twice",
    role: "admin",
  });
  expect(again).toMatchObject({ ok: false, status: 409, field: "email" });
});

test("an expired invitation cannot be accepted; a resent one can", async () => {
  const past = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
  const result = await inviteUser(
    t.db,
    admin,
    { email: "late@test.example", name: "Late", role: "procurement" },
    past,
  );
  if (!result.ok) throw new Error("invite failed");
  const oldToken = tokenFrom((await lastMailTo("late@test.example"))!.text);
  expect(await getInvitation(t.db, oldToken)).toEqual({ state: "expired" });
  expect(
    await acceptInvitation(t.db, oldToken, { name: "Late", password: "a fine password" }),
  ).toEqual({ ok: false, state: "expired" });

  expect(await resendInvitation(t.db, admin, result.userId)).toEqual({ ok: true });
  const newToken = tokenFrom((await lastMailTo("late@test.example"))!.text);
  expect(newToken).not.toBe(oldToken);
  // Its mail had not left (no worker ran): the resend cancelled it with its link.
  expect(await getInvitation(t.db, oldToken)).toEqual({ state: "replaced" });
  expect(
    (await acceptInvitation(t.db, newToken, { name: "Late", password: "a fine password" })).ok,
  ).toBe(true);
  expect(await resendInvitation(t.db, admin, result.userId)).toMatchObject({
    ok: false,
    status: 409,
  });
});

test("a role change is audited with before and after and ends the user's sessions", async () => {
  const user = await createUser(t.db, { role: "procurement" });
  const token = await signIn(user.email);
  expect(await changeRole(t.db, admin, user.id, "risk_officer")).toEqual({
    ok: true,
    changed: true,
  });
  expect(await getUserBySessionToken(t.db, token)).toBeNull();
  const [event] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.targetId, user.id))
    .orderBy(desc(schema.auditEvents.id))
    .limit(1);
  expect(event).toMatchObject({
    action: "user.role_changed",
    actorUserId: admin.id,
    before: { role: "procurement" },
    after: { role: "risk_officer" },
  });
  expect(await changeRole(t.db, admin, user.id, "risk_officer")).toEqual({
    ok: true,
    changed: false,
  });
});

// This test makes a second database of its own (an admin alone in it), which on embedded PGlite
// under a loaded CI machine takes longer than the default 30 s; hooks get 60 s for the same work.
test(
  "the last active admin can neither be demoted nor deactivated",
  { timeout: 120_000 },
  async () => {
    const t2 = await createTestDatabase({ install: false });
    try {
      const only = await createUser(t2.db, { role: "admin" });
      const self = { id: only.id, email: only.email, name: only.name, role: only.role };
      expect(await changeRole(t2.db, self, only.id, "procurement")).toMatchObject({
        ok: false,
        status: 409,
      });
      const other = await createUser(t2.db, { role: "admin" });
      expect(await setUserActive(t2.db, self, other.id, false)).toEqual({ ok: true });
      expect(await changeRole(t2.db, self, only.id, "procurement")).toMatchObject({
        ok: false,
        status: 409,
      });
      expect(await setUserActive(t2.db, self, other.id, true)).toEqual({ ok: true });
      expect(await changeRole(t2.db, self, only.id, "procurement")).toEqual({
        ok: true,
        changed: true,
      });
    } finally {
      await t2.dispose();
    }
  },
);

test("deactivating signs the user out and stops sign-in; reactivating restores it", async () => {
  const user = await createUser(t.db, { role: "risk_officer" });
  const token = await signIn(user.email);
  expect(await setUserActive(t.db, admin, user.id, false)).toEqual({ ok: true });
  expect(await getUserBySessionToken(t.db, token)).toBeNull();
  expect((await login(t.db, { email: user.email, password: PASSWORD })).ok).toBe(false);
  expect(await setUserActive(t.db, admin, admin.id, false)).toMatchObject({ ok: false });
  expect(await setUserActive(t.db, admin, user.id, true)).toEqual({ ok: true });
  expect((await login(t.db, { email: user.email, password: PASSWORD })).ok).toBe(true);
});

test("changing your password needs the current one and signs out your other devices only", async () => {
  const row = await createUser(t.db, { role: "procurement" });
  const user = { id: row.id, email: row.email, name: row.name, role: row.role };
  const here = await signIn(row.email);
  const elsewhere = await signIn(row.email);
  expect(
    await changeOwnPassword(t.db, user, here, {
      currentPassword: "wrong",
      newPassword: "a brand new password",
    }),
  ).toMatchObject({ ok: false, field: "currentPassword" });
  expect(
    await changeOwnPassword(t.db, user, here, {
      currentPassword: PASSWORD,
      newPassword: "a brand new password",
    }),
  ).toEqual({
    ok: true,
  });
  expect(await getUserBySessionToken(t.db, here)).not.toBeNull();
  expect(await getUserBySessionToken(t.db, elsewhere)).toBeNull();
  expect((await login(t.db, { email: row.email, password: PASSWORD })).ok).toBe(false);
  expect((await login(t.db, { email: row.email, password: "a brand new password" })).ok).toBe(true);
});

test("guesses sent at once are limited too: each is counted before any password is checked", async () => {
  const row = await createUser(t.db, { role: "procurement" });
  const user = { id: row.id, email: row.email, name: row.name, role: row.role };
  const here = await signIn(row.email);
  const results = await Promise.all(
    Array.from({ length: 3 * PASSWORD_CHANGE_LIMIT.limit }, (_, i) =>
      changeOwnPassword(t.db, user, here, {
        currentPassword: `guess ${i}`,
        newPassword: "another new password",
      }),
    ),
  );
  const statuses = results.map((r) => (r.ok ? 200 : r.status));
  // Only as many passwords were checked as the limit allows; the rest were refused unchecked.
  expect(statuses.filter((s) => s === 400)).toHaveLength(PASSWORD_CHANGE_LIMIT.limit);
  expect(statuses.filter((s) => s === 429)).toHaveLength(2 * PASSWORD_CHANGE_LIMIT.limit);
});

test("wrong current passwords are limited per user: refused over the limit, counted as failed sign-ins, cleared by a change", async () => {
  const row = await createUser(t.db, { role: "procurement" });
  const user = { id: row.id, email: row.email, name: row.name, role: row.role };
  const here = await signIn(row.email);
  const start = new Date("2026-12-07T09:00:00Z");
  const attempt = (currentPassword: string, now: Date) =>
    changeOwnPassword(
      t.db,
      user,
      here,
      { currentPassword, newPassword: "another new password" },
      { now },
    );
  for (let i = 0; i < PASSWORD_CHANGE_LIMIT.limit; i++) {
    expect(await attempt(`wrong ${i}`, start)).toMatchObject({ ok: false, status: 400 });
  }
  // Over the limit, even the right password is refused, without being checked.
  const refused = await attempt(PASSWORD, new Date(start.getTime() + 60_000));
  expect(refused).toMatchObject({ ok: false, status: 429, field: "currentPassword" });
  expect(!refused.ok && refused.message).toMatch(/Wait 14 minutes and try again/);
  // Each wrong guess also counted as a failed sign-in for the account.
  const signInFailures = await peekRateLimit(
    t.db,
    `login:failures:${row.email}`,
    LOGIN_LIMITS.accountFailures,
    start,
  );
  expect(signInFailures.count).toBe(PASSWORD_CHANGE_LIMIT.limit);
  const audit = await t.db
    .select({ action: schema.auditEvents.action })
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.targetId, row.id));
  expect(audit.filter((a) => a.action === "user.password_change_failed")).toHaveLength(5);
  expect(audit.filter((a) => a.action === "user.password_change_throttled")).toHaveLength(1);
  // Once the window has passed, the right password changes it, and the count starts again.
  const later = new Date(start.getTime() + PASSWORD_CHANGE_LIMIT.windowMs + 1);
  expect(await attempt(PASSWORD, later)).toEqual({ ok: true });
  expect(
    (await peekRateLimit(t.db, `password-change:attempts:${row.id}`, PASSWORD_CHANGE_LIMIT, later))
      .count,
  ).toBe(0);
});
