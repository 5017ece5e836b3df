// The API's one error shape, `{ error: { code, message, details? } }` (docs/api.md). Pure.
export type ApiErrorCode =
  | "unauthorized"
  | "invalid_query"
  | "not_found"
  | "method_not_allowed"
  | "internal_error"
  | "unavailable";

export type ApiErrorBody = {
  error: { code: ApiErrorCode; message: string; details?: unknown };
};

/** Thrown anywhere inside an API loader; apiLoader turns it into a JSON response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Every API response is private and must not be cached by a browser or proxy. */
export const API_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
} as const;

export function apiErrorResponse(error: ApiError): Response {
  return new Response(JSON.stringify(error.body()), {
    status: error.status,
    headers: { ...API_HEADERS, ...error.headers },
  });
}

/**
 * The answer to any method but GET or HEAD on /api/: the API is read-only. The HTTP server
 * asks this before its same-origin check, so a server-to-server POST gets a clear 405 rather
 * than the cross-site refusal meant for browsers; nothing in the app runs for it.
 */
export function apiMethodRefusal(method: string, pathname: string): Response | null {
  if (!pathname.startsWith("/api/")) return null;
  if (method === "GET" || method === "HEAD") return null;
  return apiErrorResponse(
    new ApiError(
      405,
      "method_not_allowed",
      `The Assay API is read-only: ${method} is not allowed. Use GET.`,
      undefined,
      { Allow: "GET, HEAD" },
    ),
  );
}
