// All tables. Column names are snake_case in SQL (casing: "snake_case" in the client
// and drizzle.config.ts); invariants are enforced by constraints, not only by code.
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
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
