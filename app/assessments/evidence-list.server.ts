// The evidence files of assessments with who uploaded them, for every page where staff (or the
// vendor, on its own pages) read an answer (docs/decisions/200-evidence-beside-answers.md). Each
// item carries the download route for its reader; the routes check access again.
import { and, asc, eq, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import { type Db, schema } from "~/db.server";
import { type EvidenceItem } from "./evidence-view";

export type EvidenceReader = "staff" | "vendor";

function hrefFor(
  reader: EvidenceReader,
  row: { id: string; assessmentId: string; findingId: string | null },
): string {
  if (reader === "vendor") {
    return row.findingId
      ? `/v/findings/${row.findingId}/files/${row.id}`
      : `/v/evidence/${row.id}`;
  }
  return row.findingId
    ? `/findings/${row.findingId}/files/${row.id}`
    : `/assessments/${row.assessmentId}/evidence/${row.id}`;
}

type Scope = {
  /** Answer files only (the default), a finding's fix files only, or both. */
  kind?: "answers" | "findings" | "all";
  findingId?: string;
  questionIds?: string[];
};

/** Live (not removed) evidence files of these assessments, oldest first. */
export async function listEvidenceItems(
  db: Db,
  assessmentIds: string[],
  reader: EvidenceReader,
  scope: Scope = {},
): Promise<EvidenceItem[]> {
  if (assessmentIds.length === 0) return [];
  const files = schema.evidenceFiles;
  const conditions: SQL[] = [inArray(files.assessmentId, assessmentIds), isNull(files.deletedAt)];
  const kind = scope.kind ?? "answers";
  if (kind === "answers") conditions.push(isNull(files.findingId));
  if (kind === "findings") conditions.push(isNotNull(files.findingId));
  if (scope.findingId) conditions.push(eq(files.findingId, scope.findingId));
  if (scope.questionIds) {
    if (scope.questionIds.length === 0) return [];
    conditions.push(inArray(files.questionId, scope.questionIds));
  }
  const rows = await db
    .select({
      id: files.id,
      assessmentId: files.assessmentId,
      questionId: files.questionId,
      findingId: files.findingId,
      fileName: files.fileName,
      size: files.size,
      contentType: files.contentType,
      sha256: files.sha256,
      uploadedAt: files.uploadedAt,
      uploaderName: schema.assessmentRecipients.name,
      uploaderEmail: schema.assessmentRecipients.email,
    })
    .from(files)
    .leftJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, files.uploadedByRecipientId),
    )
    .where(and(...conditions))
    .orderBy(asc(files.uploadedAt), asc(files.id));
  return rows.map((row) => ({
    id: row.id,
    assessmentId: row.assessmentId,
    questionId: row.questionId,
    findingId: row.findingId,
    fileName: row.fileName,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    uploadedAt: row.uploadedAt.toISOString(),
    uploadedBy: row.uploaderName ? `${row.uploaderName} <${row.uploaderEmail}>` : null,
    href: hrefFor(reader, row),
  }));
}
