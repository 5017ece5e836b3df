// Vendors and their contacts. The list is searched, filtered, sorted and paged in SQL so it
// stays fast with thousands of vendors; every change is one transaction with its audit event
// (docs/design.md, invariant 7).
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  ilike,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { recordAudit } from "~/audit/audit.server";
import {
  cachedCount,
  cachedPortfolio,
  type CountFilters,
  countCacheKey,
  portfolioRevisionColumn,
  type RevisionSnapshot,
} from "~/dashboard/portfolio-cache.server";
import { type Db, schema, rowCount } from "~/db.server";
import { inherentTier, type Tier, TIERS, tierRank } from "~/scoring/risk";
import {
  type ContactInput,
  DEFAULT_DIRECTION,
  type VendorInput,
  type VendorListQuery,
  VENDORS_PER_PAGE,
} from "./schemas";
import { type Failure, fail } from "~/forms/failure";
import { recomputeForProfileChange } from "~/assessments/scores.server";
import { RUNNING_STATUSES } from "~/assessments/status";

/** Who made a change, as the audit log records them. */
export type Staff = { id: string; email: string };

const vendors = schema.vendors;
const contacts = schema.vendorContacts;
const owner = alias(schema.users, "owner");

// The inherent tier as a rank (0 Low … 3 Critical), so the list can sort and filter by it in
// SQL. It mirrors inherentTier() in app/scoring/risk.ts — max(access level, criticality
// level) — and a test checks the two agree for every profile.
const accessRank = sql`case ${vendors.dataAccess} when 'none' then 0 when 'business' then 1 when 'confidential' then 2 when 'training_or_model' then 3 end`;
const criticalityRank = sql`case ${vendors.criticality} when 'low' then 0 when 'medium' then 1 when 'high' then 2 end`;
export const inherentTierRankSql = sql<number>`greatest(${accessRank}, ${criticalityRank})`;

/** Active vendors per inherent tier, counted in SQL (every tier present, zero when none). */
export async function countVendorsByTier(db: Db): Promise<{ tier: Tier; count: number }[]> {
  const rows = await db
    .select({ rank: inherentTierRankSql, n: count() })
    .from(vendors)
    .where(isNull(vendors.archivedAt))
    .groupBy(inherentTierRankSql);
  return TIERS.map((tier) => ({
    tier,
    count: Number(rows.find((r) => Number(r.rank) === tierRank(tier))?.n ?? 0),
  }));
}

export async function countVendors(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(vendors).where(isNull(vendors.archivedAt));
  return row?.n ?? 0;
}

