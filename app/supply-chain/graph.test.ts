import fc from "fast-check";
import { expect, test } from "vitest";
import {
  COLUMNS,
  dependentVendors,
  edgeWeight,
  type Graph,
  type GraphEdge,
  type GraphNode,
  GRAPH_MAX_PROVIDERS,
  GRAPH_MAX_VENDORS,
  layoutGraph,
  NODE_WIDTH,
  ROW,
  vendorPositions,
} from "./graph";
import { DATA_KINDS, type DataKind } from "./types";

type FlowInput = {
  key: string;
  name: string;
  registerVendor: unknown;
  flows: { vendorId: string; vendorName: string; receives: readonly DataKind[] }[];
}[];

/** The map's providers as the page has them: vendors worked out from the flows, and their total. */
function fromFlows(providers: FlowInput) {
  const withVendors = providers.map((p) => {
    const vendors = dependentVendors(p.flows);
    return { ...p, vendors, vendorAt: vendorPositions(vendors) };
  });
  const total = new Set(providers.flatMap((p) => p.flows.map((f) => f.vendorId))).size;
  return [withVendors, total] as const;
}

function layout(providers: FlowInput, buyerName: string): Graph {
  const [withVendors, total] = fromFlows(providers);
  return layoutGraph(withVendors, buyerName, total);
}

const flow = (vendorId: string, receives: DataKind[]) => ({
  vendorId,
  vendorName: `Vendor ${vendorId}`,
  receives,
});

test("buyer → vendors → providers: one edge per vendor and provider, styled by the most sensitive data", () => {
  const graph = layout(
    [
      {
        key: "domain:gpu.example",
        name: "GPU Cloud",
        registerVendor: null,
        flows: [
          flow("a", ["metadata"]),
          flow("a", ["training_data"]),
          flow("b", ["prompts_outputs"]),
        ],
      },
      { key: "name:labels", name: "Labels", registerVendor: { id: "x" }, flows: [flow("b", [])] },
    ],
    "Us",
  );
  expect(graph.vendors.map((v) => v.label)).toEqual(["Vendor a", "Vendor b"]);
  expect(graph.providers.map((p) => [p.label, p.vendorCount, p.fourthParty])).toEqual([
    ["GPU Cloud", 2, true],
    ["Labels", 1, false],
  ]);
  expect(graph.edges.filter((e) => e.from === "buyer")).toHaveLength(2);
  const toGpu = graph.edges.filter((e) => e.to === "p:domain:gpu.example");
  expect(toGpu.map((e) => [e.from, e.weight, e.label])).toEqual([
    ["v:a", "critical", "Vendor a → GPU Cloud: metadata, training data"],
    ["v:b", "prompts", "Vendor b → GPU Cloud: prompts and outputs"],
  ]);
  expect(graph.edges.find((e) => e.to === "p:name:labels")!.label).toMatch(/no data of ours/);
  expect(graph.omittedProviders).toBe(0);
  expect(edgeWeight(["none"])).toBe("none");
  expect(edgeWeight(["weights", "metadata"])).toBe("critical");
});

test("a large map is cut to the most depended-on providers and their vendors; every edge joins drawn nodes", () => {
  const providers = Array.from({ length: 200 }, (_, i) => ({
    key: `domain:p${i}.example`,
    name: `Provider ${i}`,
    registerVendor: null,
    flows: Array.from({ length: 30 }, (_, j) => flow(`${(i * 7 + j) % 10_000}`, ["metadata"])),
  }));
  const graph = layout(providers, "Us");
  expect(graph.providers).toHaveLength(GRAPH_MAX_PROVIDERS);
  expect(graph.vendors.length).toBeLessThanOrEqual(GRAPH_MAX_VENDORS);
  expect(graph.omittedProviders).toBe(200 - GRAPH_MAX_PROVIDERS);
  expect(graph.omittedVendors).toBeGreaterThan(0);
  const ids = new Set([graph.buyer, ...graph.vendors, ...graph.providers].map((n) => n.id));
  for (const edge of graph.edges) {
    expect(ids.has(edge.from)).toBe(true);
    expect(ids.has(edge.to)).toBe(true);
  }
  for (const node of [...graph.vendors, ...graph.providers])
    expect(node.y + 26).toBeLessThanOrEqual(graph.height);
});

// The layout as it was before decision 393, from every flow of every provider on each request:
// the reference the bounded layout must equal.
const TOP = 40;
const KIND_WORDS: Record<DataKind, string> = {
  none: "no data",
  metadata: "metadata",
  prompts_outputs: "prompts and outputs",
  training_data: "training data",
  weights: "model weights",
};
function layoutFromFlows(providers: FlowInput, buyerName: string): Graph {
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

test("the layout from each provider's dependent vendors equals the layout from every flow", () => {
  const flowArb = fc.record({
    vendor: fc.integer({ min: 0, max: 60 }),
    receives: fc.array(fc.constantFrom(...DATA_KINDS), { maxLength: 3 }),
  });
  const providersArb = fc
    .uniqueArray(
      fc.record({
        key: fc.stringMatching(/^(domain|name):[a-z]{1,6}$/),
        name: fc.string({ maxLength: 12 }),
        registered: fc.boolean(),
        flows: fc.array(flowArb, { minLength: 1, maxLength: 30 }),
      }),
      { selector: (p) => p.key, maxLength: 40 },
    )
    .map((list) =>
      list.map((p) => ({
        key: p.key,
        name: p.name,
        registerVendor: p.registered ? { id: "r" } : null,
        flows: p.flows.map((f) => ({
          vendorId: `id-${f.vendor}`,
          // Vendor names are not unique (two vendors may share one) nor in id order.
          vendorName: `Vendor ${(f.vendor * 7) % 23}`,
          receives: f.receives,
        })),
      })),
    );
  fc.assert(
    fc.property(providersArb, fc.string({ maxLength: 10 }), (providers, buyer) => {
      expect(layout(providers, buyer)).toEqual(layoutFromFlows(providers, buyer));
    }),
    { numRuns: 300 },
  );
});
