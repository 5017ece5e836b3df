// All tables. Column names are snake_case in SQL (casing: "snake_case" in the client
// and drizzle.config.ts); invariants are enforced by constraints, not only by code.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["admin", "procurement", "risk_officer"]);
export const userStatusEnum = pgEnum("user_status", ["invited", "active", "deactivated"]);

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    // Stored lower-cased and trimmed; the unique index makes "one account per address" a fact.
    email: text().notNull(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    status: userStatusEnum().notNull().default("invited"),
    passwordHash: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    lastLoginAt: timestamp({ withTimezone: true }),
    // The identity provider's issuer and subject once the account has signed in through
    // single sign-on (docs/decisions/211-oidc-account-matching.md); the pair never changes.
    oidcIssuer: text(),
    oidcSubject: text(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_oidc_identity_key").on(t.oidcIssuer, t.oidcSubject),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    // An active account signs in with a password or through single sign-on.
    check(
      "users_active_has_password",
      sql`${t.status} <> 'active' or ${t.passwordHash} is not null or ${t.oidcSubject} is not null`,
    ),
    check("users_oidc_identity_pair", sql`(${t.oidcIssuer} is null) = (${t.oidcSubject} is null)`),
  ],
);

// The cookie holds a random id; the table holds only its SHA-256, so a leaked table
// does not give anyone a live session.
export const sessions = pgTable(
  "sessions",
  {
    idHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    // A session begun through single sign-on keeps the provider's ID token: signing out
    // passes it to the provider's end-session endpoint as id_token_hint (OpenID Connect
    // RP-Initiated Logout 1.0 §2). It is no credential here.
    oidcIdToken: text(),
  },
  (t) => [
    index("sessions_user_id_idx").on(t.userId),
    index("sessions_expires_at_idx").on(t.expiresAt),
  ],
);

// Self-service password reset links (docs/decisions/210-password-reset.md): only the
// SHA-256 of the token is kept; a link works once, for 30 minutes.
export const passwordResets = pgTable(
  "password_resets",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("password_resets_user_id_idx").on(t.userId)],
);

// Single sign-on attempts between the redirect to the provider and its callback
// (docs/decisions/212-oidc-flow.md): keyed by the SHA-256 of the state, deleted when the
// callback claims them, so a state works once.
export const oidcLogins = pgTable(
  "oidc_logins",
  {
    stateHash: text().primaryKey(),
    nonce: text().notNull(),
    codeVerifier: text().notNull(),
    redirectTo: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("oidc_logins_expires_at_idx").on(t.expiresAt)],
);

export const userInvitations = pgTable(
  "user_invitations",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("user_invitations_user_id_idx").on(t.userId)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: createdAt(),
    // Null for the system or an anonymous actor; the label keeps who it was after a user is gone.
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    before: jsonb(),
    after: jsonb(),
    detail: jsonb(),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_action_idx").on(t.action, t.id),
    index("audit_events_actor_idx").on(t.actorUserId, t.id),
    index("audit_events_target_idx").on(t.targetType, t.targetId),
  ],
);

export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: createdAt(),
  updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
});

// Fixed-window counters for rate limits (login attempts and later ones). In the
// database so that every app instance sees the same count.
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    count: integer().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limits_window_start_idx").on(t.windowStart)],
);

// The transactional outbox (docs/decisions/140-mail-outbox.md): every mail is written here in
// the transaction of the change that causes it, and a delivery worker on every instance
// claims due rows (FOR UPDATE SKIP LOCKED) and sends them over SMTP, with retries.
export const MAIL_STATUSES = [
  "queued",
  "sending",
  "retrying",
  "sent",
  "failed",
  "demo",
  "kept",
  "cancelled",
] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    createdAt: createdAt(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    kind: text().notNull(),
    status: text({ enum: MAIL_STATUSES }).notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // While "sending": the claim lasts until then; a worker that died leaves it to expire.
    lockedUntil: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    // "smtp" or "outbox" (no SMTP server configured); null until a worker handled it.
    transport: text(),
    smtpResponse: text(),
    messageId: text(),
    // What the mail is about, for the assessment page and the "needs attention" counts.
    assessmentId: uuid().references(() => assessments.id, { onDelete: "set null" }),
    recipientId: uuid().references(() => assessmentRecipients.id, { onDelete: "set null" }),
    // The personal link this mail carries, made the recipient's only link once it is sent.
    linkTokenHash: text(),
  },
  (t) => [
    index("mail_outbox_created_at_idx").on(t.createdAt),
    index("mail_outbox_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'retrying', 'sending')`),
    index("mail_outbox_recipient_idx").on(t.recipientId, t.id),
    index("mail_outbox_assessment_idx").on(t.assessmentId),
    index("mail_outbox_failed_idx")
      .on(t.id)
      .where(sql`${t.status} = 'failed'`),
    check(
      "mail_outbox_status_check",
      sql`${t.status} in ('queued', 'sending', 'retrying', 'sent', 'failed', 'demo', 'kept', 'cancelled')`,
    ),
  ],
);

