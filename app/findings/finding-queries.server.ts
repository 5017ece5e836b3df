// The joins written around a finding, named once like the assessment joins
// (docs/decisions/351-finding-and-recipient-joins.md). They take a dynamic select from
// `schema.findings` (`db.select({ … }).from(schema.findings).$dynamic()`) and add the joins;
// the caller goes on with its own joins, where and order.
import { eq } from "drizzle-orm";
import { type PgSelect } from "drizzle-orm/pg-core";
import { schema } from "~/db.server";

/** findings ⋈ vendors: a finding with the vendor it is about. */
export function findingWithVendor<T extends PgSelect>(query: T) {
  return query.innerJoin(schema.vendors, eq(schema.vendors.id, schema.findings.vendorId));
}

/**
 * findings ⋈ vendors ⟕ users (its owner) ⟕ vendor_contacts (the vendor's contact for it): a
 * finding with the people it names; owner and contact are optional.
 */
export function findingWithVendorAndPeople<T extends PgSelect>(query: T) {
  return findingWithVendor(query)
    .leftJoin(schema.users, eq(schema.users.id, schema.findings.ownerId))
    .leftJoin(schema.vendorContacts, eq(schema.vendorContacts.id, schema.findings.vendorContactId));
}
