CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'sent', 'in_progress', 'submitted', 'in_review', 'closed', 'cancelled', 'expired');--> statement-breakpoint
CREATE TABLE "answer_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"answer_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"answer" jsonb,
	"comment" text DEFAULT '' NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_by_recipient_id" uuid
);
--> statement-breakpoint
CREATE TABLE "answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"answer" jsonb,
	"comment" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"carried_over" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_recipient_id" uuid,
	CONSTRAINT "answers_revision_positive" CHECK ("answers"."revision" > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"contact_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	"first_opened_at" timestamp with time zone,
	"last_opened_at" timestamp with time zone,
	"invited_by_user_id" uuid,
	"invited_by_recipient_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"questionnaire_version_id" uuid NOT NULL,
	"status" "assessment_status" DEFAULT 'draft' NOT NULL,
	"due_date" date NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"previous_assessment_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"section_id" text,
	"question_id" text,
	"recipient_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_target_key" UNIQUE NULLS NOT DISTINCT("assessment_id","section_id","question_id"),
	CONSTRAINT "assignments_one_target" CHECK (("assignments"."section_id" is null) <> ("assignments"."question_id" is null))
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by_recipient_id" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_claims" (
	"key" text PRIMARY KEY NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendor_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "vendor_contacts_email_lower" CHECK ("vendor_contacts"."email" = lower("vendor_contacts"."email"))
);
--> statement-breakpoint
CREATE TABLE "vendor_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"recipient_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answer_revisions" ADD CONSTRAINT "answer_revisions_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_revisions" ADD CONSTRAINT "answer_revisions_changed_by_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("changed_by_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_updated_by_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("updated_by_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_recipients" ADD CONSTRAINT "assessment_recipients_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_recipients" ADD CONSTRAINT "assessment_recipients_contact_id_vendor_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."vendor_contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_recipients" ADD CONSTRAINT "assessment_recipients_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_recipients" ADD CONSTRAINT "assessment_recipients_invited_by_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("invited_by_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_questionnaire_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("questionnaire_version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_previous_assessment_id_assessments_id_fk" FOREIGN KEY ("previous_assessment_id") REFERENCES "public"."assessments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("uploaded_by_recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_contacts" ADD CONSTRAINT "vendor_contacts_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_sessions" ADD CONSTRAINT "vendor_sessions_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_sessions" ADD CONSTRAINT "vendor_sessions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "answer_revisions_answer_revision_key" ON "answer_revisions" USING btree ("answer_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "answers_assessment_question_key" ON "answers" USING btree ("assessment_id","question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_recipients_token_key" ON "assessment_recipients" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_recipients_assessment_email_key" ON "assessment_recipients" USING btree ("assessment_id","email");--> statement-breakpoint
CREATE INDEX "assessments_vendor_idx" ON "assessments" USING btree ("vendor_id","created_at");--> statement-breakpoint
CREATE INDEX "assessments_status_due_idx" ON "assessments" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "assessments_version_idx" ON "assessments" USING btree ("questionnaire_version_id");--> statement-breakpoint
CREATE INDEX "evidence_files_assessment_question_idx" ON "evidence_files" USING btree ("assessment_id","question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_files_storage_key" ON "evidence_files" USING btree ("storage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_contacts_vendor_email_key" ON "vendor_contacts" USING btree ("vendor_id","email");--> statement-breakpoint
CREATE INDEX "vendor_sessions_recipient_idx" ON "vendor_sessions" USING btree ("recipient_id");