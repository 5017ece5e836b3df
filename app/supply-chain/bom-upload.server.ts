// A vendor fills a supplier list from a CycloneDX BOM (decisions 253, 331): the file streams
// into evidence storage like any answer evidence (decision 193), is read and validated there,
// and is kept as evidence of the supplier-list answer only when it reads; its services become
// draft rows the vendor reviews in the table. Nothing is written to the answer here: the rows
// are saved when the vendor saves them, as typed rows are.
import { type EvidenceFile, uploadEvidence } from "~/assessments/evidence.server";
import { type VendorContext } from "~/assessments/respond.server";
import { isOpenForAnswers } from "~/assessments/status";
import { type Db } from "~/db.server";
import { type Questionnaire } from "~/questionnaire/definition";
import { getQuestionMap } from "~/questionnaire/model";
import { readAll } from "~/storage/storage.server";
import { type CheckedUpload, discardUpload } from "~/storage/upload.server";
import { BOM_MAX_BYTES, type BomNote } from "./cyclonedx";
import { importCycloneDx } from "./cyclonedx.server";
import { type SupplierRow } from "./types";

export type BomUploadResult =
  | {
      ok: true;
      file: EvidenceFile;
      specVersion: string;
      rows: SupplierRow[];
      notes: BomNote[];
    }
  | { ok: false; status: 400 | 404 | 413 | 422 | 423; message: string };

export async function importBomUpload(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId" | "status">,
  questionnaire: Questionnaire,
  input: { questionId: string; upload: CheckedUpload },
): Promise<BomUploadResult> {
  const { upload } = input;
  const refuse = async (status: 400 | 404 | 413 | 422 | 423, message: string) => {
    await discardUpload(upload);
    return { ok: false as const, status, message };
  };
  if (!isOpenForAnswers(context.status))
    return refuse(423, "This assessment is no longer open for answers.");
  const question = getQuestionMap(questionnaire).get(input.questionId)?.question;
  if (!question) return refuse(404, "This question is not part of the assessment.");
  if (question.type !== "supplier_list")
    return refuse(400, "Only a supplier list can be filled from a CycloneDX file.");
  if (!upload.ok) return { ok: false, status: upload.status, message: upload.message };
  if (upload.stored.size > BOM_MAX_BYTES)
    return refuse(
      413,
      `The BOM is larger than ${BOM_MAX_BYTES / 1024 / 1024} MB. Export only the services and AI components.`,
    );
  const bytes = await readAll({
    storageKey: upload.stored.key,
    sha256: upload.stored.sha256,
    size: upload.stored.size,
  });
  const read = await importCycloneDx(bytes);
  // A file that does not read is not kept: it is no evidence of anything.
  if (!read.ok) return refuse(422, read.error);
  const kept = await uploadEvidence(
    db,
    context,
    questionnaire,
    { questionId: question.id, upload },
    { supplierBom: true },
  );
  if (!kept.ok) return kept;
  return {
    ok: true,
    file: kept.file,
    specVersion: read.value.specVersion,
    rows: read.value.rows,
    notes: read.value.notes,
  };
}
