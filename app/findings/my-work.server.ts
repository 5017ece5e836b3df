// "My work" for staff: findings I own that are still open, overdue first, and assessments
// waiting for my review (mine, or unassigned ones when I may review).
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema, rowCount } from "~/db.server";
import { isoDay, OPEN_STATUSES } from "./status";
import { REVIEWABLE_STATUSES } from "~/assessments/status";

export async function getMyWork(
  db: Db,
  user: SessionUser,
  { mayReview, now = new Date() }: { mayReview: boolean; now?: Date },
) {
  const today = isoDay(now);
  const f = schema.findings;
  const overdue = sql<boolean>`(${f.status} in ('open','in_progress','fixed_by_vendor','reopened') and ${f.dueDate} < ${today})`;
  const findings = await db
    .select({
      id: f.id,
      title: f.title,
      severity: f.severity,
      status: f.status,
      dueDate: f.dueDate,
      vendorName: schema.vendors.name,
      overdue,
    })
    .from(f)
    .innerJoin(schema.vendors, eq(schema.vendors.id, f.vendorId))
    .where(and(eq(f.ownerId, user.id), inArray(f.status, [...OPEN_STATUSES])))
    .orderBy(sql`${overdue} desc`, asc(f.dueDate), asc(f.id))
    .limit(rowCount(50));
  const a = schema.assessments;
  const reviews = await db
    .select({
      id: a.id,
      status: a.status,
      submittedAt: a.submittedAt,
      vendorName: schema.vendors.name,
      questionnaire: schema.questionnaireVersions.title,
      mine: sql<boolean>`${a.reviewerId} is not null`,
      waiting: sql<number>`(select count(*)::int from ${schema.answerReviews} r where r.assessment_id = ${a.id} and r.status = 'clarified')`,
    })
    .from(a)
    .innerJoin(schema.vendors, eq(schema.vendors.id, a.vendorId))
    .innerJoin(
      schema.questionnaireVersions,
      eq(schema.questionnaireVersions.id, a.questionnaireVersionId),
    )
    .where(
      and(
        inArray(a.status, [...REVIEWABLE_STATUSES]),
        mayReview ? or(eq(a.reviewerId, user.id), isNull(a.reviewerId)) : eq(a.reviewerId, user.id),
      ),
    )
    .orderBy(asc(a.submittedAt))
    .limit(rowCount(50));
  return { findings, reviews };
}
