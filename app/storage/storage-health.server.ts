// The storage check behind /healthz, remembered for a short while
// (docs/decisions/190-storage-health-cache.md): a load balancer probing every second must
// not turn into a HeadBucket per probe per instance. Concurrent probes share one check.
import type { Storage } from "./storage.server";

/** How long a successful check is trusted. */
export const STORAGE_CHECK_OK_MS = 30_000;
/** A failure is re-checked sooner, so a recovered store shows up quickly. */
export const STORAGE_CHECK_ERROR_MS = 5_000;

export type StorageHealth = {
  status: "ok" | "error";
  error?: string;
  /** When the store was last actually asked (ISO time). */
  checkedAt: string;
  /** Seconds the answer is reused before the store is asked again. */
  reusedForSeconds: number;
};

type Entry = { storage: Storage; at: number; result: Promise<StorageHealth> };

declare global {
  var __assayStorageHealth: Entry | undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name || error.message : String(error);
}

/**
 * The store's health, asking it at most once per interval (per storage object). `check` is
 * the bounded call (the caller's timeout around storage.check()).
 */
export function getStorageHealth(
  storage: Storage,
  check: (storage: Storage) => Promise<void> = (s) => s.check(),
  now: () => number = Date.now,
): Promise<StorageHealth> {
  const cached = globalThis.__assayStorageHealth;
  if (cached && cached.storage === storage) {
    const age = now() - cached.at;
    // A check still under way is shared; a finished one is reused until it expires.
    return cached.result.then((health) =>
      age < health.reusedForSeconds * 1000 ? health : fresh(),
    );
  }
  return fresh();

  function fresh(): Promise<StorageHealth> {
    const latest = globalThis.__assayStorageHealth;
    // Another caller may have started a new check meanwhile.
    if (latest && latest.storage === storage && latest !== cached) return latest.result;
    const at = now();
    const checkedAt = new Date(at).toISOString();
    const result = check(storage).then(
      (): StorageHealth => ({
        status: "ok",
        checkedAt,
        reusedForSeconds: STORAGE_CHECK_OK_MS / 1000,
      }),
      (error: unknown): StorageHealth => ({
        status: "error",
        error: describe(error),
        checkedAt,
        reusedForSeconds: STORAGE_CHECK_ERROR_MS / 1000,
      }),
    );
    globalThis.__assayStorageHealth = { storage, at, result };
    return result;
  }
}

/** Tests start from nothing remembered. */
export function forgetStorageHealth(): void {
  globalThis.__assayStorageHealth = undefined;
}
