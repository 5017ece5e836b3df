// Findings and their remediation (docs/decisions/090-remediation-lifecycle.md): opened by the
// engine at submission or added by a reviewer, then tracked through app/findings/status.ts. Every
// change is one transaction that checks the revision it started from (two people never overwrite
// each other), appends a finding event and an audit event, and, when the set of verified questions
// changes, recomputes the assessment's current score (the submitted score never changes).
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getAssessmentSummary, issueLinks } from "~/assessments/assessments.server";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { fail, type Failure } from "~/forms/failure";
import { queueMail, simpleHtml } from "~/mail/mail.server";
import { type ScoreResult } from "~/scoring/engine";
import { storeCurrentScore } from "~/assessments/scores.server";
import { getSettings } from "~/settings/settings.server";
import { emitFindingEvent } from "~/webhooks/emit.server";
import { type EventType } from "~/webhooks/events";
import {
  checkTransition,
  defaultDueDate,
  FINDING_STATUS_LABELS,
  type FindingActor,
  type FindingStatus,
  isoDay,
  SEVERITY_LABELS,
  type Severity,
  verifiedQuestions,
} from "./status";
import { isSubmitted } from "~/assessments/status";
import { theAssessment } from "~/mail/wording";
import { withVendor } from "~/assessments/assessment-queries.server";
import { findingWithVendorAndPeople } from "./finding-queries.server";
import { insertOpenedFindings } from "./open-findings.server";

export type FindingRow = typeof schema.findings.$inferSelect;

/** Who changes a finding: a signed-in staff member, a vendor recipient, or the scheduler. */
export type Changer =
  | { kind: "staff"; user: SessionUser }
  | { kind: "vendor"; recipientId: string; recipientName: string; assessmentId: string }
  | { kind: "system"; name: string };

function auditActor(changer: Changer): Actor {
  if (changer.kind === "staff") return { id: changer.user.id, email: changer.user.email };
  if (changer.kind === "vendor") return { anonymous: `vendor: ${changer.recipientName}` };
  return { system: changer.name };
}

function findingActor(changer: Changer): FindingActor {
  if (changer.kind === "staff") return { kind: "staff", role: changer.user.role };
  return changer.kind === "vendor" ? { kind: "vendor" } : { kind: "system" };
}

function eventActor(changer: Changer) {
  return {
    actorUserId: changer.kind === "staff" ? changer.user.id : null,
    actorRecipientId: changer.kind === "vendor" ? changer.recipientId : null,
  };
}

const conflict = (): Failure =>
  fail(
    409,
    "Someone else changed this finding while you were looking at it. Your change was not saved: reload to see theirs, then make yours again.",
  );

// ---------------------------------------------------------------------------------------
// Opening findings

/**
 * Opens the engine's findings for a just-submitted assessment (call it in the submit
 * transaction). Keys are stable (docs/decisions/025-findings-identity.md), so running it again
 * after a clarified answer adds only findings that are new; existing ones are left as they are.
 */
export async function openEngineFindings(
  tx: Db,
  assessmentId: string,
  result: ScoreResult,
  now: Date = new Date(),
): Promise<number> {
  if (result.findings.length === 0) return 0;
  const [assessment] = await withVendor(
    tx
      .select({ vendorId: schema.assessments.vendorId, ownerId: schema.vendors.ownerId })
      .from(schema.assessments)
      .$dynamic(),
  ).where(eq(schema.assessments.id, assessmentId));
  if (!assessment) throw new Error(`There is no assessment ${assessmentId}.`);
  const settings = await getSettings(tx);
  const contactId = await mainContact(tx, assessmentId);
  const answers = await tx
    .select({ questionId: schema.answers.questionId, answer: schema.answers.answer })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, assessmentId));
  const answerOf = new Map(answers.map((a) => [a.questionId, a.answer]));
  const today = isoDay(now);
  return insertOpenedFindings(
    tx,
    result.findings.map((f) => ({
      assessmentId,
      vendorId: assessment.vendorId,
      origin: "engine" as const,
      key: f.key,
      questionId: f.questionId,
      sectionId: f.sectionId,
      answer: answerOf.get(f.questionId) ?? null,
      severity: f.severity,
      originalSeverity: f.severity,
      knockout: f.knockout,
      title: f.title,
      guidance: f.remediation,
      references: f.references,
      ownerId: assessment.ownerId,
      vendorContactId: contactId,
      dueDate: defaultDueDate(f.severity, today, settings),
      createdAt: now,
      updatedAt: now,
    })),
    "Opened by the scoring engine from the submitted answer.",
    now,
  );
}

