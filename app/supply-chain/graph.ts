// The dependency graph's layout (decision 332): buyer → vendors → providers in three columns,
// worked out on the server from the map's providers. Pure, so it is tested without a browser
// and the page ships no graph library. Large maps are cut to the most depended-on providers;
// the table beside the drawing always has every flow.
import { type DataKind } from "./types";

export const GRAPH_MAX_PROVIDERS = 25;
export const GRAPH_MAX_VENDORS = 40;

/** A vendor that depends on a provider, with every kind of our data its flows send it. */
export type DependentVendor = { id: string; name: string; receives: DataKind[] };

export type GraphInput = {
  key: string;
  name: string;
  registerVendor: unknown;
  /** Distinct, in order of first appearance in the provider's flows (dependentVendors). */
  vendors: readonly DependentVendor[];
  /** Each of `vendors`' ids to its index in `vendors` (vendorPositions). */
  vendorAt: ReadonlyMap<string, number>;
}[];

/**
 * The distinct vendors of a provider's flows, in order of first appearance, each with the
 * union of what its flows send (in the same order): what the graph draws, worked out once per
 * map revision instead of on every request (docs/decisions/393-supply-chain-map-per-request.md).
 */
export function dependentVendors(
  flows: readonly { vendorId: string; vendorName: string; receives: readonly DataKind[] }[],
): DependentVendor[] {
  const byId = new Map<string, DependentVendor>();
  for (const f of flows) {
    let vendor = byId.get(f.vendorId);
    if (!vendor)
      byId.set(f.vendorId, (vendor = { id: f.vendorId, name: f.vendorName, receives: [] }));
    for (const kind of f.receives) if (!vendor.receives.includes(kind)) vendor.receives.push(kind);
  }
  return [...byId.values()];
}

/** Each vendor's index in `vendors`, by id: which drawn vendors depend on a provider, at once. */
export function vendorPositions(vendors: readonly DependentVendor[]): Map<string, number> {
  return new Map(vendors.map((v, i) => [v.id, i]));
}

/** How sensitive the most sensitive data on an edge is: the edge's style in the drawing. */
export type EdgeWeight = "critical" | "prompts" | "metadata" | "none";

export type GraphNode = { id: string; label: string; x: number; y: number; href?: string };
export type GraphEdge = {
  from: string;
  to: string;
  weight: EdgeWeight;
  /** What flows, in words, for the edge's title. */
  label: string;
};
export type Graph = {
  width: number;
  height: number;
  buyer: GraphNode;
  vendors: GraphNode[];
  providers: (GraphNode & { fourthParty: boolean; vendorCount: number })[];
  edges: GraphEdge[];
  /** Providers and vendors left out of the drawing (they are in the table). */
  omittedProviders: number;
  omittedVendors: number;
};

const KIND_WORDS: Record<DataKind, string> = {
  none: "no data",
  metadata: "metadata",
  prompts_outputs: "prompts and outputs",
  training_data: "training data",
  weights: "model weights",
};

export function edgeWeight(kinds: readonly DataKind[]): EdgeWeight {
  if (kinds.includes("training_data") || kinds.includes("weights")) return "critical";
  if (kinds.includes("prompts_outputs")) return "prompts";
  if (kinds.includes("metadata")) return "metadata";
  return "none";
}

export const ROW = 34;
const TOP = 40;
export const COLUMNS = { buyer: 20, vendors: 250, providers: 520 };
export const NODE_WIDTH = 200;

/**
 * Providers are taken in the order given (the map's: most depended on first), up to
 * GRAPH_MAX_PROVIDERS, and vendors in order of first appearance up to GRAPH_MAX_VENDORS;
 * an edge is drawn only between nodes that are both drawn. `vendorTotal` is how many distinct
 * vendors depend on any of `providers` (the map counts them once per revision): the work here
 * is bounded by what is drawn, not by the size of the map (decision 393).
 */
export function layoutGraph(providers: GraphInput, buyerName: string, vendorTotal: number): Graph {
  const drawn = providers.slice(0, GRAPH_MAX_PROVIDERS);
  const vendorNames = new Map<string, string>();
  fill: for (const p of drawn)
    for (const v of p.vendors) {
      if (vendorNames.size >= GRAPH_MAX_VENDORS) break fill;
      if (!vendorNames.has(v.id)) vendorNames.set(v.id, v.name);
    }
  const vendorList = [...vendorNames.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const rows = Math.max(vendorList.length, drawn.length, 1);
  const height = TOP + rows * ROW + 20;
  const vendors: GraphNode[] = vendorList.map(([id, label], i) => ({
    id: `v:${id}`,
    label,
    x: COLUMNS.vendors,
    y: TOP + i * ROW,
    href: `/vendors/${id}`,
  }));
  const providerNodes = drawn.map((p, i) => ({
    id: `p:${p.key}`,
    label: p.name,
    x: COLUMNS.providers,
    y: TOP + i * ROW,
    href: `/supply-chain/providers/${encodeURIComponent(p.key)}`,
    fourthParty: !p.registerVendor,
    vendorCount: p.vendors.length,
  }));
  const buyer: GraphNode = {
    id: "buyer",
    label: buyerName,
    x: COLUMNS.buyer,
    y: TOP + Math.max(0, Math.floor((rows - 1) / 2)) * ROW,
  };
  const edges: GraphEdge[] = vendors.map((v) => ({
    from: "buyer",
    to: v.id,
    weight: "none",
    label: `${buyerName} uses ${v.label}`,
  }));
  // Each drawn provider's edges to drawn vendors, in the order its vendors first appear: at
  // most GRAPH_MAX_VENDORS look-ups each, however many vendors depend on it.
  for (const p of drawn) {
    const at: number[] = [];
    for (const id of vendorNames.keys()) {
      const index = p.vendorAt.get(id);
      if (index !== undefined) at.push(index);
    }
    at.sort((x, y) => x - y);
    for (const index of at) {
      const v = p.vendors[index]!;
      const words = v.receives.filter((k) => k !== "none").map((k) => KIND_WORDS[k]);
      edges.push({
        from: `v:${v.id}`,
        to: `p:${p.key}`,
        weight: edgeWeight(v.receives),
        label: `${vendorNames.get(v.id)} → ${p.name}: ${words.length > 0 ? words.join(", ") : "no data of ours"}`,
      });
    }
  }
  return {
    width: COLUMNS.providers + NODE_WIDTH + 20,
    height,
    buyer,
    vendors,
    providers: providerNodes,
    edges,
    omittedProviders: providers.length - drawn.length,
    omittedVendors: vendorTotal - vendorNames.size,
  };
}
