// Audit events in words for people: field labels instead of keys, values as they read on the
// pages (names instead of ids, days and times, yes/no), and each change as "before → after"
// (docs/decisions/272-audit-in-words.md). Pure and client-safe: the names of the records an
// event mentions come from the server (audit.server.ts, `auditNames`).
import { formatDay, formatInstant } from "~/format";
import { isUuid } from "~/uuid";

/** Record ids (users, vendors, contacts, recipients, assessments) → a name to show. */
export type AuditNames = Record<string, string>;

export type ChangeLine = { field: string; before?: string; after: string };

const FIELD_LABELS: Record<string, string> = {
  archivedAt: "Archived",
  assessmentId: "Assessment",
  byRecipientId: "By",
  cancelReason: "Reason for cancelling",
  contactId: "Contact",
  contactIds: "Contacts",
  dataAccess: "Data access",
  dueDate: "Due date",
  email: "Email address",
  graceDays: "Grace period (days)",
  invitedByRecipientId: "Invited by",
  ip: "Network address",
  issuer: "Identity provider",
  keptForAssessments: "Kept for its assessments",
  newDeliveryId: "New delivery",
  originalSeverity: "Original severity",
  ownerId: "Owner",
  prefix: "Token prefix",
  previousAssessmentId: "Earlier assessment",
  questionId: "Question",
  questionnaireVersionId: "Questionnaire version",
  recipientId: "Recipient",
  revokedAt: "Revoked",
  scoredOnPresence: "Scored on whether evidence is present",
  targetDate: "Target date",
  vendorId: "Vendor",
  vendorsSeeScores: "Vendors see their scores",
  procurementCanReview: "Procurement may review",
  organisationName: "Organisation name",
  organisationContact: "Contact address for vendors",
  userInvitationDays: "Staff invitations last (days)",
  vendorLinkGraceDays: "Vendor links work after the due date for (days)",
  reminderDaysBefore: "Reminder before the due date (days)",
  findingDaysCritical: "Days to fix a critical finding",
  findingDaysHigh: "Days to fix a high finding",
  findingDaysMedium: "Days to fix a medium finding",
  findingDaysLow: "Days to fix a low finding",
  passwordSignIn: "Who may sign in with a password",
  breakGlassEmail: "Break-glass admin",
};

// Keys whose values are codes from a fixed list ("in_review"): shown as words.
const CODED = new Set([
  "status",
  "role",
  "decision",
  "severity",
  "originalSeverity",
  "scope",
  "category",
  "dataAccess",
  "criticality",
  "passwordSignIn",
  "method",
  "kind",
  "reason",
]);

const ACTION_WORDS: Record<string, string> = {
  "auth.login": "Signed in",
  "auth.logout": "Signed out",
  "auth.login_failed": "Sign-in failed",
  "settings.updated": "Settings changed",
  "system.demo_seeded": "Demo data added",
};

const TARGET_WORDS: Record<string, string> = {
  api_token: "API token",
  assessment: "Assessment",
  finding: "Finding",
  mail: "Mail",
  questionnaire: "Questionnaire",
  recipient: "Recipient",
  user: "User",
  vendor: "Vendor",
  webhook_endpoint: "Webhook endpoint",
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "scoredOnPresence" → "Scored on presence", "in_review" → "In review". */
export function words(key: string): string {
  const spaced = key
    .replace(/[._]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? words(key);
}

/** "assessment.sent" → "Assessment sent". */
export function actionLabel(action: string): string {
  return ACTION_WORDS[action] ?? words(action);
}

export function targetLabel(type: string | null, id: string | null, names: AuditNames): string {
  if (!type) return "—";
  const what = TARGET_WORDS[type] ?? words(type);
  if (!id) return what;
  return `${what}: ${names[id] ?? (isUuid(id) ? "no longer exists" : id)}`;
}

/** One value as it reads on the pages. */
export function formatAuditValue(key: string, value: unknown, names: AuditNames): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    if (isUuid(value)) return names[value] ?? "a record that no longer exists";
    if (DAY.test(value)) return formatDay(value);
    if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatInstant(value);
    if (CODED.has(key) && /^[a-z]+(_[a-z]+)*$/.test(value)) return words(value);
    return value;
  }
  if (Array.isArray(value))
    return value.length === 0
      ? "none"
      : value.map((v) => formatAuditValue(key, v, names)).join(", ");
  if (typeof value === "object")
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${fieldLabel(k)}: ${formatAuditValue(k, v, names)}`)
      .join("; ");
  return String(value);
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/**
 * Field by field: what changed from what to what. A field only in "after" was set; one whose
 * value did not change is left out. A before/after that is not an object is one line.
 */
export function describeAuditChange(
  before: unknown,
  after: unknown,
  names: AuditNames = {},
): ChangeLine[] {
  if (before == null && after == null) return [];
  const b = record(before);
  const a = record(after);
  if ((before != null && !b) || (after != null && !a)) {
    return [
      {
        field: "Value",
        ...(before != null ? { before: formatAuditValue("value", before, names) } : {}),
        after: formatAuditValue("value", after, names),
      },
    ];
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const lines: ChangeLine[] = [];
  for (const key of keys) {
    const was = b && key in b ? formatAuditValue(key, b[key], names) : undefined;
    const now = a && key in a ? formatAuditValue(key, a[key], names) : "removed";
    if (was === now) continue;
    lines.push({
      field: fieldLabel(key),
      ...(was !== undefined && b ? { before: was } : {}),
      after: now,
    });
  }
  return lines;
}

/** The event's other facts ("detail"), labelled. */
export function describeAuditDetail(detail: unknown, names: AuditNames = {}): ChangeLine[] {
  const d = record(detail);
  if (!d)
    return detail == null
      ? []
      : [{ field: "Detail", after: formatAuditValue("detail", detail, names) }];
  return Object.entries(d).map(([key, value]) => ({
    field: fieldLabel(key),
    after: formatAuditValue(key, value, names),
  }));
}

/** The same as one line of text, for the CSV and spreadsheet exports. */
export function describeChangeText(
  before: unknown,
  after: unknown,
  names: AuditNames = {},
): string {
  return describeAuditChange(before, after, names)
    .map((l) =>
      l.before !== undefined ? `${l.field}: ${l.before} → ${l.after}` : `${l.field}: ${l.after}`,
    )
    .join("; ");
}

/** Every id an event mentions, for the server to name. */
export function idsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") {
    if (isUuid(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, into);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) idsIn(v, into);
  }
  return into;
}
