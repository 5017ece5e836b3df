// A fixed-window counter kept in Postgres, so every app instance counts the same attempts.
// The clock is a parameter: tests move time instead of waiting for it.
import { lt, sql } from "drizzle-orm";
import { type Db, schema } from "~/db.server";

export type RateLimitRule = { limit: number; windowMs: number };
export type RateLimitResult = { allowed: boolean; count: number; retryAfterMs: number };

/** Counts one hit against key and says whether it is still within the rule. */
export async function hitRateLimit(
  db: Db,
  key: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  // One statement: the upsert both reads and bumps the counter, so concurrent attempts
  // cannot slip past the limit between a read and a write.
  const [row] = await db
    .insert(schema.rateLimits)
    .values({ key, count: 1, windowStart: now })
    .onConflictDoUpdate({
      target: schema.rateLimits.key,
      set: {
        count: sql`case when ${schema.rateLimits.windowStart} <= ${windowFloor.toISOString()}::timestamptz then 1 else ${schema.rateLimits.count} + 1 end`,
        windowStart: sql`case when ${schema.rateLimits.windowStart} <= ${windowFloor.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${schema.rateLimits.windowStart} end`,
      },
    })
    .returning();
  const windowStart = row!.windowStart.getTime();
  return {
    allowed: row!.count <= rule.limit,
    count: row!.count,
    retryAfterMs: Math.max(0, windowStart + rule.windowMs - now.getTime()),
  };
}

/** Reads a counter without counting a hit: for limits that count only failures. */
export async function peekRateLimit(
  db: Db,
  key: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const [row] = await db
    .select()
    .from(schema.rateLimits)
    .where(sql`${schema.rateLimits.key} = ${key}`);
  if (!row || row.windowStart.getTime() <= now.getTime() - rule.windowMs) {
    return { allowed: true, count: 0, retryAfterMs: 0 };
  }
  return {
    allowed: row.count < rule.limit,
    count: row.count,
    retryAfterMs: Math.max(0, row.windowStart.getTime() + rule.windowMs - now.getTime()),
  };
}

export async function resetRateLimit(db: Db, key: string): Promise<void> {
  await db.delete(schema.rateLimits).where(sql`${schema.rateLimits.key} = ${key}`);
}

/**
 * How long a counter is kept after its window started: longer than any rule's window, so a
 * deleted counter is one that would read as zero anyway.
 */
export const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Drops counters whose window started before `olderThan`; returns how many. */
export async function pruneRateLimits(db: Db, olderThan: Date): Promise<number> {
  const deleted = await db
    .delete(schema.rateLimits)
    .where(lt(schema.rateLimits.windowStart, olderThan))
    .returning({ key: schema.rateLimits.key });
  return deleted.length;
}
