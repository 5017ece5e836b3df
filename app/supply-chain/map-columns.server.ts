// The map's exported tables (CSV/XLSX), typed on the rows of app/supply-chain/map.server.ts.
import { type Column } from "~/export/table-export";
import { countryNames, DATA_KIND_LABELS, SERVICE_LABELS, STATE_CONTROL_LABELS } from "./labels";
import { type Flow, type LocationRow, type Provider } from "./map.server";
import { type StateControl } from "./types";

const kinds = (list: readonly string[]) =>
  list.map((k) => DATA_KIND_LABELS[k as keyof typeof DATA_KIND_LABELS] ?? k).join(", ");

export const CONCENTRATION_COLUMNS: Column<Provider>[] = [
  { header: "Provider", value: (p) => p.name, width: 30 },
  { header: "Domain", value: (p) => p.domain, width: 25 },
  {
    header: "In the register as",
    value: (p) => (p.registerVendor ? p.registerVendor.name : "Fourth party"),
    width: 25,
  },
  { header: "Vendors depending on it", value: (p) => p.vendors.length, width: 12 },
  { header: "Vendors sending training data or weights", value: (p) => p.criticalData, width: 12 },
  { header: "Highly critical vendors", value: (p) => p.criticalVendors, width: 12 },
  {
    header: "Services",
    value: (p) => p.services.map((s) => SERVICE_LABELS[s]).join(", "),
    width: 30,
  },
  { header: "Data received", value: (p) => kinds(p.receives), width: 30 },
  { header: "Countries", value: (p) => countryNames(p.countries), width: 40 },
  { header: "Vendors", value: (p) => p.vendors.map((v) => v.name).join(", "), width: 40 },
];

export const DEPENDENCY_COLUMNS: Column<Flow>[] = [
  { header: "Vendor", value: (f) => f.vendorName, width: 30 },
  { header: "Provider", value: (f) => f.providerName, width: 30 },
  { header: "Domain", value: (f) => f.domain, width: 25 },
  { header: "Service", value: (f) => SERVICE_LABELS[f.service] ?? f.service, width: 20 },
  { header: "Data received", value: (f) => kinds(f.receives), width: 30 },
  { header: "Countries", value: (f) => countryNames(f.countries), width: 40 },
  {
    header: "State-controlled",
    value: (f) => STATE_CONTROL_LABELS[f.stateControlled as StateControl] ?? f.stateControlled,
    width: 12,
  },
];

export const LOCATION_COLUMNS: Column<LocationRow>[] = [
  { header: "Country", value: (l) => l.name, width: 30 },
  { header: "Code", value: (l) => l.country, width: 8 },
  { header: "Jurisdiction of concern", value: (l) => (l.concern ? "Yes" : "No"), width: 12 },
  { header: "Vendors", value: (l) => l.vendors, width: 10 },
  { header: "Providers", value: (l) => l.providers, width: 10 },
  { header: "Data received there", value: (l) => kinds(l.receives), width: 30 },
];