export const audienceEnum = pgEnum("questionnaire_audience", [
  "model_api",
  "cloud_infrastructure",
  "data_supplier",
  "any",
]);

// A published questionnaire version: recorded once from its file, never changed (the content
// hash proves it). Assessments will reference it with ON DELETE RESTRICT, so a pinned version
// cannot be deleted.
export const questionnaireVersions = pgTable(
  "questionnaire_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    version: text().notNull(),
    major: integer().notNull(),
    minor: integer().notNull(),
    patch: integer().notNull(),
    title: text().notNull(),
    audience: audienceEnum().notNull(),
    questionCount: integer().notNull(),
    // The validated, normalised questionnaire (defaults applied): what the hash covers.
    content: jsonb().notNull(),
    contentHash: text().notNull(),
    recordedAt: createdAt(),
    // Where the version came from: a file of the built-in library, or a draft published in the
    // app (docs/decisions/220-authored-questionnaires.md). A slug has one origin.
    origin: text().notNull().default("library"),
  },
  (t) => [
    uniqueIndex("questionnaire_versions_slug_version_key").on(t.slug, t.version),
    index("questionnaire_versions_order_idx").on(t.slug, t.major, t.minor, t.patch),
    check("questionnaire_versions_hash_format", sql`${t.contentHash} ~ '^[0-9a-f]{64}$'`),
    check("questionnaire_versions_origin", sql`${t.origin} in ('library', 'authored')`),
  ],
);

// A retired version is no longer offered for new assessments; everything else about it stays
// (the version row itself is immutable, so retirement lives beside it). Decision 220.
export const questionnaireVersionRetirements = pgTable("questionnaire_version_retirements", {
  versionId: uuid()
    .primaryKey()
    .references(() => questionnaireVersions.id, { onDelete: "cascade" }),
  retiredAt: createdAt(),
  retiredBy: uuid().references(() => users.id, { onDelete: "set null" }),
});

// A questionnaire being authored in the app. `content` is the document as written so far, in the
// questionnaire format's input shape, and may be invalid: the builder lists its problems and
// publishing refuses it until it validates (docs/decisions/220-authored-questionnaires.md).
export const questionnaireDrafts = pgTable(
  "questionnaire_drafts",
  {
    id: uuid().primaryKey().defaultRandom(),
    // Copied from the content on each save, for lists; "" while the content has none.
    slug: text().notNull().default(""),
    title: text().notNull().default(""),
    content: jsonb().notNull(),
    // How it started: builder, version (a copy of a published one), yaml, spreadsheet, …
    origin: text().notNull(),
    // Notes from an import for the author to confirm (ignored columns, mapped values, …).
    notes: jsonb().$type<string[]>().notNull().default([]),
    basedOnVersionId: uuid().references(() => questionnaireVersions.id, { onDelete: "set null" }),
    // Bumped on each save: a save made from an older revision is refused (409), never lost.
    revision: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: createdAt(),
    // Second-person approval (setting): who asked to publish which version of which revision.
    approvalRequestedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    approvalRequestedAt: timestamp({ withTimezone: true }),
    approvalVersion: text(),
    approvalRevision: integer(),
    publishedVersionId: uuid().references(() => questionnaireVersions.id, {
      onDelete: "restrict",
    }),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("questionnaire_drafts_open_idx").on(t.publishedAt, t.updatedAt),
    check("questionnaire_drafts_origin_format", sql`${t.origin} ~ '^[a-z][a-z0-9-]*$'`),
  ],
);

