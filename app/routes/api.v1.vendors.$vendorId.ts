// GET /api/v1/vendors/:vendorId — one vendor with its contacts (docs/api.md).
import { apiLoader, notFound, pathId } from "~/api/http.server";
import { getApiVendor } from "~/api/resources.server";

export const loader = apiLoader(async ({ db, params }) => {
  const vendor = await getApiVendor(db, pathId(params, "vendorId", "vendor"));
  if (!vendor) throw notFound("vendor");
  return { data: vendor };
});
