import { expect, test } from "vitest";
import { edgeWeight, GRAPH_MAX_PROVIDERS, GRAPH_MAX_VENDORS, layoutGraph } from "./graph";
import { type DataKind } from "./types";

const flow = (vendorId: string, receives: DataKind[]) => ({
  vendorId,
  vendorName: `Vendor ${vendorId}`,
  receives,
});

test("buyer → vendors → providers: one edge per vendor and provider, styled by the most sensitive data", () => {
  const graph = layoutGraph(
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
  const graph = layoutGraph(providers, "Us");
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