export const vendorCategoryEnum = pgEnum("vendor_category", [
  "model_api",
  "cloud_infrastructure",
  "data_supplier",
  "other",
]);
export const dataAccessEnum = pgEnum("data_access", [
  "none",
  "business",
  "confidential",
  "training_or_model",
]);
export const criticalityEnum = pgEnum("criticality", ["low", "medium", "high"]);

export const vendors = pgTable(
  "vendors",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    website: text(),
    category: vendorCategoryEnum().notNull(),
    dataAccess: dataAccessEnum().notNull(),
    criticality: criticalityEnum().notNull(),
    ownerId: uuid().references(() => users.id, { onDelete: "set null" }),
    notes: text().notNull().default(""),
    // Lower-case domains (example.com). When not empty, a recipient can only invite
    // colleagues whose address is in one of them.
    emailDomains: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("vendors_name_key").on(sql`lower(${t.name})`),
    index("vendors_owner_idx").on(t.ownerId),
    // The few archived vendors, for "not archived" as an anti-join on them
    // (docs/decisions/380-findings-register-at-scale.md).
    index("vendors_archived_idx")
      .on(t.id)
      .where(sql`${t.archivedAt} is not null`),
  ],
);

export const vendorContacts = pgTable(
  "vendor_contacts",
  {
    id: uuid().primaryKey().defaultRandom(),
    vendorId: uuid()
      .notNull()
      .references(() => vendors.id, { onDelete: "cascade" }),
    name: text().notNull(),
    email: text().notNull(),
    role: text().notNull().default(""),
    createdAt: createdAt(),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("vendor_contacts_vendor_email_key").on(t.vendorId, t.email),
    check("vendor_contacts_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

export const assessmentStatusEnum = pgEnum("assessment_status", [
  "draft",
  "sent",
  "in_progress",
  "submitted",
  "in_review",
  "closed",
  "cancelled",
  "expired",
]);

export const reviewDecisionEnum = pgEnum("review_decision", [
  "approved",
  "approved_with_conditions",
  "rejected",
]);

// One questionnaire sent to one vendor. It pins one questionnaire version for its whole life
// (invariant 2): the foreign key is RESTRICT, so a pinned version can never be deleted.
export const assessments = pgTable(
  "assessments",
  {
    id: uuid().primaryKey().defaultRandom(),
    vendorId: uuid()
      .notNull()
      .references(() => vendors.id, { onDelete: "restrict" }),
    questionnaireVersionId: uuid()
      .notNull()
      .references(() => questionnaireVersions.id, { onDelete: "restrict" }),
    status: assessmentStatusEnum().notNull().default("draft"),
    dueDate: date({ mode: "string" }).notNull(),
    message: text().notNull().default(""),
    previousAssessmentId: uuid().references((): AnyPgColumn => assessments.id, {
      onDelete: "set null",
    }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    sentAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    // Review (docs/decisions/091): who reviews it, and the decision that closed the review.
    reviewerId: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewDecision: reviewDecisionEnum(),
    reviewNote: text().notNull().default(""),
    reviewedById: uuid().references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp({ withTimezone: true }),
    // Cancellation (docs/decisions/205-cancel-and-reopen.md): why, when, and the status it
    // left, to which "Reopen" returns it within 30 days.
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text().notNull().default(""),
    cancelledFromStatus: assessmentStatusEnum("cancelled_from_status"),
    // How many times an answer changed after submission (a clarification's, decision 091): the
    // portfolio revision's trigger watches it, so what is kept of submitted answers (the
    // comparison, docs/decisions/430-kept-comparisons.md) is made again. Only saveAnswer
    // writes answers once an assessment exists, and it counts here when the assessment is
    // no longer open for answers.
    answersAmended: integer().notNull().default(0),
  },
  (t) => [
    index("assessments_vendor_idx").on(t.vendorId, t.createdAt),
    // The assessments list: newest first (without it, a sort of every assessment per page).
    // Ascending, read backwards: that is `order by created_at desc` (nulls first). A
    // `desc nulls last` index, as migration 0008 made, does not match that order and was never used.
    index("assessments_created_idx").on(t.createdAt),
    index("assessments_status_due_idx").on(t.status, t.dueDate),
    index("assessments_version_idx").on(t.questionnaireVersionId),
    index("assessments_reviewer_idx").on(t.reviewerId, t.status),
    // Each vendor's latest submitted assessment (the dashboard, compare): DISTINCT ON in order.
    index("assessments_vendor_submitted_idx")
      .on(t.vendorId, t.submittedAt.desc(), t.id.desc())
      .where(sql`${t.submittedAt} is not null`),
    // Whether a questionnaire version has a submitted assessment (/compare's questionnaires):
    // one short walk per version instead of reading them all (decision 081).
    index("assessments_version_submitted_idx")
      .on(t.questionnaireVersionId, t.submittedAt.desc())
      .where(sql`${t.submittedAt} is not null`),
  ],
);

// A person at the vendor with a personal link to one assessment. The token is stored only
// as its SHA-256. Colleagues invited by a recipient are recipients too (invitedByRecipientId).
export const assessmentRecipients = pgTable(
  "assessment_recipients",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    contactId: uuid().references(() => vendorContacts.id, { onDelete: "set null" }),
    name: text().notNull(),
    email: text().notNull(),
    tokenHash: text().notNull(),
    // A new link waiting for its mail to leave: it works at once, and the old one keeps
    // working until the mail is sent (docs/decisions/140-mail-outbox.md).
    pendingTokenHash: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    lastSentAt: timestamp({ withTimezone: true }),
    firstOpenedAt: timestamp({ withTimezone: true }),
    lastOpenedAt: timestamp({ withTimezone: true }),
    invitedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    invitedByRecipientId: uuid().references((): AnyPgColumn => assessmentRecipients.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assessment_recipients_token_key").on(t.tokenHash),
    uniqueIndex("assessment_recipients_pending_token_key").on(t.pendingTokenHash),
    uniqueIndex("assessment_recipients_assessment_email_key").on(t.assessmentId, t.email),
  ],
);

// Vendor sessions: like staff sessions, but bound to one recipient and so to one assessment.
export const vendorSessions = pgTable(
  "vendor_sessions",
  {
    idHash: text().primaryKey(),
    recipientId: uuid()
      .notNull()
      .references(() => assessmentRecipients.id, { onDelete: "cascade" }),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("vendor_sessions_recipient_idx").on(t.recipientId)],
);

// The current answer per question. `revision` grows by one per write; a write names the
// revision it started from and a stale one is refused (invariant 5). History is kept in
// answer_revisions.
export const answers = pgTable(
  "answers",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    questionId: text().notNull(),
    // {kind:"value", value} | {kind:"na", justification} — app/questionnaire/model.ts Answer
    answer: jsonb(),
    comment: text().notNull().default(""),
    revision: integer().notNull().default(1),
    carriedOver: boolean().notNull().default(false),
    updatedAt: createdAt(),
    updatedByRecipientId: uuid().references(() => assessmentRecipients.id, {
      onDelete: "set null",
    }),
  },
  (t) => [
    uniqueIndex("answers_assessment_question_key").on(t.assessmentId, t.questionId),
    check("answers_revision_positive", sql`${t.revision} > 0`),
  ],
);

export const answerRevisions = pgTable(
  "answer_revisions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    answerId: uuid()
      .notNull()
      .references(() => answers.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    answer: jsonb(),
    comment: text().notNull().default(""),
    changedAt: createdAt(),
    changedByRecipientId: uuid().references(() => assessmentRecipients.id, {
      onDelete: "set null",
    }),
  },
  (t) => [uniqueIndex("answer_revisions_answer_revision_key").on(t.answerId, t.revision)],
);

export const evidenceFiles = pgTable(
  "evidence_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    questionId: text().notNull(),
    storageKey: text().notNull(),
    fileName: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    uploadedByRecipientId: uuid().references(() => assessmentRecipients.id, {
      onDelete: "set null",
    }),
    uploadedAt: createdAt(),
    deletedAt: timestamp({ withTimezone: true }),
    // Set when the file is evidence for a remediation (a finding), not for an answer.
    findingId: uuid().references((): AnyPgColumn => findings.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("evidence_files_assessment_question_idx").on(t.assessmentId, t.questionId),
    index("evidence_files_finding_idx").on(t.findingId),
    uniqueIndex("evidence_files_storage_key").on(t.storageKey),
  ],
);

// Who at the vendor is on what: a whole section, or one question.
export const assignments = pgTable(
  "assignments",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    sectionId: text(),
    questionId: text(),
    recipientId: uuid()
      .notNull()
      .references(() => assessmentRecipients.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("assignments_one_target", sql`(${t.sectionId} is null) <> (${t.questionId} is null)`),
    // One assignee per section or question; NULLS NOT DISTINCT so the unused column counts.
    unique("assignments_target_key")
      .on(t.assessmentId, t.sectionId, t.questionId)
      .nullsNotDistinct(),
  ],
);

export const scoreKindEnum = pgEnum("score_kind", ["submitted", "current"]);
export const riskTierEnum = pgEnum("risk_tier", ["Low", "Medium", "High", "Critical"]);

// The engine's result for one assessment (app/assessments/scores.server.ts). "submitted" is written
// once, in the transaction that submits, and never changes; "current" is the same computation
// with verified findings at full credit and follows remediation. With the engine version, the
// scoring date, the pinned version, the stored answers and the profile recorded here, any row
// can be recomputed bit for bit (invariant 4). The columns copy what lists and dashboards
// filter on; `result` is the whole ScoreResult, explanation included, and `comparison` the
// parts of it the comparison reads.
export const assessmentScores = pgTable(
  "assessment_scores",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    kind: scoreKindEnum().notNull(),
    engineVersion: text().notNull(),
    questionnaireVersionId: uuid()
      .notNull()
      .references(() => questionnaireVersions.id, { onDelete: "restrict" }),
    asOf: date({ mode: "string" }).notNull(),
    // Unrounded; null = not scored (no applicable scored question).
    overall: doublePrecision(),
    residualTier: riskTierEnum(),
    // The vendor profile the inherent tier came from; a profile change rewrites these three
    // and the rating, never the residual numbers (docs/decisions/041-profile-changes.md).
    dataAccess: dataAccessEnum().notNull(),
    criticality: criticalityEnum().notNull(),
    inherentTier: riskTierEnum(),
    riskRating: riskTierEnum(),
    knockoutCount: integer().notNull(),
    result: jsonb().notNull(),
    // The parts of `result` the comparison reads (app/compare/compared-score.ts), written with
    // it: `/compare` reads ~4 KB per vendor instead of the whole result (decision 414).
    comparison: jsonb().notNull(),
    computedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assessment_scores_assessment_kind_key").on(t.assessmentId, t.kind),
    index("assessment_scores_version_idx").on(t.questionnaireVersionId),
    check(
      "assessment_scores_overall_range",
      sql`${t.overall} is null or (${t.overall} >= 0 and ${t.overall} <= 100)`,
    ),
    check(
      "assessment_scores_scored_has_tier",
      sql`(${t.overall} is null) = (${t.residualTier} is null)`,
    ),
    check(
      "assessment_scores_rating_needs_tiers",
      sql`${t.riskRating} is null or (${t.residualTier} is not null and ${t.inherentTier} is not null)`,
    ),
    check("assessment_scores_knockouts_non_negative", sql`${t.knockoutCount} >= 0`),
  ],
);

// Scheduled work claimed through the database: inserting the key claims it, so with N app
// instances exactly one sends a given reminder.
export const jobClaims = pgTable("job_claims", {
  key: text().primaryKey(),
  claimedAt: createdAt(),
});

// One row counting committed changes to what the portfolio figures read (vendors, assessments,
// scores, findings). Deferred triggers (migration 0007) bump it once per writing transaction,
// at commit; the dashboard caches its figures against the revision it read them at
// (docs/decisions/083-dashboard-figures-cache.md).
export const portfolioRevision = pgTable(
  "portfolio_revision",
  {
    id: integer().primaryKey(),
    revision: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [check("portfolio_revision_single_row", sql`${t.id} = 1`)],
);

// The same for what the supply-chain map reads (declared rows, submissions, vendors' names,
// criticality and domains, match decisions): its own count, so that a vendor's rename or a
// supplier-list autosave does not empty the dashboard's cache (migration 0018,
// docs/decisions/365-supply-chain-map-cache.md).
export const supplyChainRevision = pgTable(
  "supply_chain_revision",
  {
    id: integer().primaryKey(),
    revision: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [check("supply_chain_revision_single_row", sql`${t.id} = 1`)],
);

// ---------------------------------------------------------------------------------------
// Review and remediation (docs/decisions/090 and 091)

export const answerReviewStatusEnum = pgEnum("answer_review_status", [
  "accepted",
  // Reopened for the vendor with a question; the vendor's new answer sets "clarified".
  "clarification_requested",
  "clarified",
]);

// A reviewer's verdict on one answer of a submitted assessment. No row = not yet reviewed.
export const answerReviews = pgTable(
  "answer_reviews",
  {
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    questionId: text().notNull(),
    status: answerReviewStatusEnum().notNull(),
    updatedById: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.questionId] })],
);

export const reviewMessageKindEnum = pgEnum("review_message_kind", [
  // A reviewer's clarification request (shown to the vendor).
  "question",
  // The vendor's reply.
  "reply",
  // A staff-only note on the answer: never shown to the vendor.
  "staff_note",
]);

// The thread on one answer: clarification questions, vendor replies and staff-only notes.
export const reviewMessages = pgTable(
  "review_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    questionId: text().notNull(),
    kind: reviewMessageKindEnum().notNull(),
    body: text().notNull(),
    authorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorRecipientId: uuid().references(() => assessmentRecipients.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [index("review_messages_assessment_question_idx").on(t.assessmentId, t.questionId)],
);

export const severityEnum = pgEnum("severity", ["low", "medium", "high", "critical"]);
export const findingStatusEnum = pgEnum("finding_status", [
  "open",
  "in_progress",
  "fixed_by_vendor",
  "verified",
  "risk_accepted",
  "reopened",
]);
// "policy": opened at submission because a declared supply chain breaks the buyer's country
// rules (docs/decisions/240-supply-chain-answers-and-policy.md), not by the questionnaire.
export const findingOriginEnum = pgEnum("finding_origin", ["engine", "manual", "policy"]);

// A finding to remediate: opened by the scoring engine at submission (keyed as in
// docs/decisions/025-findings-identity.md) or added by a reviewer. `revision` grows by one
// per change; a change names the revision it started from and a stale one is refused.
export const findings = pgTable(
  "findings",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    // Copied from the assessment for the register and dashboards.
    vendorId: uuid()
      .notNull()
      .references(() => vendors.id, { onDelete: "restrict" }),
    origin: findingOriginEnum().notNull(),
    // The engine's key (<question>/option:<value>…), or manual:<uuid>.
    key: text().notNull(),
    questionId: text().notNull(),
    sectionId: text().notNull(),
    // The answer it came from, as it was when the finding opened.
    answer: jsonb(),
    severity: severityEnum().notNull(),
    originalSeverity: severityEnum().notNull(),
    knockout: boolean().notNull().default(false),
    title: text().notNull(),
    guidance: text().notNull().default(""),
    references: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: findingStatusEnum().notNull().default("open"),
    ownerId: uuid().references(() => users.id, { onDelete: "set null" }),
    vendorContactId: uuid().references(() => vendorContacts.id, { onDelete: "set null" }),
    dueDate: date({ mode: "string" }).notNull(),
    sharedWithVendor: boolean().notNull().default(false),
    // The vendor's side.
    vendorPlan: text().notNull().default(""),
    vendorTargetDate: date({ mode: "string" }),
    // Risk acceptance.
    acceptedById: uuid().references(() => users.id, { onDelete: "set null" }),
    acceptanceJustification: text(),
    acceptanceExpiresOn: date({ mode: "string" }),
    revision: integer().notNull().default(1),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("findings_assessment_key").on(t.assessmentId, t.key),
    index("findings_vendor_status_idx").on(t.vendorId, t.status),
    index("findings_status_due_idx").on(t.status, t.dueDate),
    // The register's default order, due date first (docs/decisions/380-findings-register-at-scale.md).
    index("findings_due_idx").on(t.dueDate),
    index("findings_owner_status_idx").on(t.ownerId, t.status),
    index("findings_severity_status_idx").on(t.severity, t.status),
    index("findings_acceptance_expiry_idx")
      .on(t.acceptanceExpiresOn)
      .where(sql`${t.status} = 'risk_accepted'`),
    check("findings_revision_positive", sql`${t.revision} > 0`),
    check(
      "findings_acceptance_complete",
      sql`${t.status} <> 'risk_accepted' or (${t.acceptedById} is not null and ${t.acceptanceJustification} is not null and ${t.acceptanceExpiresOn} is not null)`,
    ),
  ],
);

// Every change to a finding: status transitions, severity changes (with justification; the
// original severity stays on the finding), edits. Append-only.
export const findingEvents = pgTable(
  "finding_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    findingId: uuid()
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    fromStatus: findingStatusEnum(),
    toStatus: findingStatusEnum(),
    fromSeverity: severityEnum(),
    toSeverity: severityEnum(),
    note: text().notNull().default(""),
    detail: jsonb(),
    actorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    actorRecipientId: uuid().references(() => assessmentRecipients.id, {
      onDelete: "set null",
    }),
    // Null actor = the system (the scheduler reopening an expired acceptance).
    at: createdAt(),
  },
  (t) => [index("finding_events_finding_idx").on(t.findingId, t.at)],
);

