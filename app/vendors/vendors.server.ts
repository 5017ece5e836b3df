import { asc, count, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, schema } from "~/db.server";
import { inherentTier } from "~/scoring/risk";

const owner = alias(schema.users, "owner");

/** Active vendors with their owner and inherent tier, by name. */
export async function listVendors(db: Db) {
  const rows = await db
    .select({
      id: schema.vendors.id,
      name: schema.vendors.name,
      website: schema.vendors.website,
      category: schema.vendors.category,
      dataAccess: schema.vendors.dataAccess,
      criticality: schema.vendors.criticality,
      ownerName: owner.name,
    })
    .from(schema.vendors)
    .leftJoin(owner, eq(owner.id, schema.vendors.ownerId))
    .where(isNull(schema.vendors.archivedAt))
    .orderBy(asc(schema.vendors.name));
  return rows.map((row) => ({ ...row, inherentTier: inherentTier(row) }));
}

export async function countVendors(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(schema.vendors)
    .where(isNull(schema.vendors.archivedAt));
  return row?.n ?? 0;
}
