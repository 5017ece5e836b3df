// The outbox's filters, shared by the admin page and its loader (client-safe).
export const OUTBOX_FILTERS = ["all", "pending", "failed", "sent", "demo"] as const;
export type OutboxFilter = (typeof OUTBOX_FILTERS)[number];
