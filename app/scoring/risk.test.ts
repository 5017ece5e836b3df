import fc from "fast-check";
import { expect, test } from "vitest";
import {
  CRITICALITY,
  DATA_ACCESS,
  inherentTier,
  riskRating,
  tierForScore,
  TIERS,
  tierRank,
} from "./risk";
import { VendorProfileSchema } from "./vendor-profile";

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

test("the score's tier compares the unrounded score with each threshold, inclusive", () => {
  const thresholds = { low: 85, medium: 70, high: 50 };
  expect(tierForScore(100, thresholds)).toBe("Low");
  expect(tierForScore(85, thresholds)).toBe("Low");
  expect(tierForScore(84.96, thresholds)).toBe("Medium");
  expect(tierForScore(70, thresholds)).toBe("Medium");
  expect(tierForScore(69.999, thresholds)).toBe("High");
  expect(tierForScore(50, thresholds)).toBe("High");
  expect(tierForScore(49.99, thresholds)).toBe("Critical");
  expect(tierForScore(0, thresholds)).toBe("Critical");
  // floating-point noise is not a difference: 0.7 + 0.7 + 0.7 over 3 is 70 by hand
  expect(tierForScore((100 * (0.7 + 0.7 + 0.7)) / 3, thresholds)).toBe("Medium");
  expect(tierForScore(59, { low: 90, medium: 60, high: 30 })).toBe("High");
});

test("a vendor profile is parsed by one schema that names the allowed values", () => {
  expect(VendorProfileSchema.parse({ dataAccess: "business", criticality: "high" })).toEqual({
    dataAccess: "business",
    criticality: "high",
  });
  expect(VendorProfileSchema.safeParse({ dataAccess: "all", criticality: "high" }).success).toBe(
    false,
  );
  expect(
    VendorProfileSchema.safeParse({ dataAccess: "none", criticality: "low", extra: 1 }).success,
  ).toBe(false);
});