/** `%` and `_` typed into the search box are literal characters, not wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type VendorSearch = Partial<VendorListQuery> & { pageSize?: number };

function searchConditions(db: Db, query: VendorSearch): SQL | undefined {
  const conditions: SQL[] = [];
  const archived = query.archived ?? "exclude";
  if (archived === "exclude") conditions.push(isNull(vendors.archivedAt));
  if (archived === "only") conditions.push(isNotNull(vendors.archivedAt));
  if (query.q) {
    const pattern = likePattern(query.q);
    // A contact's name or address finds their vendor: mail from someone@vendor is a common start.
    const contactMatches = db
      .select({ one: sql`1` })
      .from(contacts)
      .where(
        and(
          eq(contacts.vendorId, vendors.id),
          isNull(contacts.archivedAt),
          or(ilike(contacts.name, pattern), ilike(contacts.email, pattern)),
        ),
      );
    conditions.push(
      or(ilike(vendors.name, pattern), ilike(vendors.website, pattern), exists(contactMatches))!,
    );
  }
  if (query.category) conditions.push(eq(vendors.category, query.category));
  if (query.dataAccess) conditions.push(eq(vendors.dataAccess, query.dataAccess));
  if (query.criticality) conditions.push(eq(vendors.criticality, query.criticality));
  if (query.tier) conditions.push(sql`${inherentTierRankSql} = ${tierRank(query.tier)}`);
  if (query.owner === "none") conditions.push(isNull(vendors.ownerId));
  else if (query.owner) conditions.push(eq(vendors.ownerId, query.owner));
  return conditions.length ? and(...conditions) : undefined;
}

function searchOrder(query: VendorSearch): SQL[] {
  const sort = query.sort ?? "name";
  const direction = (query.dir ?? DEFAULT_DIRECTION[sort]) === "desc" ? desc : asc;
  const byName = asc(sql`lower(${vendors.name})`);
  const order: Record<typeof sort, SQL[]> = {
    name: [direction(sql`lower(${vendors.name})`)],
    category: [direction(vendors.category), byName],
    tier: [direction(inherentTierRankSql), byName],
    // Vendors without an owner come last whichever way the owners are sorted.
    owner: [asc(sql`${owner.name} is null`), direction(sql`lower(${owner.name})`), byName],
    created: [direction(vendors.createdAt), byName],
  };
  // The id makes the order total, so no vendor appears on two pages or on none.
  return [...order[sort], asc(vendors.id)];
}

/**
 * Which of the list's filters the portfolio revision watches: archiving, category and owner
 * move it; a search (names, websites, contacts) and data access or criticality (the inherent
 * tier) do not, so a count under those is made afresh (docs/decisions/406-list-counts-cache.md).
 */
const VENDOR_COUNT_FILTERS: CountFilters<VendorSearch> = {
  archived: "watched",
  category: "watched",
  owner: "watched",
  q: "not watched",
  dataAccess: "not watched",
  criticality: "not watched",
  tier: "not watched",
  sort: "not a filter",
  dir: "not a filter",
  page: "not a filter",
  pageSize: "not a filter",
};

/** One page of the vendor list and how many vendors match in all. */
export async function searchVendors(db: Db, query: VendorSearch = {}) {
  const pageSize = query.pageSize ?? VENDORS_PER_PAGE;
  const page = query.page ?? 1;
  const where = searchConditions(db, query);
  // The rows first, with the revision their statement read; the count is then checked against
  // it, with no statement of its own on a hit (decision 435).
  const rows = await db
    .select({
      id: vendors.id,
      name: vendors.name,
      website: vendors.website,
      category: vendors.category,
      dataAccess: vendors.dataAccess,
      criticality: vendors.criticality,
      ownerId: vendors.ownerId,
      ownerName: owner.name,
      createdAt: vendors.createdAt,
      archivedAt: vendors.archivedAt,
      revision: portfolioRevisionColumn(),
    })
    .from(vendors)
    .leftJoin(owner, eq(owner.id, vendors.ownerId))
    .where(where)
    .orderBy(...searchOrder(query))
    .limit(rowCount(pageSize))
    .offset((page - 1) * pageSize);
  const matching = await cachedCount(
    db,
    countCacheKey("vendors", query, VENDOR_COUNT_FILTERS),
    async (tx) => {
      const [row] = await tx.select({ n: count() }).from(vendors).where(where);
      return row?.n ?? 0;
    },
    rows[0]?.revision,
  );
  return {
    vendors: rows.map(({ revision: _revision, ...row }) => ({
      ...row,
      inherentTier: inherentTier(row),
    })),
    total: matching,
    page,
    pageCount: Math.max(1, Math.ceil(matching / pageSize)),
  };
}

/** A vendor with its owner, inherent tier and current contacts; null when there is none. */
/** An active (not archived) vendor's id and name, or null. */
export async function getActiveVendorName(db: Db, id: string) {
  const [row] = await db
    .select({ id: vendors.id, name: vendors.name })
    .from(vendors)
    .where(and(eq(vendors.id, id), isNull(vendors.archivedAt)));
  return row ?? null;
}

/** A vendor's id and name, archived or not, or null. */
export async function getVendorName(db: Db, id: string) {
  const [row] = await db
    .select({ id: vendors.id, name: vendors.name })
    .from(vendors)
    .where(eq(vendors.id, id));
  return row ?? null;
}