/** The vendor contact of the assessment's first recipient (the person it was sent to). */
async function mainContact(tx: Db, assessmentId: string): Promise<string | null> {
  const [row] = await tx
    .select({ contactId: schema.assessmentRecipients.contactId })
    .from(schema.assessmentRecipients)
    .where(
      and(
        eq(schema.assessmentRecipients.assessmentId, assessmentId),
        isNull(schema.assessmentRecipients.invitedByRecipientId),
      ),
    )
    .orderBy(asc(schema.assessmentRecipients.createdAt))
    .limit(1);
  return row?.contactId ?? null;
}

export type ManualFindingInput = {
  questionId: string;
  severity: Severity;
  title: string;
  guidance: string;
  dueDate?: string;
};

/** A reviewer's own finding on any answer of a submitted assessment. */
export async function createManualFinding(
  db: Db,
  user: SessionUser,
  assessmentId: string,
  input: ManualFindingInput,
  questionInfo: { sectionId: string; references: string[] },
  now: Date = new Date(),
): Promise<{ ok: true; id: string } | Failure> {
  return db.transaction(async (tx) => {
    const [assessment] = await withVendor(
      tx
        .select({
          vendorId: schema.assessments.vendorId,
          status: schema.assessments.status,
          ownerId: schema.vendors.ownerId,
        })
        .from(schema.assessments)
        .$dynamic(),
    ).where(eq(schema.assessments.id, assessmentId));
    if (!assessment) return fail(404, "There is no such assessment");
    if (!isSubmitted(assessment.status))
      return fail(409, "Findings can be added once the vendor has submitted");
    const settings = await getSettings(tx);
    const [answer] = await tx
      .select({ answer: schema.answers.answer })
      .from(schema.answers)
      .where(
        and(
          eq(schema.answers.assessmentId, assessmentId),
          eq(schema.answers.questionId, input.questionId),
        ),
      );
    const id = crypto.randomUUID();
    await tx.insert(schema.findings).values({
      id,
      assessmentId,
      vendorId: assessment.vendorId,
      origin: "manual",
      key: `manual:${id}`,
      questionId: input.questionId,
      sectionId: questionInfo.sectionId,
      answer: answer?.answer ?? null,
      severity: input.severity,
      originalSeverity: input.severity,
      title: input.title,
      guidance: input.guidance,
      references: questionInfo.references,
      ownerId: assessment.ownerId ?? user.id,
      vendorContactId: await mainContact(tx, assessmentId),
      dueDate: input.dueDate ?? defaultDueDate(input.severity, isoDay(now), settings),
      createdById: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(schema.findingEvents).values({
      findingId: id,
      kind: "opened",
      toStatus: "open",
      toSeverity: input.severity,
      note: "Added by a reviewer.",
      actorUserId: user.id,
      at: now,
    });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "finding.created",
      target: { type: "finding", id },
      after: { ...input, assessmentId },
    });
    await refreshCurrentScore(tx, assessmentId, { id: user.id, email: user.email }, now);
    await emitFindingEvent(tx, "finding.opened", id, now);
    return { ok: true as const, id };
  });
}

// ---------------------------------------------------------------------------------------
// Changing findings

async function lockFinding(tx: Db, findingId: string): Promise<FindingRow | undefined> {
  const [row] = await tx
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.id, findingId))
    .for("update");
  return row;
}

/** A vendor reaches only findings of its own assessment that were shared with it. */
function vendorMayReach(changer: Changer, finding: FindingRow): boolean {
  return (
    changer.kind !== "vendor" ||
    (finding.assessmentId === changer.assessmentId && finding.sharedWithVendor)
  );
}

