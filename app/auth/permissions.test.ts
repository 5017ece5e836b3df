import { expect, test } from "vitest";
import { can, navigationFor } from "./permissions";

test("only admins manage users, read the audit log and the outbox", () => {
  for (const permission of [
    "users:manage",
    "audit:read",
    "outbox:read",
    "settings:manage",
  ] as const) {
    expect(can({ role: "admin" }, permission)).toBe(true);
    expect(can({ role: "procurement" }, permission)).toBe(false);
    expect(can({ role: "risk_officer" }, permission)).toBe(false);
  }
});

test("risk officers read vendors but do not edit them; nobody signed out can do anything", () => {
  expect(can({ role: "risk_officer" }, "vendors:read")).toBe(true);
  expect(can({ role: "risk_officer" }, "vendors:manage")).toBe(false);
  expect(can({ role: "procurement" }, "vendors:manage")).toBe(true);
  expect(can(null, "vendors:read")).toBe(false);
});

test("navigation shows each role only what it may open", () => {
  expect(navigationFor({ role: "procurement" }).map((i) => i.to)).toEqual([
    "/",
    "/vendors",
    "/assessments",
    "/questionnaires",
  ]);
  expect(navigationFor({ role: "admin" }).map((i) => i.to)).toContain("/admin/users");
  expect(navigationFor({ role: "risk_officer" }).map((i) => i.to)).not.toContain("/admin/audit");
});
