// The joins the areas write most often, named once (docs/decisions/292-query-builders.md and
// 351-finding-and-recipient-joins.md): an assessment with its vendor, and with the questionnaire
// version it pinned; a recipient with the assessment their link opens, and with who invited them.
// They take a dynamic select (`db.select({ … }).from(table).$dynamic()`) and add the joins; the
// caller goes on with its own joins, where and order.
import { eq } from "drizzle-orm";
import { alias, type PgSelect } from "drizzle-orm/pg-core";
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

/**
 * assessment_recipients ⋈ assessments ⋈ vendors ⋈ questionnaire_versions ⟕ users (the vendor's
 * owner): a vendor contact's link with the assessment it opens, the vendor, the questionnaire
 * and the staff member to ask. Takes a dynamic select from `schema.assessmentRecipients`.
 */
export function recipientWithAssessment<T extends PgSelect>(query: T) {
  return withVendorAndVersion(
    query.innerJoin(
      schema.assessments,
      eq(schema.assessments.id, schema.assessmentRecipients.assessmentId),
    ),
  ).leftJoin(schema.users, eq(schema.users.id, schema.vendors.ownerId));
}

/**
 * What a message about a recipient's link says, for a select over `recipientWithAssessment`:
 * who, which assessment and when it is due, the vendor, the questionnaire and whom to ask.
 */
export const recipientLinkFields = {
  recipientId: schema.assessmentRecipients.id,
  name: schema.assessmentRecipients.name,
  assessmentId: schema.assessments.id,
  dueDate: schema.assessments.dueDate,
  vendorName: schema.vendors.name,
  questionnaireTitle: schema.questionnaireVersions.title,
  ownerName: schema.users.name,
  ownerEmail: schema.users.email,
};

/** The colleague who invited a recipient (an alias of assessment_recipients), for `withInviter`. */
export const inviter = alias(schema.assessmentRecipients, "inviter");

/** assessment_recipients ⟕ inviter: a recipient with the colleague who invited them, if any. */
export function withInviter<T extends PgSelect>(query: T) {
  return query.leftJoin(inviter, eq(inviter.id, schema.assessmentRecipients.invitedByRecipientId));
}
