CREATE TABLE "questionnaire_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text DEFAULT '' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"content" jsonb NOT NULL,
	"origin" text NOT NULL,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"based_on_version_id" uuid,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approval_requested_by" uuid,
	"approval_requested_at" timestamp with time zone,
	"approval_version" text,
	"approval_revision" integer,
	"published_version_id" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "questionnaire_drafts_origin_format" CHECK ("questionnaire_drafts"."origin" ~ '^[a-z][a-z0-9-]*$')
);
--> statement-breakpoint
CREATE TABLE "questionnaire_version_retirements" (
	"version_id" uuid PRIMARY KEY NOT NULL,
	"retired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_by" uuid
);
--> statement-breakpoint
ALTER TABLE "questionnaire_versions" ADD COLUMN "origin" text DEFAULT 'library' NOT NULL;--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_based_on_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("based_on_version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_approval_requested_by_users_id_fk" FOREIGN KEY ("approval_requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_drafts" ADD CONSTRAINT "questionnaire_drafts_published_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("published_version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_version_retirements" ADD CONSTRAINT "questionnaire_version_retirements_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_version_retirements" ADD CONSTRAINT "questionnaire_version_retirements_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questionnaire_drafts_open_idx" ON "questionnaire_drafts" USING btree ("published_at","updated_at");--> statement-breakpoint
ALTER TABLE "questionnaire_versions" ADD CONSTRAINT "questionnaire_versions_origin" CHECK ("questionnaire_versions"."origin" in ('library', 'authored'));