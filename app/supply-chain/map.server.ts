// The supply-chain map (docs/decisions/241, 242): from each vendor's latest submitted
// assessment, the declared providers grouped by identity (providerKey), matched to the
// register by domain or a confirmed name, else kept as fourth parties; the countries data
// flows to; and the concentration of vendors on each provider. Read-only, staff only.
import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { cachedPortfolio, type RevisionSnapshot } from "~/dashboard/portfolio-cache.server";
import { type Db, schema } from "~/db.server";
import { countryIn, getCountry } from "./countries";
import { getSupplyChainPolicy } from "./declared.server";
import { type DependentVendor, dependentVendors, vendorPositions } from "./graph";
import { canonicalProviderKey, createMatcher, providerKey } from "./matching";
import { type DataKind, type ServiceKind } from "./types";

export type Flow = {
  vendorId: string;
  vendorName: string;
  vendorCriticality: "low" | "medium" | "high";
  assessmentId: string;
  providerKey: string;
  providerName: string;
  domain: string | null;
  service: ServiceKind;
  receives: DataKind[];
  countries: string[];
  stateControlled: string;
};

export type Provider = {
  key: string;
  /** The name most vendors gave it. */
  name: string;
  /** The registrable domain the key groups by (decision 330); null for a name-only provider. */
  domain: string | null;
  /** Every host vendors declared for it ("api.openai.com", "openai.com"). */
  hosts: string[];
  /** The register vendor it is, by domain or a person's confirmation; null: a fourth party. */
  registerVendor: { id: string; name: string; how: "domain" | "confirmed" } | null;
  /** Distinct, in order of first appearance in `flows`, with what each sends (dependentVendors). */
  vendors: DependentVendor[];
  /** Each of `vendors`' ids to its index there (vendorPositions). */
  vendorAt: ReadonlyMap<string, number>;
  criticalVendors: number;
  /** Vendors that send it training data or weights. */
  criticalData: number;
  services: ServiceKind[];
  receives: DataKind[];
  countries: string[];
  flows: Flow[];
  /** Name-only suggestions from the register, for a person to confirm (not yet decided). */
  suggestions: { vendorId: string; name: string; confidence: number }[];
};

const CRITICAL_DATA: ReadonlySet<DataKind> = new Set(["training_data", "weights"]);

/** Each vendor's latest submitted assessment, as a subquery `latest` (id, vendorId). */
function latestSubmitted(db: Db) {
  return db
    .selectDistinctOn([schema.assessments.vendorId], {
      id: schema.assessments.id,
      vendorId: schema.assessments.vendorId,
    })
    .from(schema.assessments)
    .where(sql`${schema.assessments.submittedAt} is not null`)
    .orderBy(
      schema.assessments.vendorId,
      sql`${schema.assessments.submittedAt} desc`,
      sql`${schema.assessments.id} desc`,
    )
    .as("latest");
}

/** Every declared flow of the vendors' latest submitted assessments. */
async function loadFlows(db: Db): Promise<Flow[]> {
  const latest = latestSubmitted(db);
  const rows = await db
    .select({
      vendorId: schema.vendors.id,
      vendorName: schema.vendors.name,
      vendorCriticality: schema.vendors.criticality,
      assessmentId: schema.declaredSuppliers.assessmentId,
      name: schema.declaredSuppliers.name,
      domain: schema.declaredSuppliers.domain,
      service: schema.declaredSuppliers.service,
      receives: schema.declaredSuppliers.receives,
      countries: schema.declaredSuppliers.countries,
      stateControlled: schema.declaredSuppliers.stateControlled,
    })
    .from(schema.declaredSuppliers)
    .innerJoin(latest, eq(latest.id, schema.declaredSuppliers.assessmentId))
    .innerJoin(schema.vendors, eq(schema.vendors.id, schema.declaredSuppliers.vendorId))
    .where(isNull(schema.vendors.archivedAt))
    .orderBy(schema.vendors.name, schema.declaredSuppliers.position);
  return rows.map((row) => ({
    vendorId: row.vendorId,
    vendorName: row.vendorName,
    vendorCriticality: row.vendorCriticality,
    assessmentId: row.assessmentId,
    providerKey: providerKey({ name: row.name, domain: row.domain }),
    providerName: row.name,
    domain: row.domain,
    service: row.service as ServiceKind,
    receives: row.receives as DataKind[],
    countries: row.countries,
    stateControlled: row.stateControlled,
  }));
}

