// GET /api/v1/assessments — assessments, newest first, with their score summaries (docs/api.md).
import { z } from "zod";
import { apiLoader, pageOf, PageQuerySchema, parseQuery } from "~/api/http.server";
import { listApiAssessments } from "~/api/resources.server";
import { ASSESSMENT_STATUSES } from "~/assessments/status";

const QuerySchema = PageQuerySchema.extend({
  vendorId: z.string().uuid("vendorId must be a vendor's id (a UUID)").toLowerCase().optional(),
  status: z.enum(ASSESSMENT_STATUSES).optional(),
}).strict();

export const loader = apiLoader(async ({ db, url }) => {
  const query = parseQuery(QuerySchema, url);
  return pageOf(await listApiAssessments(db, query), query, url);
});
