// Portfolio figures cached against the portfolio revision (docs/decisions/083).
//
// Every transaction that changes what portfolio figures read (vendors, assessments, scores,
// findings) bumps `portfolio_revision` once, at commit (deferred triggers, migration 0007).
// The revision a snapshot sees therefore names exactly the set of committed portfolio
// changes in it: figures computed at revision N stay right until the revision moves.
//
// A hit costs one primary-key read. A miss computes the figures in a read-only, repeatable-read
// transaction that first reads the revision, so the figures and the revision come from one
// snapshot. The cache is per process and per database handle; other app instances keep
// their own, and each sees the shared revision move.
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "~/db.server";

/** Entries kept per database handle (one per filter combination and day, least recent out). */
export const PORTFOLIO_CACHE_ENTRIES = 200;

type Entry = { revision: number; value: unknown };
const caches = new WeakMap<Db, Map<string, Entry>>();

/**
 * A revision counter kept by deferred triggers: the portfolio's, or the supply-chain map's
 * (migration 0018, docs/decisions/365), which counts the writes the map reads.
 */
export type RevisionTable = "portfolio_revision" | "supply_chain_revision";

/** The committed portfolio revision, or null when the row is missing (then nothing caches). */
export async function readPortfolioRevision(
  db: Db,
  table: RevisionTable = "portfolio_revision",
): Promise<number | null> {
  const rows = await rowsOf<{ revision: string | number }>(
    db,
    sql`select revision from ${sql.identifier(table)} where id = 1`,
  );
  return rows[0] ? Number(rows[0].revision) : null;
}

/**
 * `compute`'s result for `key`, computed again only when the portfolio has changed since.
 * The value is shared by every request that hits it: callers must not mutate it.
 */
export async function cachedPortfolio<T>(
  db: Db,
  key: string,
  compute: (tx: Db) => Promise<T>,
  table: RevisionTable = "portfolio_revision",
): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  key = `${table}:${key}`;
  const entry = cache.get(key);
  if (entry && entry.revision === (await readPortfolioRevision(db, table))) {
    cache.delete(key);
    cache.set(key, entry); // most recently used last
    return entry.value as T;
  }
  const { revision, value } = await db.transaction(
    async (tx) => {
      const txDb = tx as unknown as Db;
      const revision = await readPortfolioRevision(txDb, table);
      return { revision, value: await compute(txDb) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  if (revision !== null) {
    cache.delete(key);
    cache.set(key, { revision, value });
    while (cache.size > PORTFOLIO_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return value;
}
