// Queries as named prepared statements (docs/decisions/401-prepared-statements.md).
//
// drizzle hands every query to postgres.js as `unsafe(text, params, { prepare: false })` unless
// it was built with `.prepare(name)`. postgres.js must know a parameter's type to send it, so an
// unprepared query with parameters costs two round trips: Parse/Describe, wait for the
// server's answer, then Bind/Execute. Prepared, the statement is parsed and described once per
// connection and every later run is one round trip (about half the time and client CPU of a
// query, measured in the decision).
//
// The client drizzle is given asks postgres.js to prepare each query text, up to `limit`
// distinct texts per process: postgres.js keeps a connection's prepared statements until it
// closes, and the limit bounds them (the app's queries are a few hundred texts; a text built
// from a variable-length list can make more, and past the limit those run unprepared, as
// before). Plans do not change: the connections run with plan_cache_mode force_custom_plan
// (db/client.ts), so every run is planned for its own parameters, as an unprepared query is.
//
// The one exception (docs/decisions/403-generic-plans-for-keyed-statements.md): a statement
// whose text begins with GENERIC_PLAN_MARK finds every row it reads or writes by a key, so a
// plan made for one set of values is the plan for all of them. Outside a transaction it goes
// to a second pool, whose connections keep PostgreSQL's default plan_cache_mode (auto): after
// five runs the statement's generic plan is kept and no longer made again per run. Inside a
// transaction it runs on the transaction's connection, as any other statement.
import { type Sql } from "postgres";

/** Begins a statement that may keep a generic plan: every lookup in it is by a key. */
export const GENERIC_PLAN_MARK = "/* generic plan: every lookup by key */";

/** The query texts prepared so far, up to a limit. */
export class PreparedTexts {
  private readonly texts = new Set<string>();
  constructor(readonly limit: number) {}

  /** Whether `text` is to be prepared: it was before, or there is still room for it. */
  admit(text: string): boolean {
    if (this.texts.has(text)) return true;
    if (this.texts.size >= this.limit) return false;
    this.texts.add(text);
    return true;
  }

  get size(): number {
    return this.texts.size;
  }
}

type Unsafe = (text: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;
type Scoped = (...args: unknown[]) => unknown;

/**
 * `sql`, with the queries drizzle sends through `unsafe` prepared (within `texts`' limit),
 * including those inside a transaction (`begin`) or a savepoint. With `generic`, a statement
 * that begins with GENERIC_PLAN_MARK and is not in a transaction runs on `generic` instead.
 */
export function preparingClient<T extends Sql>(sql: T, texts: PreparedTexts, generic?: Sql): T {
  const unsafe: Unsafe = (text, params = [], options = {}) => {
    const client = generic && text.startsWith(GENERIC_PLAN_MARK) ? generic : sql;
    return (client.unsafe as unknown as Unsafe)(text, params, {
      ...options,
      prepare: options.prepare === true || (params.length > 0 && texts.admit(text)),
    });
  };
  // The callback (always the last argument) is handed the transaction's client, wrapped too.
  const scoped =
    (name: "begin" | "savepoint"): Scoped =>
    (...args) => {
      const callback = args.pop() as (client: Sql) => unknown;
      return (sql as unknown as Record<typeof name, Scoped>)[name](...args, (client: Sql) =>
        callback(preparingClient(client, texts)),
      );
    };
  const begin = scoped("begin");
  const savepoint = scoped("savepoint");
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") return unsafe;
      if (property === "begin") return begin;
      if (property === "savepoint") return savepoint;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
