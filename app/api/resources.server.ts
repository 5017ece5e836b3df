// What the read-only API returns, read straight from the tables with drizzle selects. The
// shapes are documented in docs/api.md and docs/openapi.yaml; change all three together.
import { and, asc, desc, eq, isNull, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { describeAnswer } from "~/assessments/answer-words";
import { type AssessmentStatus } from "~/assessments/status";
import { type Db, schema } from "~/db.server";
import { getQuestionMap, type Answer } from "~/questionnaire/model";
import { type Severity } from "~/questionnaire/definition";
import { inherentTier } from "~/scoring/risk";
import { getStoredScores } from "~/assessments/scores.server";

const a = schema.assessments;
const v = schema.vendors;
const qv = schema.questionnaireVersions;
const f = schema.findings;
const owner = alias(schema.users, "owner");
const submittedScore = alias(schema.assessmentScores, "submitted_score");
const currentScore = alias(schema.assessmentScores, "current_score");

export type FindingStatus = (typeof schema.findingStatusEnum.enumValues)[number];

export async function getApiVendor(db: Db, vendorId: string) {
  const [row] = await db
    .select({ vendor: v, ownerName: owner.name })
    .from(v)
    .leftJoin(owner, eq(owner.id, v.ownerId))
    .where(eq(v.id, vendorId));
  if (!row) return null;
  const contacts = await db
    .select({
      id: schema.vendorContacts.id,
      name: schema.vendorContacts.name,
      email: schema.vendorContacts.email,
      role: schema.vendorContacts.role,
    })
    .from(schema.vendorContacts)
    .where(
      and(eq(schema.vendorContacts.vendorId, vendorId), isNull(schema.vendorContacts.archivedAt)),
    )
    .orderBy(asc(schema.vendorContacts.name), asc(schema.vendorContacts.id));
  const { vendor } = row;
  return {
    id: vendor.id,
    name: vendor.name,
    website: vendor.website,
    category: vendor.category,
    dataAccess: vendor.dataAccess,
    criticality: vendor.criticality,
    inherentTier: inherentTier(vendor),
    ownerId: vendor.ownerId,
    ownerName: row.ownerName,
    notes: vendor.notes,
    emailDomains: vendor.emailDomains,
    createdAt: vendor.createdAt,
    updatedAt: vendor.updatedAt,
    archivedAt: vendor.archivedAt,
    contacts,
  };
}

function scoreSummary(
  row: {
    overall: number | null;
    residualTier: string | null;
    inherentTier: string | null;
    riskRating: string | null;
    knockoutCount: number | null;
  } | null,
) {
  if (!row || row.knockoutCount === null) return null;
  return {
    overall: row.overall,
    residualTier: row.residualTier,
    inherentTier: row.inherentTier,
    riskRating: row.riskRating,
    knockouts: row.knockoutCount,
  };
}

const assessmentColumns = {
  id: a.id,
  vendorId: a.vendorId,
  vendorName: v.name,
  questionnaireVersionId: a.questionnaireVersionId,
  questionnaireSlug: qv.slug,
  questionnaireVersion: qv.version,
  questionnaireTitle: qv.title,
  status: a.status,
  dueDate: a.dueDate,
  createdAt: a.createdAt,
  sentAt: a.sentAt,
  submittedAt: a.submittedAt,
  previousAssessmentId: a.previousAssessmentId,
  reviewDecision: a.reviewDecision,
  reviewedAt: a.reviewedAt,
  submitted: {
    overall: submittedScore.overall,
    residualTier: submittedScore.residualTier,
    inherentTier: submittedScore.inherentTier,
    riskRating: submittedScore.riskRating,
    knockoutCount: submittedScore.knockoutCount,
  },
  current: {
    overall: currentScore.overall,
    residualTier: currentScore.residualTier,
    inherentTier: currentScore.inherentTier,
    riskRating: currentScore.riskRating,
    knockoutCount: currentScore.knockoutCount,
  },
};

function assessmentQuery(db: Db) {
  return db
    .select(assessmentColumns)
    .from(a)
    .innerJoin(v, eq(v.id, a.vendorId))
    .innerJoin(qv, eq(qv.id, a.questionnaireVersionId))
    .leftJoin(
      submittedScore,
      and(eq(submittedScore.assessmentId, a.id), eq(submittedScore.kind, "submitted")),
    )
    .leftJoin(
      currentScore,
      and(eq(currentScore.assessmentId, a.id), eq(currentScore.kind, "current")),
    );
}

type AssessmentRow = Awaited<ReturnType<ReturnType<typeof assessmentQuery>["execute"]>>[number];

function assessmentOut(row: AssessmentRow) {
  const {
    submitted,
    current,
    questionnaireSlug,
    questionnaireVersion,
    questionnaireTitle,
    ...rest
  } = row;
  return {
    ...rest,
    questionnaire: {
      versionId: row.questionnaireVersionId,
      slug: questionnaireSlug,
      version: questionnaireVersion,
      title: questionnaireTitle,
    },
    scores: { submitted: scoreSummary(submitted), current: scoreSummary(current) },
  };
}

export async function listApiAssessments(
  db: Db,
  filter: { vendorId?: string; status?: AssessmentStatus; limit: number; page: number },
) {
  const conditions: SQL[] = [];
  if (filter.vendorId) conditions.push(eq(a.vendorId, filter.vendorId));
  if (filter.status) conditions.push(eq(a.status, filter.status));
  const rows = await assessmentQuery(db)
    .where(conditions.length ? and(...conditions) : undefined)
    // The id makes the order total, so no assessment is on two pages or on none.
    .orderBy(desc(a.createdAt), asc(a.id))
    .limit(filter.limit + 1)
    .offset((filter.page - 1) * filter.limit);
  return rows.map(assessmentOut);
}

/** An assessment with every stored answer (in words too) and its evidence files. */
export async function getApiAssessment(db: Db, assessmentId: string) {
  const [row] = await assessmentQuery(db).where(eq(a.id, assessmentId));
  if (!row) return null;
  const [questionnaire, answerRows, evidence] = await Promise.all([
    getPinnedQuestionnaire(db, row.questionnaireVersionId),
    db.select().from(schema.answers).where(eq(schema.answers.assessmentId, assessmentId)),
    db
      .select({
        id: schema.evidenceFiles.id,
        questionId: schema.evidenceFiles.questionId,
        findingId: schema.evidenceFiles.findingId,
        fileName: schema.evidenceFiles.fileName,
        contentType: schema.evidenceFiles.contentType,
        size: schema.evidenceFiles.size,
        sha256: schema.evidenceFiles.sha256,
        uploadedAt: schema.evidenceFiles.uploadedAt,
      })
      .from(schema.evidenceFiles)
      .where(
        and(
          eq(schema.evidenceFiles.assessmentId, assessmentId),
          isNull(schema.evidenceFiles.deletedAt),
        ),
      )
      .orderBy(asc(schema.evidenceFiles.uploadedAt), asc(schema.evidenceFiles.id)),
  ]);
  const questions = getQuestionMap(questionnaire);
  const order = new Map([...questions.keys()].map((id, index) => [id, index]));
  const answers = answerRows
    .sort(
      (x, y) =>
        (order.get(x.questionId) ?? Infinity) - (order.get(y.questionId) ?? Infinity) ||
        x.questionId.localeCompare(y.questionId),
    )
    .map((answer) => {
      const entry = questions.get(answer.questionId);
      const value = (answer.answer ?? null) as Answer | null;
      return {
        questionId: answer.questionId,
        sectionId: entry?.section.id ?? null,
        questionText: entry?.question.text ?? null,
        questionType: entry?.question.type ?? null,
        answer: value,
        answerText: entry ? describeAnswer(entry.question, value) : null,
        comment: answer.comment,
        revision: answer.revision,
        carriedOver: answer.carriedOver,
        updatedAt: answer.updatedAt,
      };
    });
  return { ...assessmentOut(row), answers, evidence };
}

/** Both stored scores, whole: sections, findings and the explanation of every question. */
export async function getApiScores(db: Db, assessmentId: string) {
  const [row] = await db
    .select({ id: a.id, status: a.status })
    .from(a)
    .where(eq(a.id, assessmentId));
  if (!row) return null;
  const stored = await getStoredScores(db, assessmentId);
  const out = (kind: "submitted" | "current") => {
    const score = stored[kind];
    return score
      ? { kind, computedAt: score.computedAt, profile: score.profile, ...score.result }
      : null;
  };
  return {
    assessmentId,
    status: row.status,
    submitted: out("submitted"),
    current: out("current"),
  };
}

const findingColumns = {
  id: f.id,
  assessmentId: f.assessmentId,
  vendorId: f.vendorId,
  vendorName: v.name,
  origin: f.origin,
  key: f.key,
  questionId: f.questionId,
  sectionId: f.sectionId,
  severity: f.severity,
  originalSeverity: f.originalSeverity,
  knockout: f.knockout,
  title: f.title,
  guidance: f.guidance,
  references: f.references,
  status: f.status,
  ownerId: f.ownerId,
  ownerName: owner.name,
  dueDate: f.dueDate,
  sharedWithVendor: f.sharedWithVendor,
  vendorPlan: f.vendorPlan,
  vendorTargetDate: f.vendorTargetDate,
  acceptedById: f.acceptedById,
  acceptanceJustification: f.acceptanceJustification,
  acceptanceExpiresOn: f.acceptanceExpiresOn,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
  closedAt: f.closedAt,
};

function findingQuery(db: Db) {
  return db
    .select(findingColumns)
    .from(f)
    .innerJoin(v, eq(v.id, f.vendorId))
    .leftJoin(owner, eq(owner.id, f.ownerId));
}

export async function listApiFindings(
  db: Db,
  filter: {
    severity?: Severity;
    status?: FindingStatus;
    vendorId?: string;
    assessmentId?: string;
    limit: number;
    page: number;
  },
) {
  const conditions: SQL[] = [];
  if (filter.severity) conditions.push(eq(f.severity, filter.severity));
  if (filter.status) conditions.push(eq(f.status, filter.status));
  if (filter.vendorId) conditions.push(eq(f.vendorId, filter.vendorId));
  if (filter.assessmentId) conditions.push(eq(f.assessmentId, filter.assessmentId));
  return findingQuery(db)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(f.createdAt), asc(f.id))
    .limit(filter.limit + 1)
    .offset((filter.page - 1) * filter.limit);
}

