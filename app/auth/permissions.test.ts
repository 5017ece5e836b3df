import { expect, test } from "vitest";
import { can, canReview, navigationFor } from "./permissions";

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
    "/dashboard",
    "/vendors",
    "/assessments",
    "/findings",
    "/supply-chain",
    "/compare",
    "/questionnaires",
  ]);
  expect(navigationFor({ role: "admin" }).map((i) => i.to)).toContain("/admin/users");
  expect(navigationFor({ role: "risk_officer" }).map((i) => i.to)).not.toContain("/admin/audit");
});

test("only risk officers accept risks; procurement reviews only when the setting allows", () => {
  expect(can({ role: "risk_officer" }, "risks:accept")).toBe(true);
  expect(can({ role: "admin" }, "risks:accept")).toBe(false);
  expect(can({ role: "procurement" }, "risks:accept")).toBe(false);
  expect(canReview({ role: "risk_officer" }, { procurementCanReview: false })).toBe(true);
  expect(canReview({ role: "procurement" }, { procurementCanReview: false })).toBe(false);
  expect(canReview({ role: "procurement" }, { procurementCanReview: true })).toBe(true);
  expect(canReview({ role: "admin" }, { procurementCanReview: true })).toBe(false);
  expect(canReview(null, { procurementCanReview: true })).toBe(false);
});
