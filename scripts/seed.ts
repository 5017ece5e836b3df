// Seeds the demo data (one user per role, the demo vendors and their submitted assessments)
// into the configured database, without starting the app: PostgreSQL at DATABASE_URL, or the
// embedded PGlite in DATA_DIR (which must not be open in a running server). It migrates and
// records the questionnaire library first, as the seed needs both; it is idempotent, like the
// seed at start-up (docs/decisions/180-db-seed-script.md).
// Usage: npm run db:seed   (exit code 1 with the reason when the database cannot be seeded)
import { embeddedDataDir, openConfiguredDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { prepareDatabase } from "~/startup.server";

const env = getEnv();
let handle;
try {
  handle = await openConfiguredDatabase();
} catch (error) {
  console.error(`✗ could not open the database: ${(error as Error).message}`);
  process.exit(1);
}
try {
  await prepareDatabase(handle, { seed: true });
  console.log(
    `✓ demo data seeded into ${env.DATABASE_URL ? "PostgreSQL at DATABASE_URL" : `embedded PGlite in ${embeddedDataDir()}`}`,
  );
} catch (error) {
  console.error(`✗ the seed failed and was rolled back: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
