// GET /api/v1/assessments/:assessmentId — one assessment with its answers and evidence (docs/api.md).
import { apiLoader, notFound, pathId } from "~/api/http.server";
import { getApiAssessment } from "~/api/resources.server";

export const loader = apiLoader(async ({ db, params }) => {
  const assessment = await getApiAssessment(db, pathId(params, "assessmentId", "assessment"));
  if (!assessment) throw notFound("assessment");
  return { data: assessment };
});
