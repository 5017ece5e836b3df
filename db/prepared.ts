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
// before). Texts without parameters are prepared too: one round trip either way, but prepared,
// such a statement is planned once per connection instead of on every run (decision 416).
// PostgreSQL chooses a prepared statement's plan as it does by default
// (plan_cache_mode auto, db/client.ts): planned for its parameters on the first five runs, then
// the generic plan is kept when it costs no more (docs/decisions/403-generic-plans.md).
import { type Sql } from "postgres";

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

type Unsafe = (
  text: string,
  params?: unknown[],
  options?: { prepare?: boolean; simple?: boolean },
) => unknown;
type Scoped = (...args: unknown[]) => unknown;

/**
 * `sql`, with the queries drizzle sends through `unsafe` prepared (within `texts`' limit),
 * including those inside a transaction (`begin`) or a savepoint.
 */
export function preparingClient<T extends Sql>(sql: T, texts: PreparedTexts): T {
  const unsafe: Unsafe = (text, params = [], options = {}) => {
    // postgres.js sends a text without parameters with the simple protocol, which cannot
    // prepare it, unless told otherwise; a text with a ";" may hold several statements, which
    // only the simple protocol runs, so it stays as it was.
    const prepare =
      options.prepare === true || ((params.length > 0 || !text.includes(";")) && texts.admit(text));
    return (sql.unsafe as unknown as Unsafe)(text, params, {
      ...options,
      prepare,
      ...(prepare && params.length === 0 ? { simple: false } : {}),
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
