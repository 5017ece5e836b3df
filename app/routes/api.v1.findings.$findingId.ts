// GET /api/v1/findings/:findingId — one finding with its history and comments (docs/api.md).
import { apiLoader, notFound, pathId } from "~/api/http.server";
import { getApiFinding } from "~/api/resources.server";

export const loader = apiLoader(async ({ db, params }) => {
  const finding = await getApiFinding(db, pathId(params, "findingId", "finding"));
  if (!finding) throw notFound("finding");
  return { data: finding };
});