/** Every contact of a vendor, archived ones too, by name: the contacts table's download. */
export async function listAllVendorContacts(db: Db, vendorId: string) {
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.vendorId, vendorId))
    .orderBy(asc(contacts.name));
}

export async function getVendor(db: Db, id: string) {
  const [row] = await db
    .select({ vendor: vendors, ownerName: owner.name, ownerStatus: owner.status })
    .from(vendors)
    .leftJoin(owner, eq(owner.id, vendors.ownerId))
    .where(eq(vendors.id, id))
    .limit(1);
  if (!row) return null;
  const people = await db
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      role: contacts.role,
      createdAt: contacts.createdAt,
    })
    .from(contacts)
    .where(and(eq(contacts.vendorId, id), isNull(contacts.archivedAt)))
    .orderBy(asc(sql`lower(${contacts.name})`), asc(contacts.id));
  return {
    ...row.vendor,
    ownerName: row.ownerName,
    ownerActive: row.ownerStatus === "active",
    inherentTier: inherentTier(row.vendor),
    contacts: people,
  };
}

/**
 * Who can own a vendor: active staff, plus the current owner even if deactivated so that
 * editing a vendor does not silently drop its owner.
 */
export async function listOwnerOptions(db: Db, currentOwnerId: string | null = null) {
  const rows = await db
    .select({ id: schema.users.id, name: schema.users.name, status: schema.users.status })
    .from(schema.users)
    .where(
      currentOwnerId
        ? or(eq(schema.users.status, "active"), eq(schema.users.id, currentOwnerId))
        : eq(schema.users.status, "active"),
    )
    .orderBy(asc(sql`lower(${schema.users.name})`), asc(schema.users.id));
  return rows.map((u) => ({ id: u.id, name: u.name, active: u.status === "active" }));
}

/**
 * The active users a vendor may be given to, as `listOwnerOptions(db)` lists them, kept against
 * the portfolio revision, which moves when a user is added, renamed, or changes role or status
 * (migration 0022, docs/decisions/438-kept-filter-choices.md). `revisions`: the request's
 * (`requestRevisions`), read with its session, so a view costs no statement for them.
 */
export function keptOwnerOptions(db: Db, revisions?: RevisionSnapshot) {
  return cachedPortfolio(
    db,
    "choices:owners",
    (tx) => listOwnerOptions(tx),
    "portfolio_revision",
    undefined,
    revisions,
  );
}

/** The owner's name if they may own a vendor: an active user, or the owner it already has. */
async function resolveOwner(
  db: Db,
  ownerId: string | null,
  currentOwnerId: string | null,
): Promise<{ ok: true; name: string | null } | Failure> {
  if (!ownerId) return { ok: true, name: null };
  const [user] = await db
    .select({ name: schema.users.name, status: schema.users.status })
    .from(schema.users)
    .where(eq(schema.users.id, ownerId))
    .limit(1);
  if (!user || (user.status !== "active" && ownerId !== currentOwnerId))
    return fail(400, "Choose an owner from the list", "ownerId");
  return { ok: true, name: user.name };
}

