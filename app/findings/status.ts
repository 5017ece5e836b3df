// The remediation lifecycle of a finding (docs/decisions/090-remediation-lifecycle.md), pure: who
// may move a finding from which status to which, and what each move needs.
// app/findings/findings.server.ts applies it in a transaction; the same table answers the UI (which
// buttons to show) and the tests.
import { type Role } from "~/auth/permissions";

export const FINDING_STATUSES = [
  "open",
  "in_progress",
  "fixed_by_vendor",
  "verified",
  "risk_accepted",
  "reopened",
] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  fixed_by_vendor: "Fixed by vendor — awaiting verification",
  verified: "Verified (closed)",
  risk_accepted: "Risk accepted",
  reopened: "Reopened",
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** Who is acting: a staff role, the vendor through their link, or the scheduler. */
export type FindingActor = { kind: "staff"; role: Role } | { kind: "vendor" } | { kind: "system" };

/** What a move needs besides the actor. */
export type Requirement = "note" | "acceptance";

type Rule = {
  from: readonly FindingStatus[];
  to: FindingStatus;
  /** Who may make it. */
  allowed: (actor: FindingActor) => boolean;
  needs?: Requirement;
  label: string;
};

const staff = (actor: FindingActor) => actor.kind === "staff";
const riskOfficer = (actor: FindingActor) =>
  actor.kind === "staff" && actor.role === "risk_officer";
const vendorOrStaff = (actor: FindingActor) => actor.kind === "vendor" || actor.kind === "staff";
const staffOrSystem = (actor: FindingActor) => actor.kind === "staff" || actor.kind === "system";

const WORKING: readonly FindingStatus[] = ["open", "in_progress", "reopened"];

// Order matters only for the UI: the first rules are the usual next steps.
const RULES: readonly Rule[] = [
  { from: ["open", "reopened"], to: "in_progress", allowed: staff, label: "Start work" },
  { from: WORKING, to: "fixed_by_vendor", allowed: vendorOrStaff, label: "Mark fixed" },
  { from: ["fixed_by_vendor"], to: "verified", allowed: staff, label: "Verify the fix" },
  {
    from: ["fixed_by_vendor"],
    to: "in_progress",
    allowed: staff,
    needs: "note",
    label: "Send back to the vendor",
  },
  {
    from: [...WORKING, "fixed_by_vendor"],
    to: "risk_accepted",
    allowed: riskOfficer,
    needs: "acceptance",
    label: "Accept the risk",
  },
  // A verified fix that regressed, or an acceptance withdrawn (staff, with a reason), or an
  // acceptance that expired (the scheduler, which writes its own reason).
  { from: ["verified"], to: "reopened", allowed: staff, needs: "note", label: "Reopen" },
  {
    from: ["risk_accepted"],
    to: "reopened",
    allowed: staffOrSystem,
    needs: "note",
    label: "Withdraw the acceptance",
  },
];

export type TransitionCheck = { ok: true; needs?: Requirement } | { ok: false; message: string };

function actorName(actor: FindingActor): string {
  if (actor.kind === "vendor") return "The vendor";
  if (actor.kind === "system") return "The scheduler";
  return actor.role === "risk_officer"
    ? "A risk officer"
    : actor.role === "admin"
      ? "An admin"
      : "Procurement";
}

/** Whether `actor` may move a finding from `from` to `to`, with a message a person can act on. */
export function checkTransition(
  from: FindingStatus,
  to: FindingStatus,
  actor: FindingActor,
): TransitionCheck {
  if (from === to) return { ok: false, message: `The finding is already ${label(from)}.` };
  const possible = RULES.filter((r) => r.to === to && r.from.includes(from));
  if (possible.length === 0) {
    const next = RULES.filter((r) => r.from.includes(from)).map((r) => label(r.to));
    return {
      ok: false,
      message: `A finding that is ${label(from)} cannot become ${label(to)}${
        next.length > 0 ? `; it can become ${[...new Set(next)].join(" or ")}` : ""
      }.`,
    };
  }
  const rule = possible.find((r) => r.allowed(actor));
  if (!rule) {
    if (to === "risk_accepted")
      return { ok: false, message: "Only a risk officer can accept a risk." };
    if (actor.kind === "vendor")
      return { ok: false, message: "Vendors can only mark a finding as fixed." };
    return { ok: false, message: `${actorName(actor)} cannot make a finding ${label(to)}.` };
  }
  return rule.needs ? { ok: true, needs: rule.needs } : { ok: true };
}

/** The moves `actor` can make from `from`, for buttons. */
export function availableTransitions(
  from: FindingStatus,
  actor: FindingActor,
): { to: FindingStatus; label: string; needs?: Requirement }[] {
  return RULES.filter((r) => r.from.includes(from) && r.allowed(actor)).map((r) => ({
    to: r.to,
    label: r.label,
    ...(r.needs ? { needs: r.needs } : {}),
  }));
}

function label(status: FindingStatus): string {
  return FINDING_STATUS_LABELS[status].toLowerCase();
}

/** Open work: the statuses that count as open findings on dashboards and can be overdue. */
export const OPEN_STATUSES: readonly FindingStatus[] = [
  "open",
  "in_progress",
  "fixed_by_vendor",
  "reopened",
];

export function isOpen(status: FindingStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Overdue: not yet verified or accepted on a day after its due date (calendar days, UTC). A fix
 * awaiting verification still counts: the risk is not closed until someone checks it.
 */
export function isOverdue(
  finding: { status: FindingStatus; dueDate: string },
  today: string,
): boolean {
  return isOpen(finding.status) && finding.dueDate < today;
}

export type DueDays = {
  findingDaysCritical: number;
  findingDaysHigh: number;
  findingDaysMedium: number;
  findingDaysLow: number;
};

/** The default due date of a finding opened on `opened` (YYYY-MM-DD), from the settings. */
export function defaultDueDate(severity: Severity, opened: string, days: DueDays): string {
  const n = {
    critical: days.findingDaysCritical,
    high: days.findingDaysHigh,
    medium: days.findingDaysMedium,
    low: days.findingDaysLow,
  }[severity];
  const date = new Date(`${opened}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The questions the current score counts at full credit: all their findings verified
 * (docs/scoring.md).
 */
export function verifiedQuestions(
  findings: Iterable<{ questionId: string; status: FindingStatus }>,
): string[] {
  const all = new Map<string, boolean>();
  for (const f of findings)
    all.set(f.questionId, (all.get(f.questionId) ?? true) && f.status === "verified");
  return [...all]
    .filter(([, v]) => v)
    .map(([q]) => q)
    .sort();
}
