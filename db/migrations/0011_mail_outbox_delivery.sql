ALTER TABLE "mail_outbox" ALTER COLUMN "transport" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_recipients" ADD COLUMN "pending_token_hash" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "status" text DEFAULT 'queued' NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "smtp_response" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "assessment_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "link_token_hash" text;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_recipient_id_assessment_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."assessment_recipients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Mail recorded before the outbox had a worker was sent (SMTP) or kept (no SMTP) at once.
UPDATE "mail_outbox" SET "status" = CASE WHEN "transport" = 'smtp' THEN 'sent' ELSE 'kept' END, "sent_at" = "created_at", "attempts" = 1;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_recipients_pending_token_key" ON "assessment_recipients" USING btree ("pending_token_hash");--> statement-breakpoint
CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" USING btree ("next_attempt_at") WHERE "mail_outbox"."status" in ('queued', 'retrying', 'sending');--> statement-breakpoint
CREATE INDEX "mail_outbox_recipient_idx" ON "mail_outbox" USING btree ("recipient_id","id");--> statement-breakpoint
CREATE INDEX "mail_outbox_assessment_idx" ON "mail_outbox" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "mail_outbox_failed_idx" ON "mail_outbox" USING btree ("id") WHERE "mail_outbox"."status" = 'failed';--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_status_check" CHECK ("mail_outbox"."status" in ('queued', 'sending', 'retrying', 'sent', 'failed', 'demo', 'kept', 'cancelled'));