import fc from "fast-check";
import { expect, test } from "vitest";
import { isCountryCode } from "./countries";
import { BOM_MAX_BYTES, bomToSupplierRows, mapBom, readBomJson } from "./cyclonedx";
import { DATA_KINDS, SERVICE_KINDS } from "./types";

const head = { bomFormat: "CycloneDX", specVersion: "1.6", version: 1 };

function bom(body: object): string {
  return JSON.stringify({ ...head, ...body });
}

test("a service becomes a row: provider, domain from its URL, data it receives, countries from properties", () => {
  const result = bomToSupplierRows(
    bom({
      services: [
        {
          name: "GPU training cluster",
          provider: { name: "Acme GPU Cloud", url: ["https://www.AcmeGPU.example/about"] },
          endpoints: ["https://train.acmegpu.example"],
          data: [
            { flow: "inbound", classification: "training data" },
            { flow: "outbound", classification: "model weights" },
          ],
          properties: [
            { name: "assay:countries", value: "US, Germany" },
            { name: "assay:state-controlled", value: "no" },
          ],
        },
      ],
    }),
  );
  expect(result).toEqual({
    ok: true,
    value: {
      specVersion: "1.6",
      rows: [
        {
          name: "Acme GPU Cloud",
          domain: "acmegpu.example",
          service: "cloud_compute",
          // Weights flow out of the cluster: the cluster does not receive them.
          receives: ["training_data"],
          countries: ["DE", "US"],
          stateControlled: "no",
        },
      ],
      notes: [
        {
          row: 0,
          message: "The kind of service was guessed from “GPU training cluster”: check it.",
        },
      ],
    },
  });
});

test("explicit assay: properties win over guesses; endpoints give the domain when the provider has no URL", () => {
  const result = bomToSupplierRows(
    bom({
      services: [
        {
          name: "Something",
          provider: { name: "Model Labs" },
          endpoints: ["https://api.modellabs.example/v1"],
          data: [{ flow: "inbound", classification: "PII" }],
          properties: [
            { name: "assay:service", value: "model_api" },
            { name: "assay:receives", value: "prompts_outputs, metadata, bogus" },
            { name: "assay:state-controlled", value: "YES" },
          ],
        },
      ],
    }),
  );
  expect(result.ok && result.value.rows).toEqual([
    {
      name: "Model Labs",
      domain: "api.modellabs.example",
      service: "model_api",
      receives: ["metadata", "prompts_outputs"],
      countries: [],
      stateControlled: "yes",
    },
  ]);
});

test("the BOM's own services, internal services and software components are left out, with notes", () => {
  const result = bomToSupplierRows(
    bom({
      metadata: { supplier: { name: "Lumen Analytics Ltd." } },
      services: [
        { name: "Own API", provider: { name: "Lumen Analytics" }, "x-trust-boundary": true },
        { name: "Feature store", "x-trust-boundary": false },
        {
          name: "Partner feed",
          "x-trust-boundary": true,
          endpoints: ["https://feed.partner.example"],
        },
      ],
      components: [
        { type: "library", name: "left-pad" },
        { type: "library", name: "tokenizers" },
        {
          type: "data",
          name: "wiki",
          supplier: { name: "Wikimedia", url: ["https://wikimedia.org"] },
        },
        { type: "machine-learning-model", name: "mystery" },
      ],
    }),
  );
  if (!result.ok) throw new Error(result.error);
  expect(result.value.rows.map((r) => [r.name, r.domain, r.service, r.receives])).toEqual([
    ["Partner feed", "feed.partner.example", "other", []],
    ["Wikimedia", "wikimedia.org", "data_source", ["none"]],
  ]);
  const general = result.value.notes.filter((n) => n.row === null).map((n) => n.message);
  expect(general).toEqual([
    "“Own API” is provided by the BOM's own organisation, so it is not a supplier: left out.",
    "“Feature store” names no provider and does not cross a trust boundary, so it is taken as your own: left out.",
    "The model “mystery” names no supplier: left out.",
    "2 other components are software, not a supplier of a service, and were left out.",
  ]);
  expect(result.value.notes).toContainEqual({
    row: 0,
    message: "No provider is named for “Partner feed”: the row is named after the service.",
  });
});

