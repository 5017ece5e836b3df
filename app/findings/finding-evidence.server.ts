// The vendor's side of remediation (docs/decisions/091-clarifications-and-vendor-access.md): what a
// vendor session may see of a finding, the evidence files it uploads for a fix, and the counts on
// its task list. Everything here takes the assessment id from the vendor session, never from the
// URL (docs/design.md, invariant 6), and hands the browser only a vendor-safe projection: never
// scores, knockouts, staff notes, internal comments, risk-acceptance reasons or staff names and
// addresses.
import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { getAssessmentSummary, getPinnedQuestionnaire } from "~/assessments/assessments.server";
import {
  checkedUpload,
  type FileInput,
  getEvidenceFile,
  removeEvidence,
  uploadEvidence,
} from "~/assessments/evidence.server";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { fail, type Failure } from "~/forms/failure";
import { getQuestionMap } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { getSettings } from "~/settings/settings.server";
import { discardUpload } from "~/storage/upload.server";
import { type Changer, getFindingThread, listAssessmentFindings } from "./findings.server";
import { type FindingStatus, type Severity } from "./status";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { isUuid } from "~/uuid";

export type VendorChanger = Extract<Changer, { kind: "vendor" }>;

/** The statuses in which the vendor still has work to do on a finding. */
const VENDOR_WORK: readonly FindingStatus[] = ["open", "in_progress", "reopened"];

/** A finding as the vendor's list shows it. */
export type VendorFindingSummary = {
  id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  dueDate: string;
  vendorTargetDate: string | null;
};

/** The findings of the vendor's own assessment that staff shared with it. */
export async function listVendorFindings(
  db: Db,
  assessmentId: string,
): Promise<VendorFindingSummary[]> {
  const rows = await listAssessmentFindings(db, assessmentId, { sharedOnly: true });
  return rows.map((f) => ({
    id: f.id,
    title: f.title,
    severity: f.severity,
    status: f.status,
    dueDate: f.dueDate,
    vendorTargetDate: f.vendorTargetDate,
  }));
}

/** The finding row, only when it belongs to this assessment and is shared; otherwise null. */
export async function getVendorFindingRow(db: Db, assessmentId: string, findingId: string) {
  if (!isUuid(findingId)) return null;
  const [row] = await db
    .select()
    .from(schema.findings)
    .where(
      and(
        eq(schema.findings.id, findingId),
        eq(schema.findings.assessmentId, assessmentId),
        eq(schema.findings.sharedWithVendor, true),
      ),
    );
  return row ?? null;
}

export type FindingFile = { id: string; fileName: string; size: number; uploadedAt: Date };

/** A remediation file of this finding, or null. */
export async function getFindingEvidenceFile(db: Db, findingId: string, fileId: string) {
  if (!isUuid(findingId) || !isUuid(fileId)) return null;
  const [row] = await db
    .select()
    .from(schema.evidenceFiles)
    .where(
      and(
        eq(schema.evidenceFiles.id, fileId),
        eq(schema.evidenceFiles.findingId, findingId),
        isNull(schema.evidenceFiles.deletedAt),
      ),
    );
  return row ?? null;
}

/**
 * Everything the vendor's finding page shows, or null when the session may not see it. Staff
 * appear as the organisation, as in the clarification thread; event notes are shown only
 * where they are meant for the vendor (their own, and the reason a fix was sent back).
 */
export async function getVendorFindingPage(db: Db, assessmentId: string, findingId: string) {
  const finding = await getVendorFindingRow(db, assessmentId, findingId);
  if (!finding) return null;
  const summary = (await getAssessmentSummary(db, assessmentId))!;
  const questionnaire = await getPinnedQuestionnaire(db, summary.questionnaireVersionId);
  const entry = getQuestionMap(questionnaire).get(finding.questionId);
  const section = questionnaire.sections.find((s) => s.id === finding.sectionId);
  const [{ organisationName }, thread, files] = await Promise.all([
    getSettings(db),
    getFindingThread(db, finding.id, { forVendor: true }),
    // The shared list staff read too, with the vendor's links (decision 200).
    listEvidenceItems(db, [assessmentId], "vendor", { kind: "findings", findingId: finding.id }),
  ]);
  const comments = thread.comments
    // getFindingThread already leaves internal comments out; this is the second lock.
    .filter((c) => c.visibility === "shared")
    .map((c) => ({
      id: c.id,
      body: c.body,
      createdAt: c.createdAt,
      fromVendor: c.fromVendor,
      author: c.fromVendor ? c.author : organisationName,
    }));
  const history = thread.events
    .filter((e) => ["opened", "status", "plan", "evidence"].includes(e.kind))
    .map((e) => {
      const byVendor = e.actorRecipientId !== null;
      const sentBack = e.kind === "status" && e.fromStatus === "fixed_by_vendor" && !byVendor;
      return {
        id: e.id,
        at: e.at,
        kind: e.kind,
        toStatus: e.kind === "opened" ? null : e.toStatus,
        by: byVendor ? e.actor : organisationName,
        note: (byVendor && e.kind !== "plan") || sentBack ? e.note : "",
      };
    });
  return {
    finding: {
      id: finding.id,
      title: finding.title,
      severity: finding.severity,
      status: finding.status,
      guidance: finding.guidance,
      references: finding.references,
      dueDate: finding.dueDate,
      vendorPlan: finding.vendorPlan,
      vendorTargetDate: finding.vendorTargetDate,
      revision: finding.revision,
    },
    question: entry ? { id: entry.question.id, text: entry.question.text } : null,
    sectionTitle: section?.title ?? null,
    organisationName,
    comments,
    history,
    files,
  };
}

export type VendorFindingPage = NonNullable<Awaited<ReturnType<typeof getVendorFindingPage>>>;

