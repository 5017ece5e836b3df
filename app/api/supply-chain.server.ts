// The declared AI supply chain in the API (decision 254): an assessment's supplier rows and
// locations, and the fourth parties — declared providers that are not vendors in the register —
// across each vendor's latest submitted assessment (decision 241).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { SUBMITTED_STATUSES } from "~/assessments/status";
import { type Db, schema } from "~/db.server";
import { canonicalProviderKey, createMatcher, providerKey } from "~/supply-chain/matching";
import { DATA_KINDS, type DataKind, SERVICE_KINDS, type ServiceKind } from "~/supply-chain/types";

const ds = schema.declaredSuppliers;

async function registerMatcher(db: Db) {
  const [vendors, confirmed] = await Promise.all([
    db
      .select({
        id: schema.vendors.id,
        name: schema.vendors.name,
        website: schema.vendors.website,
        emailDomains: schema.vendors.emailDomains,
      })
      .from(schema.vendors)
      .where(isNull(schema.vendors.archivedAt)),
    db
      .select({
        providerKey: schema.providerMatches.providerKey,
        vendorId: schema.providerMatches.vendorId,
      })
      .from(schema.providerMatches)
      .where(eq(schema.providerMatches.confirmed, true)),
  ]);
  const matcher = createMatcher(vendors);
  const byKey = new Map(confirmed.map((m) => [canonicalProviderKey(m.providerKey), m.vendorId]));
  /** The register vendor a declared provider is: by domain, else a person's confirmed match. */
  return function registerVendorOf(row: { name: string; domain: string | null }): string | null {
    return matcher.matchDomain(row.domain).match?.vendorId ?? byKey.get(providerKey(row)) ?? null;
  };
}

function sortedKinds<T extends string>(order: readonly T[], values: Iterable<string>): T[] {
  const set = new Set(values);
  return order.filter((v) => set.has(v));
}

/** One assessment's declared suppliers and locations, or null when there is no such assessment. */
export async function getApiSupplyChain(db: Db, assessmentId: string) {
  const [assessment] = await db
    .select({ id: schema.assessments.id })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId));
  if (!assessment) return null;
  const [rows, locations, registerVendorOf] = await Promise.all([
    db
      .select()
      .from(ds)
      .where(eq(ds.assessmentId, assessmentId))
      .orderBy(asc(ds.questionId), asc(ds.position)),
    db
      .select({
        questionId: schema.declaredLocations.questionId,
        country: schema.declaredLocations.country,
        source: schema.declaredLocations.source,
      })
      .from(schema.declaredLocations)
      .where(eq(schema.declaredLocations.assessmentId, assessmentId))
      .orderBy(asc(schema.declaredLocations.questionId), asc(schema.declaredLocations.country)),
    registerMatcher(db),
  ]);
  return {
    suppliers: rows.map((r) => ({
      questionId: r.questionId,
      position: r.position,
      name: r.name,
      domain: r.domain,
      service: r.service as ServiceKind,
      receives: sortedKinds(DATA_KINDS, r.receives),
      countries: [...r.countries].sort(),
      stateControlled: r.stateControlled,
      source: r.source,
      providerKey: providerKey(r),
      registerVendorId: registerVendorOf(r),
    })),
    locations,
  };
}

type Dependant = {
  vendorId: string;
  vendorName: string;
  assessmentId: string;
  service: ServiceKind;
  receives: DataKind[];
  countries: string[];
};

export type ApiFourthParty = {
  key: string;
  name: string;
  domain: string | null;
  services: ServiceKind[];
  receives: DataKind[];
  countries: string[];
  stateControlled: "yes" | "no" | "unknown";
  vendorCount: number;
  vendors: Dependant[];
};

/**
 * Declared providers that are not register vendors, across each active vendor's latest
 * submitted assessment: who depends on them, for what, with what data, where. Most depended on
 * first. Filtered by a name/domain search and a country.
 */
