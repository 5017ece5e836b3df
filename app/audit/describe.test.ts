import { expect, test } from "vitest";
import {
  actionLabel,
  describeAuditChange,
  describeAuditDetail,
  describeChangeText,
  targetLabel,
} from "./describe";

const OWNER = "0b6f3c1e-7d55-4f0e-9a51-8f2b7c0d9e11";
const GONE = "9d1f0000-0000-4000-8000-000000000000";

test("a change reads field by field, with labels and words instead of keys and codes", () => {
  expect(
    describeAuditChange(
      { status: "in_review", scoredOnPresence: false, dueDate: "2026-12-01", ownerId: null },
      { status: "closed", scoredOnPresence: true, dueDate: "2026-12-15", ownerId: OWNER },
      { [OWNER]: "Priya Procurement" },
    ),
  ).toEqual([
    { field: "Status", before: "In review", after: "Closed" },
    { field: "Scored on whether evidence is present", before: "no", after: "yes" },
    { field: "Due date", before: "1 December 2026", after: "15 December 2026" },
    { field: "Owner", before: "none", after: "Priya Procurement" },
  ]);
});

test("fields only set are listed without a before; unchanged fields are left out", () => {
  expect(
    describeAuditChange(null, { email: "a@b.example", role: "risk_officer", status: "invited" }),
  ).toEqual([
    { field: "Email address", after: "a@b.example" },
    { field: "Role", after: "Risk officer" },
    { field: "Status", after: "Invited" },
  ]);
  expect(
    describeAuditChange({ role: "admin", name: "Ada" }, { role: "admin", name: "Ada B" }),
  ).toEqual([{ field: "Name", before: "Ada", after: "Ada B" }]);
  expect(describeAuditChange({ revokedAt: null }, {})).toEqual([
    { field: "Revoked", before: "none", after: "removed" },
  ]);
});

test("nothing reads as JSON or a raw id", () => {
  const text = describeChangeText(
    { contactIds: [OWNER, GONE], archivedAt: "2026-12-05T10:15:00.000Z" },
    { contactIds: [OWNER], archivedAt: null },
    { [OWNER]: "Nadia Okafor" },
  );
  expect(text).toBe(
    "Contacts: Nadia Okafor, a record that no longer exists → Nadia Okafor; Archived: 2026-12-05 10:15 UTC → none",
  );
  const detail = describeAuditDetail(
    { recipientId: OWNER, graceDays: 14, nested: { passwordSignIn: "break_glass_only" } },
    { [OWNER]: "Tom Reyes" },
  );
  expect(detail).toEqual([
    { field: "Recipient", after: "Tom Reyes" },
    { field: "Grace period (days)", after: "14" },
    { field: "Nested", after: "Who may sign in with a password: Break glass only" },
  ]);
  for (const line of detail) expect(line.after).not.toMatch(/[{}"]|[0-9a-f]{8}-/);
});

test("actions and targets are named", () => {
  expect(actionLabel("assessment.sent")).toBe("Assessment sent");
  expect(actionLabel("finding.risk_accepted")).toBe("Finding risk accepted");
  expect(actionLabel("auth.login")).toBe("Signed in");
  expect(targetLabel("vendor", OWNER, { [OWNER]: "Northwind Models" })).toBe(
    "Vendor: Northwind Models",
  );
  expect(targetLabel("vendor", GONE, {})).toBe("Vendor: no longer exists");
  expect(targetLabel("mail", "42", {})).toBe("Mail: 42");
  expect(targetLabel(null, null, {})).toBe("—");
});
