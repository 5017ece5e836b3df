// GET /api/v1/fourth-parties — declared providers that are not in the register, with the
// vendors that depend on them (docs/api.md).
import { z } from "zod";
import { apiLoader, PageQuerySchema, parseQuery } from "~/api/http.server";
import { listApiFourthParties } from "~/api/supply-chain.server";

const QuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(200, "q is at most 200 characters").optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "country is an ISO 3166-1 alpha-2 code, like DE")
    .transform((c) => c.toUpperCase())
    .optional(),
}).strict();

export const loader = apiLoader(async ({ db, url }) => {
  const query = parseQuery(QuerySchema, url);
  const { rows, total } = await listApiFourthParties(db, query);
  let next: string | null = null;
  if (query.page * query.limit < total) {
    const nextUrl = new URL(url);
    nextUrl.searchParams.set("page", String(query.page + 1));
    next = `${nextUrl.pathname}${nextUrl.search}`;
  }
  return { data: rows, total, next };
});
