// The joins the areas write most often, named once (docs/decisions/292-query-builders.md): an
// assessment with its vendor, and with the questionnaire version it pinned. They take a dynamic
// select from `schema.assessments` (`db.select({ … }).from(schema.assessments).$dynamic()`) and
// add the joins; the caller goes on with its own joins, where and order.
import { eq } from "drizzle-orm";
import { type PgSelect } from "drizzle-orm/pg-core";
import { schema } from "~/db.server";

/** assessments ⋈ vendors: an assessment with the vendor it was sent to. */
export function withVendor<T extends PgSelect>(query: T) {
  return query.innerJoin(schema.vendors, eq(schema.vendors.id, schema.assessments.vendorId));
}

/** assessments ⋈ vendors ⋈ questionnaire_versions: also the version the assessment pinned. */
export function withVendorAndVersion<T extends PgSelect>(query: T) {
  return withVendor(query).innerJoin(
    schema.questionnaireVersions,
    eq(schema.questionnaireVersions.id, schema.assessments.questionnaireVersionId),
  );
}
