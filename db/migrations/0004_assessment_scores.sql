CREATE TYPE "public"."risk_tier" AS ENUM('Low', 'Medium', 'High', 'Critical');--> statement-breakpoint
CREATE TYPE "public"."score_kind" AS ENUM('submitted', 'current');--> statement-breakpoint
CREATE TABLE "assessment_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"kind" "score_kind" NOT NULL,
	"engine_version" text NOT NULL,
	"questionnaire_version_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"overall" double precision,
	"residual_tier" "risk_tier",
	"data_access" "data_access" NOT NULL,
	"criticality" "criticality" NOT NULL,
	"inherent_tier" "risk_tier",
	"risk_rating" "risk_tier",
	"knockout_count" integer NOT NULL,
	"result" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_scores_overall_range" CHECK ("assessment_scores"."overall" is null or ("assessment_scores"."overall" >= 0 and "assessment_scores"."overall" <= 100)),
	CONSTRAINT "assessment_scores_scored_has_tier" CHECK (("assessment_scores"."overall" is null) = ("assessment_scores"."residual_tier" is null)),
	CONSTRAINT "assessment_scores_rating_needs_tiers" CHECK ("assessment_scores"."risk_rating" is null or ("assessment_scores"."residual_tier" is not null and "assessment_scores"."inherent_tier" is not null)),
	CONSTRAINT "assessment_scores_knockouts_non_negative" CHECK ("assessment_scores"."knockout_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_questionnaire_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("questionnaire_version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_scores_assessment_kind_key" ON "assessment_scores" USING btree ("assessment_id","kind");--> statement-breakpoint
CREATE INDEX "assessment_scores_version_idx" ON "assessment_scores" USING btree ("questionnaire_version_id");