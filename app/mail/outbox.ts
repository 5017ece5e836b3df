// The outbox page's query and labels, shared by the admin page and its loader (client-safe).
import { z } from "zod";
import { boundedIntField } from "~/forms/input";

export const OUTBOX_FILTERS = ["all", "pending", "failed", "sent", "demo"] as const;
export type OutboxFilter = (typeof OUTBOX_FILTERS)[number];
export const OUTBOX_PAGE_SIZE = 25;

export const OUTBOX_FILTER_LABELS: Record<OutboxFilter, string> = {
  all: "All",
  pending: "Waiting",
  failed: "Failed",
  sent: "Sent",
  demo: "Demo",
};

// What each kind of mail is, in words; a kind missing here is shown as it is stored.
export const MAIL_KIND_LABELS: Record<string, string> = {
  assessment_invitation: "Assessment link",
  assessment_invitation_resent: "Assessment link, resent",
  assessment_invitation_colleague: "Assessment link, colleague invited",
  assessment_reminder: "Reminder before the due date",
  assessment_overdue_vendor: "Overdue notice to the vendor",
  assessment_overdue_owner: "Overdue notice to the owner",
  assessment_expired_owner: "Expired assessment, to the owner",
  assessment_cancelled: "Assessment cancelled",
  assessment_reopened: "Assessment reopened",
  assessment_receipt_vendor: "Receipt to the vendor",
  assessment_receipt_owner: "Submission, to the owner",
  review_clarified: "Clarification answered, to the reviewer",
  vendor_finding: "Findings shared with the vendor",
  vendor_comment: "Finding comment, to the vendor",
  vendor_clarification: "Clarification request",
  finding_update_owner: "Finding update, to the owner",
  finding_overdue_owner: "Overdue finding, to the owner",
  finding_overdue_vendor: "Overdue finding, to the vendor",
  user_invitation: "Staff invitation",
  password_reset: "Password reset",
};

export function mailKindLabel(kind: string): string {
  return MAIL_KIND_LABELS[kind] ?? kind;
}

/**
 * The outbox's query string. A hand-edited or broken link is a 400 that says which value is
 * wrong, not a silently different listing (docs/decisions/271-outbox-listing.md).
 */
export const OutboxQuerySchema = z.object({
  status: z
    .enum(OUTBOX_FILTERS, {
      errorMap: () => ({ message: `“status” must be one of ${OUTBOX_FILTERS.join(", ")}` }),
    })
    .default("all"),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, "“kind” must be a kind of mail, like assessment_reminder")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  q: z.string().trim().max(200, "Search for at most 200 characters").default(""),
  page: boundedIntField(1, 100_000, "“page” must be a page number").default("1"),
});
export type OutboxQuery = z.output<typeof OutboxQuerySchema>;

/** The outbox's address for a query, leaving out what is the default. */
export function outboxSearch(query: OutboxQuery): string {
  const params = new URLSearchParams();
  if (query.status !== "all") params.set("status", query.status);
  if (query.kind) params.set("kind", query.kind);
  if (query.q) params.set("q", query.q);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}
