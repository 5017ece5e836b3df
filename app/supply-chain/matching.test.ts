import fc from "fast-check";
import { parse } from "tldts";
import { expect, test } from "vitest";
import {
  createMatcher,
  matchProvider,
  nameSimilarity,
  normaliseDomain,
  normaliseName,
  providerKey,
  canonicalProviderKey,
  registrableDomain,
  type RegisterVendor,
} from "./matching";

const register: RegisterVendor[] = [
  { id: "gpu", name: "GPU Cloud Ltd", website: "https://www.gpucloud.example/about" },
  { id: "gpu-eu", name: "GPU Cloud Europe", website: "https://eu.gpucloud.example" },
  { id: "northwind", name: "Northwind AI", website: null, emailDomains: ["northwind.example"] },
  { id: "acme", name: "Acme, Inc.", website: "https://acme.co.uk" },
  { id: "pages", name: "Someone's Pages", website: "https://someone.github.io/" },
  { id: "g-cloud", name: "Google Cloud", website: "https://cloud.google.com" },
  { id: "g-work", name: "Google Workspace", website: "https://workspace.google.com" },
];

test("domains are normalised from what people write: scheme, www, port, path, case, email, trailing dot", () => {
  const cases: [string, string | null][] = [
    ["https://www.GPUCloud.example/pricing?x=1", "gpucloud.example"],
    ["gpucloud.example", "gpucloud.example"],
    ["GPUCLOUD.EXAMPLE.", "gpucloud.example"],
    ["http://api.gpucloud.example:8443/v1", "api.gpucloud.example"],
    ["www2.gpucloud.example", "gpucloud.example"],
    ["ops@northwind.example", "northwind.example"],
    ["  eu.gpucloud.example/  ", "eu.gpucloud.example"],
    ["localhost", null],
    ["not a domain", null],
    ["", null],
    ["javascript:alert(1)", null],
    ["https://", null],
    ["a".repeat(600) + ".com", null],
  ];
  for (const [input, expected] of cases)
    expect([input, normaliseDomain(input)]).toEqual([input, expected]);
  expect(normaliseDomain(null)).toBeNull();
});

test("registrable domains follow the Public Suffix List, private suffixes included", () => {
  expect(registrableDomain("eu.api.gpucloud.co.uk")).toBe("gpucloud.co.uk");
  expect(registrableDomain("api.gpucloud.example")).toBe("gpucloud.example");
  expect(registrableDomain("alice.github.io")).toBe("alice.github.io");
  expect(registrableDomain("10.0.0.1")).toBe("10.0.0.1");
});

test("a provider matches by domain: exact, under the vendor's domain, or the same organisation", () => {
  expect(matchProvider({ name: "Anything", domain: "gpucloud.example" }, register).match).toEqual({
    vendorId: "gpu",
    how: "exact",
    vendorDomain: "gpucloud.example",
  });
  // The more specific vendor domain wins.
  expect(
    matchProvider({ name: "x", domain: "https://fra.eu.gpucloud.example" }, register).match,
  ).toMatchObject({
    vendorId: "gpu-eu",
    how: "subdomain",
  });
  expect(
    matchProvider({ name: "x", domain: "api.gpucloud.example" }, register).match,
  ).toMatchObject({
    vendorId: "gpu",
    how: "subdomain",
  });
  // Email domains count as the vendor's.
  expect(
    matchProvider({ name: "NW", domain: "models.northwind.example" }, register).match?.vendorId,
  ).toBe("northwind");
  expect(matchProvider({ name: "x", domain: "shop.acme.co.uk" }, register).match?.vendorId).toBe(
    "acme",
  );
});

test("a shared hosting suffix or a bare public suffix does not make two parties one", () => {
  expect(matchProvider({ name: "Other", domain: "other.github.io" }, register).match).toBeNull();
  expect(matchProvider({ name: "Other", domain: "other.co.uk" }, register).match).toBeNull();
  expect(matchProvider({ name: "Other", domain: "co.uk" }, register).match).toBeNull();
});

test("two vendors equally close by domain are ambiguous: no match, a person chooses", () => {
  const result = matchProvider({ name: "Gemini", domain: "gemini.google.com" }, register);
  expect(result.match).toBeNull();
  expect(result.ambiguous).toBe(true);
});

