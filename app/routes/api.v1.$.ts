// Any other /api/v1 address: a JSON 404 rather than the app's HTML "page not found".
import { type LoaderFunctionArgs } from "@remix-run/node";
import { ApiError, apiErrorResponse } from "~/api/errors";

export async function loader({ request }: LoaderFunctionArgs) {
  return apiErrorResponse(
    new ApiError(
      404,
      "not_found",
      `There is no API endpoint at ${new URL(request.url).pathname}. See docs/api.md for the list.`,
    ),
  );
}
