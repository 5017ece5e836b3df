import fc from "fast-check";
import { expect, test } from "vitest";
import { COUNTRIES } from "./countries";
import { checkCountryRules, type CountryPolicy, worstSeverity } from "./country-rules";
import { DATA_KINDS, STATE_CONTROL, SERVICE_KINDS, type SupplierRow } from "./types";

function row(over: Partial<SupplierRow>): SupplierRow {
  return {
    name: "GPU Cloud",
    domain: "gpucloud.example",
    service: "cloud_compute",
    receives: ["training_data"],
    countries: ["DE"],
    stateControlled: "no",
    ...over,
  };
}

const policy: CountryPolicy = {
  allowed: { training_data: ["EEA"], prompts_outputs: ["EEA", "GB", "US"] },
  concern: ["RU", "KP"],
};

test("a flow outside the allowed places for its kind of data is a violation with a severity and message", () => {
  const violations = checkCountryRules(
    {
      suppliers: [
        row({}),
        row({ name: "Label Co", receives: ["training_data", "metadata"], countries: ["de", "IN"] }),
      ],
    },
    policy,
  );
  expect(violations).toEqual([
    {
      row: 1,
      supplier: "Label Co",
      dataKind: "training_data",
      country: "IN",
      reasons: ["not_allowed"],
      severity: "high",
      message:
        "Label Co receives training data in India: training data may only go to European Economic Area.",
    },
  ]);
});

test("a jurisdiction of concern is flagged for every kind, critical for training data and weights", () => {
  const violations = checkCountryRules(
    {
      suppliers: [
        row({
          name: "Far Cloud",
          receives: ["metadata", "weights", "training_data"],
          countries: ["RU"],
        }),
      ],
    },
    policy,
  );
  expect(violations.map((v) => [v.dataKind, v.reasons, v.severity])).toEqual([
    ["metadata", ["jurisdiction_of_concern"], "high"],
    ["training_data", ["not_allowed", "jurisdiction_of_concern"], "critical"],
    ["weights", ["jurisdiction_of_concern"], "critical"],
  ]);
  expect(violations[1]?.message).toBe(
    "Far Cloud receives training data in Russian Federation: training data may only go to European Economic Area; Russian Federation is a jurisdiction of concern.",
  );
  expect(worstSeverity(violations)).toBe("critical");
  expect(worstSeverity([])).toBeNull();
});

test("the vendor's own countries are checked too, as row null", () => {
  const violations = checkCountryRules(
    {
      suppliers: [],
      vendor: { countries: ["US"], receives: ["prompts_outputs", "training_data"] },
    },
    policy,
  );
  expect(violations).toMatchObject([
    { row: null, supplier: null, dataKind: "training_data", country: "US" },
  ]);
  expect(violations[0]?.message).toMatch(
    /^The vendor receives training data in United States of America/,
  );
});

test("regions: an EU rule allows Germany but not Norway; the world allows anywhere", () => {
  const eu: CountryPolicy = { allowed: { weights: ["EU"] }, concern: [] };
  expect(
    checkCountryRules({ suppliers: [row({ receives: ["weights"], countries: ["DE", "NO"] })] }, eu),
  ).toMatchObject([{ country: "NO", reasons: ["not_allowed"] }]);
  const world: CountryPolicy = { allowed: { weights: ["001"] }, concern: [] };
  expect(
    checkCountryRules(
      { suppliers: [row({ receives: ["weights"], countries: ["NO", "CN"] })] },
      world,
    ),
  ).toEqual([]);
  // An empty list allows nowhere: the data must not leave the vendor.
  const nowhere: CountryPolicy = { allowed: { weights: [] }, concern: [] };
  expect(
    checkCountryRules(
      { suppliers: [row({ receives: ["weights"], countries: ["DE"] })] },
      nowhere,
    )[0]?.message,
  ).toBe("GPU Cloud receives model weights in Germany: model weights may not leave the vendor.");
});

