// Matching declared providers to vendors in the register (decision 251): by domain first —
// the same registrable domain, as the Public Suffix List draws it (tldts), so
// "api.gpucloud.example" is GPU Cloud's but "alice.github.io" is not GitHub's — then by name,
// only ever as a suggestion with a confidence that a person confirms. A name never merges.
import { parse } from "tldts";

/** A vendor in the register as matching sees it. */
export type RegisterVendor = {
  id: string;
  name: string;
  website: string | null;
  /** The vendor's email domains: more of its domains ("northwind.example"). */
  emailDomains?: readonly string[];
};

export type DomainMatch = {
  vendorId: string;
  /** exact: same host; subdomain: one host is under the other; organisation: same registrable domain. */
  how: "exact" | "subdomain" | "organisation";
  /** The vendor's domain it matched. */
  vendorDomain: string;
};

export type NameSuggestion = { vendorId: string; name: string; confidence: number };

export type ProviderMatch = {
  /** Set only by a domain: the provider is this register vendor. */
  match: DomainMatch | null;
  /** Vendors the provider may be, by name, best first; never applied without a person. */
  suggestions: NameSuggestion[];
  /** Several vendors claim the provider's domain equally: a person must choose. */
  ambiguous: boolean;
};

const MAX_INPUT = 500;

/**
 * A bare lower-case host from what people write for a website or domain: a URL, a host with
 * "www.", a port, a path, a trailing dot, an email address. Null when it is not a host name
 * (empty, spaces inside, a bare word without a dot, over 253 characters).
 */
export function normaliseDomain(input: string | null | undefined): string | null {
  if (!input) return null;
  return remembered(normalisedDomains, input, readDomain);
}

// The map reads every declared row and register vendor on each request (decision 365): the
// same few thousand hosts each time, so the pure parses below are remembered, up to a bound.
const REMEMBERED = 50_000;
const normalisedDomains = new Map<string, string | null>();
const registrableDomains = new Map<string, string | null>();
const providerKeys = new Map<string, string>();
function remembered<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) return hit as T;
  const value = compute(key);
  if (cache.size >= REMEMBERED) cache.clear();
  cache.set(key, value);
  return value;
}

function readDomain(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (text.length === 0 || text.length > MAX_INPUT) return null;
  const at = text.lastIndexOf("@");
  if (at >= 0 && !text.includes("/")) text = text.slice(at + 1);
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `http://${text}`;
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, "").replace(/^www\d*\./, "");
  if (host.startsWith("[")) return host; // an IPv6 literal: compared as it is
  if (host.length === 0 || host.length > 253 || !host.includes(".")) return null;
  if (!/^[a-z0-9.-]+$/.test(host) || host.split(".").some((l) => l.length === 0 || l.length > 63))
    return null;
  return host;
}

/** The part of a host an organisation registers ("eu.api.gpucloud.co.uk" → "gpucloud.co.uk"). */
export function registrableDomain(host: string): string | null {
  return remembered(registrableDomains, host, readRegistrable);
}

function readRegistrable(host: string): string | null {
  const parsed = parse(host, { allowPrivateDomains: true });
  if (parsed.isIp) return host;
  return parsed.domain ?? null;
}

function relation(provider: string, vendor: string): DomainMatch["how"] | null {
  if (provider === vendor) return "exact";
  if (provider.endsWith(`.${vendor}`) || vendor.endsWith(`.${provider}`)) {
    // "github.io" is a public suffix: a host under it belongs to whoever registered it.
    return registrableDomain(provider) === registrableDomain(vendor) ? "subdomain" : null;
  }
  const a = registrableDomain(provider);
  return a !== null && a === registrableDomain(vendor) ? "organisation" : null;
}

const HOW_RANK: Record<DomainMatch["how"], number> = { exact: 3, subdomain: 2, organisation: 1 };

// Company-form words that say nothing about who a company is (Inc, GmbH, S.A.).
const LEGAL_FORMS = new Set(
  (
    "inc incorporated corp corporation co company ltd limited llc llp lp plc gmbh ag kg se sa sas " +
    "sarl bv nv oy oyj ab as asa aps spa srl sl pty pte kk the group holdings holding"
  ).split(" "),
);