export type TransitionInput = {
  to: FindingStatus;
  revision: number;
  note?: string;
  /** Risk acceptance only. */
  acceptanceExpiresOn?: string;
};

export async function transitionFinding(
  db: Db,
  changer: Changer,
  findingId: string,
  input: TransitionInput,
  now: Date = new Date(),
): Promise<{ ok: true; status: FindingStatus } | Failure> {
  const result = await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, findingId);
    if (!finding || !vendorMayReach(changer, finding)) return fail(404, "There is no such finding");
    if (finding.revision !== input.revision) return conflict();
    const check = checkTransition(finding.status, input.to, findingActor(changer));
    if (!check.ok) return fail(409, check.message);
    const note = input.note?.trim() ?? "";
    const changes: Partial<typeof schema.findings.$inferInsert> = {
      status: input.to,
      revision: finding.revision + 1,
      updatedAt: now,
    };
    if (check.needs === "note" && note === "")
      return fail(400, "Say why: a reason is needed for this change", "note");
    if (check.needs === "acceptance") {
      if (changer.kind !== "staff") return fail(409, "Only a risk officer can accept a risk.");
      if (note === "") return fail(400, "Enter the justification for accepting this risk", "note");
      const expires = input.acceptanceExpiresOn;
      if (!expires)
        return fail(400, "Enter the date the acceptance expires", "acceptanceExpiresOn");
      if (expires <= isoDay(now))
        return fail(400, "The acceptance must expire after today", "acceptanceExpiresOn");
      Object.assign(changes, {
        acceptedById: changer.user.id,
        acceptanceJustification: note,
        acceptanceExpiresOn: expires,
      });
    }
    if (input.to === "verified") changes.closedAt = now;
    if (finding.status === "verified" || finding.status === "risk_accepted")
      changes.closedAt = null;
    if (finding.status === "risk_accepted") {
      // The acceptance is over; the record of it stays in the events.
      Object.assign(changes, {
        acceptedById: null,
        acceptanceJustification: null,
        acceptanceExpiresOn: null,
      });
    }
    const [updated] = await tx
      .update(schema.findings)
      .set(changes)
      .where(and(eq(schema.findings.id, findingId), eq(schema.findings.revision, input.revision)))
      .returning({ id: schema.findings.id });
    if (!updated) return conflict();
    await tx.insert(schema.findingEvents).values({
      findingId,
      kind: "status",
      fromStatus: finding.status,
      toStatus: input.to,
      note,
      detail:
        check.needs === "acceptance"
          ? { acceptanceExpiresOn: input.acceptanceExpiresOn }
          : finding.status === "risk_accepted"
            ? {
                acceptanceExpiresOn: finding.acceptanceExpiresOn,
                acceptanceJustification: finding.acceptanceJustification,
              }
            : null,
      ...eventActor(changer),
      at: now,
    });
    await recordAudit(tx, {
      actor: auditActor(changer),
      action: "finding.status_changed",
      target: { type: "finding", id: findingId },
      before: { status: finding.status },
      after: { status: input.to, ...(note ? { note } : {}) },
    });
    if (finding.status === "verified" || input.to === "verified")
      await refreshCurrentScore(tx, finding.assessmentId, auditActor(changer), now);
    await mailTransition(tx, changer, finding, input.to, input.note ?? "", now);
    const event = transitionEvent(changer, finding.status, input.to);
    if (event) await emitFindingEvent(tx, event, findingId, now);
    return { ok: true as const, status: input.to };
  });
  if (!result.ok) return result;
  return { ok: true, status: result.status };
}

/** The webhook event a status change is, if any (docs/integrations.md lists them). */
function transitionEvent(
  changer: Changer,
  from: FindingStatus,
  to: FindingStatus,
): Extract<EventType, `finding.${string}`> | null {
  if (to === "fixed_by_vendor") return "finding.fixed";
  if (to === "verified") return "finding.verified";
  if (to === "risk_accepted") return "finding.risk_accepted";
  if (to === "reopened" && from === "risk_accepted" && changer.kind === "system")
    return "finding.acceptance_expired";
  return null;
}