test("unchecked flows: no countries declared, or a code that is not a country, where a rule applies", () => {
  const violations = checkCountryRules(
    {
      suppliers: [
        row({ countries: [] }),
        row({ name: "Odd", countries: ["ZZ"] }),
        row({ name: "Free", receives: ["metadata"], countries: [] }),
      ],
    },
    { allowed: { training_data: ["EEA"] }, concern: [] },
  );
  expect(violations.map((v) => [v.supplier, v.country, v.reasons, v.severity])).toEqual([
    ["GPU Cloud", null, ["countries_not_declared"], "medium"],
    ["Odd", "ZZ", ["unknown_country"], "medium"],
  ]);
});

test("state control is a violation only when the policy says so; 'none' is never checked", () => {
  const rows = [
    row({ stateControlled: "yes", countries: ["FR"] }),
    row({ name: "Nothing", receives: ["none"], countries: ["KP"] }),
  ];
  expect(checkCountryRules({ suppliers: rows }, policy)).toEqual([]);
  expect(
    checkCountryRules({ suppliers: rows }, { ...policy, flagStateControlled: true }),
  ).toMatchObject([
    {
      row: 0,
      country: null,
      reasons: ["state_controlled"],
      severity: "high",
      message: "GPU Cloud receives training data: GPU Cloud is state-controlled.",
    },
  ]);
});

const codes = COUNTRIES.map((c) => c.code);
const place = fc.oneof(
  fc.constantFrom(...codes),
  fc.constantFrom("EU", "EEA", "150", "142", "019", "002", "001", "030"),
);
const supplierRow = fc.record({
  name: fc.string({ minLength: 1, maxLength: 20 }),
  domain: fc.constant(null),
  service: fc.constantFrom(...SERVICE_KINDS),
  receives: fc.uniqueArray(fc.constantFrom(...DATA_KINDS), { maxLength: 5 }),
  countries: fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 5 }),
  stateControlled: fc.constantFrom(...STATE_CONTROL),
});
const anyPolicy = fc.record({
  allowed: fc.dictionary(fc.constantFrom(...DATA_KINDS), fc.array(place, { maxLength: 4 })),
  concern: fc.array(place, { maxLength: 3 }),
  flagStateControlled: fc.boolean(),
});

test("property: every violation points at a row, a kind it receives and a country it declares", () => {
  fc.assert(
    fc.property(fc.array(supplierRow, { maxLength: 8 }), anyPolicy, (suppliers, p) => {
      for (const v of checkCountryRules({ suppliers }, p)) {
        const r = v.row === null ? undefined : suppliers[v.row];
        expect(r).toBeDefined();
        expect(v.dataKind).not.toBe("none");
        expect(r?.receives).toContain(v.dataKind);
        if (v.country !== null) expect(r?.countries).toContain(v.country);
        expect(v.reasons.length).toBeGreaterThan(0);
      }
    }),
  );
});

test("property: with no limits and no concerns nothing is flagged; allowing the world and no concerns neither", () => {
  fc.assert(
    fc.property(fc.array(supplierRow, { maxLength: 8 }), (suppliers) => {
      expect(checkCountryRules({ suppliers }, { allowed: {}, concern: [] })).toEqual([]);
      const world = Object.fromEntries(DATA_KINDS.map((k) => [k, ["001"]]));
      const withCountries = suppliers.filter((s) => s.countries.length > 0);
      expect(
        checkCountryRules({ suppliers: withCountries }, { allowed: world, concern: [] }),
      ).toEqual([]);
    }),
  );
});

test("property: adding a jurisdiction of concern or narrowing what is allowed never removes a violation", () => {
  fc.assert(
    fc.property(
      fc.array(supplierRow, { maxLength: 6 }),
      anyPolicy,
      place,
      (suppliers, p, extra) => {
        const key = (v: { row: number | null; dataKind: string; country: string | null }) =>
          `${v.row}|${v.dataKind}|${v.country}`;
        const before = new Set(checkCountryRules({ suppliers }, p).map(key));
        const stricter = new Set(
          checkCountryRules({ suppliers }, { ...p, concern: [...p.concern, extra] }).map(key),
        );
        for (const k of before) expect(stricter.has(k)).toBe(true);
        const narrowed = Object.fromEntries(
          Object.entries(p.allowed).map(([k, places]) => [k, places.slice(1)]),
        );
        const narrower = new Set(
          checkCountryRules({ suppliers }, { ...p, allowed: narrowed }).map(key),
        );
        for (const k of before) expect(narrower.has(k)).toBe(true);
      },
    ),
  );
});
