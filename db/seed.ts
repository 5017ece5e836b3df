// Demo data: one user per role and a few AI suppliers. Idempotent: it adds what is missing
// and never duplicates or overwrites, so it runs safely at every start.
import { inArray } from "drizzle-orm";
import { type Database } from "./client";
import { createUser, createVendor, type NewVendor } from "./factories";
import * as schema from "./schema";

export const DEMO_PASSWORD = "assay-demo-password";

export const DEMO_USERS = [
  { email: "admin@assay.example", name: "Ada Admin", role: "admin" },
  { email: "procurement@assay.example", name: "Priya Procurement", role: "procurement" },
  { email: "risk@assay.example", name: "Rafael Risk", role: "risk_officer" },
] as const;

export const DEMO_CONTACTS: Record<string, { name: string; email: string; role: string }[]> = {
  "Northwind Models": [
    {
      name: "Nadia Okafor",
      email: "nadia.okafor@northwind-models.example",
      role: "Head of security",
    },
    { name: "Tom Reyes", email: "tom.reyes@northwind-models.example", role: "ML platform lead" },
  ],
  "Cirrus GPU Cloud": [
    { name: "Ines Moreau", email: "ines.moreau@cirrus-gpu.example", role: "Trust and compliance" },
  ],
  LabelWorks: [
    { name: "Sam Patel", email: "sam.patel@labelworks.example", role: "Operations director" },
  ],
  "Quill Translate API": [
    { name: "Lee Wong", email: "lee.wong@quill-translate.example", role: "CTO" },
  ],
  "Lumen Speech AI": [
    { name: "Mira Lindqvist", email: "mira.lindqvist@lumen-speech.example", role: "CISO" },
  ],
  "Tally Annotations": [
    { name: "Kofi Mensah", email: "kofi.mensah@tally-annotations.example", role: "Security lead" },
  ],
};

export const DEMO_VENDORS: (Partial<NewVendor> & { name: string })[] = [
  {
    name: "Northwind Models",
    website: "https://northwind-models.example",
    category: "model_api",
    dataAccess: "training_or_model",
    criticality: "high",
    notes: "Fine-tunes our support model on ticket history.",
  },
  {
    name: "Cirrus GPU Cloud",
    website: "https://cirrus-gpu.example",
    category: "cloud_infrastructure",
    dataAccess: "confidential",
    criticality: "high",
    notes: "Training cluster and inference endpoints, EU region.",
  },
  {
    name: "LabelWorks",
    website: "https://labelworks.example",
    category: "data_supplier",
    dataAccess: "training_or_model",
    criticality: "medium",
    notes: "Annotates customer-call transcripts for the speech model.",
  },
  {
    name: "Quill Translate API",
    website: "https://quill-translate.example",
    category: "model_api",
    dataAccess: "business",
    criticality: "low",
    notes: "Machine translation of marketing copy.",
  },
  {
    name: "Lumen Speech AI",
    website: "https://lumen-speech.example",
    category: "model_api",
    dataAccess: "confidential",
    criticality: "medium",
    notes: "Speech-to-text for recorded support calls.",
  },
  {
    name: "Tally Annotations",
    website: "https://tally-annotations.example",
    category: "data_supplier",
    dataAccess: "training_or_model",
    criticality: "medium",
    notes: "Labels images for the document-understanding model.",
  },
];

export async function seedDemoData(
  db: Database,
  { log = (_line: string) => {} } = {},
): Promise<void> {
  const emails = DEMO_USERS.map((u) => u.email);
  const existing = new Set(
    (
      await db
        .select({ email: schema.users.email })
        .from(schema.users)
        .where(inArray(schema.users.email, emails))
    ).map((u) => u.email),
  );
  const missingUsers = DEMO_USERS.filter((u) => !existing.has(u.email));
  const existingVendors = new Set(
    (await db.select({ name: schema.vendors.name }).from(schema.vendors)).map((v) =>
      v.name.toLowerCase(),
    ),
  );
  const missingVendors = DEMO_VENDORS.filter((v) => !existingVendors.has(v.name.toLowerCase()));

  if (missingUsers.length > 0 || missingVendors.length > 0) {
    await db.transaction(async (tx) => {
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
    });
    log(`Seeded demo data: ${missingUsers.length} users, ${missingVendors.length} vendors.`);
  }
  // Submitted assessments for the dashboard, compare and trend pages, made through the app's
  // own code (imported here, not at the top, so that importing the demo logins stays light).
  const { seedDemoAssessments } = await import("../app/demo/demo-assessments.server");
  const made = await seedDemoAssessments(db, { procurementEmail: DEMO_USERS[1].email });
  if (made > 0) log(`Demo assessments made: ${made}.`);
  log(
    `Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(", ")}`,
  );
}
