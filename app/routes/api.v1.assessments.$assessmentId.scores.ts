// GET /api/v1/assessments/:assessmentId/scores — the submitted and current scores, each with its
// explanation (docs/api.md, docs/scoring.md).
import { apiLoader, notFound, pathId } from "~/api/http.server";
import { getApiScores } from "~/api/resources.server";

export const loader = apiLoader(async ({ db, params }) => {
  const scores = await getApiScores(db, pathId(params, "assessmentId", "assessment"));
  if (!scores) throw notFound("assessment");
  return { data: scores };
});
