import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import { ContactSchema, VendorSchema, type VendorInput } from "./schemas";
import {
  addContact,
  archiveVendor,
  createVendor,
  getVendor,
  listOwnerOptions,
  removeContact,
  restoreVendor,
  searchVendors,
  type Staff,
  updateContact,
  updateVendor,
} from "./vendors.server";

let t: TestDatabase;
let priya: Staff & { name: string };
let olu: { id: string; name: string };
let gone: { id: string; name: string };
beforeAll(async () => {
  t = await createTestDatabase();
  priya = await createUser(t.db, { role: "procurement", name: "Priya" });
  olu = await createUser(t.db, { role: "admin", name: "Olu" });
  gone = await createUser(t.db, { role: "procurement", name: "Gone", status: "deactivated" });
});
afterAll(async () => t.dispose());

function vendorInput(overrides: Partial<Record<keyof VendorInput, string>> = {}): VendorInput {
  return VendorSchema.parse({
    name: `Vendor ${Math.random().toString(36).slice(2, 10)}`,
    website: "",
    category: "model_api",
    dataAccess: "business",
    criticality: "low",
    ownerId: "",
    notes: "",
    ...overrides,
  });
}

async function create(overrides: Partial<Record<keyof VendorInput, string>> = {}) {
  const result = await createVendor(t.db, priya, vendorInput(overrides));
  if (!result.ok) throw new Error(result.message);
  return result.vendorId;
}

async function eventsFor(vendorId: string) {
  return t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(eq(schema.auditEvents.targetType, "vendor"), eq(schema.auditEvents.targetId, vendorId)),
    )
    .orderBy(desc(schema.auditEvents.id));
}

async function createAssessment(vendorId: string, status: "sent" | "closed" = "sent") {
  const [version] = await t.db
    .insert(schema.questionnaireVersions)
    .values({
      slug: `test-${Math.random().toString(36).slice(2)}`,
      version: "1.0.0",
      major: 1,
      minor: 0,
      patch: 0,
      title: "Test",
      audience: "any",
      questionCount: 0,
      content: {},
      contentHash: "a".repeat(64),
    })
    .returning();
  const [assessment] = await t.db
    .insert(schema.assessments)
    .values({ vendorId, questionnaireVersionId: version!.id, status, dueDate: "2030-01-01" })
    .returning();
  return assessment!;
}

test("a new vendor is stored with its profile, and the audit log records who and what", async () => {
  const vendorId = await create({
    name: "  Northwind Models ",
    website: "https://northwind.example",
    dataAccess: "training_or_model",
    criticality: "medium",
    ownerId: olu.id,
    notes: "Fine-tunes our support model.",
  });
  expect(await getVendor(t.db, vendorId)).toMatchObject({
    name: "Northwind Models",
    website: "https://northwind.example",
    category: "model_api",
    ownerId: olu.id,
    ownerName: "Olu",
    inherentTier: "Critical",
    archivedAt: null,
    contacts: [],
  });
  const [event] = await eventsFor(vendorId);
  expect(event).toMatchObject({
    action: "vendor.created",
    actorUserId: priya.id,
    actorLabel: priya.email,
    before: null,
    after: {
      name: "Northwind Models",
      website: "https://northwind.example",
      category: "model_api",
      dataAccess: "training_or_model",
      criticality: "medium",
      ownerId: olu.id,
      owner: "Olu",
      notes: "Fine-tunes our support model.",
      inherentTier: "Critical",
    },
  });
});

test("vendor names are unique whatever their case, with a field error instead of a crash", async () => {
  const first = await create({ name: "Cirrus GPU Cloud" });
  expect(await createVendor(t.db, priya, vendorInput({ name: "cirrus gpu CLOUD" }))).toEqual({
    ok: false,
    status: 409,
    field: "name",
    message: "A vendor called Cirrus GPU Cloud already exists. Choose another name.",
  });
  const second = await create({ name: "Cirrus Two" });
  expect(
    await updateVendor(t.db, priya, second, vendorInput({ name: "CIRRUS gpu cloud" })),
  ).toEqual(expect.objectContaining({ ok: false, status: 409, field: "name" }));
  // A vendor may change the case of its own name.
  expect(await updateVendor(t.db, priya, first, vendorInput({ name: "Cirrus GPU CLOUD" }))).toEqual(
    { ok: true, changed: true },
  );
  // An archived vendor still holds its name, and the message says how to get it back.
  expect(await archiveVendor(t.db, priya, first)).toEqual({ ok: true });
  expect(await createVendor(t.db, priya, vendorInput({ name: "cirrus gpu cloud" }))).toMatchObject({
    ok: false,
    field: "name",
    message:
      "An archived vendor is already called Cirrus GPU CLOUD. Restore it, or choose another name.",
  });
  expect((await searchVendors(t.db, { q: "Cirrus", archived: "include" })).total).toBe(2);
});