export type FindingUploadFailure = Failure | { ok: false; status: 413; message: string };

/**
 * A file of evidence for the fix, checked by content and name like answer evidence, stored
 * under a random key, recorded with its SHA-256 against the finding (and its question), and
 * audited. The finding's revision does not move: a file never conflicts with a plan.
 */
export async function uploadFindingEvidence(
  db: Db,
  vendor: VendorChanger,
  findingId: string,
  input: FileInput,
  now: Date = new Date(),
): Promise<{ ok: true; file: FindingFile } | FindingUploadFailure> {
  const finding = await getVendorFindingRow(db, vendor.assessmentId, findingId);
  const refuse = async (status: 404 | 409, message: string) => {
    if ("upload" in input) await discardUpload(input.upload);
    return fail(status, message);
  };
  if (!finding) return refuse(404, "There is no such finding");
  if (finding.status === "verified" || finding.status === "risk_accepted")
    return refuse(409, "This finding is closed; files can no longer be added to it");
  const upload = await checkedUpload(input);
  if (!upload.ok) {
    return upload.status === 413
      ? { ok: false, status: 413, message: upload.message }
      : fail(400, upload.message, "file");
  }
  const { key: storageKey, size, sha256 } = upload.stored;
  const { fileName, mime } = upload;
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(schema.evidenceFiles)
      .values({
        assessmentId: vendor.assessmentId,
        questionId: finding.questionId,
        findingId: finding.id,
        storageKey,
        fileName,
        contentType: mime,
        size,
        sha256,
        uploadedByRecipientId: vendor.recipientId,
        uploadedAt: now,
      })
      .returning();
    await tx.insert(schema.findingEvents).values({
      findingId: finding.id,
      kind: "evidence",
      note: `Uploaded ${fileName}`,
      detail: { fileId: inserted!.id, size, sha256 },
      actorRecipientId: vendor.recipientId,
      at: now,
    });
    await recordAudit(tx, {
      actor: { anonymous: `vendor: ${vendor.recipientName}` },
      action: "finding.evidence_uploaded",
      target: { type: "finding", id: finding.id },
      detail: {
        fileId: inserted!.id,
        fileName,
        size,
        sha256,
        recipientId: vendor.recipientId,
      },
    });
    return inserted!;
  });
  return {
    ok: true,
    file: { id: row.id, fileName: row.fileName, size: row.size, uploadedAt: row.uploadedAt },
  };
}

/** What the vendor's task list links to after submission. */
export async function getVendorFollowUps(db: Db, assessmentId: string) {
  const [shared] = await db
    .select({ n: count() })
    .from(schema.findings)
    .where(
      and(
        eq(schema.findings.assessmentId, assessmentId),
        eq(schema.findings.sharedWithVendor, true),
      ),
    );
  const [toRemediate] = await db
    .select({ n: count() })
    .from(schema.findings)
    .where(
      and(
        eq(schema.findings.assessmentId, assessmentId),
        eq(schema.findings.sharedWithVendor, true),
        inArray(schema.findings.status, [...VENDOR_WORK]),
      ),
    );
  const [clarifications] = await db
    .select({ n: count() })
    .from(schema.answerReviews)
    .where(
      and(
        eq(schema.answerReviews.assessmentId, assessmentId),
        eq(schema.answerReviews.status, "clarification_requested"),
      ),
    );
  return {
    sharedFindings: shared?.n ?? 0,
    findingsToRemediate: toRemediate?.n ?? 0,
    openClarifications: clarifications?.n ?? 0,
  };
}

// ---------------------------------------------------------------------------------------
// Clarifications (the vendor's side of app/review/review.server.ts)

/** Whether a reviewer's clarification request on this answer is waiting for the vendor. */
export async function isClarificationOpen(
  db: Db,
  assessmentId: string,
  questionId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ status: schema.answerReviews.status })
    .from(schema.answerReviews)
    .where(
      and(
        eq(schema.answerReviews.assessmentId, assessmentId),
        eq(schema.answerReviews.questionId, questionId),
      ),
    );
  return row?.status === "clarification_requested";
}

const NOT_OPEN = "No clarification is requested on this answer, so its files cannot change.";

/**
 * A file for an answer reopened for clarification. uploadEvidence refuses once the
 * assessment is submitted, so it is called as if the assessment were still open, but only
 * after checking that this one answer is reopened; saveAnswer (which it calls to keep an
 * evidence question's answer in step) checks that again inside its own transaction.
 */
export async function uploadClarificationEvidence(
  db: Db,
  vendor: Pick<VendorChanger, "assessmentId" | "recipientId">,
  questionnaire: Questionnaire,
  input: { questionId: string } & FileInput,
) {
  if (!(await isClarificationOpen(db, vendor.assessmentId, input.questionId))) {
    if ("upload" in input) await discardUpload(input.upload);
    return { ok: false as const, status: 409 as const, message: NOT_OPEN };
  }
  return uploadEvidence(db, { ...vendor, status: "in_progress" }, questionnaire, input);
}

/** Removes an answer file (never a remediation file) of an answer reopened for clarification. */
export async function removeClarificationEvidence(
  db: Db,
  vendor: Pick<VendorChanger, "assessmentId" | "recipientId">,
  questionnaire: Questionnaire,
  fileId: string,
) {
  const file = isUuid(fileId) ? await getEvidenceFile(db, vendor.assessmentId, fileId) : null;
  if (!file || file.findingId !== null)
    return { ok: false as const, status: 404 as const, message: "There is no such file." };
  if (!(await isClarificationOpen(db, vendor.assessmentId, file.questionId)))
    return { ok: false as const, status: 409 as const, message: NOT_OPEN };
  return removeEvidence(db, { ...vendor, status: "in_progress" }, questionnaire, fileId);
}
