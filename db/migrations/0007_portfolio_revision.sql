CREATE TABLE "portfolio_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "portfolio_revision_single_row" CHECK ("portfolio_revision"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "portfolio_revision" ("id", "revision") VALUES (1, 0);
--> statement-breakpoint
-- Bumps the portfolio revision once per transaction that changes what the portfolio figures
-- read. Deferred to commit, so the single row is locked only for the instant of the commit
-- (no transaction waits on it while holding other locks), and later rows of the same
-- transaction return at once.
CREATE FUNCTION "bump_portfolio_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('assay.portfolio_bumped', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('assay.portfolio_bumped', 'on', true);
  UPDATE "portfolio_revision" SET "revision" = "revision" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vendors_portfolio_write" AFTER INSERT OR DELETE ON "vendors" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vendors_portfolio_update" AFTER UPDATE ON "vendors" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."archived_at" IS DISTINCT FROM NEW."archived_at" OR OLD."category" IS DISTINCT FROM NEW."category" OR OLD."owner_id" IS DISTINCT FROM NEW."owner_id") EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessments_portfolio_write" AFTER INSERT OR DELETE ON "assessments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessments_portfolio_update" AFTER UPDATE ON "assessments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."submitted_at" IS DISTINCT FROM NEW."submitted_at" OR OLD."due_date" IS DISTINCT FROM NEW."due_date" OR OLD."vendor_id" IS DISTINCT FROM NEW."vendor_id" OR OLD."questionnaire_version_id" IS DISTINCT FROM NEW."questionnaire_version_id") EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessment_scores_portfolio_write" AFTER INSERT OR UPDATE OR DELETE ON "assessment_scores" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "findings_portfolio_write" AFTER INSERT OR DELETE ON "findings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "findings_portfolio_update" AFTER UPDATE ON "findings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."severity" IS DISTINCT FROM NEW."severity" OR OLD."due_date" IS DISTINCT FROM NEW."due_date" OR OLD."acceptance_expires_on" IS DISTINCT FROM NEW."acceptance_expires_on" OR OLD."created_at" IS DISTINCT FROM NEW."created_at" OR OLD."vendor_id" IS DISTINCT FROM NEW."vendor_id" OR OLD."assessment_id" IS DISTINCT FROM NEW."assessment_id") EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE TRIGGER "vendors_portfolio_truncate" AFTER TRUNCATE ON "vendors" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE TRIGGER "assessments_portfolio_truncate" AFTER TRUNCATE ON "assessments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE TRIGGER "assessment_scores_portfolio_truncate" AFTER TRUNCATE ON "assessment_scores" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
CREATE TRIGGER "findings_portfolio_truncate" AFTER TRUNCATE ON "findings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();
