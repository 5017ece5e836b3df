// GET /api/v1/findings — the findings register, newest first (docs/api.md).
import { z } from "zod";
import { apiLoader, pageOf, PageQuerySchema, parseQuery } from "~/api/http.server";
import { listApiFindings } from "~/api/resources.server";
import { FINDING_STATUSES } from "~/findings/status";
import { SEVERITIES } from "~/questionnaire/definition";

const QuerySchema = PageQuerySchema.extend({
  severity: z.enum(SEVERITIES).optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  vendorId: z.string().uuid("vendorId must be a vendor's id (a UUID)").toLowerCase().optional(),
  assessmentId: z
    .string()
    .uuid("assessmentId must be an assessment's id (a UUID)")
    .toLowerCase()
    .optional(),
}).strict();

export const loader = apiLoader(async ({ db, url }) => {
  const query = parseQuery(QuerySchema, url);
  return pageOf(await listApiFindings(db, query), query, url);
});
