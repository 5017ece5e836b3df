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

type Entry = { revision: string; value: unknown };
/** A computation under way: the revisions its snapshot read (once read) and its value. */
type Running = { revision: Promise<string | null>; value: Promise<unknown> };
type Cache = { entries: Map<string, Entry>; running: Map<string, Running> };
/** Per database handle, one cache per pool (see `CachePool`). */
const caches = new WeakMap<Db, Map<string, Cache>>();

/**
 * Where an entry is kept: values that are large or many (a comparison of ten vendors' answers)
 * get a pool of their own, so they cannot push the dashboard's figures and the lists' counts
 * out of the shared one.
 */
export type CachePool = { name: string; capacity: number };
const SHARED_POOL: CachePool = { name: "shared", capacity: PORTFOLIO_CACHE_ENTRIES };

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

/** Each of `tables`' revision in one statement, in their order; null for a missing row. */
async function readEach(db: Db, tables: readonly RevisionTable[]): Promise<(string | null)[]> {
  if (tables.length === 1) {
    const revision = await readPortfolioRevision(db, tables[0]);
    return [revision === null ? null : String(revision)];
  }
  const columns = sql.join(
    tables.map(
      (table, i) =>
        sql`(select revision from ${sql.identifier(table)} where id = 1) as ${sql.identifier(`r${i}`)}`,
    ),
    sql`, `,
  );
  const [row] = await rowsOf<Record<string, string | number | null>>(db, sql`select ${columns}`);
  return tables.map((_, i) => {
    const value = row?.[`r${i}`];
    return value === null || value === undefined ? null : String(value);
  });
}

/** Revisions as one value ("12" or "12/40"); null when a row is missing (then nothing caches). */
function joined(values: (string | null)[]): string | null {
  return values.every((v) => v !== null) ? values.join("/") : null;
}

async function readRevisions(db: Db, tables: readonly RevisionTable[]): Promise<string | null> {
  return joined(await readEach(db, tables));
}

const REVISION_TABLES: readonly RevisionTable[] = ["portfolio_revision", "supply_chain_revision"];

/** The revisions one request's kept values are checked against (see `revisionSnapshot`). */
export type RevisionSnapshot = { read(tables: readonly RevisionTable[]): Promise<string | null> };

/**
 * Both revisions, read by one statement when a request makes it, and the same for the rest of
 * that request: a page that keeps several values (the compare page keeps four)
 * checks them all with one read instead of one each, and they are all of one moment after
 * the request began, so the page still holds every change committed before it
 * (docs/decisions/434-one-revision-read-per-request.md). Make one per request, never share it
 * between requests.
 */
export function revisionSnapshot(db: Db): RevisionSnapshot {
  const values = readEach(db, REVISION_TABLES);
  // Read now, awaited by `read`: a failure is its callers' (none may come).
  values.catch(() => {});
  return {
    async read(tables) {
      const all = await values;
      return joined(tables.map((table) => all[REVISION_TABLES.indexOf(table)] ?? null));
    },
  };
}

/**
 * Both revisions as columns of a statement a request makes anyway (its session lookup), read in
 * that statement's snapshot; `revisionsRead` makes them the request's snapshot (decision 439).
 */
export function revisionColumns() {
  return {
    portfolioRevision: sql<
      string | number | null
    >`(select revision from portfolio_revision where id = 1)`,
    supplyChainRevision: sql<
      string | number | null
    >`(select revision from supply_chain_revision where id = 1)`,
  };
}

/** What `revisionColumns` read, as a request's snapshot of both revisions. */
export function revisionsRead(values: {
  portfolioRevision: string | number | null;
  supplyChainRevision: string | number | null;
}): RevisionSnapshot {
  const all = [values.portfolioRevision, values.supplyChainRevision].map((v) =>
    v === null || v === undefined ? null : String(v),
  );
  return {
    read: async (tables) =>
      joined(tables.map((table) => all[REVISION_TABLES.indexOf(table)] ?? null)),
  };
}

/**
 * `compute`'s result for `key`, computed again only when the portfolio (or each revision in
 * `table`, when it lists several: what the value reads must be watched by one of them) has
 * changed since. The value is shared by every request that hits it: callers must not mutate it.
 * `pool` names the cache it is kept in, least recently used out past its capacity. With
 * `snapshot`, a kept value is checked against the request's one read of the revisions.
 */
