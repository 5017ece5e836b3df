// Demo data: one user per role and a few AI suppliers. Idempotent: it adds what is missing
// and never duplicates or overwrites, so it runs safely at every start.
import { inArray } from "drizzle-orm";
import { type Database, schema } from "~/db.server";
import { seedDemoAssessments } from "./demo-assessments.server";
import {
  DEMO_CONTACTS,
  DEMO_ORGANISATION,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_VENDORS,
} from "./demo-records";
import { createUser, createVendor } from "./factories.server";

export { DEMO_CONTACTS, DEMO_PASSWORD, DEMO_USERS, DEMO_VENDORS };

/**
 * All or nothing: users, vendors and demo assessments are made in one transaction, so a process
 * killed while seeding leaves no half-made demo assessment behind (one left "in progress" would
 * be skipped for ever, as it exists); the next start seeds everything again
 * (docs/decisions/101-demo-seed-all-or-nothing.md).
 */
export async function seedDemoData(
  db: Database,
  { log = (_line: string) => {} } = {},
): Promise<void> {
  const seeded = await db.transaction(async (tx) => {
    const emails = DEMO_USERS.map((u) => u.email);
    const existing = new Set(
      (
        await tx
          .select({ email: schema.users.email })
          .from(schema.users)
          .where(inArray(schema.users.email, emails))
      ).map((u) => u.email),
    );
    const missingUsers = DEMO_USERS.filter((u) => !existing.has(u.email));
    const existingVendors = new Set(
      (await tx.select({ name: schema.vendors.name }).from(schema.vendors)).map((v) =>
        v.name.toLowerCase(),
      ),
    );
    const missingVendors = DEMO_VENDORS.filter((v) => !existingVendors.has(v.name.toLowerCase()));

    if (missingUsers.length > 0 || missingVendors.length > 0) {
      const created = [];
      for (const user of missingUsers)
        created.push(await createUser(tx, { ...user, password: DEMO_PASSWORD }));
      const owner = (
        await tx
          .select()
          .from(schema.users)
          .where(inArray(schema.users.email, [DEMO_USERS[1].email]))
      )[0];
      for (const vendor of missingVendors) {
        const row = await createVendor(tx, { ...vendor, ownerId: owner?.id ?? null });
        const contacts = DEMO_CONTACTS[vendor.name] ?? [];
        if (contacts.length > 0) {
          await tx
            .insert(schema.vendorContacts)
            .values(contacts.map((c) => ({ ...c, vendorId: row.id })));
        }
      }
      await tx.insert(schema.auditEvents).values({
        actorLabel: "system: seed",
        action: "system.demo_seeded",
        detail: { users: created.map((u) => u.email), vendors: missingVendors.map((v) => v.name) },
      });
    }
    // The demo organisation is named, so the demo can send to vendors at once; an admin's own
    // values are never overwritten (docs/decisions/270-organisation-identity.md).
    await tx
      .insert(schema.appSettings)
      .values(Object.entries(DEMO_ORGANISATION).map(([key, value]) => ({ key, value })))
      .onConflictDoNothing();
    // Submitted assessments for the dashboard, compare and trend pages, made through the
    // app's own code.
    const made = await seedDemoAssessments(tx, {
      procurementEmail: DEMO_USERS[1].email,
      onMaking: (spec) =>
        log(`Making demo assessment: ${spec.vendor}, ${spec.slug} ${spec.version} (uncommitted)`),
    });
    return { users: missingUsers.length, vendors: missingVendors.length, made };
  });
  if (seeded.users > 0 || seeded.vendors > 0)
    log(`Seeded demo data: ${seeded.users} users, ${seeded.vendors} vendors.`);
  if (seeded.made > 0) log(`Demo assessments made: ${seeded.made}.`);
  log(
    `Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(", ")}`,
  );
}
