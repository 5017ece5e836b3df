// What every loader and action shares when it fails, applied once to the server build by
// scripts/server.js rather than in each of the ~90 route modules:
//   - a database outage becomes a 503 with Retry-After: the page's error boundary says the
//     service is briefly unavailable; resource routes (autosave, downloads) answer JSON or text
//     (docs/decisions/131-database-outage.md);
//   - a resource route's thrown `data(message, { status })` — a guard's 401/403/404, a bad
//     query's 400 — is answered with that message and status. Remix would otherwise replace it
//     with `{"message":"Unexpected Server Error"}`, since a resource route has no boundary to
//     render it (docs/decisions/132-downloads-and-uploads.md);
//   - a form post whose body is not a form (`request.formData()` refuses its Content-Type) is a
//     415 that says so, not a 500 (docs/decisions/186-hostile-crawl.md).
import { data, type ServerBuild } from "@remix-run/node";
import {
  describeOutage,
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  UNAVAILABLE_MESSAGE,
  UNAVAILABLE_TITLE,
} from "./outage";

type Handler = (args: { request: Request }) => unknown;

type ThrownData = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isThrownData(value: unknown): value is ThrownData {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "DataWithResponseInit" &&
    "data" in value &&
    "init" in value
  );
}

function wantsJson(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  const type = request.headers.get("content-type") ?? "";
  return accept.includes("application/json") || type.includes("application/json");
}

export const NOT_A_FORM_MESSAGE =
  "This was not sent as a form (Content-Type application/x-www-form-urlencoded or multipart/form-data), so it could not be read.";

/** What undici's Request.formData() throws for a body of another type. */
function isUnreadableForm(error: unknown): boolean {
  return error instanceof TypeError && /^Content-Type was not one of/.test(error.message);
}

/** The 503 a route answers while the database cannot be reached. */
export function unavailable(request: Request, resource: boolean): Response | ThrownData {
  const headers = { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };
  if (!resource) return data(UNAVAILABLE_MESSAGE, { status: 503, headers }) as ThrownData;
  if (wantsJson(request))
    return Response.json(
      { ok: false, kind: "unavailable", message: UNAVAILABLE_MESSAGE },
      { status: 503, headers },
    );
  return new Response(`${UNAVAILABLE_TITLE}. ${UNAVAILABLE_MESSAGE}\n`, {
    status: 503,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** A resource route's thrown `data()` as the response it describes. */
export function thrownDataResponse(thrown: ThrownData): Response {
  const init = thrown.init ?? {};
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  if (typeof thrown.data === "string") {
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(thrown.data, { status: init.status ?? 500, headers });
  }
  return Response.json(thrown.data ?? null, { status: init.status ?? 500, headers });
}

function wrap<T extends Handler | undefined>(handler: T, resource: boolean): T {
  if (!handler) return handler;
  const wrapped = async (args: { request: Request }) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // One line, not a stack trace per request: an outage is expected to hit many requests.
        const { method, url } = args.request;
        console.error(
          `Database unavailable, answered 503: ${method} ${new URL(url).pathname} (${describeOutage(error)})`,
        );
        throw unavailable(args.request, resource);
      }
      if (resource && isThrownData(error)) throw thrownDataResponse(error);
      if (isUnreadableForm(error)) {
        const refusal = data(NOT_A_FORM_MESSAGE, { status: 415 }) as ThrownData;
        throw resource ? thrownDataResponse(refusal) : refusal;
      }
      throw error;
    }
  };
  return wrapped as T;
}

/** The build with every route's loader and action wrapped as described at the top. */
export function withRouteErrorHandling(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const resource = !route.module.default;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        loader: wrap(route.module.loader as Handler | undefined, resource),
        action: wrap(route.module.action as Handler | undefined, resource),
      } as typeof route.module,
    };
  }
  return { ...build, routes };
}