test("the owner must be an active user, but a deactivated owner is kept on an edit", async () => {
  for (const ownerId of [gone.id, "00000000-0000-4000-8000-000000000000"]) {
    expect(await createVendor(t.db, priya, vendorInput({ ownerId }))).toEqual({
      ok: false,
      status: 400,
      field: "ownerId",
      message: "Choose an owner from the list",
    });
  }
  // A vendor whose owner has since been deactivated.
  const vendor = await create({ ownerId: priya.id });
  await t.db.update(schema.vendors).set({ ownerId: gone.id }).where(eq(schema.vendors.id, vendor));
  const options = await listOwnerOptions(t.db, gone.id);
  expect(options.find((o) => o.id === gone.id)).toEqual({
    id: gone.id,
    name: "Gone",
    active: false,
  });
  expect((await listOwnerOptions(t.db)).some((o) => o.id === gone.id)).toBe(false);
  const current = (await getVendor(t.db, vendor))!;
  expect(current).toMatchObject({ ownerName: "Gone", ownerActive: false });
  expect(
    await updateVendor(
      t.db,
      priya,
      vendor,
      vendorInput({ name: current.name, ownerId: gone.id, notes: "kept" }),
    ),
  ).toEqual({ ok: true, changed: true });
  expect((await getVendor(t.db, vendor))!.ownerId).toBe(gone.id);
});

test("an edit records only what changed, before and after; an edit that changes nothing records nothing", async () => {
  const vendorId = await create({ name: "Quill Translate", ownerId: priya.id });
  const edited = vendorInput({
    name: "Quill Translate",
    dataAccess: "confidential",
    criticality: "low",
    ownerId: olu.id,
    website: "https://quill.example",
  });
  expect(await updateVendor(t.db, priya, vendorId, edited)).toEqual({ ok: true, changed: true });
  expect(await getVendor(t.db, vendorId)).toMatchObject({
    dataAccess: "confidential",
    inherentTier: "High",
    ownerName: "Olu",
    website: "https://quill.example",
  });
  const [event] = await eventsFor(vendorId);
  expect(event).toMatchObject({
    action: "vendor.updated",
    actorUserId: priya.id,
    before: {
      website: null,
      dataAccess: "business",
      ownerId: priya.id,
      owner: "Priya",
      inherentTier: "Medium",
    },
    after: {
      website: "https://quill.example",
      dataAccess: "confidential",
      ownerId: olu.id,
      owner: "Olu",
      inherentTier: "High",
    },
  });
  expect(Object.keys(event!.before as object).sort()).toEqual(
    ["dataAccess", "inherentTier", "owner", "ownerId", "website"].sort(),
  );

  expect(await updateVendor(t.db, priya, vendorId, edited)).toEqual({ ok: true, changed: false });
  expect(await eventsFor(vendorId)).toHaveLength(2);
  expect(
    await updateVendor(t.db, priya, "00000000-0000-4000-8000-000000000000", edited),
  ).toMatchObject({ ok: false, status: 404 });
});

