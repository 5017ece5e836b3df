// Staff accounts: invitations, roles, activation and passwords. Every change is one
// transaction with its audit event; mails go out after the commit.
import { and, asc, count, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { accountFailuresKey, LOGIN_LIMITS } from "~/auth/login.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { hitRateLimit, type RateLimitRule, resetRateLimit } from "~/auth/rate-limit.server";
import { ROLE_LABELS, type Role } from "~/auth/permissions";
import {
  createSession,
  deleteUserSessions,
  hashToken,
  newToken,
  type SessionUser,
} from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { LINK_MAIL_COLUMNS, queueMail, simpleHtml } from "~/mail/mail.server";
import { getSettings } from "~/settings/settings.server";
import { type Failure, fail } from "~/forms/failure";

function actorOf(user: SessionUser): Actor {
  return { id: user.id, email: user.email };
}

export async function listUsers(db: Db) {
  return db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.users.role,
      status: schema.users.status,
      createdAt: schema.users.createdAt,
      lastLoginAt: schema.users.lastLoginAt,
    })
    .from(schema.users)
    .orderBy(asc(schema.users.status), asc(schema.users.name));
}

export async function getUserById(db: Db, id: string) {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, id)).limit(1);
  return user ?? null;
}

export async function getLatestInvitation(db: Db, userId: string) {
  const [row] = await db
    .select({
      expiresAt: schema.userInvitations.expiresAt,
      createdAt: schema.userInvitations.createdAt,
    })
    .from(schema.userInvitations)
    .where(eq(schema.userInvitations.userId, userId))
    .orderBy(desc(schema.userInvitations.createdAt))
    .limit(1);
  return row ?? null;
}

export async function countUsersByRole(db: Db) {
  return db
    .select({ role: schema.users.role, status: schema.users.status, count: count() })
    .from(schema.users)
    .groupBy(schema.users.role, schema.users.status);
}

async function issueInvitation(db: Db, userId: string, invitedBy: string | null, now: Date) {
  const { userInvitationDays } = await getSettings(db);
  const token = newToken();
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + userInvitationDays * 24 * 60 * 60 * 1000);
  // Earlier links keep working: the delivery worker retires them once the mail carrying this
  // one has left (docs/decisions/192-invitation-resend-keeps-the-link.md).
  await db.insert(schema.userInvitations).values({ tokenHash, userId, invitedBy, expiresAt });
  return { token, tokenHash, expiresAt };
}

/**
 * Invitation mails of this user still waiting to leave are cancelled, and the links they carry
 * stop working: nobody has received them. A link whose mail did leave is not touched.
 */
async function dropUndeliveredInvitations(db: Db, userId: string, now: Date, why: string) {
  const cancelled = await db
    .update(schema.mailOutbox)
    .set({ status: "cancelled", lastError: why, lockedUntil: null })
    .where(
      and(
        eq(schema.mailOutbox.kind, INVITATION_MAIL),
        inArray(schema.mailOutbox.status, ["queued", "retrying", "failed"]),
        inArray(
          schema.mailOutbox.linkTokenHash,
          db
            .select({ tokenHash: schema.userInvitations.tokenHash })
            .from(schema.userInvitations)
            .where(eq(schema.userInvitations.userId, userId)),
        ),
      ),
    )
    .returning({ linkTokenHash: schema.mailOutbox.linkTokenHash });
  const hashes = cancelled.flatMap((m) => (m.linkTokenHash ? [m.linkTokenHash] : []));
  if (hashes.length === 0) return;
  await db
    .update(schema.userInvitations)
    .set({ usedAt: now })
    .where(
      and(inArray(schema.userInvitations.tokenHash, hashes), isNull(schema.userInvitations.usedAt)),
    );
}

// What a mail's delivery shows, as for a vendor's link mail, without the id.
const { id: _id, ...INVITATION_MAIL_COLUMNS } = LINK_MAIL_COLUMNS;

/** The latest invitation mail of a user: whether the link actually left. */
export async function getLatestInvitationMail(db: Db, userId: string) {
  const [mail] = await db
    .select(INVITATION_MAIL_COLUMNS)
    .from(schema.mailOutbox)
    .innerJoin(
      schema.userInvitations,
      eq(schema.userInvitations.tokenHash, schema.mailOutbox.linkTokenHash),
    )
    .where(
      and(eq(schema.userInvitations.userId, userId), eq(schema.mailOutbox.kind, INVITATION_MAIL)),
    )
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1);
  return mail ?? null;
}

const INVITATION_MAIL = "user_invitation";

