// Evidence files: uploaded by vendors per question, checked by content, hashed, stored under
// random keys through the storage interface, downloadable only through authorised routes.
import { Readable } from "node:stream";
import { and, asc, eq, isNull } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { getQuestionMap } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { readVerified } from "~/storage/storage.server";
import { type CheckedUpload, discardUpload, storeCheckedFile } from "~/storage/upload.server";
import { saveAnswer, type VendorContext } from "./respond.server";
import { isOpenForAnswers } from "./status";
import { attachmentDisposition, inlineDisposition } from "~/http/content-disposition";
import { opensInline } from "./evidence-view";

export type EvidenceFile = {
  id: string;
  questionId: string;
  fileName: string;
  size: number;
  uploadedAt: Date;
};

export async function listEvidence(db: Db, assessmentId: string): Promise<EvidenceFile[]> {
  return db
    .select({
      id: schema.evidenceFiles.id,
      questionId: schema.evidenceFiles.questionId,
      fileName: schema.evidenceFiles.fileName,
      size: schema.evidenceFiles.size,
      uploadedAt: schema.evidenceFiles.uploadedAt,
    })
    .from(schema.evidenceFiles)
    .where(
      and(
        eq(schema.evidenceFiles.assessmentId, assessmentId),
        isNull(schema.evidenceFiles.deletedAt),
        // Files for a remediation belong to their finding, not to the answer.
        isNull(schema.evidenceFiles.findingId),
      ),
    )
    .orderBy(asc(schema.evidenceFiles.uploadedAt));
}

/** A file of this assessment, or null: the assessment id always comes from the caller's session or URL guard. */
export async function getEvidenceFile(db: Db, assessmentId: string, fileId: string) {
  const [row] = await db
    .select()
    .from(schema.evidenceFiles)
    .where(
      and(
        eq(schema.evidenceFiles.id, fileId),
        eq(schema.evidenceFiles.assessmentId, assessmentId),
        isNull(schema.evidenceFiles.deletedAt),
      ),
    );
  return row ?? null;
}

/**
 * The name a file is stored under: its last path segment, without control characters. Quotes,
 * `;` and `=` stay: downloads send the name encoded (app/http/content-disposition.ts).
 */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "file";
}

// An evidence-type question's answer is the list of its files, kept in step on upload/removal.
async function syncEvidenceAnswer(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  questionnaire: Questionnaire,
  questionId: string,
) {
  const question = getQuestionMap(questionnaire).get(questionId)?.question;
  if (question?.type !== "evidence") return undefined;
  const files = (await listEvidence(db, context.assessmentId))
    .filter((f) => f.questionId === questionId)
    .map((f) => f.id);
  const [current] = await db
    .select({ revision: schema.answers.revision })
    .from(schema.answers)
    .where(
      and(
        eq(schema.answers.assessmentId, context.assessmentId),
        eq(schema.answers.questionId, questionId),
      ),
    );
  const result = await saveAnswer(db, context, questionnaire, {
    questionId,
    answer: files.length ? { kind: "value", value: files } : null,
    comment: "",
    baseRevision: current?.revision ?? 0,
  });
  return result.ok ? result.revision : undefined;
}

export type UploadResult =
  | { ok: true; file: EvidenceFile; revision?: number }
  | { ok: false; status: 400 | 404 | 413 | 423; message: string };

/** A file to attach: bytes (tests, the demo seed) or an upload already streamed into storage. */
export type FileInput = { fileName: string; bytes: Uint8Array } | { upload: CheckedUpload };

/** Checks and stores bytes like a streamed upload (the file name is cleaned). */
export async function checkedUpload(input: FileInput): Promise<CheckedUpload> {
  return "upload" in input
    ? input.upload
    : storeCheckedFile(cleanName(input.fileName), input.bytes);
}

