-- Counts changes of an answer after submission (a clarification's), which saveAnswer makes
-- under the assessment's lock; the portfolio revision's trigger watches the count, so what is
-- kept of submitted answers is made again (docs/decisions/430-kept-comparisons.md). Adding a
-- column with a constant default rewrites no rows. Written to run again harmlessly (a test
-- replays the migrations from 0020 on a database that has them).
ALTER TABLE "assessments" ADD COLUMN IF NOT EXISTS "answers_amended" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP TRIGGER IF EXISTS "assessments_portfolio_update" ON "assessments";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "assessments_portfolio_update" AFTER UPDATE ON "assessments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."submitted_at" IS DISTINCT FROM NEW."submitted_at" OR OLD."due_date" IS DISTINCT FROM NEW."due_date" OR OLD."vendor_id" IS DISTINCT FROM NEW."vendor_id" OR OLD."questionnaire_version_id" IS DISTINCT FROM NEW."questionnaire_version_id" OR OLD."answers_amended" IS DISTINCT FROM NEW."answers_amended") EXECUTE FUNCTION "bump_portfolio_revision"();
