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

/** Vendors may write answers only while the assessment is open to them. */
export function isOpenForAnswers(status: AssessmentStatus): boolean {
  return status === "sent" || status === "in_progress";
}

export function transitionError(from: AssessmentStatus, to: AssessmentStatus): string {
  return `An assessment that is ${STATUS_LABELS[from].toLowerCase()} cannot become ${STATUS_LABELS[to].toLowerCase()}.`;
}
