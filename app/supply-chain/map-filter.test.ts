// The map's filter (decision 332) keeps each provider's matching flows and, for the page's graph,
// the vendors and totals of what it kept (decision 393): the same as working them out afresh.
import fc from "fast-check";
import { expect, test } from "vitest";
import { dependentVendors, vendorPositions } from "./graph";
import { filterProviders, type Flow, type Provider } from "./map.server";
import { DATA_KINDS } from "./types";

const PLACES = ["IE", "US", "SG", "DE"];

type Drawn = {
  vendor: number;
  provider: number;
  receives: (typeof DATA_KINDS)[number][];
  countries: string[];
}[];

const flowsArb: fc.Arbitrary<Drawn> = fc.array(
  fc.record({
    vendor: fc.integer({ min: 0, max: 12 }),
    provider: fc.integer({ min: 0, max: 8 }),
    receives: fc.array(fc.constantFrom(...DATA_KINDS), { maxLength: 2 }),
    countries: fc.subarray(PLACES),
  }),
  { maxLength: 60 },
);

function mapOf(drawn: Drawn) {
  const flows: Flow[] = drawn.map((f, i) => ({
    vendorId: `vendor-${f.vendor}`,
    vendorName: `Vendor ${["Alpha", "Beta", "Gamma"][f.vendor % 3]} ${f.vendor}`,
    vendorCriticality: "low",
    assessmentId: `assessment-${f.vendor}`,
    providerKey: `domain:p${f.provider}.example`,
    providerName: `Provider ${f.provider} ${i % 2 ? "Cloud" : "Labs"}`,
    domain: `p${f.provider}.example`,
    service: "model_api",
    receives: f.receives,
    countries: f.countries,
    stateControlled: "no",
  }));
  const byKey = new Map<string, Flow[]>();
  for (const f of flows) byKey.set(f.providerKey, [...(byKey.get(f.providerKey) ?? []), f]);
  const providers: Provider[] = [...byKey].map(([key, list]) => {
    const vendors = dependentVendors(list);
    return {
      key,
      name: list[0]!.providerName,
      domain: key.slice("domain:".length),
      hosts: [key.slice("domain:".length)],
      registerVendor: null,
      vendors,
      vendorAt: vendorPositions(vendors),
      criticalVendors: 0,
      criticalData: 0,
      services: ["model_api"],
      receives: [],
      countries: [],
      flows: list,
      suggestions: [],
    };
  });
  return {
    providers,
    vendorCount: new Set(flows.map((f) => f.vendorId)).size,
    flowCount: flows.length,
  };
}

test("a filtered map's vendors and totals are those of the flows it kept", () => {
  fc.assert(
    fc.property(
      flowsArb,
      fc.constantFrom("", "alpha", "beta 1", "provider 3", "p2.example", "labs", "zzz"),
      fc.constantFrom(null, ...PLACES),
      (drawn, q, country) => {
        const list = mapOf(drawn);
        const out = filterProviders(list, { q, country });
        const kept = out.providers.flatMap((p) => p.flows);
        expect(out.flowCount).toBe(kept.length);
        expect(out.vendorCount).toBe(new Set(kept.map((f) => f.vendorId)).size);
        for (const p of out.providers) {
          expect(p.flows.length).toBeGreaterThan(0);
          expect(p.vendors).toEqual(dependentVendors(p.flows));
          expect([...p.vendorAt]).toEqual(p.vendors.map((v, i) => [v.id, i]));
          if (country) for (const f of p.flows) expect(f.countries).toContain(country);
        }
        if (q === "" && !country) expect(out).toBe(list);
      },
    ),
    { numRuns: 300 },
  );
});
