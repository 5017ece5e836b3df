// The shape of a declared AI supply chain, shared by the questionnaire format (the
// supplier_list and countries question types), the vendor's answering page, the CycloneDX
// import, matching to the vendor register and the map views. Plain types and constants only:
// this module runs in the vendor's browser.

/** What a declared supplier does for the vendor. */
export const SERVICE_KINDS = [
  "cloud_compute",
  "model_api",
  "storage",
  "labelling",
  "data_source",
  "other",
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** What of the buyer's data reaches the supplier, from least to most sensitive. */
export const DATA_KINDS = [
  "none",
  "metadata",
  "prompts_outputs",
  "training_data",
  "weights",
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const STATE_CONTROL = ["yes", "no", "unknown"] as const;
export type StateControl = (typeof STATE_CONTROL)[number];

/**
 * One row of a supplier list answer. `countries` are ISO 3166-1 alpha-2 codes, upper case,
 * where the supplier processes or stores what it receives. `domain` is a bare host name
 * ("example.com"), lower case, without scheme or path, or null when the vendor gave none.
 */
export type SupplierRow = {
  name: string;
  domain: string | null;
  service: ServiceKind;
  receives: readonly DataKind[];
  countries: readonly string[];
  stateControlled: StateControl;
};

/** The stored value of a supplier_list answer. */
export type SupplierListValue = { suppliers: readonly SupplierRow[] };
