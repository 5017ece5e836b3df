// The supply-chain map's dependency graph as an SVG image (decision 429), for the map page's
// <img>: drawn once per map revision and filter. Its address carries the drawing's version, so
// a browser keeps it for good and asks again only when the map has changed; asked with another
// version (or none), it is revalidated by ETag.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { getProviderList } from "~/supply-chain/map.server";
import { mapView, parseMapQuery } from "~/supply-chain/map-view.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const params = new URL(request.url).searchParams;
  // A refused filter draws the whole map, as the page shows it.
  const { drawing } = mapView(await getProviderList(await getDb()), parseMapQuery(params));
  const etag = `"${drawing.version}"`;
  const headers = {
    "Content-Type": "image/svg+xml; charset=utf-8",
    ETag: etag,
    // Per person (it needs a session), never in a shared cache.
    "Cache-Control":
      params.get("v") === drawing.version
        ? "private, max-age=31536000, immutable"
        : "private, no-cache",
  };
  if (matchesEtag(request.headers.get("If-None-Match"), etag))
    return new Response(null, { status: 304, headers });
  return new Response(drawing.markup, { headers });
}

/**
 * If-None-Match's weak comparison (RFC 9110 §13.1.2): a list, `*`, or tags a proxy may have
 * marked weak (`W/"…"`) when it compressed the image.
 */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}
