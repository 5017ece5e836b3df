// The demo data for integration tests that need a populated portfolio: the questionnaire
// library, then the seed (users, vendors and demo assessments made through the real paths).
import { type Db } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { type Database } from "../../db/client";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "~/demo/seed.server";

export { DEMO_PASSWORD, DEMO_USERS };

export async function seedDemoPortfolio(db: Db) {
  await syncQuestionnaireLibrary(db);
  await seedDemoData(db as Database);
}
