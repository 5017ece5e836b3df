// The audit log names what its events mention (docs/decisions/272-audit-in-words.md).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { randomUUID } from "node:crypto";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createUser, createVendor, libraryVersionId } from "~/test/factories";
import { auditNames, listAuditEvents, recordAudit } from "./audit.server";
import { describeAuditChange, targetLabel } from "./describe";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

test("a page's events come with the names of the users and vendors they mention", async () => {
  const admin = await createUser(t.db, { role: "admin", name: "Ada Admin" });
  const owner = await createUser(t.db, { role: "procurement", name: "Priya Procurement" });
  const vendor = await createVendor(t.db, { name: "Northwind Models" });
  await recordAudit(t.db, {
    actor: { id: admin.id, email: admin.email },
    action: "vendor.updated",
    target: { type: "vendor", id: vendor.id },
    before: { ownerId: null },
    after: { ownerId: owner.id },
  });
  const page = await listAuditEvents(t.db, {
    target: { type: "vendor", id: vendor.id },
    names: true,
  });
  const [event] = page.events;
  expect(targetLabel(event!.targetType, event!.targetId, page.names)).toBe(
    "Vendor: Northwind Models",
  );
  expect(describeAuditChange(event!.before, event!.after, page.names)).toEqual([
    { field: "Owner", before: "none", after: "Priya Procurement" },
  ]);
  // Exports ask for no names: the ids stay as they are stored.
  expect(
    (await listAuditEvents(t.db, { target: { type: "vendor", id: vendor.id } })).names,
  ).toEqual({});
});

test("every kind of record an event can mention is named, in one lookup", async () => {
  await syncQuestionnaireLibrary(t.db);
  const staff = await createUser(t.db, { role: "procurement", name: "Nia Names" });
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const sent = await sendTestAssessment(
    t.db,
    { id: staff.id, email: staff.email, name: staff.name, role: staff.role },
    versionId,
    { name: "Names Vendor" },
  );
  const [contact] = await t.db
    .select({ id: schema.vendorContacts.id, name: schema.vendorContacts.name })
    .from(schema.vendorContacts)
    .where(eq(schema.vendorContacts.vendorId, sent.vendorId));
  const [version] = await t.db
    .select({ title: schema.questionnaireVersions.title })
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.id, versionId));
  const [finding] = await t.db
    .insert(schema.findings)
    .values({
      assessmentId: sent.assessmentId,
      vendorId: sent.vendorId,
      origin: "manual",
      key: `manual:${randomUUID()}`,
      questionId: "q",
      sectionId: "s",
      severity: "high",
      originalSeverity: "high",
      title: "Names finding",
      dueDate: "2030-01-31",
    })
    .returning();
  const [token] = await t.db
    .insert(schema.apiTokens)
    .values({ name: "Names token", tokenHash: randomUUID(), prefix: "names" })
    .returning();
  const [endpoint] = await t.db
    .insert(schema.webhookEndpoints)
    .values({
      name: "Names hook",
      url: "https://hook.example/",
      events: ["assessment.sent"],
      secret: "s",
    })
    .returning();
  const unknown = randomUUID();
  const names = await auditNames(t.db, [
    { targetId: sent.assessmentId, before: { ownerId: staff.id }, after: null, detail: null },
    {
      targetId: sent.vendorId,
      before: null,
      after: { contactId: contact!.id, recipientId: sent.context.recipientId },
      detail: { findingId: finding!.id, tokenId: token!.id, endpointId: endpoint!.id, unknown },
    },
  ]);
  expect(names).toEqual({
    [staff.id]: "Nia Names",
    [sent.vendorId]: "Names Vendor",
    [contact!.id]: contact!.name,
    [sent.context.recipientId]: sent.context.recipientName,
    [sent.assessmentId]: `Names Vendor, ${version!.title} 1.0.0`,
    [finding!.id]: "Names finding",
    [token!.id]: "Names token",
    [endpoint!.id]: "Names hook",
  });
  expect(
    await auditNames(t.db, [{ targetId: null, before: null, after: null, detail: null }]),
  ).toEqual({});
});
