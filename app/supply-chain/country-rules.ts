// The buyer's country rules over a declared supply chain (decision 252): for each kind of our
// data, the countries or regions it may go to, and jurisdictions of concern it should not go
// to at all. Pure: the scoring and the map call it with rows already stored.
import { countryIn, getCountry, placeName } from "./countries";
import { DATA_KINDS, type DataKind, type SupplierRow } from "./types";

export type Severity = "low" | "medium" | "high" | "critical";

export type CountryPolicy = {
  /**
   * For each kind of data, where it may be processed or stored: country codes ("DE") or
   * region ids ("EU", "EEA", UN M49 codes such as "150"). A kind that is absent is not limited.
   */
  allowed: Partial<Record<DataKind, readonly string[]>>;
  /** Places no data of ours should reach (country codes or region ids). */
  concern: readonly string[];
  /** Whether a state-controlled supplier receiving our data is itself a violation. */
  flagStateControlled?: boolean;
};

export type ViolationReason =
  | "not_allowed"
  | "jurisdiction_of_concern"
  | "state_controlled"
  | "countries_not_declared"
  | "unknown_country";

export type Violation = {
  /** Index of the supplier row, or null for the vendor's own processing. */
  row: number | null;
  supplier: string | null;
  dataKind: DataKind;
  /** The ISO code at fault; null when the fault is not one country (state control, none given). */
  country: string | null;
  reasons: ViolationReason[];
  severity: Severity;
  /** One sentence a reviewer reads in the finding. */
  message: string;
};

export type ChainInput = {
  suppliers: readonly SupplierRow[];
  /** Where the vendor itself processes and stores our data, and which of it (its countries answer). */
  vendor?: { countries: readonly string[]; receives: readonly DataKind[] } | null;
};

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const SENSITIVE: ReadonlySet<DataKind> = new Set(["prompts_outputs", "training_data", "weights"]);
const KIND_LABEL: Record<DataKind, string> = {
  none: "no data",
  metadata: "metadata",
  prompts_outputs: "prompts and outputs",
  training_data: "training data",
  weights: "model weights",
};

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** How serious one reason is for one kind of data: the suggested finding severity. */
export function reasonSeverity(reason: ViolationReason, kind: DataKind): Severity {
  const sensitive = SENSITIVE.has(kind);
  switch (reason) {
    case "jurisdiction_of_concern":
      return kind === "training_data" || kind === "weights" ? "critical" : "high";
    case "not_allowed":
    case "state_controlled":
      return sensitive ? "high" : "medium";
    case "countries_not_declared":
    case "unknown_country":
      return sensitive ? "medium" : "low";
  }
}

function describe(
  who: string,
  kind: DataKind,
  country: string | null,
  reasons: ViolationReason[],
  policy: CountryPolicy,
): string {
  const what = KIND_LABEL[kind];
  const where = country ? (getCountry(country)?.name ?? country) : null;
  const parts = reasons.map((reason) => {
    switch (reason) {
      case "not_allowed": {
        const places = (policy.allowed[kind] ?? []).map(placeName);
        return places.length > 0
          ? `${what} may only go to ${places.join(", ")}`
          : `${what} may not leave the vendor`;
      }
      case "jurisdiction_of_concern":
        return `${where} is a jurisdiction of concern`;
      case "state_controlled":
        return `${who} is state-controlled`;
      case "countries_not_declared":
        return "no countries are declared, so the rule cannot be checked";
      case "unknown_country":
        return `“${country}” is not an ISO 3166-1 country code`;
    }
  });
  const head = where ? `${who} receives ${what} in ${where}` : `${who} receives ${what}`;
  return `${head}: ${parts.join("; ")}.`;
}

function limits(policy: CountryPolicy, kind: DataKind): boolean {
  return policy.allowed[kind] !== undefined || policy.concern.length > 0;
}

function checkOne(
  row: number | null,
  supplier: string | null,
  receives: readonly DataKind[],
  countries: readonly string[],
  stateControlled: boolean,
  policy: CountryPolicy,
): Violation[] {
  const who = supplier ?? "The vendor";
  const out: Violation[] = [];
  const kinds = DATA_KINDS.filter((k) => k !== "none" && receives.includes(k));
  const unique = [...new Set(countries.map((c) => c.trim().toUpperCase()))].sort();
  for (const kind of kinds) {
    const push = (country: string | null, reasons: ViolationReason[]) => {
      const severity = reasons.map((r) => reasonSeverity(r, kind)).reduce(maxSeverity, "low");
      out.push({
        row,
        supplier,
        dataKind: kind,
        country,
        reasons,
        severity,
        message: describe(who, kind, country, reasons, policy),
      });
    };
    if (stateControlled && policy.flagStateControlled) push(null, ["state_controlled"]);
    if (unique.length === 0) {
      if (limits(policy, kind)) push(null, ["countries_not_declared"]);
      continue;
    }
    const allowed = policy.allowed[kind];
    for (const country of unique) {
      if (!getCountry(country)) {
        if (limits(policy, kind)) push(country, ["unknown_country"]);
        continue;
      }
      const reasons: ViolationReason[] = [];
      if (allowed !== undefined && !allowed.some((place) => countryIn(country, place)))
        reasons.push("not_allowed");
      if (policy.concern.some((place) => countryIn(country, place)))
        reasons.push("jurisdiction_of_concern");
      if (reasons.length > 0) push(country, reasons);
    }
  }
  return out;
}

/**
 * Every place where the declared chain breaks the policy: one violation per supplier (or the
 * vendor itself), kind of data and country, with all its reasons and the suggested severity
 * of the finding it opens. In row order, then data kind, then country code.
 */
export function checkCountryRules(input: ChainInput, policy: CountryPolicy): Violation[] {
  const out: Violation[] = [];
  if (input.vendor) {
    out.push(...checkOne(null, null, input.vendor.receives, input.vendor.countries, false, policy));
  }
  input.suppliers.forEach((s, index) => {
    out.push(
      ...checkOne(index, s.name, s.receives, s.countries, s.stateControlled === "yes", policy),
    );
  });
  return out;
}

/** The most serious suggested severity among violations, or null when there are none. */
export function worstSeverity(violations: readonly Violation[]): Severity | null {
  return violations.length === 0
    ? null
    : violations.map((v) => v.severity).reduce(maxSeverity, "low");
}