/** Providers with the totals the map page shows beside them. */
export type ProviderList = {
  /** Most depended-on first. */
  providers: Provider[];
  /** Distinct vendors depending on any of them. */
  vendorCount: number;
  /** Their flows, all told. */
  flowCount: number;
};

type Snapshot = {
  flows: Flow[];
  /** Most depended-on first, without name suggestions (the provider page works its out). */
  providers: Provider[];
  /** The providers with their totals, counted once per revision (decision 393). */
  list: ProviderList;
  matcher: ReturnType<typeof createMatcher>;
  /** Vendors a person rejected as each provider, by provider key. */
  rejected: Map<string, Set<string>>;
  locations: Omit<LocationRow, "concern">[];
};

/**
 * The map as every page of it reads it, worked out once per supply-chain revision (decision
 * 365): the revision moves with every committed write to what it reads — declared rows,
 * submissions, vendors, match decisions (migration 0018) — so a hit costs one row read,
 * where working it out reads every flow of 10,000 vendors. Shared: callers must not mutate.
 */
function mapSnapshot(db: Db, revisions?: RevisionSnapshot): Promise<Snapshot> {
  return cachedPortfolio(db, "map", computeSnapshot, "supply_chain_revision", undefined, revisions);
}

async function computeSnapshot(db: Db): Promise<Snapshot> {
  const flows = await loadFlows(db);
  const register = await db
    .select({
      id: schema.vendors.id,
      name: schema.vendors.name,
      website: schema.vendors.website,
      emailDomains: schema.vendors.emailDomains,
    })
    .from(schema.vendors)
    .where(isNull(schema.vendors.archivedAt));
  const names = new Map(register.map((v) => [v.id, v.name]));
  const matcher = createMatcher(register);
  // A person's decisions, stored under the key of the day (canonicalProviderKey reads keys
  // written before decision 330); the table holds one row per decision, never per flow.
  const decisions = new Map<string, { vendorId: string; confirmed: boolean }[]>();
  if (flows.length > 0)
    for (const d of await db.select().from(schema.providerMatches)) {
      const key = canonicalProviderKey(d.providerKey);
      const list = decisions.get(key);
      if (list) list.push(d);
      else decisions.set(key, [d]);
    }
  const byKey = new Map<string, Flow[]>();
  for (const flow of flows) {
    const list = byKey.get(flow.providerKey);
    if (list) list.push(flow);
    else byKey.set(flow.providerKey, [flow]);
  }
  const providers: Provider[] = [];
  const rejectedByKey = new Map<string, Set<string>>();
  for (const [key, list] of byKey) {
    const nameCounts = new Map<string, number>();
    for (const f of list) nameCounts.set(f.providerName, (nameCounts.get(f.providerName) ?? 0) + 1);
    const name = [...nameCounts.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0]![0];
    const hosts = [...new Set(list.flatMap((f) => (f.domain ? [f.domain] : [])))].sort();
    const vendors = dependentVendors(list);
    const mine = decisions.get(key) ?? [];
    const confirmed = mine.find((d) => d.confirmed);
    rejectedByKey.set(key, new Set(mine.filter((d) => !d.confirmed).map((d) => d.vendorId)));
    // Each declared host is matched on its own (decision 251); the group is that register
    // vendor only when every host that matches names the same one (decision 330).
    const byDomain = new Set(
      hosts.flatMap((host) => {
        const found = matcher.matchDomain(host).match;
        return found ? [found.vendorId] : [];
      }),
    );
    const domainVendor = byDomain.size === 1 ? [...byDomain][0]! : null;
    const registerVendor = domainVendor
      ? {
          id: domainVendor,
          name: names.get(domainVendor) ?? "",
          how: "domain" as const,
        }
      : confirmed
        ? {
            id: confirmed.vendorId,
            name: names.get(confirmed.vendorId) ?? "",
            how: "confirmed" as const,
          }
        : null;
    providers.push({
      key,
      name,
      domain: key.startsWith("domain:") ? key.slice("domain:".length) : null,
      hosts,
      registerVendor,
      vendors,
      vendorAt: vendorPositions(vendors),
      criticalVendors: new Set(
        list.filter((f) => f.vendorCriticality === "high").map((f) => f.vendorId),
      ).size,
      criticalData: new Set(
        list.filter((f) => f.receives.some((k) => CRITICAL_DATA.has(k))).map((f) => f.vendorId),
      ).size,
      services: [...new Set(list.map((f) => f.service))],
      receives: [...new Set(list.flatMap((f) => f.receives))],
      countries: [...new Set(list.flatMap((f) => f.countries))].sort(),
      flows: list,
      suggestions: [],
    });
  }
  providers.sort(
    (a, b) =>
      b.vendors.length - a.vendors.length ||
      b.criticalData - a.criticalData ||
      a.name.localeCompare(b.name),
  );
  return {
    flows,
    providers,
    list: {
      providers,
      vendorCount: new Set(flows.map((f) => f.vendorId)).size,
      flowCount: flows.length,
    },
    matcher,
    rejected: rejectedByKey,
    locations: await locationsOf(db, flows),
  };
}

