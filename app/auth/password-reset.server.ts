// Self-service password reset by a mailed one-time link (docs/decisions/210-password-reset.md):
// the same answer for every address, a hashed 30-minute single-use token, every session ended
// when the password changes, throttled like sign-in.
import { and, eq, gt, isNull } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { queueMail, simpleHtml } from "~/mail/mail.server";
import { passwordSignInAllowed } from "~/settings/settings";
import { getSettings } from "~/settings/settings.server";
import { hashPassword } from "./password.server";
import { hitRateLimit, type RateLimitRule } from "./rate-limit.server";
import { deleteUserSessions, hashToken, newToken } from "./session.server";

export const RESET_TTL_MS = 30 * 60 * 1000;

export const RESET_LIMITS = {
  perEmail: { limit: 5, windowMs: 15 * 60 * 1000 },
  perIp: { limit: 50, windowMs: 15 * 60 * 1000 },
  // Guessing a 256-bit token is hopeless; this only keeps a client from hammering the form.
  completePerIp: { limit: 50, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimitRule>;

export type ResetRequestResult =
  { outcome: "sent" | "not_eligible" } | { outcome: "rate_limited"; retryAfterMs: number };

/**
 * Queues a reset link when the address belongs to an active account that signs in with a
 * password. The caller shows the same page for every outcome but a throttled one; the
 * outcome is for tests and the audit log.
 */
export async function requestPasswordReset(
  db: Db,
  input: { email: string; ip?: string | null; now?: Date },
): Promise<ResetRequestResult> {
  const now = input.now ?? new Date();
  const limits = await Promise.all([
    hitRateLimit(
      db,
      `reset:email:${input.email}:ip:${input.ip ?? "-"}`,
      RESET_LIMITS.perEmail,
      now,
    ),
    ...(input.ip ? [hitRateLimit(db, `reset:ip:${input.ip}`, RESET_LIMITS.perIp, now)] : []),
  ]);
  const blocked = limits.filter((l) => !l.allowed);
  if (blocked.length > 0) {
    await recordAudit(db, {
      actor: { anonymous: input.email },
      action: "auth.password_reset_throttled",
      detail: { email: input.email, ip: input.ip ?? null },
    });
    return {
      outcome: "rate_limited",
      retryAfterMs: Math.max(...blocked.map((l) => l.retryAfterMs)),
    };
  }
  const [user] = await db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, input.email))
    .limit(1);
  const settings = await getSettings(db);
  if (
    !user ||
    user.status !== "active" ||
    !user.passwordHash ||
    !passwordSignInAllowed(settings, user.email)
  ) {
    await recordAudit(db, {
      actor: user ? { id: user.id, email: user.email } : { anonymous: input.email },
      action: "auth.password_reset_not_sent",
      target: user ? { type: "user", id: user.id } : undefined,
      detail: { email: input.email, ip: input.ip ?? null },
    });
    return { outcome: "not_eligible" };
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  await db.transaction(async (tx) => {
    // Only the newest link works: earlier unused ones are spent.
    await tx
      .update(schema.passwordResets)
      .set({ usedAt: now })
      .where(and(eq(schema.passwordResets.userId, user.id), isNull(schema.passwordResets.usedAt)));
    await tx
      .insert(schema.passwordResets)
      .values({ tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt });
    const link = `${getEnv().APP_URL}/reset-password/${token}`;
    const paragraphs = [
      `Hello ${user.name},`,
      `Someone asked to reset the password of your Assay account (${user.email}). Open the link below to choose a new one. It works once, for 30 minutes, until ${expiresAt.toUTCString()}.`,
      "Choosing a new password signs you out everywhere.",
    ];
    const ignore =
      "If you did not ask for this, ignore this mail: your password stays as it is. Tell your Assay admin if it keeps happening.";
    await queueMail(tx, {
      to: user.email,
      kind: "password_reset",
      subject: "Reset your Assay password",
      text: `${paragraphs.join("\n\n")}\n\n${link}\n\n${ignore}\n`,
      html: simpleHtml([...paragraphs, ignore], { label: "Choose a new password", href: link }),
    });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.password_reset_requested",
      target: { type: "user", id: user.id },
      detail: { ip: input.ip ?? null },
    });
  });
  return { outcome: "sent" };
}

export type ResetLinkState =
  { state: "valid"; email: string } | { state: "expired" | "used" | "unknown" };

export async function getPasswordReset(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<ResetLinkState> {
  const [row] = await db
    .select({
      usedAt: schema.passwordResets.usedAt,
      expiresAt: schema.passwordResets.expiresAt,
      email: schema.users.email,
      status: schema.users.status,
    })
    .from(schema.passwordResets)
    .innerJoin(schema.users, eq(schema.users.id, schema.passwordResets.userId))
    .where(eq(schema.passwordResets.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return { state: "unknown" };
  if (row.usedAt || row.status !== "active") return { state: "used" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "valid", email: row.email };
}

export type ResetResult =
  | { ok: true; email: string }
  | { ok: false; state: "expired" | "used" | "unknown" }
  | { ok: false; state: "rate_limited"; retryAfterMs: number };

/** Sets the new password if the link is still good, and ends every session of the account. */
export async function completePasswordReset(
  db: Db,
  token: string,
  input: { password: string; ip?: string | null; now?: Date },
): Promise<ResetResult> {
  const now = input.now ?? new Date();
  if (input.ip) {
    const limit = await hitRateLimit(
      db,
      `reset-complete:ip:${input.ip}`,
      RESET_LIMITS.completePerIp,
      now,
    );
    if (!limit.allowed)
      return { ok: false, state: "rate_limited", retryAfterMs: limit.retryAfterMs };
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Claimed in the statement that checks it: two tabs cannot both use one link.
    const [claimed] = await tx
      .update(schema.passwordResets)
      .set({ usedAt: now })
      .where(
        and(
          eq(schema.passwordResets.tokenHash, hashToken(token)),
          isNull(schema.passwordResets.usedAt),
          gt(schema.passwordResets.expiresAt, now),
        ),
      )
      .returning({ userId: schema.passwordResets.userId });
    if (!claimed) {
      const state = await getPasswordReset(tx, token, now);
      return { ok: false as const, state: state.state === "valid" ? "used" : state.state };
    }
    const [user] = await tx
      .update(schema.users)
      .set({ passwordHash, updatedAt: now })
      .where(and(eq(schema.users.id, claimed.userId), eq(schema.users.status, "active")))
      .returning();
    if (!user) return { ok: false as const, state: "used" as const };
    await deleteUserSessions(tx, user.id);
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "user.password_reset",
      target: { type: "user", id: user.id },
      detail: { ip: input.ip ?? null },
    });
    return { ok: true as const, email: user.email };
  });
}
