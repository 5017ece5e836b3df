// Scheduled work claimed through the database (docs/design.md, "Reliability rules"): the first
// instance to insert a key owns that piece of work; every other instance, now or later, sees
// the key taken and skips it. Run the claim in the same transaction as the work it guards,
// so a failure rolls the claim back and the next run tries again.
import { schema, type Db } from "~/db.server";

/** True when this caller claimed `key` now; false when someone already had it. */
export async function claimOnce(db: Db, key: string): Promise<boolean> {
  const claimed = await db
    .insert(schema.jobClaims)
    .values({ key })
    .onConflictDoNothing({ target: schema.jobClaims.key })
    .returning({ key: schema.jobClaims.key });
  return claimed.length === 1;
}
