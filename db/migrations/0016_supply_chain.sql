ALTER TYPE "public"."finding_origin" ADD VALUE 'policy';--> statement-breakpoint
CREATE TABLE "declared_locations" (
	"assessment_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"country" text NOT NULL,
	"source" text DEFAULT 'answer' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declared_locations_assessment_id_question_id_country_pk" PRIMARY KEY("assessment_id","question_id","country"),
	CONSTRAINT "declared_locations_country_check" CHECK ("declared_locations"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "declared_suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"domain" text,
	"service" text NOT NULL,
	"receives" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"state_controlled" text DEFAULT 'unknown' NOT NULL,
	"source" text DEFAULT 'answer' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declared_suppliers_position_check" CHECK ("declared_suppliers"."position" >= 0),
	CONSTRAINT "declared_suppliers_service_check" CHECK ("declared_suppliers"."service" in ('cloud_compute', 'model_api', 'storage', 'labelling', 'data_source', 'other')),
	CONSTRAINT "declared_suppliers_state_check" CHECK ("declared_suppliers"."state_controlled" in ('yes', 'no', 'unknown')),
	CONSTRAINT "declared_suppliers_source_check" CHECK ("declared_suppliers"."source" in ('answer', 'cyclonedx', 'change_notice'))
);
--> statement-breakpoint
CREATE TABLE "provider_matches" (
	"provider_key" text NOT NULL,
	"vendor_id" uuid NOT NULL,
	"confirmed" boolean NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_matches_provider_key_vendor_id_pk" PRIMARY KEY("provider_key","vendor_id")
);
--> statement-breakpoint
ALTER TABLE "declared_locations" ADD CONSTRAINT "declared_locations_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declared_locations" ADD CONSTRAINT "declared_locations_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declared_suppliers" ADD CONSTRAINT "declared_suppliers_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declared_suppliers" ADD CONSTRAINT "declared_suppliers_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_matches" ADD CONSTRAINT "provider_matches_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_matches" ADD CONSTRAINT "provider_matches_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "declared_locations_vendor_idx" ON "declared_locations" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "declared_locations_country_idx" ON "declared_locations" USING btree ("country");--> statement-breakpoint
CREATE UNIQUE INDEX "declared_suppliers_position_key" ON "declared_suppliers" USING btree ("assessment_id","question_id","position");--> statement-breakpoint
CREATE INDEX "declared_suppliers_vendor_idx" ON "declared_suppliers" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "declared_suppliers_domain_idx" ON "declared_suppliers" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "declared_suppliers_name_idx" ON "declared_suppliers" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "provider_matches_vendor_idx" ON "provider_matches" USING btree ("vendor_id");