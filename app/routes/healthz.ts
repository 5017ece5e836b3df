import { getDatabase, isDatabaseStarting } from "~/db.server";
import { getEnv } from "~/env.server";
import { isDatabaseUnavailable } from "~/http/outage";
import { countMailBacklog, getSmtpState } from "~/mail/delivery.server";
import { getStorageHealth } from "~/storage/storage-health.server";
import { getStorage, storageWarning } from "~/storage/storage.server";

const startedAt = Date.now();
const PING_TIMEOUT_MS = 2_000;

class PingTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new PingTimeout(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

// For load balancers and uptime checks: 200 when the app can reach its database, 503 when not.
export async function loader() {
  const env = getEnv();
  const app = {
    status: "ok",
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    mode: env.embedded ? "embedded" : "postgres",
  };
  const headers = { "Cache-Control": "no-store" };
  if (isDatabaseStarting()) {
    const database = { status: "starting", detail: "Opening, migrating and seeding the database" };
    return Response.json({ status: "starting", app, database }, { status: 503, headers });
  }
  const began = performance.now();
  let handle: Awaited<ReturnType<typeof getDatabase>>;
  try {
    handle = await withTimeout(getDatabase(), PING_TIMEOUT_MS);
  } catch (error) {
    if (!isDatabaseUnavailable(error) && !(error instanceof PingTimeout)) {
      // Start-up itself failed (a migration, the questionnaire library, the seed): the app is
      // broken, but saying the database is down would send whoever is on call to the wrong
      // place (docs/decisions/133-library-text-and-health.md).
      console.error("Health check: start-up failed:", error);
      return Response.json(
        {
          status: "unavailable",
          app: {
            ...app,
            status: "failed",
            error:
              "Start-up failed (a migration, the questionnaire library or the demo seed); the cause is in the server log",
          },
          database: { status: "unknown" },
        },
        { status: 503, headers },
      );
    }
    console.error("Health check: database unreachable:", error);
    const database = { status: "down", error: "The database cannot be reached" };
    return Response.json({ status: "unavailable", app, database }, { status: 503, headers });
  }
  try {
    await withTimeout(handle.ping(), PING_TIMEOUT_MS);
    const database = {
      status: "up",
      kind: handle.kind,
      latencyMs: Math.round((performance.now() - began) * 10) / 10,
    };
    // Mail trouble does not fail the check (the app works and the outbox keeps the mail), but
    // its detail says exactly what is wrong with SMTP (docs/decisions/140-mail-outbox.md).
    const smtp = getSmtpState();
    const backlog = await withTimeout(countMailBacklog(handle.db), PING_TIMEOUT_MS).catch(
      () => null,
    );
    const mail = { ...smtp, ...(backlog ?? {}) };
    // Which store evidence files use (docs/decisions/141-evidence-storage.md), and whether it
    // answers: asked at most every 30 s (5 s after a failure), and the answer says when it
    // was asked (docs/decisions/190-storage-health-cache.md).
    const store = getStorage();
    const health = await getStorageHealth(store, (s) => withTimeout(s.check(), PING_TIMEOUT_MS));
    const storage = {
      kind: store.kind,
      location: store.location,
      ...health,
      ...(storageWarning(env, store) ? { warning: "evidence stays on this machine's disk" } : {}),
    };
    return Response.json({ status: "ok", app, database, mail, storage }, { headers });
  } catch (error) {
    // The cause goes to the log, not to whoever asks: it can name hosts and users.
    console.error("Health check: database unreachable:", error);
    const database = { status: "down", error: "The database cannot be reached" };
    return Response.json({ status: "unavailable", app, database }, { status: 503, headers });
  }
}