test("archiving hides a vendor from the active list; restoring brings it back; both are audited", async () => {
  const vendorId = await create({ name: "LabelWorks" });
  const when = new Date("2025-03-01T10:00:00Z");
  expect(await archiveVendor(t.db, priya, vendorId, when)).toEqual({ ok: true });
  expect((await getVendor(t.db, vendorId))!.archivedAt).toEqual(when);
  expect(
    (await searchVendors(t.db, { pageSize: 1000 })).vendors.some((v) => v.id === vendorId),
  ).toBe(false);
  expect((await searchVendors(t.db, { q: "LabelWorks" })).total).toBe(0);
  expect((await searchVendors(t.db, { q: "LabelWorks", archived: "only" })).vendors).toEqual([
    expect.objectContaining({ id: vendorId, archivedAt: when }),
  ]);
  expect(await archiveVendor(t.db, priya, vendorId)).toMatchObject({ ok: false, status: 409 });
  // An archived vendor is read-only until restored.
  expect(
    await updateVendor(t.db, priya, vendorId, vendorInput({ name: "LabelWorks 2" })),
  ).toMatchObject({ ok: false, status: 409 });
  expect(
    await addContact(
      t.db,
      priya,
      vendorId,
      ContactSchema.parse({ name: "Sam", email: "sam@lw.example" }),
    ),
  ).toMatchObject({ ok: false, status: 409 });

  expect(await restoreVendor(t.db, priya, vendorId)).toEqual({ ok: true });
  expect(await restoreVendor(t.db, priya, vendorId)).toMatchObject({ ok: false, status: 409 });
  expect(
    (await searchVendors(t.db, { pageSize: 1000 })).vendors.some((v) => v.id === vendorId),
  ).toBe(true);
  const [restored, archived] = await eventsFor(vendorId);
  expect(archived).toMatchObject({
    action: "vendor.archived",
    before: { archivedAt: null },
    after: { archivedAt: when.toISOString() },
  });
  expect(restored).toMatchObject({
    action: "vendor.restored",
    actorUserId: priya.id,
    before: { archivedAt: when.toISOString() },
    after: { archivedAt: null },
  });
  expect(await archiveVendor(t.db, priya, "00000000-0000-4000-8000-000000000000")).toMatchObject({
    ok: false,
    status: 404,
  });
});

test("a vendor with an open assessment cannot be archived until it is closed", async () => {
  const vendorId = await create();
  const assessment = await createAssessment(vendorId, "sent");
  const refused = await archiveVendor(t.db, priya, vendorId);
  expect(refused).toMatchObject({ ok: false, status: 409 });
  expect(!refused.ok && refused.message).toContain("an assessment still open");
  expect((await getVendor(t.db, vendorId))!.archivedAt).toBeNull();
  await t.db
    .update(schema.assessments)
    .set({ status: "closed" })
    .where(eq(schema.assessments.id, assessment.id));
  expect(await archiveVendor(t.db, priya, vendorId)).toEqual({ ok: true });
});

test("contacts are added, edited and removed, each audited on the vendor's history", async () => {
  const vendorId = await create({ name: "Contact Co" });
  const added = await addContact(
    t.db,
    priya,
    vendorId,
    ContactSchema.parse({ name: "Nadia Okafor", email: "Nadia@Contact.Example", role: "CISO" }),
  );
  if (!added.ok) throw new Error(added.message);
  expect((await getVendor(t.db, vendorId))!.contacts).toEqual([
    expect.objectContaining({
      id: added.contactId,
      name: "Nadia Okafor",
      email: "nadia@contact.example",
      role: "CISO",
    }),
  ]);
  // The same address twice, in any case, is refused on the email field.
  expect(
    await addContact(
      t.db,
      priya,
      vendorId,
      ContactSchema.parse({ name: "N", email: "NADIA@contact.example" }),
    ),
  ).toMatchObject({ ok: false, status: 409, field: "email" });
  const other = await addContact(
    t.db,
    priya,
    vendorId,
    ContactSchema.parse({ name: "Tom Reyes", email: "tom@contact.example" }),
  );
  if (!other.ok) throw new Error(other.message);
  expect(
    await updateContact(
      t.db,
      priya,
      vendorId,
      other.contactId,
      ContactSchema.parse({ name: "Tom", email: "nadia@contact.example" }),
    ),
  ).toMatchObject({ ok: false, status: 409, field: "email" });

  expect(
    await updateContact(
      t.db,
      priya,
      vendorId,
      added.contactId,
      ContactSchema.parse({
        name: "Nadia Okafor",
        email: "nadia@contact.example",
        role: "Head of security",
      }),
    ),
  ).toEqual({ ok: true, changed: true });
  const [updated] = await eventsFor(vendorId);
  expect(updated).toMatchObject({
    action: "vendor.contact_updated",
    before: { role: "CISO" },
    after: { role: "Head of security" },
    detail: { contactId: added.contactId },
  });

  expect(await removeContact(t.db, priya, vendorId, other.contactId)).toEqual({
    ok: true,
    archived: false,
    name: "Tom Reyes",
  });
  // Never used in an assessment: gone for good.
  expect(
    await t.db
      .select()
      .from(schema.vendorContacts)
      .where(eq(schema.vendorContacts.id, other.contactId)),
  ).toEqual([]);
  const [removed] = await eventsFor(vendorId);
  expect(removed).toMatchObject({
    action: "vendor.contact_removed",
    before: { name: "Tom Reyes", email: "tom@contact.example", role: "" },
    after: null,
    detail: { contactId: other.contactId, keptForAssessments: false },
  });
  expect((await eventsFor(vendorId)).map((e) => e.action)).toEqual([
    "vendor.contact_removed",
    "vendor.contact_updated",
    "vendor.contact_added",
    "vendor.contact_added",
    "vendor.created",
  ]);
});

