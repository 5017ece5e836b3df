// The dependency graph's layout (decision 332): buyer → vendors → providers in three columns,
// worked out on the server from the map's providers. Pure, so it is tested without a browser
// and the page ships no graph library. Large maps are cut to the most depended-on providers;
// the table beside the drawing always has every flow.
import { type DataKind } from "./types";

export const GRAPH_MAX_PROVIDERS = 25;
export const GRAPH_MAX_VENDORS = 40;

export type GraphInput = {
  key: string;
  name: string;
  registerVendor: unknown;
  flows: { vendorId: string; vendorName: string; receives: readonly DataKind[] }[];
}[];

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
 * an edge is drawn only between nodes that are both drawn.
 */
export function layoutGraph(providers: GraphInput, buyerName: string): Graph {
  const drawn = providers.slice(0, GRAPH_MAX_PROVIDERS);
  const vendorNames = new Map<string, string>();
  const allVendors = new Set<string>();
  for (const p of providers) for (const f of p.flows) allVendors.add(f.vendorId);
  for (const p of drawn)
    for (const f of p.flows)
      if (!vendorNames.has(f.vendorId) && vendorNames.size < GRAPH_MAX_VENDORS)
        vendorNames.set(f.vendorId, f.vendorName);
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
    vendorCount: new Set(p.flows.map((f) => f.vendorId)).size,
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
  for (const p of drawn) {
    const byVendor = new Map<string, Set<DataKind>>();
    for (const f of p.flows) {
      if (!vendorNames.has(f.vendorId)) continue;
      const kinds = byVendor.get(f.vendorId) ?? new Set<DataKind>();
      for (const k of f.receives) kinds.add(k);
      byVendor.set(f.vendorId, kinds);
    }
    for (const [vendorId, kinds] of byVendor) {
      const list = [...kinds];
      const words = list.filter((k) => k !== "none").map((k) => KIND_WORDS[k]);
      edges.push({
        from: `v:${vendorId}`,
        to: `p:${p.key}`,
        weight: edgeWeight(list),
        label: `${vendorNames.get(vendorId)} → ${p.name}: ${words.length > 0 ? words.join(", ") : "no data of ours"}`,
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
    omittedVendors: allVendors.size - vendorNames.size,
  };
}
