// GET /api/v1/vendors — the vendor list with the UI's filters (docs/api.md).
import { z } from "zod";
import { apiLoader, PageQuerySchema, parseQuery } from "~/api/http.server";
import { CRITICALITY, DATA_ACCESS, TIERS } from "~/scoring/risk";
import { ARCHIVED_FILTERS } from "~/vendors/schemas";
import { VENDOR_CATEGORIES } from "~/vendors/vendors";
import { searchVendors } from "~/vendors/vendors.server";

const QuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200, "q is at most 200 characters").optional(),
  category: z.enum(VENDOR_CATEGORIES).optional(),
  dataAccess: z.enum(DATA_ACCESS).optional(),
  criticality: z.enum(CRITICALITY).optional(),
  tier: z.enum(TIERS).optional(),
  archived: z.enum(ARCHIVED_FILTERS).default("exclude"),
}).strict();

export const loader = apiLoader(async ({ db, url }) => {
  const query = parseQuery(QuerySchema, url);
  const result = await searchVendors(db, { ...query, pageSize: query.limit, page: query.page });
  let next: string | null = null;
  if (query.page < result.pageCount) {
    const nextUrl = new URL(url);
    nextUrl.searchParams.set("page", String(query.page + 1));
    next = `${nextUrl.pathname}${nextUrl.search}`;
  }
  return {
    data: result.vendors.map((vendor) => ({
      id: vendor.id,
      name: vendor.name,
      website: vendor.website,
      category: vendor.category,
      dataAccess: vendor.dataAccess,
      criticality: vendor.criticality,
      inherentTier: vendor.inherentTier,
      ownerId: vendor.ownerId,
      ownerName: vendor.ownerName,
      createdAt: vendor.createdAt,
      archivedAt: vendor.archivedAt,
    })),
    total: result.total,
    next,
  };
});
