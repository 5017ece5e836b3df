// The app's start-up, in order: open the database (db.server.ts), migrate it, record the
// questionnaire library, seed the demo data where configured, then start the scheduled jobs
// and mail and webhook delivery.
// entry.server.tsx calls startApp() when the server loads the app; a start that fails is tried
// again on the next request (db.server.ts), and the scheduler starts once it succeeds.
import {
  type DatabaseHandle,
  embeddedDataDir,
  getDatabase,
  openConfiguredDatabase,
  setDatabaseStarter,
} from "~/db.server";
import { seedDemoData } from "~/demo/seed.server";
import { getEnv } from "~/env.server";
import { startScheduler } from "~/jobs/scheduler.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { startMailDelivery } from "~/mail/delivery.server";
import { startWebhookDelivery } from "~/webhooks/delivery.server";

/**
 * Migrates the database, records the questionnaire library and, when `seed` is true, seeds the
 * demo data. Two instances starting together take turns (a PostgreSQL advisory lock), so
 * migrations and the seed run once. `npm run db:seed` (scripts/seed.ts) runs this with
 * `seed: true` and no scheduler (docs/decisions/180-db-seed-script.md).
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  {
    seed,
    log = (line: string) => console.log(line),
  }: { seed: boolean; log?: (line: string) => void },
): Promise<void> {
  await handle.withStartupLock(async () => {
    await handle.migrate();
    const library = await syncQuestionnaireLibrary(handle.db);
    if (library.recorded.length > 0)
      log(`Recorded questionnaire versions: ${library.recorded.join(", ")}`);
    if (seed) await seedDemoData(handle.db, { log });
  });
}

async function start(): Promise<DatabaseHandle> {
  const env = getEnv();
  const handle = await openConfiguredDatabase();
  try {
    await prepareDatabase(handle, { seed: env.SEED_DEMO });
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  console.log(
    `Database ready: ${handle.kind === "pglite" ? `embedded PGlite in ${embeddedDataDir()}` : "PostgreSQL at DATABASE_URL"}`,
  );
  // Migrated: the scheduled jobs and the outbox's delivery worker may start (once per process;
  // off in tests; docs/decisions/140-mail-outbox.md).
  startScheduler();
  startMailDelivery();
  startWebhookDelivery();
  return handle;
}

/** Starts the app's database and jobs; resolves when the database is ready for queries. */
export function startApp(): Promise<DatabaseHandle> {
  setDatabaseStarter(start);
  return getDatabase();
}
