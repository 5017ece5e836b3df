// What the new-assessment form needs to start a re-assessment from an earlier assessment
// (/assessments/new?from=<id>): its vendor, its questionnaire and the contacts it went to.
import { and, eq, isNotNull } from "drizzle-orm";
import { type Db, schema } from "~/db.server";
import { getAssessmentSummary, REASSESSABLE_STATUSES } from "./assessments.server";

export async function getReassessmentSource(db: Db, assessmentId: string) {
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!summary || !REASSESSABLE_STATUSES.includes(summary.status)) return null;
  const recipients = await db
    .select({ contactId: schema.assessmentRecipients.contactId })
    .from(schema.assessmentRecipients)
    .where(
      and(
        eq(schema.assessmentRecipients.assessmentId, assessmentId),
        isNotNull(schema.assessmentRecipients.contactId),
      ),
    );
  return {
    id: summary.id,
    vendorId: summary.vendorId,
    slug: summary.questionnaireSlug,
    version: summary.questionnaireVersion,
    title: summary.questionnaireTitle,
    submittedAt: summary.submittedAt,
    contactIds: recipients.map((r) => r.contactId!),
  };
}
