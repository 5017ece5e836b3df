CREATE TYPE "public"."answer_review_status" AS ENUM('accepted', 'clarification_requested', 'clarified');--> statement-breakpoint
CREATE TYPE "public"."comment_visibility" AS ENUM('internal', 'shared');--> statement-breakpoint
CREATE TYPE "public"."finding_origin" AS ENUM('engine', 'manual');--> statement-breakpoint
CREATE TYPE "public"."finding_status" AS ENUM('open', 'in_progress', 'fixed_by_vendor', 'verified', 'risk_accepted', 'reopened');--> statement-breakpoint
CREATE TYPE "public"."review_decision" AS ENUM('approved', 'approved_with_conditions', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."review_message_kind" AS ENUM('question', 'reply', 'staff_note');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TABLE "answer_reviews" (
	"assessment_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"status" "answer_review_status" NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answer_reviews_assessment_id_question_id_pk" PRIMARY KEY("assessment_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"scope" text DEFAULT 'read' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_scope_read" CHECK ("api_tokens"."scope" = 'read')
);
--> statement-breakpoint
CREATE TABLE "finding_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"visibility" "comment_visibility" NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid,
	"author_recipient_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"finding_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" "finding_status",
	"to_status" "finding_status",
	"from_severity" "severity",
	"to_severity" "severity",
	"note" text DEFAULT '' NOT NULL,
	"detail" jsonb,
	"actor_user_id" uuid,
	"actor_recipient_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"origin" "finding_origin" NOT NULL,
	"key" text NOT NULL,
	"question_id" text NOT NULL,
	"section_id" text NOT NULL,
	"answer" jsonb,
	"severity" "severity" NOT NULL,
	"original_severity" "severity" NOT NULL,
	"knockout" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "finding_status" DEFAULT 'open' NOT NULL,
	"owner_id" uuid,
	"vendor_contact_id" uuid,
	"due_date" date NOT NULL,
	"shared_with_vendor" boolean DEFAULT false NOT NULL,
	"vendor_plan" text DEFAULT '' NOT NULL,
	"vendor_target_date" date,
	"accepted_by_id" uuid,
	"acceptance_justification" text,
	"acceptance_expires_on" date,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "findings_revision_positive" CHECK ("findings"."revision" > 0),
	CONSTRAINT "findings_acceptance_complete" CHECK ("findings"."status" <> 'risk_accepted' or ("findings"."accepted_by_id" is not null and "findings"."acceptance_justification" is not null and "findings"."acceptance_expires_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "review_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"kind" "review_message_kind" NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid,
	"author_recipient_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "reviewer_id" uuid;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "review_decision" "review_decision";--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "review_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "reviewed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD COLUMN "finding_id" uuid;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "email_domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "answer_reviews" ADD CONSTRAINT "answer_reviews_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_reviews" ADD CONSTRAINT "answer_reviews_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_comments" ADD CONSTRAINT "finding_comments_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_comments" ADD CONSTRAINT "finding_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_comments" ADD CONSTRAINT "finding_comments_author_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("author_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_actor_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("actor_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_vendor_contact_id_vendor_contacts_id_fk" FOREIGN KEY ("vendor_contact_id") REFERENCES "public"."vendor_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_accepted_by_id_users_id_fk" FOREIGN KEY ("accepted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_messages" ADD CONSTRAINT "review_messages_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_messages" ADD CONSTRAINT "review_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_messages" ADD CONSTRAINT "review_messages_author_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("author_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "finding_comments_finding_idx" ON "finding_comments" USING btree ("finding_id","created_at");--> statement-breakpoint
CREATE INDEX "finding_events_finding_idx" ON "finding_events" USING btree ("finding_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_assessment_key" ON "findings" USING btree ("assessment_id","key");--> statement-breakpoint
CREATE INDEX "findings_vendor_status_idx" ON "findings" USING btree ("vendor_id","status");--> statement-breakpoint
CREATE INDEX "findings_status_due_idx" ON "findings" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "findings_owner_status_idx" ON "findings" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "findings_severity_status_idx" ON "findings" USING btree ("severity","status");--> statement-breakpoint
CREATE INDEX "findings_acceptance_expiry_idx" ON "findings" USING btree ("acceptance_expires_on") WHERE "findings"."status" = 'risk_accepted';--> statement-breakpoint
CREATE INDEX "review_messages_assessment_question_idx" ON "review_messages" USING btree ("assessment_id","question_id");--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_reviewer_idx" ON "assessments" USING btree ("reviewer_id","status");--> statement-breakpoint
CREATE INDEX "evidence_files_finding_idx" ON "evidence_files" USING btree ("finding_id");