export async function listApiFourthParties(
  db: Db,
  filter: { q?: string; country?: string; limit: number; page: number },
): Promise<{ rows: ApiFourthParty[]; total: number }> {
  const statuses = sql.raw(`(${SUBMITTED_STATUSES.map((s) => `'${s}'`).join(", ")})`);
  const latest = db.$with("latest").as(
    db
      .selectDistinctOn([schema.assessments.vendorId], {
        assessmentId: sql<string>`${schema.assessments.id}`.as("latest_assessment_id"),
        vendorId: sql<string>`${schema.assessments.vendorId}`.as("latest_vendor_id"),
      })
      .from(schema.assessments)
      .innerJoin(schema.vendors, eq(schema.vendors.id, schema.assessments.vendorId))
      .where(
        and(
          sql`${schema.assessments.status} in ${statuses}`,
          sql`${schema.assessments.submittedAt} is not null`,
          isNull(schema.vendors.archivedAt),
        ),
      )
      .orderBy(
        schema.assessments.vendorId,
        sql`${schema.assessments.submittedAt} desc`,
        sql`${schema.assessments.id} desc`,
      ),
  );
  const [rows, registerVendorOf] = await Promise.all([
    db
      .with(latest)
      .select({
        name: ds.name,
        domain: ds.domain,
        service: ds.service,
        receives: ds.receives,
        countries: ds.countries,
        stateControlled: ds.stateControlled,
        assessmentId: ds.assessmentId,
        vendorId: ds.vendorId,
        vendorName: schema.vendors.name,
      })
      .from(ds)
      .innerJoin(latest, eq(latest.assessmentId, ds.assessmentId))
      .innerJoin(schema.vendors, eq(schema.vendors.id, ds.vendorId))
      .orderBy(asc(ds.vendorId), asc(ds.questionId), asc(ds.position)),
    registerMatcher(db),
  ]);

  const parties = new Map<string, ApiFourthParty & { names: Map<string, number> }>();
  for (const r of rows) {
    if (registerVendorOf(r)) continue;
    const key = providerKey(r);
    let party = parties.get(key);
    if (!party) {
      party = {
        key,
        name: r.name,
        domain: key.startsWith("domain:") ? key.slice("domain:".length) : null,
        services: [],
        receives: [],
        countries: [],
        stateControlled: "unknown",
        vendorCount: 0,
        vendors: [],
        names: new Map(),
      };
      parties.set(key, party);
    }
    party.names.set(r.name, (party.names.get(r.name) ?? 0) + 1);
    party.services = sortedKinds(SERVICE_KINDS, [...party.services, r.service]);
    party.receives = sortedKinds(DATA_KINDS, [...party.receives, ...r.receives]);
    party.countries = [...new Set([...party.countries, ...r.countries])].sort();
    if (r.stateControlled === "yes" || party.stateControlled === "yes")
      party.stateControlled = "yes";
    else if (r.stateControlled === "no") party.stateControlled = "no";
    const existing = party.vendors.find((v) => v.assessmentId === r.assessmentId);
    if (existing) {
      existing.receives = sortedKinds(DATA_KINDS, [...existing.receives, ...r.receives]);
      existing.countries = [...new Set([...existing.countries, ...r.countries])].sort();
    } else {
      party.vendors.push({
        vendorId: r.vendorId,
        vendorName: r.vendorName,
        assessmentId: r.assessmentId,
        service: r.service as ServiceKind,
        receives: sortedKinds(DATA_KINDS, r.receives),
        countries: [...r.countries].sort(),
      });
    }
  }

  const q = filter.q?.trim().toLowerCase();
  const all = [...parties.values()]
    .map(({ names, ...party }) => {
      // The name most vendors use for it; ties go to the first in alphabetical order.
      const name =
        [...names.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ??
        party.name;
      return { ...party, name, vendorCount: party.vendors.length };
    })
    .filter((p) => !q || p.name.toLowerCase().includes(q) || (p.domain ?? "").includes(q))
    .filter((p) => !filter.country || p.countries.includes(filter.country))
    .sort((a, b) => b.vendorCount - a.vendorCount || a.key.localeCompare(b.key));
  const start = (filter.page - 1) * filter.limit;
  return { rows: all.slice(start, start + filter.limit), total: all.length };
}
