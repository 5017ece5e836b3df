import { eq } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { passwordSignInAllowed } from "~/settings/settings";
import { getSettings } from "~/settings/settings.server";
import { getDummyHash, verifyPassword } from "./password.server";
import {
  hitRateLimit,
  peekRateLimit,
  resetRateLimit,
  type RateLimitRule,
} from "./rate-limit.server";
import { createSession, type SessionUser } from "./session.server";

// Brute force stays expensive without letting a stranger lock someone out
// (docs/decisions/125-sign-in-throttling.md):
// - per account address *and* client IP, every attempt counts and a success clears it: one
//   client guessing one account is refused for the window, while the owner signing in from
//   anywhere else is not affected;
// - per client IP, only failures count (an office behind one NAT signing in all morning is
//   never blocked), which stops spraying passwords across accounts;
// - per account address across all clients, failures slow every further attempt (a growing
//   delay, never a refusal), so a guesser spread over many addresses gains little.
export const LOGIN_LIMITS = {
  perEmail: { limit: 10, windowMs: 15 * 60 * 1000 },
  perIp: { limit: 100, windowMs: 15 * 60 * 1000 },
  accountFailures: { limit: 10, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimitRule>;

/** The counter of an account's failed sign-ins (across all clients): it slows further attempts. */
export function accountFailuresKey(email: string): string {
  return `login:failures:${email}`;
}

/** The delay before an attempt on an account with this many recent failures: 0 up to the limit, then doubling from 0.5 s, at most 8 s. */
export function accountDelayMs(failures: number): number {
  const over = failures - LOGIN_LIMITS.accountFailures.limit;
  if (over < 0) return 0;
  return Math.min(500 * 2 ** over, 8_000);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type LoginResult =
  | { ok: true; token: string; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "password_sign_in_off" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export async function login(
  db: Db,
  input: {
    email: string;
    password: string;
    ip?: string | null;
    userAgent?: string | null;
    now?: Date;
    /** Waits out the account's delay; tests pass one that records instead of waiting. */
    wait?: (ms: number) => Promise<void>;
  },
): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const ipKey = input.ip ? `login:ip:${input.ip}` : null;
  const emailIpKey = `login:email:${input.email}:ip:${input.ip ?? "-"}`;
  const accountKey = accountFailuresKey(input.email);
  const limits = await Promise.all([
    hitRateLimit(db, emailIpKey, LOGIN_LIMITS.perEmail, now),
    ...(ipKey ? [peekRateLimit(db, ipKey, LOGIN_LIMITS.perIp, now)] : []),
  ]);
  const blocked = limits.filter((l) => !l.allowed);
  if (blocked.length > 0) {
    await recordAudit(db, {
      actor: { anonymous: input.email },
      action: "auth.login_throttled",
      detail: { email: input.email, ip: input.ip ?? null },
    });
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterMs: Math.max(...blocked.map((l) => l.retryAfterMs)),
    };
  }

  // Password sign-in turned off for all but the break-glass admin (decision 213): refused
  // before any password check, so the answer says nothing about the password or the account.
  if (!passwordSignInAllowed(await getSettings(db), input.email)) {
    await recordAudit(db, {
      actor: { anonymous: input.email },
      action: "auth.login_password_off",
      detail: { email: input.email, ip: input.ip ?? null },
    });
    return { ok: false, reason: "password_sign_in_off" };
  }

  const failures = await peekRateLimit(db, accountKey, LOGIN_LIMITS.accountFailures, now);
  const delay = accountDelayMs(failures.count);
  if (delay > 0) await (input.wait ?? sleep)(delay);

  const [user] = await db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, input.email))
    .limit(1);
  // Always pay for one hash check, so an unknown address takes as long as a wrong password.
  const passwordOk = await verifyPassword(
    input.password,
    user?.passwordHash ?? (await getDummyHash()),
  );
  if (!user || !passwordOk || user.status !== "active") {
    if (ipKey) await hitRateLimit(db, ipKey, LOGIN_LIMITS.perIp, now);
    await hitRateLimit(db, accountKey, LOGIN_LIMITS.accountFailures, now);
    await recordAudit(db, {
      actor: user ? { id: user.id, email: user.email } : { anonymous: input.email },
      action: "auth.login_failed",
      target: user ? { type: "user", id: user.id } : undefined,
      detail: { email: input.email, ip: input.ip ?? null },
    });
    return { ok: false, reason: "invalid" };
  }

  return db.transaction(async (tx) => {
    const token = await createSession(tx, user.id, { userAgent: input.userAgent, now });
    await tx.update(schema.users).set({ lastLoginAt: now }).where(eq(schema.users.id, user.id));
    await resetRateLimit(tx, emailIpKey);
    await resetRateLimit(tx, accountKey);
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.login",
      target: { type: "user", id: user.id },
      detail: { ip: input.ip ?? null },
    });
    return {
      ok: true as const,
      token,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  });
}
