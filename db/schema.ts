// All tables. Column names are snake_case in SQL (casing: "snake_case" in the client
// and drizzle.config.ts); invariants are enforced by constraints, not only by code.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
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
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check(
      "users_active_has_password",
      sql`${t.status} <> 'active' or ${t.passwordHash} is not null`,
    ),
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
  },
  (t) => [
    index("sessions_user_id_idx").on(t.userId),
    index("sessions_expires_at_idx").on(t.expiresAt),
  ],
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

// Every mail the app sends. With SMTP_URL unset this is the outbox admins read at /outbox;
// with SMTP it is the delivery record.
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
    transport: text().notNull(),
    messageId: text(),
  },
  (t) => [index("mail_outbox_created_at_idx").on(t.createdAt)],
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
  },
  (t) => [
    uniqueIndex("questionnaire_versions_slug_version_key").on(t.slug, t.version),
    index("questionnaire_versions_order_idx").on(t.slug, t.major, t.minor, t.patch),
    check("questionnaire_versions_hash_format", sql`${t.contentHash} ~ '^[0-9a-f]{64}$'`),
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
    createdAt: createdAt(),
    updatedAt: createdAt(),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("vendors_name_key").on(sql`lower(${t.name})`),
    index("vendors_owner_idx").on(t.ownerId),
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
  },
  (t) => [
    index("assessments_vendor_idx").on(t.vendorId, t.createdAt),
    index("assessments_status_due_idx").on(t.status, t.dueDate),
    index("assessments_version_idx").on(t.questionnaireVersionId),
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
  },
  (t) => [
    index("evidence_files_assessment_question_idx").on(t.assessmentId, t.questionId),
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

// The engine's result for one assessment (app/scoring/scores.server.ts). "submitted" is written
// once, in the transaction that submits, and never changes; "current" is the same computation
// with verified findings at full credit and follows remediation. With the engine version, the
// scoring date, the pinned version, the stored answers and the profile recorded here, any row
// can be recomputed bit for bit (invariant 4). The columns copy what lists and dashboards
// filter on; `result` is the whole ScoreResult, explanation included.
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
