import { describe, expect, it } from "vitest";
import {
  availableTransitions,
  checkTransition,
  defaultDueDate,
  FINDING_STATUSES,
  type FindingActor,
  type FindingStatus,
  isOverdue,
  verifiedQuestions,
} from "./status";

const ACTORS: Record<string, FindingActor> = {
  admin: { kind: "staff", role: "admin" },
  procurement: { kind: "staff", role: "procurement" },
  risk_officer: { kind: "staff", role: "risk_officer" },
  vendor: { kind: "vendor" },
  system: { kind: "system" },
};

// Every allowed move, written out by hand from docs/decisions/090-remediation-lifecycle.md (not
// derived from the rules): "from>to": actors who may, and what the move needs.
const STAFF = ["admin", "procurement", "risk_officer"];
const ALLOWED: Record<string, { actors: string[]; needs?: string }> = {
  "open>in_progress": { actors: STAFF },
  "reopened>in_progress": { actors: STAFF },
  "open>fixed_by_vendor": { actors: [...STAFF, "vendor"] },
  "in_progress>fixed_by_vendor": { actors: [...STAFF, "vendor"] },
  "reopened>fixed_by_vendor": { actors: [...STAFF, "vendor"] },
  "fixed_by_vendor>verified": { actors: STAFF },
  "fixed_by_vendor>in_progress": { actors: STAFF, needs: "note" },
  "open>risk_accepted": { actors: ["risk_officer"], needs: "acceptance" },
  "in_progress>risk_accepted": { actors: ["risk_officer"], needs: "acceptance" },
  "reopened>risk_accepted": { actors: ["risk_officer"], needs: "acceptance" },
  "fixed_by_vendor>risk_accepted": { actors: ["risk_officer"], needs: "acceptance" },
  "verified>reopened": { actors: STAFF, needs: "note" },
  "risk_accepted>reopened": { actors: [...STAFF, "system"], needs: "note" },
};

describe("every transition for every actor", () => {
  for (const from of FINDING_STATUSES) {
    for (const to of FINDING_STATUSES) {
      for (const [name, actor] of Object.entries(ACTORS)) {
        const expected = ALLOWED[`${from}>${to}`];
        const allowed = !!expected?.actors.includes(name);
        it(`${name}: ${from} → ${to} is ${allowed ? "allowed" : "refused"}`, () => {
          const result = checkTransition(from, to, actor);
          expect(result.ok).toBe(allowed);
          if (result.ok) expect(result.needs).toBe(expected!.needs);
          else expect(result.message).toMatch(/\.$/);
          // The buttons offered agree with the check.
          const offered = availableTransitions(from, actor).some((t) => t.to === to);
          expect(offered).toBe(allowed);
        });
      }
    }
  }
});

describe("messages a person can act on", () => {
  it("tells a vendor what they can do", () => {
    expect(checkTransition("fixed_by_vendor", "verified", ACTORS.vendor!)).toEqual({
      ok: false,
      message: "Vendors can only mark a finding as fixed.",
    });
  });
  it("says who can accept a risk", () => {
    expect(checkTransition("open", "risk_accepted", ACTORS.procurement!)).toEqual({
      ok: false,
      message: "Only a risk officer can accept a risk.",
    });
  });
  it("names the possible next statuses of an impossible move", () => {
    const result = checkTransition("verified", "fixed_by_vendor", ACTORS.admin!);
    expect(result).toEqual({
      ok: false,
      message:
        "A finding that is verified (closed) cannot become fixed by vendor — awaiting verification; it can become reopened.",
    });
  });
  it("refuses a move to the same status", () => {
    expect(checkTransition("open", "open", ACTORS.admin!).ok).toBe(false);
  });
});

describe("due dates, overdue and verified questions", () => {
  const days = {
    findingDaysCritical: 30,
    findingDaysHigh: 60,
    findingDaysMedium: 90,
    findingDaysLow: 180,
  };
  it("defaults the due date by severity from the settings", () => {
    expect(defaultDueDate("critical", "2026-01-31", days)).toBe("2026-03-02");
    expect(defaultDueDate("high", "2026-01-01", days)).toBe("2026-03-02");
    expect(defaultDueDate("medium", "2026-01-01", days)).toBe("2026-04-01");
    expect(defaultDueDate("low", "2026-01-01", days)).toBe("2026-06-30");
  });
  it("is overdue only when open work passes its due date", () => {
    const due = "2026-05-01";
    expect(isOverdue({ status: "open", dueDate: due }, "2026-05-01")).toBe(false);
    expect(isOverdue({ status: "open", dueDate: due }, "2026-05-02")).toBe(true);
    expect(isOverdue({ status: "reopened", dueDate: due }, "2026-05-02")).toBe(true);
    expect(isOverdue({ status: "fixed_by_vendor", dueDate: due }, "2026-05-02")).toBe(true);
    for (const status of ["verified", "risk_accepted"] as FindingStatus[])
      expect(isOverdue({ status, dueDate: due }, "2027-01-01")).toBe(false);
  });
  it("counts a question verified only when all its findings are", () => {
    expect(
      verifiedQuestions([
        { questionId: "a", status: "verified" },
        { questionId: "b", status: "verified" },
        { questionId: "b", status: "risk_accepted" },
        { questionId: "c", status: "open" },
      ]),
    ).toEqual(["a"]);
  });
});
