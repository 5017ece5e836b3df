-- The lists' and the dashboard's filter choices (the questionnaires, the people who may own a
-- vendor) and the app's settings are kept against the portfolio revision like the figures beside
-- them, so a page view does not read them again (docs/decisions/438-kept-filter-choices.md). The
-- revision therefore also moves when a questionnaire version is recorded or removed, when a user
-- is added, removed, renamed, or changes role or status (never for a sign-in's last_login_at),
-- and when a setting is written. Written to run again harmlessly.
DROP TRIGGER IF EXISTS "questionnaire_versions_portfolio_write" ON "questionnaire_versions";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "questionnaire_versions_portfolio_write" AFTER INSERT OR UPDATE OR DELETE ON "questionnaire_versions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "questionnaire_versions_portfolio_truncate" ON "questionnaire_versions";--> statement-breakpoint
CREATE TRIGGER "questionnaire_versions_portfolio_truncate" AFTER TRUNCATE ON "questionnaire_versions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "users_portfolio_write" ON "users";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "users_portfolio_write" AFTER INSERT OR DELETE ON "users" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "users_portfolio_update" ON "users";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "users_portfolio_update" AFTER UPDATE ON "users" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."role" IS DISTINCT FROM NEW."role" OR OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "bump_portfolio_revision"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "users_portfolio_truncate" ON "users";--> statement-breakpoint
CREATE TRIGGER "users_portfolio_truncate" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "app_settings_portfolio_write" ON "app_settings";--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "app_settings_portfolio_write" AFTER INSERT OR UPDATE OR DELETE ON "app_settings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_portfolio_revision"();--> statement-breakpoint
DROP TRIGGER IF EXISTS "app_settings_portfolio_truncate" ON "app_settings";--> statement-breakpoint
CREATE TRIGGER "app_settings_portfolio_truncate" AFTER TRUNCATE ON "app_settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_portfolio_revision"();
