// The events Assay tells other systems about, by webhook and through GET /api/v1/events
// (docs/integrations.md). Client-safe: the admin page lists them.
export const EVENT_TYPES = [
  "assessment.sent",
  "assessment.opened",
  "assessment.submitted",
  "assessment.closed",
  "finding.opened",
  "finding.overdue",
  "finding.fixed",
  "finding.verified",
  "finding.risk_accepted",
  "finding.acceptance_expired",
  "mail.failed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by the "Send test event" button, only to that endpoint, never in the feed. */
export const TEST_EVENT_TYPE = "webhook.test";

export const EVENT_LABELS: Record<EventType, string> = {
  "assessment.sent": "Assessment sent to the vendor",
  "assessment.opened": "Assessment opened by a vendor recipient (first time for each)",
  "assessment.submitted": "Assessment submitted",
  "assessment.closed": "Assessment review closed",
  "finding.opened": "Finding opened",
  "finding.overdue": "Finding overdue",
  "finding.fixed": "Finding marked fixed by the vendor",
  "finding.verified": "Finding verified",
  "finding.risk_accepted": "Finding risk-accepted",
  "finding.acceptance_expired": "Risk acceptance expired (finding reopened)",
  "mail.failed": "Mail failed for good",
};

/** The payload's version: a consumer can tell a changed shape from this number. */
export const PAYLOAD_VERSION = 1;

export const WEBHOOK_FORMAT_LABELS = {
  json: "JSON (signed, versioned payload)",
  slack: 'Slack-compatible message ({"text": …})',
} as const;
