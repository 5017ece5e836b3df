// A vendor's CycloneDX BOM (SBOM, SaaSBOM or ML-BOM, JSON, spec 1.4–1.7) as draft supplier
// rows the vendor corrects before saving (decision 253). This module is the pure part:
// bounded reading of untrusted JSON and the mapping of `services` and relevant `components`.
// Validation against the official schema is in cyclonedx.server.ts.
import { z } from "zod";
import { findCountry } from "./countries";
import { normaliseDomain, normaliseName } from "./matching";
import {
  DATA_KINDS,
  type DataKind,
  SERVICE_KINDS,
  type ServiceKind,
  type StateControl,
  type SupplierRow,
} from "./types";

export const BOM_MAX_BYTES = 5 * 1024 * 1024;
export const BOM_MAX_DEPTH = 64;
const MAX_SERVICES = 2_000;
const MAX_COMPONENTS = 50_000;
export const BOM_MAX_ROWS = 300;
const MAX_NAME = 200;
export const SUPPORTED_SPEC_VERSIONS = ["1.4", "1.5", "1.6", "1.7"] as const;
export type SpecVersion = (typeof SUPPORTED_SPEC_VERSIONS)[number];

export type BomNote = { row: number | null; message: string };
export type BomImport = { specVersion: SpecVersion; rows: SupplierRow[]; notes: BomNote[] };
export type BomResult<T> = { ok: true; value: T } | { ok: false; error: string };

// Keys that could reach an object's prototype if the parsed value were ever merged.
const POISON_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Nesting depth of a JSON text, counted without parsing; stops as soon as it passes `limit`. */
function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * The BOM in a file, read defensively: at most 5 MB, nested at most 64 deep, JSON (an XML BOM
 * gets a message asking for JSON), `bomFormat` CycloneDX and a supported `specVersion`. Keys
 * that could reach a prototype are dropped while parsing.
 */
export function readBomJson(
  input: string | Uint8Array,
): BomResult<{ bom: Record<string, unknown>; specVersion: SpecVersion; text: string }> {
  // Each character is at least one byte: a string longer than the limit is refused uncounted.
  const size =
    typeof input !== "string"
      ? input.byteLength
      : input.length > BOM_MAX_BYTES
        ? input.length
        : new TextEncoder().encode(input).byteLength;
  if (size === 0) return { ok: false, error: "The file is empty." };
  if (size > BOM_MAX_BYTES)
    return {
      ok: false,
      error: `The file is ${(size / 1024 / 1024).toFixed(1)} MB; a BOM can be at most 5 MB.`,
    };
  let text: string;
  try {
    text =
      typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return { ok: false, error: "The file is not UTF-8 text: upload the BOM as CycloneDX JSON." };
  }
  text = text.replace(/^\uFEFF/, "");
  const first = text.trimStart()[0];
  if (first === "<")
    return {
      ok: false,
      error:
        "This looks like an XML BOM. Assay reads CycloneDX JSON: export the BOM as JSON (every CycloneDX tool can) and upload that.",
    };
  if (first !== "{")
    return {
      ok: false,
      error: "The file is not a CycloneDX JSON BOM: it does not start with “{”.",
    };
  if (jsonDepthExceeds(text, BOM_MAX_DEPTH))
    return {
      ok: false,
      error: `The BOM is nested more than ${BOM_MAX_DEPTH} levels deep, more than any real BOM.`,
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => (POISON_KEYS.has(key) ? undefined : value));
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON\.parse: /, "") : "";
    return { ok: false, error: `The file is not valid JSON (${detail}).` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { ok: false, error: "The file is not a CycloneDX BOM: it is not a JSON object." };
  const bom = parsed as Record<string, unknown>;
  if (bom.bomFormat !== "CycloneDX")
    return { ok: false, error: "The file is not a CycloneDX BOM: “bomFormat” is not “CycloneDX”." };
  const version = bom.specVersion;
  if (
    typeof version !== "string" ||
    !(SUPPORTED_SPEC_VERSIONS as readonly string[]).includes(version)
  )
    return {
      ok: false,
      error: `CycloneDX ${typeof version === "string" ? version.slice(0, 10) : "without a specVersion"} is not read: upload a BOM of CycloneDX ${SUPPORTED_SPEC_VERSIONS.join(", ")}.`,
    };
  return { ok: true, value: { bom, specVersion: version as SpecVersion, text } };
}