/**
 * Every declared provider, with its vendors and flows, most depended-on first, without name
 * suggestions: the list pages show none, and at 10,000 vendors working them out for every
 * provider was most of the map's time (decision 365); `getProvider` has them.
 */
export async function listProviders(db: Db): Promise<Provider[]> {
  return (await mapSnapshot(db)).providers;
}

/** The providers as `listProviders` has them, with how many vendors and flows they cover. */
export async function getProviderList(db: Db, revisions?: RevisionSnapshot): Promise<ProviderList> {
  return (await mapSnapshot(db, revisions)).list;
}

/** One provider, with the register's vendors it may be by name for a person to confirm. */
export async function getProvider(
  db: Db,
  key: string,
  revisions?: RevisionSnapshot,
): Promise<Provider | null> {
  const wanted = canonicalProviderKey(key);
  const snapshot = await mapSnapshot(db, revisions);
  const provider = snapshot.providers.find((p) => p.key === wanted);
  if (!provider) return null;
  if (provider.registerVendor) return provider;
  const rejected = snapshot.rejected.get(wanted) ?? new Set<string>();
  return {
    ...provider,
    suggestions: snapshot.matcher
      .suggestByName(provider.name)
      .filter((s) => !rejected.has(s.vendorId)),
  };
}

/** A person confirms or rejects a name-only suggestion (decision 242). */
export async function decideMatch(
  db: Db,
  user: { id: string; email: string },
  key: string,
  vendorId: string,
  confirmed: boolean,
): Promise<void> {
  // A person's decision changes what the map says a provider is (decision 242): audited, with
  // who decided, before and after, in the transaction that writes it.
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ confirmed: schema.providerMatches.confirmed })
      .from(schema.providerMatches)
      .where(
        and(
          eq(schema.providerMatches.providerKey, key),
          eq(schema.providerMatches.vendorId, vendorId),
        ),
      )
      .for("update");
    await tx
      .insert(schema.providerMatches)
      .values({ providerKey: key, vendorId, confirmed, decidedById: user.id })
      .onConflictDoUpdate({
        target: [schema.providerMatches.providerKey, schema.providerMatches.vendorId],
        set: { confirmed, decidedById: user.id, decidedAt: new Date() },
      });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: confirmed ? "supply_chain.match_confirmed" : "supply_chain.match_rejected",
      target: { type: "vendor", id: vendorId },
      before: before ? { provider: key, confirmed: before.confirmed } : null,
      after: { provider: key, confirmed },
    });
  });
}

