// Scheduled work claimed through the database (docs/design.md, "Reliability rules"): the first
// instance to insert a key owns that piece of work; every other instance, now or later, sees
// the key taken and skips it. Run the claim in the same transaction as the work it guards,
// so a failure rolls the claim back and the next run tries again.
import { sql } from "drizzle-orm";
import { preparedQuery, schema, textArray, type Db } from "~/db.server";

/** True when this caller claimed `key` now; false when someone already had it. */
export async function claimOnce(db: Db, key: string): Promise<boolean> {
  const claimed = await db
    .insert(schema.jobClaims)
    .values({ key })
    .onConflictDoNothing({ target: schema.jobClaims.key })
    .returning({ key: schema.jobClaims.key });
  return claimed.length === 1;
}

const claimedAmong = preparedQuery(["keys"], (db, p) =>
  db
    .select({ key: schema.jobClaims.key })
    .from(schema.jobClaims)
    .where(sql`${schema.jobClaims.key} = any(${p.keys}::text[])`)
    .prepare("claimed_among"),
);

/** Keys read per statement: a tick of a large portfolio asks about tens of thousands. */
const KEYS_PER_READ = 2_000;

/**
 * Of `keys`, those nobody has claimed, read in one statement per 2,000 keys. A job asks this
 * before its transactions, so work done on an earlier run costs no transaction of its own: a
 * tick used to open one per overdue item, every minute, on every instance
 * (docs/decisions/423-scheduled-jobs-skip-claimed-work.md). Claims are never deleted, so a key
 * read as claimed stays done; one read as unclaimed may still be taken by another instance
 * before this one gets to it, and `claimOnce` decides.
 */
export async function unclaimedKeys(db: Db, keys: Iterable<string>): Promise<Set<string>> {
  const unclaimed = new Set(keys);
  const all = [...unclaimed];
  for (let i = 0; i < all.length; i += KEYS_PER_READ) {
    const rows = await claimedAmong(db, { keys: textArray(all.slice(i, i + KEYS_PER_READ)) });
    for (const row of rows) unclaimed.delete(row.key);
  }
  return unclaimed;
}
