// The audit log names what its events mention (docs/decisions/272-audit-in-words.md).
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor } from "~/test/factories";
import { listAuditEvents, recordAudit } from "./audit.server";
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
