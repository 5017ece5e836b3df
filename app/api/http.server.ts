// What every /api/v1 loader shares: token authentication first, zod-checked query strings,
// page-based pagination, and JSON for every outcome — errors included, so no API response is
// ever an HTML error page (docs/decisions/071-api-tokens.md).
import { boundedIntField, findUnstorable } from "~/forms/input";
import { type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { type Db, getDb } from "~/db.server";
import { describeOutage, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "~/http/outage";
import { API_HEADERS, ApiError, apiErrorResponse } from "./errors";
import { type ApiClient, authenticateApiRequest } from "./tokens.server";

export type ApiContext = {
  db: Db;
  client: ApiClient;
  url: URL;
  params: LoaderFunctionArgs["params"];
};

export function apiJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: API_HEADERS });
}

/**
 * Wraps an API loader: authenticates the bearer token, runs the handler, and turns whatever
 * it throws into a JSON error. Remix's error boundaries never see an API error, because
 * nothing escapes this function but a Response.
 */
export function apiLoader(handler: (context: ApiContext) => Promise<unknown>) {
  return async function loader({ request, params }: LoaderFunctionArgs): Promise<Response> {
    try {
      const db = await getDb();
      const client = await authenticateApiRequest(db, request);
      const body = await handler({ db, client, url: new URL(request.url), params });
      return apiJson(body);
    } catch (error) {
      if (error instanceof ApiError) return apiErrorResponse(error);
      if (isDatabaseUnavailable(error)) {
        console.error(`API: database unavailable, answered 503 (${describeOutage(error)})`);
        return apiErrorResponse(
          new ApiError(
            503,
            "unavailable",
            "Assay cannot reach its database just now. Try again in a few seconds.",
            undefined,
            { "Retry-After": String(RETRY_AFTER_SECONDS) },
          ),
        );
      }
      console.error(`API error on ${request.method} ${new URL(request.url).pathname}:`, error);
      return apiErrorResponse(
        new ApiError(
          500,
          "internal_error",
          "Something went wrong on our side. Try again; if it keeps happening, tell your Assay admin.",
        ),
      );
    }
  };
}

export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `There is no ${what} with that id.`);
}

/** The id in the path, or a 404: a malformed id names nothing, so it is "not found", not "bad". */
export function pathId(params: ApiContext["params"], name: string, what: string): string {
  const parsed = z.string().uuid().safeParse(params[name]);
  if (!parsed.success) throw notFound(what);
  return parsed.data.toLowerCase();
}

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

/** `limit` and `page`, shared by every list. */
// Integers in a query string are plain decimal digits, as docs/openapi.yaml says: "+7", "7.0",
// "1e1" and "0x10" are refused rather than read as 7, 7, 10 and 16
// (docs/decisions/187-api-spec-and-code-agree.md).
export const MAX_PAGE = 1_000_000;
export const PageQuerySchema = z.object({
  limit: boundedIntField(
    1,
    MAX_LIMIT,
    `limit must be a whole number from 1 to ${MAX_LIMIT}, in digits`,
  ).default(String(DEFAULT_LIMIT)),
  page: boundedIntField(
    1,
    MAX_PAGE,
    `page must be a whole number from 1 to ${MAX_PAGE}, in digits`,
  ).default("1"),
});

/**
 * The query string through a strict zod schema: unknown parameters are refused too, so a typo
 * in a filter name is a 400 rather than a silently unfiltered list. A repeated parameter is
 * refused as well.
 */
export function parseQuery<S extends z.ZodTypeAny>(schema: S, url: URL): z.output<S> {
  const raw: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, value] of url.searchParams) {
    if (key in raw) repeated.push(key);
    raw[key] = value;
  }
  if (repeated.length > 0) {
    throw new ApiError(
      400,
      "invalid_query",
      `Give each query parameter once: ${repeated.join(", ")}.`,
      {
        repeated,
      },
    );
  }
  // The edge rule (docs/decisions/120-input-at-the-edge.md): no NUL, no lone surrogate.
  const unstorable = findUnstorable(raw);
  if (unstorable) {
    throw new ApiError(
      400,
      "invalid_query",
      `${unstorable.path.join(".")}: ${unstorable.message}.`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      parameter:
        issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : ""),
      message: issue.message,
    }));
    throw new ApiError(
      400,
      "invalid_query",
      `The query string is not valid: ${issues.map((i) => (i.parameter ? `${i.parameter}: ${i.message}` : i.message)).join("; ")}.`,
      { issues },
    );
  }
  return parsed.data;
}

/**
 * A page of a list: rows fetched with limit + 1 tell whether there is a next page, whose URL
 * keeps every filter of this one.
 */
export function pageOf<Row>(
  rows: Row[],
  { limit, page }: { limit: number; page: number },
  url: URL,
): { data: Row[]; next: string | null } {
  if (rows.length <= limit) return { data: rows, next: null };
  const next = new URL(url);
  next.searchParams.set("page", String(page + 1));
  return { data: rows.slice(0, limit), next: `${next.pathname}${next.search}` };
}
