// Evidence files as staff and vendors read them beside an answer (docs/decisions/200-evidence-beside-answers.md):
// what the shared <EvidenceFiles> list shows, which types open in the browser and which download.
// Pure: the loaders build the items (evidence-list.server.ts), the pages and the PDF render them.

export type EvidenceItem = {
  id: string;
  assessmentId: string;
  questionId: string;
  /** Set for a file uploaded as evidence of a finding's fix, not for an answer. */
  findingId: string | null;
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
  /** ISO 8601. */
  uploadedAt: string;
  /** "Name <address>" of the vendor contact who uploaded it, or null when unknown. */
  uploadedBy: string | null;
  /** The authorised download route that serves it to the reader the list was built for. */
  href: string;
};

/**
 * Types a browser shows itself, served inline under a sandboxing CSP; everything else (office
 * documents, text, CSV) downloads. SVG is never accepted as evidence (app/storage/file-type.ts)
 * and is not in this list either.
 */
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "application/pdf"]);

export function opensInline(contentType: string): boolean {
  return INLINE_TYPES.has(contentType);
}

const TYPE_LABELS: Record<string, string> = {
  "application/pdf": "PDF",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "text/plain": "Text",
  "application/octet-stream": "Office document",
};

/** The type in words, from the type recorded when the content was checked at upload. */
export function fileTypeLabel(contentType: string): string {
  return TYPE_LABELS[contentType] ?? contentType;
}

/** The items per question, in the order given. */
export function evidenceByQuestion(items: EvidenceItem[]): Record<string, EvidenceItem[]> {
  const byQuestion: Record<string, EvidenceItem[]> = {};
  for (const item of items) (byQuestion[item.questionId] ??= []).push(item);
  return byQuestion;
}