export const commentVisibilityEnum = pgEnum("comment_visibility", ["internal", "shared"]);

// A thread per finding; each comment is internal (staff only) or shared with the vendor,
// chosen when writing. Vendor comments are always shared.
export const findingComments = pgTable(
  "finding_comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    findingId: uuid()
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    visibility: commentVisibilityEnum().notNull(),
    body: text().notNull(),
    authorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorRecipientId: uuid().references(() => assessmentRecipients.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [index("finding_comments_finding_idx").on(t.findingId, t.createdAt)],
);

// ---------------------------------------------------------------------------------------
// Read-only API (docs/decisions/071-api-tokens.md, docs/api.md)

// API tokens: shown once, stored as SHA-256, read-only, revocable.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    tokenHash: text().notNull(),
    // The first characters, to recognise a token in the list.
    prefix: text().notNull(),
    scope: text().notNull().default("read"),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    check("api_tokens_scope_read", sql`${t.scope} = 'read'`),
  ],
);

// ---------------------------------------------------------------------------------------
// Webhooks and the event feed (docs/decisions/215-webhooks-outbox.md, docs/integrations.md)

// What happened, written in the transaction of the change that caused it (an outbox). The
// webhook deliveries and GET /api/v1/events both read it. `data` holds ids and links only;
// `privateData` holds answer contents, sent only to endpoints allowed to receive them and
// never to the API. A test event belongs to one endpoint and is not part of the feed.
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    type: text().notNull(),
    occurredAt: createdAt(),
    data: jsonb().notNull(),
    privateData: jsonb(),
    testEndpointId: uuid().references((): AnyPgColumn => webhookEndpoints.id, {
      onDelete: "cascade",
    }),
    // The writing transaction's id: the feed lists an event only once every transaction that
    // could still add a smaller id has ended (docs/decisions/217-event-feed.md).
    txid: bigint({ mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [
    index("webhook_events_feed_idx")
      .on(t.id)
      .where(sql`${t.testEndpointId} is null`),
  ],
);

export const WEBHOOK_FORMATS = ["json", "slack"] as const;

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    url: text().notNull(),
    events: text().array().notNull(),
    // The signing secret: kept as it is, since signing needs it (shown in full once).
    secret: text().notNull(),
    format: text({ enum: WEBHOOK_FORMATS }).notNull().default("json"),
    includeAnswers: boolean().notNull().default(false),
    // Loopback/private/link-local targets (and plain http) only when the instance allows them
    // (WEBHOOK_ALLOW_PRIVATE_TARGETS) and the admin ticked it for this endpoint.
    allowPrivateNetwork: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    check("webhook_endpoints_format_check", sql`${t.format} in ('json', 'slack')`),
    check("webhook_endpoints_events_not_empty", sql`cardinality(${t.events}) > 0`),
  ],
);