/** The current score follows the verified questions of the assessment (docs/scoring.md). */
async function refreshCurrentScore(tx: Db, assessmentId: string, actor: Actor, now: Date) {
  const [hasScore] = await tx
    .select({ id: schema.assessmentScores.id })
    .from(schema.assessmentScores)
    .where(
      and(
        eq(schema.assessmentScores.assessmentId, assessmentId),
        eq(schema.assessmentScores.kind, "submitted"),
      ),
    );
  if (!hasScore) return;
  const rows = await tx
    .select({ questionId: schema.findings.questionId, status: schema.findings.status })
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, assessmentId));
  await storeCurrentScore(tx, assessmentId, {
    verifiedQuestionIds: verifiedQuestions(rows),
    now,
    actor,
  });
}

export type SeverityInput = { severity: Severity; justification: string; revision: number };

/** A reviewer's change of severity, with a justification; the original severity is kept. */
export async function changeSeverity(
  db: Db,
  user: SessionUser,
  findingId: string,
  input: SeverityInput,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const finding = await lockFinding(tx, findingId);
    if (!finding) return fail(404, "There is no such finding");
    if (finding.revision !== input.revision) return conflict();
    if (finding.severity === input.severity)
      return fail(400, `The severity is already ${SEVERITY_LABELS[input.severity]}`, "severity");
    if (!input.justification.trim())
      return fail(400, "Enter why the severity changes", "justification");
    await tx
      .update(schema.findings)
      .set({ severity: input.severity, revision: finding.revision + 1, updatedAt: now })
      .where(eq(schema.findings.id, findingId));
    await tx.insert(schema.findingEvents).values({
      findingId,
      kind: "severity",
      fromSeverity: finding.severity,
      toSeverity: input.severity,
      note: input.justification.trim(),
      actorUserId: user.id,
      at: now,
    });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "finding.severity_changed",
      target: { type: "finding", id: findingId },
      before: { severity: finding.severity, originalSeverity: finding.originalSeverity },
      after: { severity: input.severity, justification: input.justification.trim() },
    });
    return { ok: true as const };
  });
}

export type DetailsInput = {
  revision: number;
  ownerId: string | null;
  vendorContactId: string | null;
  dueDate: string;
  sharedWithVendor: boolean;
};

/** Owner, vendor contact, due date and whether the vendor sees it. Sharing mails the vendor. */
export async function updateFindingDetails(
  db: Db,
  user: SessionUser,
  findingId: string,
  input: DetailsInput,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const result = await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, findingId);
    if (!finding) return fail(404, "There is no such finding");
    if (finding.revision !== input.revision) return conflict();
    if (input.ownerId) {
      const [owner] = await tx
        .select({ status: schema.users.status })
        .from(schema.users)
        .where(eq(schema.users.id, input.ownerId));
      if (!owner || owner.status !== "active")
        return fail(400, "Choose an active staff member as the owner", "ownerId");
    }
    if (input.vendorContactId) {
      const [contact] = await tx
        .select({ vendorId: schema.vendorContacts.vendorId })
        .from(schema.vendorContacts)
        .where(eq(schema.vendorContacts.id, input.vendorContactId));
      if (contact?.vendorId !== finding.vendorId)
        return fail(400, "Choose one of this vendor's contacts", "vendorContactId");
    }
    const before = {
      ownerId: finding.ownerId,
      vendorContactId: finding.vendorContactId,
      dueDate: finding.dueDate,
      sharedWithVendor: finding.sharedWithVendor,
    };
    const after = {
      ownerId: input.ownerId,
      vendorContactId: input.vendorContactId,
      dueDate: input.dueDate,
      sharedWithVendor: input.sharedWithVendor,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
      (k) => before[k] !== after[k],
    );
    if (changed.length === 0) return { ok: true as const, shared: false, finding };
    await tx
      .update(schema.findings)
      .set({ ...after, revision: finding.revision + 1, updatedAt: now })
      .where(eq(schema.findings.id, findingId));
    await tx.insert(schema.findingEvents).values({
      findingId,
      kind: "details",
      note: "",
      detail: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
      actorUserId: user.id,
      at: now,
    });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "finding.updated",
      target: { type: "finding", id: findingId },
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    if (!finding.sharedWithVendor && input.sharedWithVendor)
      await mailVendorLinks(tx, finding.assessmentId, "finding", now);
    return { ok: true as const };
  });
  if (!result.ok) return result;
  return { ok: true };
}