// Only the parts of the BOM the mapping reads; everything else is ignored (zod drops unknown keys).
const text = z.string().max(10_000);
const PropertySchema = z.object({ name: text, value: text.optional() });
const OrgSchema = z.object({
  name: text.optional(),
  url: z.array(text).max(100).optional(),
  address: z.object({ country: text.optional() }).optional(),
});
const DataFlowSchema = z.object({
  flow: z.enum(["inbound", "outbound", "bi-directional", "unknown"]),
  classification: text,
  name: text.optional(),
  description: text.optional(),
});
type Service = {
  name: string;
  group?: string;
  description?: string;
  provider?: z.infer<typeof OrgSchema>;
  endpoints?: string[];
  "x-trust-boundary"?: boolean;
  data?: z.infer<typeof DataFlowSchema>[];
  properties?: z.infer<typeof PropertySchema>[];
  services?: Service[];
};
const ServiceSchema: z.ZodType<Service> = z.lazy(() =>
  z.object({
    name: text,
    group: text.optional(),
    description: text.optional(),
    provider: OrgSchema.optional(),
    endpoints: z.array(text).max(1_000).optional(),
    "x-trust-boundary": z.boolean().optional(),
    data: z.array(DataFlowSchema).max(1_000).optional(),
    properties: z.array(PropertySchema).max(1_000).optional(),
    services: z.array(ServiceSchema).max(MAX_SERVICES).optional(),
  }),
);
type Component = {
  type: string;
  name: string;
  description?: string;
  supplier?: z.infer<typeof OrgSchema>;
  manufacturer?: z.infer<typeof OrgSchema>;
  publisher?: string;
  properties?: z.infer<typeof PropertySchema>[];
  components?: Component[];
};
const ComponentSchema: z.ZodType<Component> = z.lazy(() =>
  z.object({
    type: text,
    name: text,
    description: text.optional(),
    supplier: OrgSchema.optional(),
    manufacturer: OrgSchema.optional(),
    publisher: text.optional(),
    properties: z.array(PropertySchema).max(1_000).optional(),
    components: z.array(ComponentSchema).max(MAX_COMPONENTS).optional(),
  }),
);
const BomSchema = z.object({
  metadata: z
    .object({
      supplier: OrgSchema.optional(),
      manufacturer: OrgSchema.optional(),
      manufacture: OrgSchema.optional(),
      component: z
        .object({ supplier: OrgSchema.optional(), manufacturer: OrgSchema.optional() })
        .optional(),
    })
    .optional(),
  services: z.array(ServiceSchema).max(MAX_SERVICES).optional(),
  components: z.array(ComponentSchema).max(MAX_COMPONENTS).optional(),
});

function issueMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The BOM could not be read.";
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
  return `The BOM could not be read at ${path.replace(/^\./, "") || "its top level"}: ${issue.message}.`;
}

function property(props: Service["properties"], ...names: string[]): string[] {
  return (props ?? [])
    .filter((p) => names.includes(p.name) && p.value !== undefined)
    .map((p) => p.value ?? "");
}

const SERVICE_WORDS: [ServiceKind, RegExp][] = [
  ["labelling", /\b(label(l)?ing|annotat\w*|rlhf|human feedback)\b/],
  [
    "model_api",
    /\b(llm|large language model|foundation model|models? api|model hosting|completions?|chat|embeddings?|inference api|gpt[\w.-]*|claude|gemini|mistral)\b/,
  ],
  [
    "storage",
    /\b(storage|bucket|blob|object store|s3|database|datastore|data store|postgres\w*|mysql|backup)\b/,
  ],
  [
    "cloud_compute",
    /\b(gpu|compute|cluster|kubernetes|virtual machines?|vms?|hosting|training infrastructure|cloud)\b/,
  ],
  ["data_source", /\b(dataset|data source|data provider|corpus|data broker)\b/],
];

function guessService(words: string): ServiceKind | null {
  const lower = words.toLowerCase();
  for (const [kind, pattern] of SERVICE_WORDS) if (pattern.test(lower)) return kind;
  return null;
}

const DATA_WORDS: [DataKind, RegExp][] = [
  ["training_data", /\b(train\w*|fine[- ]?tun\w*|dataset|corpus)\b/],
  ["weights", /\b(weights?|checkpoints?|model artifacts?|model files?)\b/],
  [
    "prompts_outputs",
    /\b(prompts?|completions?|outputs?|inference|chat|messages?|conversations?)\b/,
  ],
  ["metadata", /\b(metadata|telemetry|logs?|usage|billing|analytics)\b/],
  ["none", /^(none|no data)$/],
];

