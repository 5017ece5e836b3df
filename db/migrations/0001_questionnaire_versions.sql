CREATE TYPE "public"."questionnaire_audience" AS ENUM('model_api', 'cloud_infrastructure', 'data_supplier', 'any');--> statement-breakpoint
CREATE TABLE "questionnaire_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"version" text NOT NULL,
	"major" integer NOT NULL,
	"minor" integer NOT NULL,
	"patch" integer NOT NULL,
	"title" text NOT NULL,
	"audience" "questionnaire_audience" NOT NULL,
	"question_count" integer NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_versions_hash_format" CHECK ("questionnaire_versions"."content_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_versions_slug_version_key" ON "questionnaire_versions" USING btree ("slug","version");--> statement-breakpoint
CREATE INDEX "questionnaire_versions_order_idx" ON "questionnaire_versions" USING btree ("slug","major","minor","patch");