export type PlanInput = { revision: number; plan: string; targetDate: string | null };

/** The vendor's remediation plan and target date on a finding shared with them. */
export async function saveVendorPlan(
  db: Db,
  changer: Extract<Changer, { kind: "vendor" }>,
  findingId: string,
  input: PlanInput,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  return db.transaction(async (tx) => {
    const finding = await lockFinding(tx, findingId);
    if (!finding || !vendorMayReach(changer, finding)) return fail(404, "There is no such finding");
    if (finding.revision !== input.revision) return conflict();
    if (finding.status === "verified" || finding.status === "risk_accepted")
      return fail(409, "This finding is closed; its plan can no longer change");
    await tx
      .update(schema.findings)
      .set({
        vendorPlan: input.plan,
        vendorTargetDate: input.targetDate,
        revision: finding.revision + 1,
        updatedAt: now,
      })
      .where(eq(schema.findings.id, findingId));
    await tx.insert(schema.findingEvents).values({
      findingId,
      kind: "plan",
      note: input.plan,
      detail: { targetDate: input.targetDate },
      actorRecipientId: changer.recipientId,
      at: now,
    });
    await recordAudit(tx, {
      actor: auditActor(changer),
      action: "finding.plan_updated",
      target: { type: "finding", id: findingId },
      before: { plan: finding.vendorPlan, targetDate: finding.vendorTargetDate },
      after: { plan: input.plan, targetDate: input.targetDate },
    });
    return { ok: true as const };
  });
}

export type CommentInput = { body: string; visibility: "internal" | "shared" };

/** A comment in the finding's thread; vendors' comments are always shared. */
export async function addFindingComment(
  db: Db,
  changer: Exclude<Changer, { kind: "system" }>,
  findingId: string,
  input: CommentInput,
  now: Date = new Date(),
): Promise<{ ok: true } | Failure> {
  const body = input.body.trim();
  if (!body) return fail(400, "Write a comment first", "body");
  if (body.length > 10_000) return fail(400, "Keep comments under 10,000 characters", "body");
  const visibility = changer.kind === "vendor" ? "shared" : input.visibility;
  const result = await db.transaction(async (tx) => {
    const [finding] = await tx
      .select()
      .from(schema.findings)
      .where(eq(schema.findings.id, findingId));
    if (!finding || !vendorMayReach(changer, finding)) return fail(404, "There is no such finding");
    await tx.insert(schema.findingComments).values({
      findingId,
      body,
      visibility,
      authorUserId: changer.kind === "staff" ? changer.user.id : null,
      authorRecipientId: changer.kind === "vendor" ? changer.recipientId : null,
      createdAt: now,
    });
    await recordAudit(tx, {
      actor: auditActor(changer),
      action: "finding.commented",
      target: { type: "finding", id: findingId },
      detail: { visibility },
    });
    if (changer.kind === "staff" && visibility === "shared" && finding.sharedWithVendor)
      await mailVendorLinks(tx, finding.assessmentId, "comment", now);
    if (changer.kind === "vendor")
      await mailOwner(tx, finding, `${changer.recipientName} commented`, body);
    return { ok: true as const };
  });
  if (!result.ok) return result;
  return { ok: true };
}

// ---------------------------------------------------------------------------------------
// Reading

export async function getFinding(db: Db, findingId: string) {
  const [row] = await findingWithVendorAndPeople(
    db
      .select({
        finding: schema.findings,
        vendorName: schema.vendors.name,
        ownerName: schema.users.name,
        contactName: schema.vendorContacts.name,
        contactEmail: schema.vendorContacts.email,
        assessmentStatus: schema.assessments.status,
        questionnaireVersionId: schema.assessments.questionnaireVersionId,
      })
      .from(schema.findings)
      .$dynamic(),
  )
    .innerJoin(schema.assessments, eq(schema.assessments.id, schema.findings.assessmentId))
    .where(eq(schema.findings.id, findingId));
  return row ?? null;
}

