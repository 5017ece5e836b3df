import { eq } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { getDummyHash, verifyPassword } from "./password.server";
import {
  hitRateLimit,
  peekRateLimit,
  resetRateLimit,
  type RateLimitRule,
} from "./rate-limit.server";
import { createSession, type SessionUser } from "./session.server";

// Per account address: every attempt counts, and a success clears the count (slows guessing
// one account). Per client IP: only failures count, so an office behind one NAT signing in
// all morning is never blocked, while spraying passwords across accounts is.
export const LOGIN_LIMITS = {
  perEmail: { limit: 10, windowMs: 15 * 60 * 1000 },
  perIp: { limit: 100, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimitRule>;

export type LoginResult =
  | { ok: true; token: string; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export async function login(
  db: Db,
  input: {
    email: string;
    password: string;
    ip?: string | null;
    userAgent?: string | null;
    now?: Date;
  },
): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const ipKey = input.ip ? `login:ip:${input.ip}` : null;
  const limits = await Promise.all([
    hitRateLimit(db, `login:email:${input.email}`, LOGIN_LIMITS.perEmail, now),
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
    await resetRateLimit(tx, `login:email:${input.email}`);
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