/** A name's words, lower case, without accents, punctuation or company forms ("Acme, Inc." → ["acme"]). */
export function nameTokens(name: string): string[] {
  const words = name
    .slice(0, MAX_INPUT)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[.'’]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return kept.length > 0 ? kept : words;
}

/** The name as compared: its words run together ("Open AI Ltd." → "openai"). */
export function normaliseName(name: string): string {
  return nameTokens(name).join("");
}

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  if (text.length === 1) grams.add(text);
  for (let i = 0; i + 1 < text.length; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

// Rounded to two places; only the same normalised name scores 1 ("aaa" and "aaaa" have the
// same set of letter pairs but are not the same name).
function dice(shared: number, a: number, b: number): number {
  return Math.min(0.99, Math.round(((2 * shared) / (a + b)) * 100) / 100);
}

/** Sørensen–Dice similarity of two names' letter pairs, 0…1; 1 only for the same normalised name. */
export function nameSimilarity(a: string, b: string): number {
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (x.length === 0 || y.length === 0) return 0;
  if (x === y) return 1;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  for (const g of gx) if (gy.has(g)) shared++;
  return dice(shared, gx.size, gy.size);
}

export type MatcherOptions = {
  /** Suggestions below this confidence are left out. */
  minConfidence?: number;
  maxSuggestions?: number;
};

/**
 * Indexes the register once, so matching many providers against 10,000 vendors stays cheap:
 * vendors by registrable domain, and — on the first name suggestion asked for, as the map's
 * list pages ask none (decision 365) — by the letter pairs of their names.
 */
export function createMatcher(vendors: readonly RegisterVendor[], options: MatcherOptions = {}) {
  const minConfidence = options.minConfidence ?? 0.6;
  const maxSuggestions = options.maxSuggestions ?? 5;
  const byRegistrable = new Map<string, { vendor: RegisterVendor; domain: string }[]>();

  for (const vendor of vendors) {
    const domains = new Set<string>();
    const website = normaliseDomain(vendor.website);
    if (website) domains.add(website);
    for (const d of vendor.emailDomains ?? []) {
      const host = normaliseDomain(d);
      if (host) domains.add(host);
    }
    for (const domain of domains) {
      const key = registrableDomain(domain) ?? domain;
      const list = byRegistrable.get(key) ?? [];
      list.push({ vendor, domain });
      byRegistrable.set(key, list);
    }
  }

  function matchDomain(domain: string | null | undefined): {
    match: DomainMatch | null;
    ambiguous: boolean;
  } {
    const host = normaliseDomain(domain);
    if (!host) return { match: null, ambiguous: false };
    const candidates = byRegistrable.get(registrableDomain(host) ?? host) ?? [];
    let best: DomainMatch[] = [];
    let bestScore = -1;
    for (const { vendor, domain: vendorDomain } of candidates) {
      const how = relation(host, vendorDomain);
      if (!how) continue;
      // Prefer the closer relation; among vendor domains the provider's host is under, the
      // most specific ("eu.gpucloud.example" over "gpucloud.example"). Siblings tie: ambiguous.
      const under = how === "subdomain" && host.endsWith(`.${vendorDomain}`);
      const score = HOW_RANK[how] * 1000 + (under ? vendorDomain.length : 0);
      if (score > bestScore) {
        bestScore = score;
        best = [{ vendorId: vendor.id, how, vendorDomain }];
      } else if (score === bestScore && !best.some((m) => m.vendorId === vendor.id)) {
        best.push({ vendorId: vendor.id, how, vendorDomain });
      }
    }
    if (best.length === 1) return { match: best[0] ?? null, ambiguous: false };
    return { match: null, ambiguous: best.length > 1 };
  }

  let names: NameIndex | null = null;
  const nameIndex = () => (names ??= indexNames(vendors));

  function suggestByName(name: string): NameSuggestion[] {
    const compact = normaliseName(name);
    if (compact.length === 0) return [];
    const { byGram, byCompact, gramSets, compactNames, gramCap } = nameIndex();
    const grams = bigrams(compact);
    const candidates = new Set<number>(byCompact.get(compact) ?? []);
    for (const g of grams) {
      const list = byGram.get(g);
      if (list && list.length <= gramCap) for (const i of list) candidates.add(i);
    }
    const found: NameSuggestion[] = [];
    for (const index of candidates) {
      const vendor = vendors[index];
      const theirs = gramSets[index];
      if (!vendor || !theirs) continue;
      let shared = 0;
      for (const g of grams) if (theirs.has(g)) shared++;
      const confidence =
        compactNames[index] === compact ? 1 : dice(shared, grams.size, theirs.size);
      if (confidence >= minConfidence)
        found.push({ vendorId: vendor.id, name: vendor.name, confidence });
    }
    return found
      .sort(
        (a, b) => b.confidence - a.confidence || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      )
      .slice(0, maxSuggestions);
  }

  /** Which register vendor a declared provider is: by domain, else name suggestions only. */
  function match(provider: { name: string; domain: string | null }): ProviderMatch {
    const { match: byDomain, ambiguous } = matchDomain(provider.domain);
    if (byDomain) return { match: byDomain, suggestions: [], ambiguous };
    return { match: null, suggestions: suggestByName(provider.name), ambiguous };
  }

  return { match, matchDomain, suggestByName };
}

type NameIndex = {
  byGram: Map<string, number[]>;
  byCompact: Map<string, number[]>;
  gramSets: Set<string>[];
  compactNames: string[];
  gramCap: number;
};

function indexNames(vendors: readonly RegisterVendor[]): NameIndex {
  const byGram = new Map<string, number[]>();
  const byCompact = new Map<string, number[]>();
  const gramSets: Set<string>[] = [];
  const compactNames: string[] = [];
  vendors.forEach((vendor, index) => {
    const compact = normaliseName(vendor.name);
    compactNames.push(compact);
    const same = byCompact.get(compact) ?? [];
    same.push(index);
    byCompact.set(compact, same);
    const grams = bigrams(compact);
    gramSets.push(grams);
    for (const g of grams) {
      const list = byGram.get(g) ?? [];
      list.push(index);
      byGram.set(g, list);
    }
  });
  // Letter pairs most names share ("an", "er") find nobody in particular: past this many
  // vendors a pair is not used to find candidates (each candidate is then measured exactly).
  // Identical names are always found through their own index.
  const gramCap = Math.max(200, Math.ceil(vendors.length / 50));
  return { byGram, byCompact, gramSets, compactNames, gramCap };
}

/** One provider against the register; build a matcher with createMatcher for many. */
export function matchProvider(
  provider: { name: string; domain: string | null },
  vendors: readonly RegisterVendor[],
  options?: MatcherOptions,
): ProviderMatch {
  return createMatcher(vendors, options).match(provider);
}

/**
 * A declared provider's identity on the map (decisions 242, 330): `domain:<registrable domain>`
 * when the vendor gave a domain — "api.openai.com", "platform.openai.com" and "openai.com" are
 * one supplier, `domain:openai.com`, while "alice.github.io" and "bob.github.io" stay two (the
 * Public Suffix List's private part) — else `name:<normalised name>`. An IP address is its own
 * key. Stored in provider_matches: read stored keys through canonicalProviderKey.
 */
export function providerKey(provider: { name: string; domain: string | null }): string {
  return remembered(providerKeys, `${provider.domain ?? ""}\u0000${provider.name}`, () =>
    readProviderKey(provider),
  );
}

function readProviderKey(provider: { name: string; domain: string | null }): string {
  const host = normaliseDomain(provider.domain);
  if (!host) return `name:${normaliseName(provider.name)}`;
  return `domain:${registrableDomain(host) ?? host}`;
}

/**
 * A key as stored or linked before decision 330 (`domain:<exact host>`) in today's form, so
 * that a person's earlier match decision and an old link still find their provider.
 */
export function canonicalProviderKey(key: string): string {
  if (!key.startsWith("domain:")) return key;
  const host = key.slice("domain:".length);
  return `domain:${registrableDomain(host) ?? host}`;
}