test("by name only suggestions come back, with a confidence, never a match", () => {
  const result = matchProvider({ name: "GPU Cloud Limited", domain: null }, register);
  expect(result.match).toBeNull();
  expect(result.suggestions[0]).toEqual({ vendorId: "gpu", name: "GPU Cloud Ltd", confidence: 1 });
  expect(result.suggestions.map((s) => s.vendorId)).toContain("gpu-eu");

  const other = matchProvider({ name: "Acme Incorporated", domain: "acme-labs.example" }, register);
  expect(other.match).toBeNull();
  expect(other.suggestions).toEqual([{ vendorId: "acme", name: "Acme, Inc.", confidence: 1 }]);

  expect(
    matchProvider({ name: "Completely Different", domain: null }, register).suggestions,
  ).toEqual([]);
});

test("a domain match leaves no name suggestions to confirm", () => {
  const result = matchProvider({ name: "Northwind AI", domain: "northwind.example" }, register);
  expect(result.match?.vendorId).toBe("northwind");
  expect(result.suggestions).toEqual([]);
});

test("names are compared without case, accents, punctuation, spaces or company forms", () => {
  expect(normaliseName("Open AI, L.L.C.")).toBe("openai");
  expect(normaliseName("OpenAI")).toBe("openai");
  expect(normaliseName("Société Générale S.A.")).toBe("societegenerale");
  expect(normaliseName("The Group")).toBe("thegroup");
  expect(nameSimilarity("Mistral AI SAS", "mistral ai")).toBe(1);
  expect(nameSimilarity("Anthropic", "Anthrop1c")).toBeGreaterThan(0.6);
  expect(nameSimilarity("Anthropic", "Cohere")).toBeLessThan(0.3);
  expect(nameSimilarity("", "x")).toBe(0);
  // The same letter pairs, not the same name: only identical names score 1.
  expect(nameSimilarity("Vendor 111", "Vendor 1111")).toBe(0.99);
});

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const host = fc
  .tuple(
    fc.array(label, { minLength: 0, maxLength: 2 }),
    label,
    fc.constantFrom("com", "example", "co.uk", "io"),
  )
  .map(([subs, name, tld]) => [...subs, name, tld].join("."));

test("property: how a domain is written (scheme, www, case, port, path) never changes it", () => {
  fc.assert(
    fc.property(
      host,
      fc.constantFrom("", "https://", "http://"),
      fc.boolean(),
      fc.boolean(),
      fc.string(),
      (h, scheme, www, upper, path) => {
        let written = `${scheme}${www ? "www." : ""}${h}`;
        if (upper) written = written.toUpperCase();
        if (scheme) written += `:8080/${encodeURIComponent(path)}`;
        const expected = h.replace(/^www\d*\./, "");
        expect(normaliseDomain(written)).toBe(expected);
        expect(normaliseDomain(normaliseDomain(written))).toBe(expected);
      },
    ),
  );
});

test("property: a provider on a vendor's host or under it matches that vendor when no other claims it", () => {
  fc.assert(
    fc.property(
      host,
      fc.array(label, { maxLength: 3 }),
      fc.string({ maxLength: 30 }),
      (vendorHost, subs, name) => {
        // A vendor "on" a public suffix ("uk.com", "co.uk") owns nothing under it: hosts there
        // belong to whoever registered them (the test of a bare public suffix above), so the property is about
        // vendors on a registrable domain or under one.
        fc.pre(registrableDomain(vendorHost) !== null);
        const vendors: RegisterVendor[] = [
          { id: "v", name: "Vendor", website: `https://${vendorHost}/` },
        ];
        const providerHost = [...subs, vendorHost].join(".");
        const result = matchProvider({ name, domain: providerHost }, vendors);
        expect(result.match?.vendorId).toBe("v");
        expect(result.suggestions).toEqual([]);
      },
    ),
  );
});

