-- The parts of each stored score the comparison reads (app/compare/compared-score.ts,
-- decision 414), written from now on with the result; existing rows get them from their own
-- result here. The expression is comparedScoreOf's, key for key, with the questions in order.
ALTER TABLE "assessment_scores" ADD COLUMN "comparison" jsonb;--> statement-breakpoint
UPDATE "assessment_scores" SET "comparison" = jsonb_build_object(
  'overall', "result"->'overall',
  'residualTier', "result"->'residualTier',
  'inherentTier', "result"->'inherentTier',
  'riskRating', "result"->'riskRating',
  'knockouts', "result"->'knockouts',
  'sections', "result"->'sections',
  'thresholds', "result"->'thresholds',
  'questions', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
      'questionId', q.value->'questionId',
      'credit', q.value->'credit',
      'applicability', q.value->'applicability',
      'verified', q.value->'verified'
    ) ORDER BY q.ordinality)
    FROM jsonb_array_elements("result"->'questions') WITH ORDINALITY AS q(value, ordinality)
  ), '[]'::jsonb)
);--> statement-breakpoint
-- The UPDATE queued the portfolio revision's deferred trigger for each row, and PostgreSQL
-- refuses to ALTER a table with trigger events pending: they run now instead of at commit.
SET CONSTRAINTS ALL IMMEDIATE;--> statement-breakpoint
ALTER TABLE "assessment_scores" ALTER COLUMN "comparison" SET NOT NULL;
