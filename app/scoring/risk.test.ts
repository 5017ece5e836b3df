import fc from "fast-check";
import { expect, test } from "vitest";
import { CRITICALITY, DATA_ACCESS, inherentTier, riskRating, TIERS, tierRank } from "./risk";

test("inherent tier is the worse of data access and criticality", () => {
  expect(inherentTier({ dataAccess: "none", criticality: "low" })).toBe("Low");
  expect(inherentTier({ dataAccess: "business", criticality: "low" })).toBe("Medium");
  expect(inherentTier({ dataAccess: "none", criticality: "high" })).toBe("High");
  expect(inherentTier({ dataAccess: "confidential", criticality: "medium" })).toBe("High");
  expect(inherentTier({ dataAccess: "training_or_model", criticality: "low" })).toBe("Critical");
});

test("risk rating follows the contract's table cell by cell", () => {
  const table = {
    Low: ["Low", "Low", "Medium", "High"],
    Medium: ["Low", "Medium", "High", "High"],
    High: ["Medium", "High", "High", "Critical"],
    Critical: ["Medium", "High", "Critical", "Critical"],
  } as const;
  for (const inherent of TIERS) {
    TIERS.forEach((residual, i) => expect(riskRating(inherent, residual)).toBe(table[inherent][i]));
  }
});

test("a worse residual or inherent tier never gives a better rating", () => {
  const tier = fc.constantFrom(...TIERS);
  fc.assert(
    fc.property(tier, tier, tier, (inherent, a, b) => {
      const [lo, hi] = tierRank(a) <= tierRank(b) ? [a, b] : [b, a];
      expect(tierRank(riskRating(inherent, lo))).toBeLessThanOrEqual(
        tierRank(riskRating(inherent, hi)),
      );
      expect(tierRank(riskRating(lo, inherent))).toBeLessThanOrEqual(
        tierRank(riskRating(hi, inherent)),
      );
    }),
  );
});

test("inherent tier is never better than either input alone", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...DATA_ACCESS),
      fc.constantFrom(...CRITICALITY),
      (dataAccess, criticality) => {
        const tier = tierRank(inherentTier({ dataAccess, criticality }));
        expect(tier).toBeGreaterThanOrEqual(
          tierRank(inherentTier({ dataAccess, criticality: "low" })),
        );
        expect(tier).toBeGreaterThanOrEqual(
          tierRank(inherentTier({ dataAccess: "none", criticality })),
        );
      },
    ),
  );
});