test("a contact who received an assessment is archived, not deleted, and can be added back", async () => {
  const vendorId = await create({ name: "Recipient Co" });
  const added = await addContact(
    t.db,
    priya,
    vendorId,
    ContactSchema.parse({
      name: "Ines Moreau",
      email: "ines@recipient.example",
      role: "Compliance",
    }),
  );
  if (!added.ok) throw new Error(added.message);
  const assessment = await createAssessment(vendorId);
  const [recipient] = await t.db
    .insert(schema.assessmentRecipients)
    .values({
      assessmentId: assessment.id,
      contactId: added.contactId,
      name: "Ines Moreau",
      email: "ines@recipient.example",
      tokenHash: "b".repeat(64),
      expiresAt: new Date("2030-01-01"),
    })
    .returning();

  expect(await removeContact(t.db, priya, vendorId, added.contactId)).toEqual({
    ok: true,
    archived: true,
    name: "Ines Moreau",
  });
  expect((await getVendor(t.db, vendorId))!.contacts).toEqual([]);
  const [kept] = await t.db
    .select()
    .from(schema.vendorContacts)
    .where(eq(schema.vendorContacts.id, added.contactId));
  expect(kept!.archivedAt).toBeInstanceOf(Date);
  const [link] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.id, recipient!.id));
  expect(link!.contactId).toBe(added.contactId);
  // A removed contact cannot be edited or removed again, and is no longer found by search.
  expect(await removeContact(t.db, priya, vendorId, added.contactId)).toMatchObject({
    ok: false,
    status: 404,
  });
  expect((await searchVendors(t.db, { q: "ines@recipient" })).total).toBe(0);

  // Adding the address again brings the same contact back.
  const again = await addContact(
    t.db,
    priya,
    vendorId,
    ContactSchema.parse({ name: "Ines M.", email: "ines@recipient.example", role: "" }),
  );
  expect(again).toEqual({ ok: true, contactId: added.contactId });
  expect((await getVendor(t.db, vendorId))!.contacts).toEqual([
    expect.objectContaining({ id: added.contactId, name: "Ines M.", role: "" }),
  ]);
  expect((await eventsFor(vendorId))[0]).toMatchObject({
    action: "vendor.contact_added",
    detail: { contactId: added.contactId, restored: true },
  });
});

test("a contact can only be changed through its own vendor", async () => {
  const mine = await create();
  const theirs = await create();
  const contact = await addContact(
    t.db,
    priya,
    theirs,
    ContactSchema.parse({ name: "Lee Wong", email: "lee@theirs.example" }),
  );
  if (!contact.ok) throw new Error(contact.message);
  const input = ContactSchema.parse({ name: "Hijacked", email: "x@evil.example" });
  expect(await updateContact(t.db, priya, mine, contact.contactId, input)).toMatchObject({
    ok: false,
    status: 404,
  });
  expect(await removeContact(t.db, priya, mine, contact.contactId)).toMatchObject({
    ok: false,
    status: 404,
  });
  expect((await getVendor(t.db, theirs))!.contacts).toEqual([
    expect.objectContaining({ name: "Lee Wong" }),
  ]);
});

test("email domains are stored lower-cased; an unchanged list is not a change", async () => {
  const id = await create({ emailDomains: "Acme.Example, mail.acme.example" });
  const [row] = await t.db.select().from(schema.vendors).where(eq(schema.vendors.id, id));
  expect(row!.emailDomains).toEqual(["acme.example", "mail.acme.example"]);
  const same = await updateVendor(
    t.db,
    priya,
    id,
    vendorInput({ name: row!.name, emailDomains: "acme.example\nmail.acme.example" }),
  );
  expect(same).toEqual({ ok: true, changed: false });
  const cleared = await updateVendor(t.db, priya, id, vendorInput({ name: row!.name }));
  expect(cleared).toEqual({ ok: true, changed: true });
  const [after] = await t.db.select().from(schema.vendors).where(eq(schema.vendors.id, id));
  expect(after!.emailDomains).toEqual([]);
});