export async function cachedPortfolio<T>(
  db: Db,
  key: string,
  compute: (tx: Db) => Promise<T>,
  table: RevisionTable | readonly RevisionTable[] = "portfolio_revision",
  pool: CachePool = SHARED_POOL,
  snapshot?: RevisionSnapshot,
): Promise<T> {
  const tables: readonly RevisionTable[] = typeof table === "string" ? [table] : table;
  let pools = caches.get(db);
  if (!pools) caches.set(db, (pools = new Map()));
  let cache = pools.get(pool.name);
  if (!cache) pools.set(pool.name, (cache = { entries: new Map(), running: new Map() }));
  const { entries, running } = cache;
  key = `${tables.join("+")}:${key}`;
  if (entries.has(key) || running.has(key)) {
    const current = await (snapshot ? snapshot.read(tables) : readRevisions(db, tables));
    const entry = entries.get(key);
    if (current !== null && entry?.revision === current) {
      entries.delete(key);
      entries.set(key, entry); // most recently used last
      return entry.value as T;
    }
    // Requests that miss together (a dashboard or the map opened by many just after a change)
    // share one computation, provided its snapshot is of the revisions this request read: it
    // then holds every change committed before this request began (docs/decisions/408).
    const under = running.get(key);
    if (current !== null && under && (await under.revision) === current)
      return (await under.value) as T;
  }
  let revisionRead!: (revision: string | null) => void;
  const run: Running = {
    revision: new Promise((resolve) => (revisionRead = resolve)),
    value: db
      .transaction(
        async (tx) => {
          const txDb = tx as unknown as Db;
          const revision = await readRevisions(txDb, tables);
          revisionRead(revision);
          return { revision, value: await compute(txDb) };
        },
        { isolationLevel: "repeatable read", accessMode: "read only" },
      )
      .then(({ revision, value }) => {
        if (revision !== null) {
          entries.delete(key);
          entries.set(key, { revision, value });
          while (entries.size > pool.capacity) entries.delete(entries.keys().next().value!);
        }
        return value;
      })
      .finally(() => {
        revisionRead(null); // failed before reading: no one waits on it
        if (running.get(key) === run) running.delete(key);
      }),
  };
  running.set(key, run);
  return (await run.value) as T;
}

/**
 * For each field of a list's query: whether it narrows the count by columns the portfolio
 * revision's triggers watch (migration 0007), by columns they do not (a name, a free-text
 * search: renames do not move the revision), or does not narrow it at all (sort, page).
 * Typed over every field, so a filter added to a list's query must be classified here too.
 */
export type CountFilters<Q> = {
  [K in keyof Required<Q>]: "watched" | "not watched" | "not a filter";
};

function unset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    value === false ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The cache key of a list's count under `query` (`list` names the list and anything else the
 * count depends on, such as the day), or null when a filter that is set reads a column the
 * revision does not watch: that count is made afresh.
 */
export function countCacheKey<Q extends object>(
  list: string,
  query: Q,
  filters: CountFilters<Q>,
): string | null {
  const set: [string, unknown][] = [];
  for (const field of Object.keys(filters).sort() as (keyof Q & string)[]) {
    const kind = filters[field];
    const value = query[field];
    if (kind === "not a filter" || unset(value)) continue;
    if (kind === "not watched") return null;
    set.push([field, value]);
  }
  return `count:${list}:${JSON.stringify(set)}`;
}

/**
 * The portfolio revision as a column of a list's rows, read in the list statement's own
 * snapshot (PostgreSQL runs the uncorrelated subquery once per statement): the list's count is
 * then checked against it without a statement of its own (decision 435).
 */
export function portfolioRevisionColumn() {
  return sql<string | number>`(select revision from portfolio_revision where id = 1)`;
}

/**
 * The portfolio revision a statement has already read (`portfolioRevisionColumn`) as a
 * snapshot, so values kept against it are checked without a statement of their own; undefined
 * when the statement read none (it returned no rows), and then a kept value reads it itself.
 */
export function portfolioRevisionRead(
  revision: string | number | null | undefined,
): RevisionSnapshot | undefined {
  if (revision === undefined || revision === null) return undefined;
  return revisionsRead({ portfolioRevision: revision, supplyChainRevision: null });
}

/**
 * How many rows a list's filters match: counted once per portfolio revision when `key` is not
 * null (docs/decisions/406-list-counts-cache.md), so a list page costs one primary-key read
 * instead of counting every vendor, assessment or finding again; counted afresh otherwise.
 * `revision`, when the list's own statement read it (its rows carry `portfolioRevisionColumn`),
 * saves even that read (decision 435); without it (an empty page) the revision is read here.
 */
export function cachedCount(
  db: Db,
  key: string | null,
  count: (db: Db) => Promise<number>,
  revision?: string | number | null,
): Promise<number> {
  if (key === null) return count(db);
  return cachedPortfolio(
    db,
    key,
    count,
    "portfolio_revision",
    undefined,
    portfolioRevisionRead(revision),
  );
}