async function findNameClash(db: Db, name: string, exceptId: string | null) {
  const [clash] = await db
    .select({ id: vendors.id, name: vendors.name, archivedAt: vendors.archivedAt })
    .from(vendors)
    .where(
      and(
        eq(sql`lower(${vendors.name})`, name.toLowerCase()),
        exceptId ? ne(vendors.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (!clash) return null;
  return fail(
    409,
    clash.archivedAt
      ? `An archived vendor is already called ${clash.name}. Restore it, or choose another name.`
      : `A vendor called ${clash.name} already exists. Choose another name.`,
    "name",
  );
}

/** Postgres unique violations, however the driver (postgres.js, PGlite) and drizzle wrap them. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (e.code === "23505" && (e.constraint === constraint || e.constraint_name === constraint))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

type VendorFields = Pick<
  typeof vendors.$inferSelect,
  | "name"
  | "website"
  | "category"
  | "dataAccess"
  | "criticality"
  | "ownerId"
  | "notes"
  | "emailDomains"
>;
const VENDOR_FIELDS = [
  "name",
  "website",
  "category",
  "dataAccess",
  "criticality",
  "ownerId",
  "notes",
  "emailDomains",
] as const satisfies readonly (keyof VendorFields)[];

// The owner's name and the inherent tier ride along, so the history reads without lookups.
function vendorSnapshot(vendor: VendorFields, ownerName: string | null) {
  return {
    ...pick(vendor, VENDOR_FIELDS),
    // As text, so an unchanged list compares equal and the history reads plainly.
    emailDomains: vendor.emailDomains.join(", "),
    owner: ownerName,
    inherentTier: inherentTier(vendor),
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = value[key];
  return picked;
}

/** Only what changed, as before and after objects; null when nothing did. */
function changes<T extends Record<string, unknown>>(before: T, after: T) {
  const keys = Object.keys(after).filter((k) => before[k] !== after[k]);
  if (keys.length === 0) return null;
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

export async function createVendor(
  db: Db,
  actor: Staff,
  input: VendorInput,
): Promise<{ ok: true; vendorId: string } | Failure> {
  return db.transaction(async (tx) => {
    const ownerCheck = await resolveOwner(tx, input.ownerId, null);
    if (!ownerCheck.ok) return ownerCheck;
    const clash = await findNameClash(tx, input.name, null);
    if (clash) return clash;
    // DO NOTHING covers a vendor of the same name created between the check and the insert.
    const [created] = await tx
      .insert(vendors)
      .values(pick(input, VENDOR_FIELDS))
      .onConflictDoNothing()
      .returning();
    if (!created) return (await findNameClash(tx, input.name, null))!;
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "vendor.created",
      target: { type: "vendor", id: created.id },
      after: vendorSnapshot(created, ownerCheck.name),
    });
    return { ok: true as const, vendorId: created.id };
  });
}

async function lockVendor(db: Db, vendorId: string) {
  const [vendor] = await db
    .select()
    .from(vendors)
    .where(eq(vendors.id, vendorId))
    .for("update")
    .limit(1);
  return vendor ?? null;
}

async function ownerName(db: Db, ownerId: string | null): Promise<string | null> {
  if (!ownerId) return null;
  const [user] = await db
    .select({ name: schema.users.name })
    .from(schema.users)
    .where(eq(schema.users.id, ownerId))
    .limit(1);
  return user?.name ?? null;
}

export async function updateVendor(
  db: Db,
  actor: Staff,
  vendorId: string,
  input: VendorInput,
  now: Date = new Date(),
): Promise<{ ok: true; changed: boolean } | Failure> {
  try {
    return await db.transaction(async (tx) => {
      const vendor = await lockVendor(tx, vendorId);
      if (!vendor) return fail(404, "There is no such vendor");
      if (vendor.archivedAt)
        return fail(409, `${vendor.name} is archived. Restore it before changing it.`);
      const ownerCheck = await resolveOwner(tx, input.ownerId, vendor.ownerId);
      if (!ownerCheck.ok) return ownerCheck;
      const clash = await findNameClash(tx, input.name, vendor.id);
      if (clash) return clash;
      const diff = changes(
        vendorSnapshot(vendor, await ownerName(tx, vendor.ownerId)),
        vendorSnapshot(input, ownerCheck.name),
      );
      if (!diff) return { ok: true as const, changed: false };
      await tx
        .update(vendors)
        .set({ ...pick(input, VENDOR_FIELDS), updatedAt: now })
        .where(eq(vendors.id, vendor.id));
      await recordAudit(tx, {
        actor: { id: actor.id, email: actor.email },
        action: "vendor.updated",
        target: { type: "vendor", id: vendor.id },
        ...diff,
      });
      // A new profile re-rates stored scores (inherent tier and risk rating only; the
      // residual score never changes with the profile — docs/decisions/041-profile-changes.md).
      if (vendor.dataAccess !== input.dataAccess || vendor.criticality !== input.criticality) {
        await recomputeForProfileChange(tx, vendor.id, {
          now,
          actor: { id: actor.id, email: actor.email },
        });
      }
      return { ok: true as const, changed: true };
    });
  } catch (error) {
    // Another vendor took the name between our check and the update.
    if (isUniqueViolation(error, "vendors_name_key"))
      return fail(
        409,
        `A vendor called ${input.name} already exists. Choose another name.`,
        "name",
      );
    throw error;
  }
}

export async function archiveVendor(
  db: Db,
  actor: Staff,
  vendorId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    if (!vendor) return fail(404, "There is no such vendor");
    if (vendor.archivedAt) return fail(409, `${vendor.name} is already archived.`);
    const [open] = await tx
      .select({ n: count() })
      .from(schema.assessments)
      .where(
        and(
          eq(schema.assessments.vendorId, vendor.id),
          inArray(schema.assessments.status, [...RUNNING_STATUSES]),
        ),
      );
    if (open && open.n > 0)
      return fail(
        409,
        `${vendor.name} has ${open.n === 1 ? "an assessment" : `${open.n} assessments`} still open. Close or cancel ${open.n === 1 ? "it" : "them"} before archiving the vendor.`,
      );
    await tx
      .update(vendors)
      .set({ archivedAt: now, updatedAt: now })
      .where(eq(vendors.id, vendor.id));
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "vendor.archived",
      target: { type: "vendor", id: vendor.id },
      before: { archivedAt: null },
      after: { archivedAt: now.toISOString() },
    });
    return { ok: true as const };
  });
}

