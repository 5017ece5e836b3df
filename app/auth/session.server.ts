// Staff sessions: a random 256-bit id in an HttpOnly cookie, its SHA-256 in the sessions
// table. Logging in always makes a new id (no session fixation); logging out, a role
// change, a password change and deactivation delete the rows.
import { createHash, randomBytes } from "node:crypto";
import { data, redirect } from "@remix-run/node";
import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import { type Db, getDb, preparedQuery, schema } from "~/db.server";
import {
  type RevisionSnapshot,
  revisionColumns,
  revisionSnapshot,
  revisionsRead,
} from "~/dashboard/portfolio-cache.server";
import { perRequestMemo } from "~/http/per-request.server";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";
import { can, type Permission, type Role } from "./permissions";
import { appCookie } from "~/http/cookies.server";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function sessionCookie() {
  return appCookie("assay_session", SESSION_TTL_MS / 1000);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** False for staff who sign in only through single sign-on (no Assay password). */
  hasPassword?: boolean;
};

export async function createSession(
  db: Db,
  userId: string,
  { userAgent, now = new Date() }: { userAgent?: string | null; now?: Date } = {},
): Promise<string> {
  const token = newToken();
  await db.insert(schema.sessions).values({
    idHash: hashToken(token),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export async function commitSessionCookie(token: string): Promise<string> {
  return sessionCookie().serialize(token);
}

export async function destroySessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0 });
}

async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

// Every staff request runs it: built once (docs/decisions/413-queries-built-once.md). It reads
// both revisions too, in its own snapshot: a page's kept values are checked against them with
// no statement of their own (docs/decisions/439-revisions-with-the-session.md).
const userBySessionHash = preparedQuery(["idHash", "now"], (db, p) =>
  db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.users.role,
      hasPassword: sql<boolean>`${schema.users.passwordHash} is not null`,
      ...revisionColumns(),
    })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(
      and(
        eq(schema.sessions.idHash, p.idHash),
        gt(schema.sessions.expiresAt, p.now),
        eq(schema.users.status, "active"),
      ),
    )
    .limit(1)
    .prepare("user_by_session_hash"),
);

type StaffSession = { user: SessionUser; revisions: RevisionSnapshot };

async function sessionByToken(db: Db, token: string, now: Date): Promise<StaffSession | null> {
  const [row] = await userBySessionHash(db, { idHash: hashToken(token), now: now.toISOString() });
  if (!row) return null;
  const { portfolioRevision, supplyChainRevision, ...user } = row;
  return { user, revisions: revisionsRead({ portfolioRevision, supplyChainRevision }) };
}

export async function getUserBySessionToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<SessionUser | null> {
  return (await sessionByToken(db, token, now))?.user ?? null;
}

// One staff session lookup per page view: the root loader (the header) and the page's loader
// both need it and run side by side. Keyed by Remix's load context, a new object per request
// (scripts/server.js), so nothing is shared between requests (as for vendor sessions,
// docs/decisions/361-section-loader-queries.md; docs/decisions/383-staff-page-server-cost.md).
// Only GETs share it: an action may end or change the session, and the loaders that run after
// an action in the same request are given GET requests, so they look it up afresh, once.
const sessionOfRequest = perRequestMemo<StaffSession | null>();

function sharedSession(request: Request, perRequest: object): Promise<StaffSession | null> {
  return sessionOfRequest(perRequest, "", async () => {
    const token = await readSessionToken(request);
    return token ? sessionByToken(await getDb(), token, new Date()) : null;
  });
}

/**
 * The signed-in staff user, or null. `perRequest` (the loader's `context`) lets the root
 * loader and the page's loader share one lookup.
 */
export async function getUser(request: Request, perRequest?: object): Promise<SessionUser | null> {
  if (!perRequest || request.method !== "GET") {
    const token = await readSessionToken(request);
    return token ? getUserBySessionToken(await getDb(), token) : null;
  }
  return (await sharedSession(request, perRequest))?.user ?? null;
}

/**
 * The revisions a page's kept values are checked against: for a GET with its load context, the
 * ones the request's session lookup read (no statement of their own); otherwise one read of
 * both, when first needed (`revisionSnapshot`). Call after `requireUser`.
 */
export function requestRevisions(
  request: Request,
  perRequest: object | undefined,
  db: Db,
): RevisionSnapshot {
  if (!perRequest || request.method !== "GET") return revisionSnapshot(db);
  const session = sharedSession(request, perRequest);
  return {
    async read(tables) {
      const found = await session;
      return (found ? found.revisions : revisionSnapshot(db)).read(tables);
    },
  };
}

export async function getSessionToken(request: Request): Promise<string | null> {
  return readSessionToken(request);
}

type RequireOptions = { role?: Role | readonly Role[]; permission?: Permission };

/**
 * The guard at the top of every staff loader and action. Not signed in: a page view is sent
 * to the login page (and back afterwards), anything else gets 401. Signed in without the
 * role or permission: 403. Non-GET requests are also checked for same origin here, as a
 * second line behind each action's own check. `perRequest`: see getUser.
 */
export async function requireUser(
  request: Request,
  options: RequireOptions = {},
  perRequest?: object,
): Promise<SessionUser> {
  requireSameOrigin(request, getEnv().APP_URL);
  const user = await getUser(request, perRequest);
  if (!user) {
    if (request.method === "GET") {
      const url = new URL(request.url);
      const back = url.pathname.replace(/\.data$/, "") + url.search;
      throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
    }
    throw data("Your session has ended. Sign in again to continue.", { status: 401 });
  }
  const roles = options.role === undefined ? undefined : ([] as Role[]).concat(options.role);
  if (
    (roles && !roles.includes(user.role)) ||
    (options.permission && !can(user, options.permission))
  ) {
    throw data("Your role does not give you access to this page.", { status: 403 });
  }
  return user;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(schema.sessions).where(eq(schema.sessions.idHash, hashToken(token)));
}

/** Ends every session of a user, optionally keeping the one in use. */
export async function deleteUserSessions(
  db: Db,
  userId: string,
  keepToken?: string,
): Promise<void> {
  await db
    .delete(schema.sessions)
    .where(
      keepToken
        ? and(eq(schema.sessions.userId, userId), ne(schema.sessions.idHash, hashToken(keepToken)))
        : eq(schema.sessions.userId, userId),
    );
}

/** Deletes sessions that have expired (nothing accepts them any more); returns how many. */
export async function pruneExpiredSessions(db: Db, now: Date = new Date()): Promise<number> {
  const deleted = await db
    .delete(schema.sessions)
    .where(lt(schema.sessions.expiresAt, now))
    .returning({ idHash: schema.sessions.idHash });
  return deleted.length;
}