async function mailInvitation(
  db: Db,
  to: { email: string; name: string; role: Role },
  invitedBy: SessionUser,
  invitation: { token: string; tokenHash: string; expiresAt: Date },
) {
  const { token, expiresAt } = invitation;
  const link = `${getEnv().APP_URL}/invitations/${token}`;
  // Not yet named before the first admin sets it (docs/decisions/270-organisation-identity.md).
  const organisationName = (await getSettings(db)).organisationName || "your organisation";
  const until = expiresAt.toUTCString();
  const paragraphs = [
    `Hello ${to.name},`,
    `${invitedBy.name} has invited you to Assay, ${organisationName}'s platform for assessing AI suppliers, as ${ROLE_LABELS[to.role]}.`,
    `Open the link below to choose your password. It works once and until ${until}.`,
  ];
  await queueMail(db, {
    to: to.email,
    kind: INVITATION_MAIL,
    linkTokenHash: invitation.tokenHash,
    subject: `You're invited to Assay (${organisationName})`,
    text: `${paragraphs.join("\n\n")}\n\n${link}\n\nIf you did not expect this, ignore this mail.\n`,
    html: simpleHtml([...paragraphs, "If you did not expect this, ignore this mail."], {
      label: "Accept the invitation",
      href: link,
    }),
  });
}

export async function inviteUser(
  db: Db,
  actor: SessionUser,
  input: { email: string; name: string; role: Role },
  now: Date = new Date(),
): Promise<{ ok: true; userId: string } | Failure> {
  const result = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(schema.users)
      .values({ email: input.email, name: input.name, role: input.role, status: "invited" })
      .onConflictDoNothing()
      .returning({ id: schema.users.id });
    if (!created) return null;
    const invitation = await issueInvitation(tx, created.id, actor.id, now);
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "user.invited",
      target: { type: "user", id: created.id },
      after: { email: input.email, name: input.name, role: input.role, status: "invited" },
    });
    await mailInvitation(tx, input, actor, invitation);
    return { userId: created.id };
  });
  if (!result) return fail(409, "A user with this email address already exists", "email");
  return { ok: true, userId: result.userId };
}

export async function resendInvitation(
  db: Db,
  actor: SessionUser,
  userId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const user = await getUserById(db, userId);
  if (!user) return fail(404, "There is no such user");
  if (user.status !== "invited")
    return fail(409, "This user has already accepted their invitation");
  await db.transaction(async (tx) => {
    // The link the person may be using keeps working until the new mail has left; a link
    // whose mail has not left yet is replaced now (docs/decisions/192-invitation-resend-keeps-the-link.md).
    await dropUndeliveredInvitations(tx, user.id, now, "A newer invitation replaced this one");
    const issued = await issueInvitation(tx, user.id, actor.id, now);
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "user.invitation_resent",
      target: { type: "user", id: user.id },
    });
    await mailInvitation(tx, user, actor, issued);
  });
  return { ok: true };
}

export type InvitationState =
  | { state: "valid"; user: { id: string; email: string; name: string; role: Role } }
  | { state: "expired" | "used" | "replaced" | "unknown" };

export async function getInvitation(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<InvitationState> {
  const [row] = await db
    .select({
      usedAt: schema.userInvitations.usedAt,
      expiresAt: schema.userInvitations.expiresAt,
      user: {
        id: schema.users.id,
        email: schema.users.email,
        name: schema.users.name,
        role: schema.users.role,
        status: schema.users.status,
      },
    })
    .from(schema.userInvitations)
    .innerJoin(schema.users, eq(schema.users.id, schema.userInvitations.userId))
    .where(eq(schema.userInvitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return { state: "unknown" };
  if (row.user.status !== "invited") return { state: "used" };
  // Set while the person is still invited: a newer invitation was mailed and retired this one.
  if (row.usedAt) return { state: "replaced" };
  if (row.expiresAt <= now) return { state: "expired" };
  const { status: _status, ...user } = row.user;
  return { state: "valid", user };
}

export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: string; password: string; userAgent?: string | null },
  now: Date = new Date(),
): Promise<
  | { ok: true; sessionToken: string }
  | { ok: false; state: "expired" | "used" | "replaced" | "unknown" }
> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Claim the invitation in the same statement that checks it, so two tabs cannot both use it.
    const [claimed] = await tx
      .update(schema.userInvitations)
      .set({ usedAt: now })
      .where(
        and(
          eq(schema.userInvitations.tokenHash, hashToken(token)),
          isNull(schema.userInvitations.usedAt),
          gt(schema.userInvitations.expiresAt, now),
        ),
      )
      .returning({ userId: schema.userInvitations.userId });
    if (!claimed) {
      const state = await getInvitation(tx, token, now);
      return { ok: false as const, state: state.state === "valid" ? "used" : state.state };
    }
    const [user] = await tx
      .update(schema.users)
      .set({ name: input.name, passwordHash, status: "active", updatedAt: now })
      .where(and(eq(schema.users.id, claimed.userId), eq(schema.users.status, "invited")))
      .returning();
    if (!user) return { ok: false as const, state: "used" as const };
    await dropUndeliveredInvitations(tx, user.id, now, "The invitation was accepted");
    const sessionToken = await createSession(tx, user.id, { userAgent: input.userAgent, now });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "user.invitation_accepted",
      target: { type: "user", id: user.id },
      before: { status: "invited" },
      after: { status: "active" },
    });
    return { ok: true as const, sessionToken };
  });
}

async function activeAdminCount(db: Db, exceptUserId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(schema.users)
    .where(
      and(
        eq(schema.users.role, "admin"),
        eq(schema.users.status, "active"),
        ne(schema.users.id, exceptUserId),
      ),
    );
  return row?.n ?? 0;
}

