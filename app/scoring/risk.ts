// The risk matrix of the scoring contract (docs/scoring.md): pure, no I/O.
import { type Thresholds } from "~/questionnaire/definition";

export const TIERS = ["Low", "Medium", "High", "Critical"] as const;
export type Tier = (typeof TIERS)[number];

export const DATA_ACCESS = ["none", "business", "confidential", "training_or_model"] as const;
export type DataAccess = (typeof DATA_ACCESS)[number];
export const CRITICALITY = ["low", "medium", "high"] as const;
export type Criticality = (typeof CRITICALITY)[number];

export type VendorProfile = { dataAccess: DataAccess; criticality: Criticality };

const ACCESS_TIER: Record<DataAccess, Tier> = {
  none: "Low",
  business: "Medium",
  confidential: "High",
  training_or_model: "Critical",
};
const CRITICALITY_TIER: Record<Criticality, Tier> = { low: "Low", medium: "Medium", high: "High" };

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

export function worseTier(a: Tier, b: Tier): Tier {
  return tierRank(a) >= tierRank(b) ? a : b;
}

/** inherent = max(access level, criticality level). */
export function inherentTier(profile: VendorProfile): Tier {
  return worseTier(ACCESS_TIER[profile.dataAccess], CRITICALITY_TIER[profile.criticality]);
}

/**
 * Differences smaller than this are floating-point noise, not score: 0.7 + 0.7 + 0.7 over
 * three questions is 69.99999999999999 in binary, and is 70 by hand
 * (docs/decisions/022-floating-point-tolerance.md).
 */
export const SCORE_TOLERANCE = 1e-9;

/** Whether `score` reaches `threshold`, ignoring floating-point noise. */
export function meetsThreshold(score: number, threshold: number): boolean {
  return score >= threshold - SCORE_TOLERANCE;
}

/**
 * The residual tier before knockouts: ≥ low → Low, ≥ medium → Medium, ≥ high → High, else
 * Critical. Compares the unrounded score, so 84.96 (shown as 85.0) is still Medium.
 */
export function tierForScore(score: number, thresholds: Thresholds): Tier {
  if (meetsThreshold(score, thresholds.low)) return "Low";
  if (meetsThreshold(score, thresholds.medium)) return "Medium";
  if (meetsThreshold(score, thresholds.high)) return "High";
  return "Critical";
}

// Rows: inherent tier; columns: residual tier.
const MATRIX: Record<Tier, Record<Tier, Tier>> = {
  Low: { Low: "Low", Medium: "Low", High: "Medium", Critical: "High" },
  Medium: { Low: "Low", Medium: "Medium", High: "High", Critical: "High" },
  High: { Low: "Medium", Medium: "High", High: "High", Critical: "Critical" },
  Critical: { Low: "Medium", Medium: "High", High: "Critical", Critical: "Critical" },
};

export function riskRating(inherent: Tier, residual: Tier): Tier {
  return MATRIX[inherent][residual];
}

/** The matrix as rows for people: inherent tier down, residual tier across (docs/scoring.md). */
export function riskMatrixRows(): { inherent: Tier; ratings: Tier[] }[] {
  return TIERS.map((inherent) => ({
    inherent,
    ratings: TIERS.map((residual) => MATRIX[inherent][residual]),
  }));
}

/** Why a rating is what it is, in one sentence. */
export function explainRiskRating(inherent: Tier, residual: Tier): string {
  return `${inherent} inherent risk (what the vendor can reach) and a ${residual} residual tier (how well its answers cover it) give a ${riskRating(inherent, residual)} risk rating in the 4×4 matrix.`;
}

export const DATA_ACCESS_LABELS: Record<DataAccess, string> = {
  none: "No data access",
  business: "Business data",
  confidential: "Confidential or personal data",
  training_or_model: "Training data or model weights",
};
export const CRITICALITY_LABELS: Record<Criticality, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};
