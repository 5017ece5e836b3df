// GET /api/v1/assessments/:assessmentId/supply-chain — the suppliers and locations the vendor
// declared in this assessment, each supplier with its register match (docs/api.md).
import { apiLoader, notFound, pathId } from "~/api/http.server";
import { getApiSupplyChain } from "~/api/supply-chain.server";

export const loader = apiLoader(async ({ db, params }) => {
  const supplyChain = await getApiSupplyChain(db, pathId(params, "assessmentId", "assessment"));
  if (!supplyChain) throw notFound("assessment");
  return { data: supplyChain };
});
