// Words for the supply-chain codes, shared by the answering page, staff views and exports.
// Browser-safe: plain constants only.
import { getCountry } from "./countries";
import {
  type DataKind,
  type ServiceKind,
  type StateControl,
  type SupplierListValue,
} from "./types";

export const SERVICE_LABELS: Record<ServiceKind, string> = {
  cloud_compute: "Cloud compute (GPU, hosting)",
  model_api: "Model API",
  storage: "Storage",
  labelling: "Labelling",
  data_source: "Data source",
  other: "Other",
};

export const DATA_KIND_LABELS: Record<DataKind, string> = {
  none: "None",
  metadata: "Metadata",
  prompts_outputs: "Prompts and outputs",
  training_data: "Training data",
  weights: "Model weights",
};

export const STATE_CONTROL_LABELS: Record<StateControl, string> = {
  yes: "Yes",
  no: "No",
  unknown: "Not known",
};

export function countryNames(codes: readonly string[]): string {
  return codes.map((code) => getCountry(code)?.name ?? code).join(", ");
}

/** A supplier list in one line per supplier, for the check page, conflicts and staff views. */
export function describeSuppliers(value: SupplierListValue): string {
  const rows = value.suppliers ?? [];
  if (rows.length === 0) return "No suppliers";
  return rows
    .map((row) => {
      const what = (row.receives ?? []).map((kind) => DATA_KIND_LABELS[kind] ?? kind).join(", ");
      const where = countryNames(row.countries ?? []);
      const state = row.stateControlled === "yes" ? "; state-controlled" : "";
      return `${row.name}${row.domain ? ` (${row.domain})` : ""}: ${SERVICE_LABELS[row.service] ?? row.service}, receives ${what || "nothing stated"}${where ? ` in ${where}` : ""}${state}`;
    })
    .join("; ");
}

/** A provider's page on the map (its key is "domain:<host>" or "name:<normalised name>"). */
export function providerHref(key: string): `/${string}` {
  return `/supply-chain/providers/${encodeURIComponent(key)}`;
}