/** The finding's history and thread; `forVendor` leaves internal comments out. */
/** What a staff finding page offers beside the finding: owners, vendor contacts, its files. */
/**
 * The choices on a finding's staff page (owners, vendor contacts) and its evidence: the files of
 * the answer it is about and the files the vendor sent as evidence of the fix.
 */
export async function getFindingPageLists(
  db: Db,
  finding: { id: string; vendorId: string; assessmentId: string; questionId: string },
) {
  const [staff, contacts, files, answerFiles] = await Promise.all([
    db
      .select({ id: schema.users.id, name: schema.users.name })
      .from(schema.users)
      .where(eq(schema.users.status, "active"))
      .orderBy(asc(schema.users.name)),
    db
      .select({
        id: schema.vendorContacts.id,
        name: schema.vendorContacts.name,
        email: schema.vendorContacts.email,
      })
      .from(schema.vendorContacts)
      .where(eq(schema.vendorContacts.vendorId, finding.vendorId))
      .orderBy(asc(schema.vendorContacts.name)),
    listEvidenceItems(db, [finding.assessmentId], "staff", {
      kind: "findings",
      findingId: finding.id,
    }),
    listEvidenceItems(db, [finding.assessmentId], "staff", { questionIds: [finding.questionId] }),
  ]);
  return { staff, contacts, files, answerFiles };
}

export async function getFindingThread(db: Db, findingId: string, { forVendor = false } = {}) {
  const events = await db
    .select({
      event: schema.findingEvents,
      userName: schema.users.name,
      recipientName: schema.assessmentRecipients.name,
    })
    .from(schema.findingEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.findingEvents.actorUserId))
    .leftJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.findingEvents.actorRecipientId),
    )
    .where(eq(schema.findingEvents.findingId, findingId))
    .orderBy(asc(schema.findingEvents.at), asc(schema.findingEvents.id));
  const comments = await db
    .select({
      comment: schema.findingComments,
      userName: schema.users.name,
      recipientName: schema.assessmentRecipients.name,
    })
    .from(schema.findingComments)
    .leftJoin(schema.users, eq(schema.users.id, schema.findingComments.authorUserId))
    .leftJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.findingComments.authorRecipientId),
    )
    .where(
      and(
        eq(schema.findingComments.findingId, findingId),
        forVendor ? eq(schema.findingComments.visibility, "shared") : undefined,
      ),
    )
    .orderBy(asc(schema.findingComments.createdAt));
  return {
    events: events.map((e) => ({
      ...e.event,
      actor: e.userName ?? e.recipientName ?? (e.event.actorUserId ? "A former user" : "Assay"),
    })),
    comments: comments.map((c) => ({
      ...c.comment,
      author: c.userName ?? c.recipientName ?? "A former user",
      fromVendor: c.comment.authorRecipientId !== null,
    })),
  };
}

export async function listAssessmentFindings(
  db: Db,
  assessmentId: string,
  { sharedOnly = false } = {},
) {
  return db
    .select()
    .from(schema.findings)
    .where(
      and(
        eq(schema.findings.assessmentId, assessmentId),
        sharedOnly ? eq(schema.findings.sharedWithVendor, true) : undefined,
      ),
    )
    .orderBy(
      sql`array_position(array['critical','high','medium','low']::severity[], ${schema.findings.severity})`,
      asc(schema.findings.dueDate),
      asc(schema.findings.key),
    );
}

// ---------------------------------------------------------------------------------------
// Mail

/**
 * Tells the assessment's recipients there is something for them (a shared finding, a staff
 * comment, a clarification request), with a fresh personal link: the tokens are stored only
 * hashed, and links may have expired with the due date. Links issued now last 30 days.
 * Call in the transaction of the change it announces: the mails are queued in it, and each
 * recipient's earlier link keeps working until the new one's mail has left (decision 140).
 */