/**
 * A finding with its history and its whole comment thread. Staff readers see internal
 * comments in the app, and a token reads what staff read, so they are included, each marked
 * with its visibility (docs/decisions/071-api-tokens.md).
 */
export async function getApiFinding(db: Db, findingId: string) {
  const [row] = await findingQuery(db).where(eq(f.id, findingId));
  if (!row) return null;
  const [answer] = await db.select({ answer: f.answer }).from(f).where(eq(f.id, findingId));
  const actorUser = alias(schema.users, "actor_user");
  const actorRecipient = alias(schema.assessmentRecipients, "actor_recipient");
  const [events, comments] = await Promise.all([
    db
      .select({
        kind: schema.findingEvents.kind,
        fromStatus: schema.findingEvents.fromStatus,
        toStatus: schema.findingEvents.toStatus,
        fromSeverity: schema.findingEvents.fromSeverity,
        toSeverity: schema.findingEvents.toSeverity,
        note: schema.findingEvents.note,
        actorUserName: actorUser.name,
        actorRecipientName: actorRecipient.name,
        at: schema.findingEvents.at,
      })
      .from(schema.findingEvents)
      .leftJoin(actorUser, eq(actorUser.id, schema.findingEvents.actorUserId))
      .leftJoin(actorRecipient, eq(actorRecipient.id, schema.findingEvents.actorRecipientId))
      .where(eq(schema.findingEvents.findingId, findingId))
      .orderBy(asc(schema.findingEvents.at), asc(schema.findingEvents.id)),
    db
      .select({
        id: schema.findingComments.id,
        visibility: schema.findingComments.visibility,
        body: schema.findingComments.body,
        authorUserName: actorUser.name,
        authorRecipientName: actorRecipient.name,
        createdAt: schema.findingComments.createdAt,
      })
      .from(schema.findingComments)
      .leftJoin(actorUser, eq(actorUser.id, schema.findingComments.authorUserId))
      .leftJoin(actorRecipient, eq(actorRecipient.id, schema.findingComments.authorRecipientId))
      .where(eq(schema.findingComments.findingId, findingId))
      .orderBy(asc(schema.findingComments.createdAt), asc(schema.findingComments.id)),
  ]);
  return {
    ...row,
    answer: answer?.answer ?? null,
    events: events.map(({ actorUserName, actorRecipientName, ...event }) => ({
      ...event,
      actor: actorUserName ?? actorRecipientName ?? null,
    })),
    comments: comments.map(({ authorUserName, authorRecipientName, ...comment }) => ({
      ...comment,
      author: authorUserName ?? authorRecipientName ?? null,
      authorSide: authorUserName ? "staff" : authorRecipientName ? "vendor" : null,
    })),
  };
}
