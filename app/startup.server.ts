// The app's start-up, in order: open the database (db.server.ts), migrate it, record the
// questionnaire library, seed the demo data where configured, then start the scheduled jobs
// and mail delivery.
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

async function start(): Promise<DatabaseHandle> {
  const env = getEnv();
  const handle = await openConfiguredDatabase();
  try {
    // Two instances starting together take turns (a PostgreSQL advisory lock), so migrations
    // and the seed run once.
    await handle.withStartupLock(async () => {
      await handle.migrate();
      const library = await syncQuestionnaireLibrary(handle.db);
      if (library.recorded.length > 0)
        console.log(`Recorded questionnaire versions: ${library.recorded.join(", ")}`);
      if (env.SEED_DEMO) await seedDemoData(handle.db, { log: (line) => console.log(line) });
    });
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
  return handle;
}

/** Starts the app's database and jobs; resolves when the database is ready for queries. */
export function startApp(): Promise<DatabaseHandle> {
  setDatabaseStarter(start);
  return getDatabase();
}