export async function changeRole(
  db: Db,
  actor: SessionUser,
  userId: string,
  role: Role,
): Promise<{ ok: true; changed: boolean } | Failure> {
  return db.transaction(async (tx) => {
    // Lock the row so two admins changing roles at once cannot both remove the last admin.
    const [user] = await tx
      .select()
      .from(schema.users)
      .where(eq(schema.users.id, userId))
      .for("update");
    if (!user) return fail(404, "There is no such user");
    if (user.role === role) return { ok: true as const, changed: false };
    if (
      user.role === "admin" &&
      user.status === "active" &&
      (await activeAdminCount(tx, user.id)) === 0
    ) {
      return fail(409, "This is the last active admin. Make someone else an admin first.", "role");
    }
    await tx
      .update(schema.users)
      .set({ role, updatedAt: new Date() })
      .where(eq(schema.users.id, userId));
    // A role change ends the user's sessions: their next request signs in with the new role.
    await deleteUserSessions(tx, userId);
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: "user.role_changed",
      target: { type: "user", id: userId },
      before: { role: user.role },
      after: { role },
    });
    return { ok: true as const, changed: true };
  });
}

export async function setUserActive(
  db: Db,
  actor: SessionUser,
  userId: string,
  active: boolean,
): Promise<{ ok: true } | Failure> {
  if (!active && actor.id === userId) return fail(409, "You cannot deactivate your own account");
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(schema.users)
      .where(eq(schema.users.id, userId))
      .for("update");
    if (!user) return fail(404, "There is no such user");
    if (active && user.status !== "deactivated") return fail(409, "This user is not deactivated");
    if (!active && user.status === "deactivated")
      return fail(409, "This user is already deactivated");
    if (!active && user.role === "admin" && (await activeAdminCount(tx, user.id)) === 0) {
      return fail(409, "This is the last active admin. Make someone else an admin first.");
    }
    // Reactivated users who never set a password go back to "invited".
    const status = active ? (user.passwordHash ? "active" : "invited") : "deactivated";
    await tx
      .update(schema.users)
      .set({ status, updatedAt: new Date() })
      .where(eq(schema.users.id, userId));
    if (!active) await deleteUserSessions(tx, userId);
    if (!active)
      await dropUndeliveredInvitations(tx, userId, new Date(), "The user was deactivated");
    await recordAudit(tx, {
      actor: actorOf(actor),
      action: active ? "user.reactivated" : "user.deactivated",
      target: { type: "user", id: userId },
      before: { status: user.status },
      after: { status },
    });
    return { ok: true as const };
  });
}

/** What staff who sign in only through single sign-on are told about passwords. */
export const NO_PASSWORD =
  "You sign in through your organisation's single sign-on and have no Assay password to change. Your password is managed by your identity provider.";

/** Wrong current passwords one user may give on "Change your password" before it refuses. */
export const PASSWORD_CHANGE_LIMIT = { limit: 5, windowMs: 15 * 60 * 1000 } satisfies RateLimitRule;

function passwordChangeThrottled(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many wrong current passwords. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again, or sign out and choose “Forgotten your password?” on the sign-in page.`;
}

export async function changeOwnPassword(
  db: Db,
  user: SessionUser,
  currentSessionToken: string,
  input: { currentPassword: string; newPassword: string },
  opts: { now?: Date } = {},
): Promise<{ ok: true } | Failure> {
  const row = await getUserById(db, user.id);
  if (row && !row.passwordHash) return fail(409, NO_PASSWORD);
  // Someone holding a session (a borrowed laptop, a stolen cookie) must not get unlimited
  // guesses at the password here: decision 410. Every attempt is counted before the password
  // is checked, in the one statement that also reads the count, so guesses sent at once
  // cannot all pass a read made before any of them was counted; a successful change clears it.
  const attemptsKey = `password-change:attempts:${user.id}`;
  const now = opts.now ?? new Date();
  const attempts = await hitRateLimit(db, attemptsKey, PASSWORD_CHANGE_LIMIT, now);
  if (!attempts.allowed) {
    await recordAudit(db, {
      actor: actorOf(user),
      action: "user.password_change_throttled",
      target: { type: "user", id: user.id },
    });
    return fail(429, passwordChangeThrottled(attempts.retryAfterMs), "currentPassword");
  }
  if (!row?.passwordHash || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    // Also a failed sign-in for the account: its growing delay covers guesses made here too.
    await hitRateLimit(db, accountFailuresKey(user.email), LOGIN_LIMITS.accountFailures, now);
    await recordAudit(db, {
      actor: actorOf(user),
      action: "user.password_change_failed",
      target: { type: "user", id: user.id },
    });
    return fail(400, "Your current password is not right", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await resetRateLimit(tx, attemptsKey);
    await tx
      .update(schema.users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(schema.users.id, user.id));
    // Other devices signed in with the old password are signed out; this one stays.
    await deleteUserSessions(tx, user.id, currentSessionToken);
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "user.password_changed",
      target: { type: "user", id: user.id },
    });
  });
  return { ok: true };
}