export async function restoreVendor(
  db: Db,
  actor: Staff,
  vendorId: string,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    if (!vendor) return fail(404, "There is no such vendor");
    if (!vendor.archivedAt) return fail(409, `${vendor.name} is not archived.`);
    await tx
      .update(vendors)
      .set({ archivedAt: null, updatedAt: now })
      .where(eq(vendors.id, vendor.id));
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "vendor.restored",
      target: { type: "vendor", id: vendor.id },
      before: { archivedAt: vendor.archivedAt.toISOString() },
      after: { archivedAt: null },
    });
    return { ok: true as const };
  });
}

/**
 * Locks the vendor for a change to its contacts: one change at a time per vendor, so the
 * email checks below cannot race. Archived vendors are read-only.
 */
async function lockVendorForContacts(db: Db, vendorId: string) {
  const vendor = await lockVendor(db, vendorId);
  if (!vendor) return fail(404, "There is no such vendor");
  if (vendor.archivedAt)
    return fail(409, `${vendor.name} is archived. Restore it before changing its contacts.`);
  return vendor;
}

const CONTACT_FIELDS = ["name", "email", "role"] as const;

export async function addContact(
  db: Db,
  actor: Staff,
  vendorId: string,
  input: ContactInput,
): Promise<{ ok: true; contactId: string } | Failure> {
  return db.transaction(async (tx) => {
    const vendor = await lockVendorForContacts(tx, vendorId);
    if ("ok" in vendor) return vendor;
    const [existing] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.vendorId, vendor.id), eq(contacts.email, input.email)))
      .limit(1);
    if (existing && !existing.archivedAt)
      return fail(409, `${vendor.name} already has a contact with this email address`, "email");
    let contactId: string;
    if (existing) {
      // A removed contact kept for past assessments comes back rather than being duplicated.
      await tx
        .update(contacts)
        .set({ ...pick(input, CONTACT_FIELDS), archivedAt: null })
        .where(eq(contacts.id, existing.id));
      contactId = existing.id;
    } else {
      const [created] = await tx
        .insert(contacts)
        .values({ vendorId: vendor.id, ...pick(input, CONTACT_FIELDS) })
        .returning({ id: contacts.id });
      contactId = created!.id;
    }
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "vendor.contact_added",
      target: { type: "vendor", id: vendor.id },
      after: pick(input, CONTACT_FIELDS),
      detail: existing ? { contactId, restored: true } : { contactId },
    });
    return { ok: true as const, contactId };
  });
}