export async function uploadEvidence(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId" | "status">,
  questionnaire: Questionnaire,
  input: { questionId: string } & FileInput,
  // A supplier list takes one kind of file: the CycloneDX BOM it was filled from, kept as its
  // evidence once read (bom-upload.server.ts, decision 331). Only that path passes this.
  { supplierBom = false }: { supplierBom?: boolean } = {},
): Promise<UploadResult> {
  const refuse = async (status: 400 | 404 | 423, message: string) => {
    if ("upload" in input) await discardUpload(input.upload);
    return { ok: false as const, status, message };
  };
  if (!isOpenForAnswers(context.status))
    return refuse(423, "This assessment is no longer open for answers.");
  const question = getQuestionMap(questionnaire).get(input.questionId)?.question;
  if (!question) return refuse(404, "This question is not part of the assessment.");
  if (supplierBom) {
    if (question.type !== "supplier_list")
      return refuse(400, "Only a supplier list can be filled from a CycloneDX file.");
  } else if (
    question.type !== "evidence" &&
    (!("evidence" in question) || question.evidence === "none")
  ) {
    return refuse(400, "This question does not take files.");
  }
  const upload = await checkedUpload(input);
  if (!upload.ok) return upload;
  const { key: storageKey, size, sha256 } = upload.stored;
  const fileName = upload.fileName;
  const [row] = await db
    .transaction(async (tx) => {
      const inserted = await tx
        .insert(schema.evidenceFiles)
        .values({
          assessmentId: context.assessmentId,
          questionId: question.id,
          storageKey,
          fileName,
          contentType: upload.mime,
          size,
          sha256,
          uploadedByRecipientId: context.recipientId,
        })
        .returning();
      await recordAudit(tx, {
        actor: { anonymous: "vendor" },
        action: "evidence.uploaded",
        target: { type: "assessment", id: context.assessmentId },
        detail: {
          questionId: question.id,
          fileName,
          size,
          sha256,
          recipientId: context.recipientId,
        },
      });
      return inserted;
    })
    .catch(async (error: unknown) => {
      await discardUpload(upload);
      throw error;
    });
  const revision = await syncEvidenceAnswer(db, context, questionnaire, question.id);
  return {
    ok: true,
    file: {
      id: row!.id,
      questionId: row!.questionId,
      fileName: row!.fileName,
      size: row!.size,
      uploadedAt: row!.uploadedAt,
    },
    revision,
  };
}

export async function removeEvidence(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId" | "status">,
  questionnaire: Questionnaire,
  fileId: string,
): Promise<{ ok: true; questionId: string } | { ok: false; status: 404 | 423; message: string }> {
  if (!isOpenForAnswers(context.status))
    return { ok: false, status: 423, message: "This assessment is no longer open for answers." };
  const file = await getEvidenceFile(db, context.assessmentId, fileId);
  if (!file) return { ok: false, status: 404, message: "There is no such file." };
  await db.transaction(async (tx) => {
    await tx
      .update(schema.evidenceFiles)
      .set({ deletedAt: new Date() })
      .where(eq(schema.evidenceFiles.id, file.id));
    await recordAudit(tx, {
      actor: { anonymous: "vendor" },
      action: "evidence.removed",
      target: { type: "assessment", id: context.assessmentId },
      detail: {
        questionId: file.questionId,
        fileName: file.fileName,
        recipientId: context.recipientId,
      },
    });
  });
  await syncEvidenceAnswer(db, context, questionnaire, file.questionId);
  return { ok: true, questionId: file.questionId };
}

/**
 * The response for a download: streamed from storage, verified against the SHA-256 recorded at
 * upload (a mismatch cuts the download off). Images and PDFs open in the browser unless the
 * reader asked to download (`?download`), everything else is an attachment; either way the
 * response is inert (docs/decisions/200-evidence-beside-answers.md): a sandboxing CSP that runs
 * no script and loads nothing; the server adds nosniff to every response (decision 122), so the
 * recorded type is the only one a browser uses.
 */
export async function evidenceDownload(
  file: {
    storageKey: string;
    fileName: string;
    size: number;
    sha256: string;
    contentType: string;
  },
  request?: Request,
) {
  const wantsDownload = request ? new URL(request.url).searchParams.has("download") : true;
  const inline = !wantsDownload && opensInline(file.contentType);
  const body = await readVerified(file);
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      "Content-Type": inline ? file.contentType : "application/octet-stream",
      "Content-Disposition": inline
        ? inlineDisposition(file.fileName)
        : attachmentDisposition(file.fileName),
      "Content-Length": String(file.size),
      "Cache-Control": "private, no-store",
      // The viewer a browser builds around an image or a PDF styles itself inline; that is all
      // this allows, in a sandbox with an opaque origin and no scripts.
      "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