function receivedKind(flow: z.infer<typeof DataFlowSchema>): DataKind | null {
  const words = [flow.classification, flow.name, flow.description]
    .filter(Boolean)
    .join(" ")
    .toLowerCase()
    .trim();
  for (const [kind, pattern] of DATA_WORDS) if (pattern.test(words)) return kind;
  return null;
}

function clip(name: string): string {
  const trimmed = name.replace(/\s+/g, " ").trim();
  return trimmed.length > MAX_NAME ? `${trimmed.slice(0, MAX_NAME - 1)}…` : trimmed;
}

type Draft = SupplierRow & { notes: string[] };

/** The rows a BOM declares: its external services and the suppliers of its models and datasets. */
export function mapBom(bom: unknown, specVersion: SpecVersion): BomResult<BomImport> {
  const parsed = BomSchema.safeParse(bom);
  if (!parsed.success) return { ok: false, error: issueMessage(parsed.error) };
  const { metadata, services = [], components = [] } = parsed.data;
  const notes: BomNote[] = [];
  const own = new Set(
    [
      metadata?.supplier,
      metadata?.manufacturer,
      metadata?.manufacture,
      metadata?.component?.supplier,
      metadata?.component?.manufacturer,
    ]
      .map((o) => (o?.name ? normaliseName(o.name) : ""))
      .filter(Boolean),
  );
  const drafts: Draft[] = [];
  let leftOut = 0;
  let serviceCount = 0;

  function fromService(s: Service, depth: number) {
    if (++serviceCount > MAX_SERVICES) return;
    for (const child of depth < 10 ? (s.services ?? []) : []) fromService(child, depth + 1);
    const providerName = s.provider?.name?.trim();
    if (providerName && own.has(normaliseName(providerName))) {
      notes.push({
        row: null,
        message: `“${clip(s.name)}” is provided by the BOM's own organisation, so it is not a supplier: left out.`,
      });
      return;
    }
    if (!providerName && s["x-trust-boundary"] !== true) {
      notes.push({
        row: null,
        message: `“${clip(s.name)}” names no provider and does not cross a trust boundary, so it is taken as your own: left out.`,
      });
      return;
    }
    const rowNotes: string[] = [];
    if (!providerName)
      rowNotes.push(
        `No provider is named for “${clip(s.name)}”: the row is named after the service.`,
      );
    const domain =
      (s.provider?.url ?? []).map(normaliseDomain).find(Boolean) ??
      (s.endpoints ?? []).map(normaliseDomain).find(Boolean) ??
      null;
    const stated = property(s.properties, "assay:service").find((v) =>
      (SERVICE_KINDS as readonly string[]).includes(v),
    ) as ServiceKind | undefined;
    const guessed = guessService([s.name, s.group, s.description].filter(Boolean).join(" "));
    const service = stated ?? guessed ?? "other";
    if (!stated)
      rowNotes.push(
        guessed
          ? `The kind of service was guessed from “${clip(s.name)}”: check it.`
          : "Choose the kind of service.",
      );

    const receives = new Set<DataKind>();
    const statedReceives = property(s.properties, "assay:receives").flatMap((v) =>
      v.split(/[\s,]+/),
    );
    for (const v of statedReceives)
      if ((DATA_KINDS as readonly string[]).includes(v)) receives.add(v as DataKind);
    if (statedReceives.length === 0) {
      for (const flow of s.data ?? []) {
        // A flow's direction is the service's: outbound data leaves it, so it receives none of it.
        if (flow.flow === "outbound") continue;
        const kind = receivedKind(flow);
        if (kind) receives.add(kind);
        else
          rowNotes.push(
            `The data classified “${clip(flow.classification)}” does not say which of your data it is: choose what it receives.`,
          );
      }
      if ((s.data ?? []).length === 0)
        rowNotes.push("The BOM lists no data flows: choose what it receives.");
    }

    const countries = new Set<string>();
    for (const value of property(s.properties, "assay:country", "assay:countries").flatMap((v) =>
      v.split(/[,;]/),
    )) {
      if (!value.trim()) continue;
      const country = findCountry(value);
      if (country) countries.add(country.code);
      else
        rowNotes.push(`“${clip(value)}” is not a country Assay knows: add the countries by hand.`);
    }
    if (countries.size === 0) {
      const address = s.provider?.address?.country;
      rowNotes.push(
        address
          ? `The BOM gives the provider's address (${clip(address)}), not where it processes your data: add the countries.`
          : "The BOM does not say where it processes your data: add the countries.",
      );
    }
    const stateValue = property(s.properties, "assay:state-controlled")[0]?.toLowerCase();
    const stateControlled: StateControl =
      stateValue === "yes" || stateValue === "no" ? stateValue : "unknown";
    drafts.push({
      name: clip(providerName ?? s.name),
      domain,
      service,
      receives: DATA_KINDS.filter((k) => receives.has(k)),
      countries: [...countries].sort(),
      stateControlled,
      notes: rowNotes,
    });
  }

  let componentCount = 0;
  function fromComponent(c: Component, depth: number) {
    if (++componentCount > MAX_COMPONENTS) return;
    for (const child of depth < 10 ? (c.components ?? []) : []) fromComponent(child, depth + 1);
    if (c.type !== "machine-learning-model" && c.type !== "data") {
      leftOut++;
      return;
    }
    const org = c.supplier?.name
      ? c.supplier
      : c.manufacturer?.name
        ? c.manufacturer
        : c.publisher
          ? { name: c.publisher }
          : null;
    const orgName = org?.name?.trim();
    if (!orgName) {
      notes.push({
        row: null,
        message: `The ${c.type === "data" ? "dataset" : "model"} “${clip(c.name)}” names no supplier: left out.`,
      });
      return;
    }
    if (own.has(normaliseName(orgName))) return;
    const domain =
      ("url" in (org ?? {}) ? ((org as z.infer<typeof OrgSchema>).url ?? []) : [])
        .map(normaliseDomain)
        .find(Boolean) ?? null;
    const model = c.type === "machine-learning-model";
    drafts.push({
      name: clip(orgName),
      domain,
      service: model ? "model_api" : "data_source",
      receives: model ? [] : ["none"],
      countries: [],
      stateControlled: "unknown",
      notes: model
        ? [
            `Supplier of the model “${clip(c.name)}”. If you call it as a service, say what it receives and where; if you run it yourselves, choose “none”.`,
          ]
        : [
            `Source of the dataset “${clip(c.name)}”: it receives none of your data unless you change that.`,
          ],
    });
  }

  for (const s of services) fromService(s, 0);
  for (const c of components) fromComponent(c, 0);
  if (serviceCount > MAX_SERVICES)
    return {
      ok: false,
      error: `The BOM has more than ${MAX_SERVICES} services; split it or enter the suppliers by hand.`,
    };
  if (componentCount > MAX_COMPONENTS)
    return {
      ok: false,
      error: `The BOM has more than ${MAX_COMPONENTS} components; upload the part that lists your AI suppliers.`,
    };

  // One row per supplier: services of one provider on one domain are merged.
  const rows: Draft[] = [];
  const byKey = new Map<string, Draft>();
  for (const d of drafts) {
    const key = `${normaliseName(d.name)}|${d.domain ?? ""}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, d);
      rows.push(d);
      continue;
    }
    existing.receives = DATA_KINDS.filter(
      (k) => existing.receives.includes(k) || d.receives.includes(k),
    );
    existing.countries = [...new Set([...existing.countries, ...d.countries])].sort();
    if (existing.service === "other") existing.service = d.service;
    // State control is the organisation's: one service saying yes or no settles it for all.
    if (d.stateControlled === "yes" || existing.stateControlled === "yes")
      existing.stateControlled = "yes";
    else if (d.stateControlled === "no") existing.stateControlled = "no";
    for (const n of d.notes) if (!existing.notes.includes(n)) existing.notes.push(n);
  }
  if (rows.length > BOM_MAX_ROWS)
    return {
      ok: false,
      error: `The BOM names ${rows.length} suppliers; a supplier list holds at most ${BOM_MAX_ROWS}.`,
    };
  if (leftOut > 0)
    notes.push({
      row: null,
      message: `${leftOut} other component${leftOut === 1 ? " is" : "s are"} software, not a supplier of a service, and ${leftOut === 1 ? "was" : "were"} left out.`,
    });
  if (rows.length === 0)
    notes.push({
      row: null,
      message:
        "The BOM declares no external services, models or datasets with a supplier: add your suppliers by hand.",
    });
  rows.forEach((r, i) => {
    // A row can gather one note several times (two flows, merged services); each is said once.
    for (const message of new Set(r.notes)) notes.push({ row: i, message });
  });
  return {
    ok: true,
    value: {
      specVersion,
      rows: rows.map(({ notes: _notes, ...row }) => row),
      notes,
    },
  };
}

/** Read and map a BOM without schema validation (the browser's preview; the server validates too). */
export function bomToSupplierRows(input: string | Uint8Array): BomResult<BomImport> {
  const read = readBomJson(input);
  if (!read.ok) return read;
  return mapBom(read.value.bom, read.value.specVersion);
}