test("property: names alone never produce a match; suggestions are sorted confidences in (0, 1], at most five", () => {
  const names = fc.array(fc.string({ minLength: 1, maxLength: 20 }), {
    minLength: 1,
    maxLength: 30,
  });
  fc.assert(
    fc.property(names, fc.string({ maxLength: 40 }), (vendorNames, providerName) => {
      const vendors = vendorNames.map((name, i) => ({ id: `v${i}`, name, website: null }));
      const matcher = createMatcher(vendors, { minConfidence: 0.01 });
      const result = matcher.match({ name: providerName, domain: null });
      expect(result.match).toBeNull();
      expect(result.suggestions.length).toBeLessThanOrEqual(5);
      for (const s of result.suggestions) {
        expect(s.confidence).toBeGreaterThan(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
      }
      const confidences = result.suggestions.map((s) => s.confidence);
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
      // The index agrees with the direct measure.
      for (const s of result.suggestions) {
        const vendor = vendors.find((v) => v.id === s.vendorId);
        expect(s.confidence).toBe(nameSimilarity(providerName, vendor?.name ?? ""));
      }
    }),
  );
});

test("matching 2,000 providers against 10,000 vendors stays well under a few seconds", () => {
  const vendors = Array.from({ length: 10_000 }, (_, i) => ({
    id: `v${i}`,
    name: `Vendor ${i} Analytics Ltd`,
    website: i % 2 === 0 ? `https://v${i}.example` : null,
  }));
  const matcher = createMatcher(vendors);
  const started = performance.now();
  let matched = 0;
  let suggested = 0;
  for (let i = 0; i < 2_000; i++) {
    const result = matcher.match({
      name: `Vendor ${i * 3} Analytics`,
      domain: `api.v${i * 3}.example`,
    });
    if (result.match) matched++;
    if (result.suggestions[0]?.vendorId === `v${i * 3}`) suggested++;
  }
  expect(matched).toBe(1_000);
  expect(suggested).toBe(1_000);
  expect(performance.now() - started).toBeLessThan(5_000);
});

test("a provider's key on the map: its registrable domain, else its normalised name (decision 330)", () => {
  expect(providerKey({ name: "GPU Cloud", domain: "https://www.GPUCloud.example/x" })).toBe(
    "domain:gpucloud.example",
  );
  // One organisation, many hosts: one supplier.
  for (const host of [
    "api.openai.com",
    "openai.com",
    "https://platform.openai.com/v1",
    "EU.API.OpenAI.com.",
  ])
    expect(providerKey({ name: "OpenAI", domain: host })).toBe("domain:openai.com");
  expect(providerKey({ name: "X", domain: "eu.api.gpucloud.co.uk" })).toBe("domain:gpucloud.co.uk");
  // A private public suffix: whoever registered under it is a different party.
  expect(providerKey({ name: "A", domain: "alice.github.io" })).toBe("domain:alice.github.io");
  expect(providerKey({ name: "B", domain: "bob.github.io" })).toBe("domain:bob.github.io");
  // uk.com is one too (a case the property below generated).
  expect(providerKey({ name: "A", domain: "a.uk.com" })).toBe("domain:a.uk.com");
  // A host that is itself a public suffix has no registrable domain: it is its own key.
  expect(providerKey({ name: "Amazon S3", domain: "s3.amazonaws.com" })).toBe(
    "domain:s3.amazonaws.com",
  );
  expect(providerKey({ name: "Bucket", domain: "mybucket.s3.amazonaws.com" })).toBe(
    "domain:mybucket.s3.amazonaws.com",
  );
  // Keys stored before decision 330 read as today's.
  expect(canonicalProviderKey("domain:api.openai.com")).toBe("domain:openai.com");
  expect(canonicalProviderKey("domain:openai.com")).toBe("domain:openai.com");
  expect(canonicalProviderKey("name:labelpeople")).toBe("name:labelpeople");
  expect(providerKey({ name: "Label People Inc.", domain: null })).toBe("name:labelpeople");
  expect(providerKey({ name: "Label People", domain: "not a domain" })).toBe("name:labelpeople");
});

test("property: every host under one registrable domain has one key, and keys never join two domains (decision 330)", () => {
  fc.assert(
    fc.property(
      fc.array(label, { maxLength: 3 }),
      fc.array(label, { maxLength: 3 }),
      label,
      label,
      fc.constantFrom("com", "example", "co.uk", "io"),
      (subsA, subsB, org, other, tld) => {
        const hostA = [...subsA, org, tld].join(".");
        const hostB = [...subsB, org, tld].join(".");
        const hostC = [...subsA, other, tld].join(".");
        // Only hosts whose public suffix is the TLD itself: a generated label can make a
        // private suffix of its own, as "uk" does under "com" (uk.com, like github.io, is
        // one), and then each name registered under it is its own party (the example above).
        fc.pre(
          [hostA, hostB, hostC].every(
            (host) => parse(host, { allowPrivateDomains: true }).publicSuffix === tld,
          ),
        );
        const a = providerKey({ name: "A", domain: hostA });
        const b = providerKey({ name: "B", domain: hostB });
        expect(a).toBe(b);
        expect(a).toBe(`domain:${org}.${tld}`);
        expect(canonicalProviderKey(a)).toBe(a);
        const c = providerKey({ name: "A", domain: hostC });
        expect(c === a).toBe(other === org);
      },
    ),
  );
});