export type LocationRow = {
  country: string;
  name: string;
  vendors: number;
  providers: number;
  receives: DataKind[];
  concern: boolean;
};

/** Countries our data reaches, by the vendors themselves and their declared providers. */
export async function listLocations(db: Db, revisions?: RevisionSnapshot): Promise<LocationRow[]> {
  const [{ locations }, policy] = await Promise.all([
    mapSnapshot(db, revisions),
    // A setting: kept against the portfolio revision, which moves when it is written (decision 438).
    cachedPortfolio(
      db,
      "supply-chain-policy",
      getSupplyChainPolicy,
      "portfolio_revision",
      undefined,
      revisions,
    ),
  ]);
  return locations
    .map((row) => ({
      ...row,
      concern: policy.concern.some((place) => countryIn(row.country, place)),
    }))
    .sort(
      (a, b) =>
        Number(b.concern) - Number(a.concern) ||
        b.vendors - a.vendors ||
        a.name.localeCompare(b.name),
    );
}

async function locationsOf(db: Db, flows: Flow[]): Promise<Omit<LocationRow, "concern">[]> {
  // Like the flows, what each vendor said in its latest submitted assessment: a country it
  // has since left is not one our data reaches.
  const latest = latestSubmitted(db);
  const own = await db
    .select({
      vendorId: schema.declaredLocations.vendorId,
      country: schema.declaredLocations.country,
    })
    .from(schema.declaredLocations)
    .innerJoin(latest, eq(latest.id, schema.declaredLocations.assessmentId))
    .innerJoin(schema.vendors, eq(schema.vendors.id, schema.declaredLocations.vendorId))
    .where(isNull(schema.vendors.archivedAt));
  const by = new Map<
    string,
    { vendors: Set<string>; providers: Set<string>; receives: Set<DataKind> }
  >();
  const at = (country: string) => {
    let entry = by.get(country);
    if (!entry)
      by.set(country, (entry = { vendors: new Set(), providers: new Set(), receives: new Set() }));
    return entry;
  };
  for (const flow of flows) {
    for (const country of flow.countries) {
      const entry = at(country);
      entry.vendors.add(flow.vendorId);
      entry.providers.add(flow.providerKey);
      for (const kind of flow.receives) entry.receives.add(kind);
    }
  }
  for (const row of own) at(row.country).vendors.add(row.vendorId);
  return [...by.entries()].map(([country, entry]) => ({
    country,
    name: getCountry(country)?.name ?? country,
    vendors: entry.vendors.size,
    providers: entry.providers.size,
    receives: [...entry.receives],
  }));
}

/** The dependency table: one row per vendor → provider flow. */
export async function listDependencies(db: Db): Promise<Flow[]> {
  return (await mapSnapshot(db)).flows;
}

/**
 * The map narrowed by what staff typed (decision 332): `q` in a provider's name, domain or
 * hosts or a dependent vendor's name (case-insensitive); `country` an alpha-2 code a flow
 * reaches. Only the matching flows of each provider stay, so the graph and the table agree.
 */
export function filterProviders(
  list: ProviderList,
  { q, country }: { q: string; country: string | null },
): ProviderList {
  const needle = q.trim().toLowerCase();
  if (needle === "" && !country) return list;
  const providers: Provider[] = [];
  const vendorIds = new Set<string>();
  let flowCount = 0;
  for (const p of list.providers) {
    const providerHit =
      needle === "" ||
      p.name.toLowerCase().includes(needle) ||
      p.hosts.some((h) => h.includes(needle)) ||
      (p.domain ?? "").includes(needle);
    const flows = p.flows.filter(
      (f) =>
        (providerHit || f.vendorName.toLowerCase().includes(needle)) &&
        (!country || f.countries.includes(country)),
    );
    if (flows.length === 0) continue;
    const vendors = dependentVendors(flows);
    for (const v of vendors) vendorIds.add(v.id);
    flowCount += flows.length;
    providers.push({ ...p, flows, vendors, vendorAt: vendorPositions(vendors) });
  }
  return { providers, vendorCount: vendorIds.size, flowCount };
}