async function findContact(db: Db, vendorId: string, contactId: string) {
  const [contact] = await db
    .select()
    .from(contacts)
    .where(
      and(eq(contacts.id, contactId), eq(contacts.vendorId, vendorId), isNull(contacts.archivedAt)),
    )
    .limit(1);
  return contact ?? null;
}

export async function updateContact(
  db: Db,
  actor: Staff,
  vendorId: string,
  contactId: string,
  input: ContactInput,
): Promise<{ ok: true; changed: boolean } | Failure> {
  return db.transaction(async (tx) => {
    const vendor = await lockVendorForContacts(tx, vendorId);
    if ("ok" in vendor) return vendor;
    // The contact must belong to this vendor: an id from another vendor is "no such contact".
    const contact = await findContact(tx, vendor.id, contactId);
    if (!contact) return fail(404, "There is no such contact");
    const [clash] = await tx
      .select({ archivedAt: contacts.archivedAt })
      .from(contacts)
      .where(
        and(
          eq(contacts.vendorId, vendor.id),
          eq(contacts.email, input.email),
          ne(contacts.id, contact.id),
        ),
      )
      .limit(1);
    if (clash)
      return fail(
        409,
        clash.archivedAt
          ? "A removed contact of this vendor has this email address. Add them as a contact again instead."
          : `${vendor.name} already has a contact with this email address`,
        "email",
      );
    const diff = changes(pick(contact, CONTACT_FIELDS), pick(input, CONTACT_FIELDS));
    if (!diff) return { ok: true as const, changed: false };
    await tx.update(contacts).set(pick(input, CONTACT_FIELDS)).where(eq(contacts.id, contact.id));
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "vendor.contact_updated",
      target: { type: "vendor", id: vendor.id },
      ...diff,
      detail: { contactId: contact.id },
    });
    return { ok: true as const, changed: true };
  });
}

/**
 * Removes a contact. One who has received an assessment is archived instead of deleted, so
 * the assessment's recipient keeps its link to them (assessment_recipients.contact_id).
 */
export async function removeContact(
  db: Db,
  actor: Staff,
  vendorId: string,
  contactId: string,
  now: Date = new Date(),
): Promise<{ ok: true; archived: boolean; name: string } | Failure> {
  return db.transaction(async (tx) => {
    const vendor = await lockVendorForContacts(tx, vendorId);
    if ("ok" in vendor) return vendor;
    const contact = await findContact(tx, vendor.id, contactId);
    if (!contact) return fail(404, "There is no such contact");
    const [recipient] = await tx
      .select({ id: schema.assessmentRecipients.id })
      .from(schema.assessmentRecipients)
      .where(eq(schema.assessmentRecipients.contactId, contact.id))
      .limit(1);
    const archived = !!recipient;
    if (archived) {
      await tx.update(contacts).set({ archivedAt: now }).where(eq(contacts.id, contact.id));
    } else {
      await tx.delete(contacts).where(eq(contacts.id, contact.id));
    }
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "vendor.contact_removed",
      target: { type: "vendor", id: vendor.id },
      before: pick(contact, CONTACT_FIELDS),
      detail: { contactId: contact.id, keptForAssessments: archived },
    });
    return { ok: true as const, archived, name: contact.name };
  });
}

export type VendorDetails = NonNullable<Awaited<ReturnType<typeof getVendor>>>;
export type VendorListRow = Awaited<ReturnType<typeof searchVendors>>["vendors"][number];
