// The supply-chain map as its page and its graph image read it (decision 429): the filter staff
// typed, the providers it keeps, and the dependency graph drawn as an SVG document. Both are
// worked out once per map revision and filter, not on every request: the provider list is one
// shared object per revision (map.server.ts), so what is derived from it is kept beside it and
// goes when the revision does.
import { createHash } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { z } from "zod";
import { type GraphFigure, GraphSvg } from "~/components/supply-chain-graph";
import { findCountry } from "./countries";
import { layoutGraph } from "./graph";
import { filterProviders, type ProviderList } from "./map.server";

const FilterSchema = z.object({
  q: z.string().max(200, "Search for at most 200 characters").default(""),
  country: z.string().max(60, "Enter a country name or code").default(""),
});

/** The map's filter as typed, what it means, and why it was refused (then nothing is filtered). */
export type MapQuery = {
  q: string;
  countryText: string;
  /** The ISO code `countryText` names, or null for any country. */
  country: string | null;
  error: string | null;
};

export function parseMapQuery(params: URLSearchParams): MapQuery {
  const read = FilterSchema.safeParse({
    q: params.get("q") ?? undefined,
    country: params.get("country") ?? undefined,
  });
  const filter = read.success ? read.data : { q: "", country: "" };
  let error = read.success ? null : (read.error.issues[0]?.message ?? "Check the filter");
  const country = filter.country.trim() === "" ? null : (findCountry(filter.country)?.code ?? null);
  if (filter.country.trim() !== "" && !country)
    error = `“${filter.country.slice(0, 60)}” is not a country: enter its name or ISO code`;
  return { q: filter.q, countryText: filter.country, country: error ? null : country, error };
}

/** Whether the query narrows the map (a refused one does not). */
export function isFiltered(query: MapQuery): boolean {
  return !query.error && (query.q.trim() !== "" || query.country !== null);
}

/** The dependency graph as an SVG document, and what the page says about it. */
export type GraphDrawing = Omit<GraphFigure, "src"> & {
  markup: string;
  /** A hash of `markup`: the image's address carries it, so a browser may keep it for good. */
  version: string;
};

export type MapView = { list: ProviderList; drawing: GraphDrawing };

const BUYER = "Your organisation";
/** Filters kept per revision besides the whole map; the least recently used goes first. */
const KEPT_FILTERS = 32;
const views = new WeakMap<ProviderList, Map<string, MapView>>();

function draw(list: ProviderList): GraphDrawing {
  const graph = layoutGraph(list.providers, BUYER, list.vendorCount);
  const sharedMost = list.providers[0];
  const summary =
    list.providers.length === 0
      ? "No declared providers to draw."
      : `Dependency graph: ${graph.vendors.length} vendors depend on ${graph.providers.length} providers${sharedMost ? `; the most shared is ${sharedMost.name}, used by ${sharedMost.vendors.length} ${sharedMost.vendors.length === 1 ? "vendor" : "vendors"}` : ""}. The dependency table below has the same flows.`;
  const markup = renderToStaticMarkup(<GraphSvg graph={graph} summary={summary} />);
  return {
    markup,
    version: createHash("sha256").update(markup).digest("base64url").slice(0, 16),
    width: graph.width,
    height: graph.height,
    summary,
    vendors: graph.vendors.length,
    providers: graph.providers.length,
    omittedProviders: graph.omittedProviders,
    omittedVendors: graph.omittedVendors,
  };
}

/**
 * The map narrowed by `query`, with its drawing: the same objects for every request of one
 * revision and filter (callers must not mutate them). A refused filter shows the whole map.
 */
export function mapView(all: ProviderList, query: MapQuery): MapView {
  let kept = views.get(all);
  if (!kept) views.set(all, (kept = new Map()));
  // filterProviders compares `q` trimmed and lower-cased: equal keys are equal views.
  const key = isFiltered(query) ? `${query.q.trim().toLowerCase()}\n${query.country ?? ""}` : "";
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit); // most recently used last
    return hit;
  }
  const list = key === "" ? all : filterProviders(all, query);
  const view = { list, drawing: draw(list) };
  kept.set(key, view);
  // The whole map's view stays; filters beyond the limit go, oldest first.
  for (const old of kept.keys()) {
    if (kept.size <= KEPT_FILTERS + 1) break;
    if (old !== "") kept.delete(old);
  }
  return view;
}

/** The graph image's address for this query: its filter, and the drawing's version. */
export function graphSource(query: MapQuery, drawing: GraphDrawing): string {
  const params = new URLSearchParams();
  if (isFiltered(query)) {
    if (query.q.trim() !== "") params.set("q", query.q);
    if (query.country) params.set("country", query.country);
  }
  params.set("v", drawing.version);
  return `/supply-chain/graph.svg?${params}`;
}