export async function mailVendorLinks(
  db: Db,
  assessmentId: string,
  reason: "finding" | "comment" | "clarification",
  now: Date = new Date(),
): Promise<void> {
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!summary) return;
  const recipients = await db
    .select({
      id: schema.assessmentRecipients.id,
      expiresAt: schema.assessmentRecipients.expiresAt,
    })
    .from(schema.assessmentRecipients)
    .where(
      and(
        eq(schema.assessmentRecipients.assessmentId, assessmentId),
        isNull(schema.assessmentRecipients.revokedAt),
      ),
    );
  if (recipients.length === 0) return;
  const expiresAt = new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000);
  const invitations = await issueLinks(
    db,
    recipients.map((r) => r.id),
    expiresAt,
    now,
  );
  const { organisationName } = await getSettings(db);
  const what = {
    finding: `${organisationName} shared findings from ${theAssessment(summary.questionnaireTitle)} with ${summary.vendorName} for remediation. Please answer each with a plan and a target date, and mark it fixed when it is.`,
    comment: `${organisationName} commented on a finding from ${theAssessment(summary.questionnaireTitle)} of ${summary.vendorName}.`,
    clarification: `${organisationName} asks ${summary.vendorName} to clarify some answers in ${theAssessment(summary.questionnaireTitle)}. Only those answers are open again.`,
  }[reason];
  const subject = {
    finding: `Findings to remediate: ${summary.questionnaireTitle} for ${summary.vendorName}`,
    comment: `New comment on a finding for ${summary.vendorName}`,
    clarification: `Clarification requested: ${summary.questionnaireTitle} for ${summary.vendorName}`,
  }[reason];
  for (const invitation of invitations) {
    const link = `${getEnv().APP_URL}/respond/${invitation.token}`;
    const paragraphs = [
      `Hello ${invitation.name},`,
      what,
      `Your personal link is below; it works until ${invitation.expiresAt.toUTCString()}. Don't forward it.`,
    ];
    await queueMail(db, {
      to: invitation.email,
      kind: `vendor_${reason}`,
      assessmentId,
      recipientId: invitation.recipientId,
      linkTokenHash: invitation.tokenHash,
      subject,
      text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
      html: simpleHtml(paragraphs, { label: "Open the assessment", href: link }),
    });
  }
}

async function mailOwner(db: Db, finding: FindingRow, what: string, body: string) {
  if (!finding.ownerId) return;
  const [owner] = await db.select().from(schema.users).where(eq(schema.users.id, finding.ownerId));
  if (!owner || owner.status !== "active") return;
  const link = `${getEnv().APP_URL}/findings/${finding.id}`;
  const paragraphs = [
    `Hello ${owner.name},`,
    `${what} on the finding “${finding.title}”.`,
    ...(body ? [body] : []),
  ];
  await queueMail(db, {
    to: owner.email,
    assessmentId: finding.assessmentId,
    kind: "finding_update_owner",
    subject: `${what}: ${finding.title}`,
    text: `${paragraphs.join("\n\n")}\n\n${link}\n`,
    html: simpleHtml(paragraphs, { label: "Open the finding", href: link }),
  });
}

async function mailTransition(
  db: Db,
  changer: Changer,
  finding: FindingRow,
  to: FindingStatus,
  note: string,
  now: Date,
) {
  if (changer.kind === "vendor" && to === "fixed_by_vendor") {
    await mailOwner(db, finding, `${changer.recipientName} marked it fixed`, note);
  } else if (changer.kind === "system" && to === "reopened") {
    await mailOwner(db, finding, "The risk acceptance expired and the finding reopened", note);
  } else if (
    changer.kind === "staff" &&
    finding.sharedWithVendor &&
    to === "in_progress" &&
    finding.status === "fixed_by_vendor"
  ) {
    await mailVendorLinks(db, finding.assessmentId, "comment", now);
  }
}

export function statusLabel(status: FindingStatus): string {
  return FINDING_STATUS_LABELS[status];
}