export const WEBHOOK_DELIVERY_STATUSES = [
  "queued",
  "sending",
  "retrying",
  "delivered",
  "failed",
] as const;

// One event for one endpoint, delivered by the worker like mail (claimed with FOR UPDATE SKIP
// LOCKED, leased, retried with backoff). A redelivery is a new row, so the log keeps both.
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: bigint({ mode: "number" })
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    responseStatus: integer(),
    durationMs: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    redeliveryOf: bigint({ mode: "number" }),
  },
  (t) => [
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'retrying', 'sending')`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    check(
      "webhook_deliveries_status_check",
      sql`${t.status} in ('queued', 'sending', 'retrying', 'delivered', 'failed')`,
    ),
  ],
);

// The declared AI supply chain (docs/decisions/241-declared-supply-chain-tables.md): the rows of
// supplier_list answers and the codes of countries answers, rewritten in the transaction that
// saves the answer, so the map queries plain rows instead of every answer's JSON. `source`
// says where the rows came from: the answer itself, a CycloneDX upload or a change notice.
export const SUPPLY_SOURCES = ["answer", "cyclonedx", "change_notice"] as const;

export const declaredSuppliers = pgTable(
  "declared_suppliers",
  {
    id: uuid().primaryKey().defaultRandom(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    // Copied from the assessment, for the map's per-vendor queries.
    vendorId: uuid()
      .notNull()
      .references(() => vendors.id, { onDelete: "restrict" }),
    questionId: text().notNull(),
    position: integer().notNull(),
    name: text().notNull(),
    // Lower-case bare host (example.com), or null when the vendor gave none.
    domain: text(),
    service: text().notNull(),
    receives: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    countries: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    stateControlled: text().notNull().default("unknown"),
    source: text({ enum: SUPPLY_SOURCES }).notNull().default("answer"),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex("declared_suppliers_position_key").on(t.assessmentId, t.questionId, t.position),
    index("declared_suppliers_vendor_idx").on(t.vendorId),
    index("declared_suppliers_domain_idx").on(t.domain),
    index("declared_suppliers_name_idx").on(sql`lower(${t.name})`),
    check("declared_suppliers_position_check", sql`${t.position} >= 0`),
    check(
      "declared_suppliers_service_check",
      sql`${t.service} in ('cloud_compute', 'model_api', 'storage', 'labelling', 'data_source', 'other')`,
    ),
    check("declared_suppliers_state_check", sql`${t.stateControlled} in ('yes', 'no', 'unknown')`),
    check(
      "declared_suppliers_source_check",
      sql`${t.source} in ('answer', 'cyclonedx', 'change_notice')`,
    ),
  ],
);

// Where the vendor itself processes and stores our data: one row per country of a countries
// answer (ISO 3166-1 alpha-2, upper case).
export const declaredLocations = pgTable(
  "declared_locations",
  {
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    vendorId: uuid()
      .notNull()
      .references(() => vendors.id, { onDelete: "restrict" }),
    questionId: text().notNull(),
    country: text().notNull(),
    source: text({ enum: SUPPLY_SOURCES }).notNull().default("answer"),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.questionId, t.country] }),
    index("declared_locations_vendor_idx").on(t.vendorId),
    index("declared_locations_country_idx").on(t.country),
    check("declared_locations_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

// A person's decision on a name-only match between a declared provider and a register
// vendor (matching by name is a suggestion; decision 242). `providerKey` is the provider's
// identity on the map: "domain:<host>" or "name:<normalised name>".
export const providerMatches = pgTable(
  "provider_matches",
  {
    providerKey: text().notNull(),
    vendorId: uuid()
      .notNull()
      .references(() => vendors.id, { onDelete: "cascade" }),
    // true: the same organisation; false: the suggestion was wrong.
    confirmed: boolean().notNull(),
    decidedById: uuid().references(() => users.id, { onDelete: "set null" }),
    decidedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.providerKey, t.vendorId] }),
    index("provider_matches_vendor_idx").on(t.vendorId),
  ],
);
