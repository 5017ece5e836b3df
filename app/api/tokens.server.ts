// API tokens (docs/decisions/071-api-tokens.md): 256 random bits after `assay_`, shown once at
// creation and stored only as their SHA-256, like invitation and vendor links. A request is
// authenticated by looking the hash up; revoking sets revokedAt and is audited.
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { recordAudit } from "~/audit/audit.server";
import { hashToken } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { ApiError } from "./errors";
import { PREFIX_LENGTH, TOKEN_PATTERN, TOKEN_PREFIX } from "./tokens";

const tokens = schema.apiTokens;
const creator = alias(schema.users, "creator");

/** lastUsedAt is written at most this often per token, so a busy integration does not write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Creates a token and returns it in clear: the only time it exists outside the caller's hands. */
export async function createApiToken(
  db: Db,
  admin: { id: string; email: string },
  name: string,
): Promise<{ id: string; token: string; prefix: string }> {
  const token = newApiToken();
  const prefix = token.slice(0, PREFIX_LENGTH);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tokens)
      .values({ name, tokenHash: hashToken(token), prefix, createdById: admin.id })
      .returning({ id: tokens.id });
    await recordAudit(tx, {
      actor: admin,
      action: "api_token.created",
      target: { type: "api_token", id: row!.id },
      after: { name, prefix, scope: "read" },
    });
    return { id: row!.id, token, prefix };
  });
}

/** Every token, newest first, with who made it. Never the hash. */
export async function listApiTokens(db: Db) {
  return db
    .select({
      id: tokens.id,
      name: tokens.name,
      prefix: tokens.prefix,
      scope: tokens.scope,
      createdAt: tokens.createdAt,
      createdByName: creator.name,
      creatorStatus: creator.status,
      lastUsedAt: tokens.lastUsedAt,
      revokedAt: tokens.revokedAt,
    })
    .from(tokens)
    .leftJoin(creator, eq(creator.id, tokens.createdById))
    .orderBy(desc(tokens.createdAt), desc(tokens.id));
}

export type RevokeResult =
  { ok: true; name: string; alreadyRevoked: boolean } | { ok: false; status: 404; message: string };

export async function revokeApiToken(
  db: Db,
  admin: { id: string; email: string },
  tokenId: string,
  now: Date = new Date(),
): Promise<RevokeResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(tokens).where(eq(tokens.id, tokenId)).for("update");
    if (!row) return { ok: false, status: 404, message: "There is no such token." };
    if (row.revokedAt) return { ok: true, name: row.name, alreadyRevoked: true };
    await tx.update(tokens).set({ revokedAt: now }).where(eq(tokens.id, tokenId));
    await recordAudit(tx, {
      actor: admin,
      action: "api_token.revoked",
      target: { type: "api_token", id: tokenId },
      before: { name: row.name, prefix: row.prefix, revokedAt: null },
      after: { name: row.name, prefix: row.prefix, revokedAt: now.toISOString() },
    });
    return { ok: true, name: row.name, alreadyRevoked: false };
  });
}

export type ApiClient = { tokenId: string; name: string; createdById: string };

function unauthorized(message: string, error: "invalid_request" | "invalid_token"): ApiError {
  // RFC 6750 §3: a request without credentials gets a bare challenge; a bad token says so.
  const challenge =
    error === "invalid_request" ? 'Bearer realm="assay"' : `Bearer realm="assay", error="${error}"`;
  return new ApiError(401, "unauthorized", message, undefined, {
    "WWW-Authenticate": challenge,
  });
}

/**
 * The client behind `Authorization: Bearer <token>`, or a 401 ApiError. A token works while it
 * is not revoked and the admin who made it is still an active user: a token never outlives
 * the account that vouched for it. Records when it was last used, at most once a minute.
 */
export async function authenticateApiRequest(
  db: Db,
  request: Request,
  now: Date = new Date(),
): Promise<ApiClient> {
  const header = request.headers.get("authorization");
  if (!header) {
    throw unauthorized(
      "This API needs an API token: send it as `Authorization: Bearer <token>`. Admins create tokens at /admin/api-tokens.",
      "invalid_request",
    );
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) {
    throw unauthorized(
      "The Authorization header is malformed: send `Authorization: Bearer <token>`.",
      "invalid_token",
    );
  }
  const token = match[1]!;
  if (!TOKEN_PATTERN.test(token)) {
    throw unauthorized(
      "That is not an Assay API token: tokens start with `assay_` followed by 43 characters.",
      "invalid_token",
    );
  }
  const [row] = await db
    .select({
      id: tokens.id,
      name: tokens.name,
      revokedAt: tokens.revokedAt,
      lastUsedAt: tokens.lastUsedAt,
      createdById: tokens.createdById,
      creatorStatus: creator.status,
    })
    .from(tokens)
    .leftJoin(creator, eq(creator.id, tokens.createdById))
    .where(eq(tokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) throw unauthorized("This API token is not known to Assay.", "invalid_token");
  if (row.revokedAt) throw unauthorized("This API token has been revoked.", "invalid_token");
  if (!row.createdById || row.creatorStatus !== "active") {
    throw unauthorized(
      "This API token no longer works: the admin who created it is no longer active. Ask an admin for a new one.",
      "invalid_token",
    );
  }
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < stale) {
    // Conditional, so N instances serving the same token still write once a minute at most.
    await db
      .update(tokens)
      .set({ lastUsedAt: now })
      .where(
        and(eq(tokens.id, row.id), or(isNull(tokens.lastUsedAt), lt(tokens.lastUsedAt, stale))),
      );
  }
  return { tokenId: row.id, name: row.name, createdById: row.createdById };
}
