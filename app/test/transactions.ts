// How many transactions some work opens on a real database handle: the handle's own
// `transaction` is watched (it still runs), never replaced.
import { vi } from "vitest";
import { type Db } from "~/db.server";

/** Runs `work` and returns how many transactions it opened on `db`. */
export async function transactionsOpenedBy(db: Db, work: () => Promise<unknown>): Promise<number> {
  const transactions = vi.spyOn(db, "transaction");
  try {
    await work();
    return transactions.mock.calls.length;
  } finally {
    transactions.mockRestore();
  }
}
