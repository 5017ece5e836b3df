// Review words for people, shared by the server and the pages.
export type ReviewStatus = "accepted" | "clarification_requested" | "clarified";
export type ReviewDecision = "approved" | "approved_with_conditions" | "rejected";

export const REVIEW_STATUS_LABELS: Record<ReviewStatus | "unreviewed", string> = {
  unreviewed: "Not reviewed",
  accepted: "Accepted",
  clarification_requested: "Clarification requested",
  clarified: "Clarified — review again",
};

export const DECISION_LABELS: Record<ReviewDecision, string> = {
  approved: "Approved",
  approved_with_conditions: "Approved with conditions",
  rejected: "Rejected",
};
