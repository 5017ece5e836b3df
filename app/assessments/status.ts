// The assessment lifecycle (docs/design.md, "The lifecycle"): draft → sent → in progress →
// submitted → in review → closed, plus cancelled and expired. Pure: the .server module applies it
// in a transaction.
export const ASSESSMENT_STATUSES = [
  "draft",
  "sent",
  "in_progress",
  "submitted",
  "in_review",
  "closed",
  "cancelled",
  "expired",
] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  in_progress: "In progress",
  submitted: "Submitted",
  in_review: "In review",
  closed: "Closed",
  cancelled: "Cancelled",
  expired: "Expired",
};

const TRANSITIONS: Record<AssessmentStatus, readonly AssessmentStatus[]> = {
  draft: ["sent", "cancelled"],
  sent: ["in_progress", "submitted", "cancelled", "expired"],
  in_progress: ["submitted", "cancelled", "expired"],
  submitted: ["in_review", "closed"],
  in_review: ["closed"],
  closed: [],
  cancelled: [],
  // An expired assessment can be brought back by extending its due date.
  expired: ["in_progress"],
};

export function canTransition(from: AssessmentStatus, to: AssessmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

// The status groups the rules below, the queries and the pages share (one home each,
// docs/decisions/161-status-groups-and-export-columns.md).

/** Open to the vendor: they may answer, links may be sent, reminders go out. */
export const OPEN_FOR_ANSWERS = [
  "sent",
  "in_progress",
] as const satisfies readonly AssessmentStatus[];

/** Submitted by the vendor: scored, reviewed, reported, compared, findings may be added. */
export const SUBMITTED_STATUSES = [
  "submitted",
  "in_review",
  "closed",
] as const satisfies readonly AssessmentStatus[];

/** Submitted and waiting on (or under) a reviewer. */
export const REVIEWABLE_STATUSES = [
  "submitted",
  "in_review",
] as const satisfies readonly AssessmentStatus[];

/** Not yet ended: the due date can still change (an expired one comes back by extending it). */
export const EXTENDABLE_STATUSES = [
  "draft",
  "sent",
  "in_progress",
  "expired",
] as const satisfies readonly AssessmentStatus[];

/** Still running: archiving the vendor would strand these. */
export const RUNNING_STATUSES = [
  "draft",
  "sent",
  "in_progress",
  "submitted",
  "in_review",
] as const satisfies readonly AssessmentStatus[];

function isIn(group: readonly AssessmentStatus[], status: string): boolean {
  return (group as readonly string[]).includes(status);
}

/** Vendors may write answers only while the assessment is open to them. */
export function isOpenForAnswers(status: AssessmentStatus | string): boolean {
  return isIn(OPEN_FOR_ANSWERS, status);
}

export function isSubmitted(status: AssessmentStatus | string): boolean {
  return isIn(SUBMITTED_STATUSES, status);
}

export function isReviewable(status: AssessmentStatus | string): boolean {
  return isIn(REVIEWABLE_STATUSES, status);
}

export function canExtendDueDate(status: AssessmentStatus | string): boolean {
  return isIn(EXTENDABLE_STATUSES, status);
}

export function canCancel(status: AssessmentStatus): boolean {
  return canTransition(status, "cancelled");
}

/** The groups as SQL lists, for queries written in SQL: `a.status in ${statusList(…)}`. */
export function statusList(group: readonly AssessmentStatus[]): string {
  return `(${group.map((s) => `'${s}'`).join(", ")})`;
}

export function transitionError(from: AssessmentStatus, to: AssessmentStatus): string {
  return `An assessment that is ${STATUS_LABELS[from].toLowerCase()} cannot become ${STATUS_LABELS[to].toLowerCase()}.`;
}
