CREATE TABLE "supply_chain_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "supply_chain_revision_single_row" CHECK ("supply_chain_revision"."id" = 1)
);

--> statement-breakpoint
INSERT INTO "supply_chain_revision" ("id", "revision") VALUES (1, 0);
--> statement-breakpoint
-- Bumps the supply-chain revision once per transaction that changes what the map reads
-- (docs/decisions/365), at commit, like the portfolio revision (migration 0007).
CREATE FUNCTION "bump_supply_chain_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('assay.supply_chain_bumped', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('assay.supply_chain_bumped', 'on', true);
  UPDATE "supply_chain_revision" SET "revision" = "revision" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "declared_suppliers_map_write" AFTER INSERT OR UPDATE OR DELETE ON "declared_suppliers" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "declared_locations_map_write" AFTER INSERT OR UPDATE OR DELETE ON "declared_locations" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "provider_matches_map_write" AFTER INSERT OR UPDATE OR DELETE ON "provider_matches" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vendors_map_write" AFTER INSERT OR DELETE ON "vendors" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vendors_map_update" AFTER UPDATE ON "vendors" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."archived_at" IS DISTINCT FROM NEW."archived_at" OR OLD."name" IS DISTINCT FROM NEW."name" OR OLD."criticality" IS DISTINCT FROM NEW."criticality" OR OLD."website" IS DISTINCT FROM NEW."website" OR OLD."email_domains" IS DISTINCT FROM NEW."email_domains") EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessments_map_write" AFTER INSERT OR DELETE ON "assessments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessments_map_update" AFTER UPDATE ON "assessments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."submitted_at" IS DISTINCT FROM NEW."submitted_at" OR OLD."vendor_id" IS DISTINCT FROM NEW."vendor_id") EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE TRIGGER "declared_suppliers_map_truncate" AFTER TRUNCATE ON "declared_suppliers" FOR EACH STATEMENT EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE TRIGGER "declared_locations_map_truncate" AFTER TRUNCATE ON "declared_locations" FOR EACH STATEMENT EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE TRIGGER "provider_matches_map_truncate" AFTER TRUNCATE ON "provider_matches" FOR EACH STATEMENT EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE TRIGGER "vendors_map_truncate" AFTER TRUNCATE ON "vendors" FOR EACH STATEMENT EXECUTE FUNCTION "bump_supply_chain_revision"();
--> statement-breakpoint
CREATE TRIGGER "assessments_map_truncate" AFTER TRUNCATE ON "assessments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_supply_chain_revision"();