test("services of one provider on one domain merge into one row; nested services are read", () => {
  const result = bomToSupplierRows(
    bom({
      services: [
        {
          name: "Gateway",
          provider: { name: "Acme GPU Cloud", url: ["https://acmegpu.example"] },
          data: [{ flow: "inbound", classification: "training data" }],
          properties: [{ name: "assay:country", value: "US" }],
          services: [
            {
              name: "Object storage",
              provider: { name: "ACME GPU Cloud Inc", url: ["https://acmegpu.example/storage"] },
              data: [{ flow: "bi-directional", classification: "weights" }],
              properties: [
                { name: "assay:country", value: "de" },
                { name: "assay:state-controlled", value: "yes" },
              ],
            },
          ],
        },
      ],
    }),
  );
  if (!result.ok) throw new Error(result.error);
  expect(result.value.rows).toEqual([
    {
      name: "ACME GPU Cloud Inc",
      domain: "acmegpu.example",
      service: "storage",
      receives: ["training_data", "weights"],
      countries: ["DE", "US"],
      stateControlled: "yes",
    },
  ]);
});

test("not JSON, XML, empty, too large, too deep, not CycloneDX or another version: one clear message each", () => {
  const cases: [string | Uint8Array, RegExp][] = [
    ["", /empty/],
    ["<?xml version='1.0'?><bom xmlns='http://cyclonedx.org/schema/bom/1.6'/>", /XML BOM.*JSON/],
    ["PK\u0003\u0004 zip", /does not start with “\{”/],
    ['{"bomFormat": "CycloneDX", "specVersion": "1.6",}', /not valid JSON/],
    [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ["[1,2]", /does not start/],
    ['{"bomFormat":"SPDX","specVersion":"1.6"}', /bomFormat/],
    [
      '{"bomFormat":"CycloneDX","specVersion":"1.2"}',
      /CycloneDX 1.2 is not read.*1\.4, 1\.5, 1\.6, 1\.7/,
    ],
    ['{"bomFormat":"CycloneDX"}', /without a specVersion/],
    [`{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, /nested more than 64/],
    ["{" + " ".repeat(BOM_MAX_BYTES) + "}", /at most 5 MB/],
    [new Uint8Array(BOM_MAX_BYTES + 1).fill(0x20), /at most 5 MB/],
  ];
  for (const [input, message] of cases) {
    const result = bomToSupplierRows(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  }
});

test("brackets inside strings do not count as nesting", () => {
  const deepText = "[".repeat(1_000);
  const result = bomToSupplierRows(
    bom({ services: [{ name: deepText.slice(0, 300), provider: { name: "P" } }] }),
  );
  expect(result.ok).toBe(true);
});

test("wrong types inside the BOM give the path and what was expected", () => {
  const cases: [object, RegExp][] = [
    [{ services: { name: "x" } }, /at services: Expected array, received object/],
    [{ services: [{ name: 7 }] }, /at services\[0\]\.name: Expected string/],
    [
      { services: [{ name: "x", data: [{ flow: "sideways", classification: "x" }] }] },
      /at services\[0\]\.data\[0\]\.flow/,
    ],
    [{ components: [{ type: "data" }] }, /at components\[0\]\.name: Required/],
  ];
  for (const [body, message] of cases) {
    const result = bomToSupplierRows(bom(body));
    expect(result.ok ? "ok" : result.error).toMatch(message);
  }
});

test("prototype-polluting keys are dropped while parsing and reach no object", () => {
  const text =
    '{"bomFormat":"CycloneDX","specVersion":"1.6","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},' +
    '"services":[{"name":"S","provider":{"name":"P","__proto__":{"isAdmin":true}},"x-trust-boundary":true}]}';
  const read = readBomJson(text);
  expect(read.ok).toBe(true);
  if (read.ok) {
    expect(Object.prototype.hasOwnProperty.call(read.value.bom, "__proto__")).toBe(false);
    expect(Object.getPrototypeOf(read.value.bom)).toBe(Object.prototype);
  }
  const result = bomToSupplierRows(text);
  expect(result.ok && result.value.rows.map((r) => r.name)).toEqual(["P"]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

test("huge but legal BOMs are refused with a count, not worked through", () => {
  const services = Array.from({ length: 2_001 }, (_, i) => ({ name: `s${i}` }));
  expect(bomToSupplierRows(bom({ services }))).toEqual({
    ok: false,
    error: "The BOM could not be read at services: Array must contain at most 2000 element(s).",
  });
  const many = Array.from({ length: 301 }, (_, i) => ({
    name: `s${i}`,
    provider: { name: `Provider ${i}` },
  }));
  expect(bomToSupplierRows(bom({ services: many }))).toEqual({
    ok: false,
    error: "The BOM names 301 suppliers; a supplier list holds at most 300.",
  });
  const nested = {
    name: "top",
    services: Array.from({ length: 1_500 }, (_, i) => ({
      name: `n${i}`,
      services: [{ name: `m${i}` }],
    })),
  };
  const result = bomToSupplierRows(bom({ services: [nested] }));
  expect(result.ok ? "ok" : result.error).toMatch(/more than 2000 services/);
});

test("names over 200 characters are cut with an ellipsis", () => {
  const result = bomToSupplierRows(
    bom({
      services: [{ name: "s", provider: { name: "N".repeat(500) }, "x-trust-boundary": true }],
    }),
  );
  expect(result.ok && result.value.rows[0]?.name).toBe(`${"N".repeat(199)}…`);
});

test("property: any JSON at all gives a row list or a message, never an exception", () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
      const asBom =
        typeof value === "object" && value !== null && !Array.isArray(value)
          ? { ...head, ...value }
          : value;
      for (const text of [JSON.stringify(value), JSON.stringify(asBom)]) {
        const result = bomToSupplierRows(text);
        expect(typeof result.ok).toBe("boolean");
        if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: 300 },
  );
});

test("property: services placed anywhere in the shape give rows of the stored shape", () => {
  const org = fc.record(
    {
      name: fc.string({ maxLength: 30 }),
      url: fc.array(fc.oneof(fc.webUrl(), fc.string({ maxLength: 20 })), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
  const flow = fc.record({
    flow: fc.constantFrom("inbound", "outbound", "bi-directional", "unknown"),
    classification: fc.oneof(
      fc.constantFrom("training data", "prompts", "weights", "telemetry", "PII", "none"),
      fc.string({ maxLength: 10 }),
    ),
  });
  const prop = fc.record({
    name: fc.constantFrom(
      "assay:country",
      "assay:countries",
      "assay:service",
      "assay:receives",
      "assay:state-controlled",
      "other",
    ),
    value: fc.oneof(
      fc.constantFrom("DE", "UK, France", "model_api", "weights", "yes", "no"),
      fc.string({ maxLength: 10 }),
    ),
  });
  type S = {
    name: string;
    provider?: object;
    "x-trust-boundary"?: boolean;
    data?: object[];
    properties?: object[];
    services?: S[];
  };
  const service: fc.Arbitrary<S> = fc.letrec<{ s: S }>((tie) => ({
    s: fc.record(
      {
        name: fc.string({ maxLength: 30 }),
        provider: org,
        "x-trust-boundary": fc.boolean(),
        data: fc.array(flow, { maxLength: 3 }),
        properties: fc.array(prop, { maxLength: 4 }),
        services: fc.array(tie("s"), { maxLength: 2 }),
      },
      { requiredKeys: ["name"] },
    ),
  })).s;
  fc.assert(
    fc.property(fc.array(service, { maxLength: 6 }), (services) => {
      const result = mapBom({ ...head, services }, "1.6");
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      for (const row of result.value.rows) {
        expect(row.name.length).toBeLessThanOrEqual(200);
        expect(SERVICE_KINDS).toContain(row.service);
        expect(row.receives.every((k) => DATA_KINDS.includes(k))).toBe(true);
        expect([...row.receives]).toEqual(DATA_KINDS.filter((k) => row.receives.includes(k)));
        expect(row.countries.every(isCountryCode)).toBe(true);
        if (row.domain !== null) expect(row.domain).toMatch(/^[a-z0-9.-]+$/);
      }
      for (const note of result.value.notes)
        if (note.row !== null) expect(note.row).toBeLessThan(result.value.rows.length);
    }),
    { numRuns: 200 },
  );
});
