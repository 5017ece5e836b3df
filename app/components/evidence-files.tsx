// The evidence files beside an answer, one component wherever staff or the vendor read answers
// (docs/decisions/200-evidence-beside-answers.md): name, type, size, who uploaded it and when,
// the SHA-256, and links. Images and PDFs open in the browser (served inert); other types download.
import { type EvidenceItem, fileTypeLabel, opensInline } from "~/assessments/evidence-view";
import { formatBytes } from "~/format";
import { type ReactNode } from "react";
import { DateTime } from "./date-time";

export function EvidenceFiles({
  files,
  label = "Evidence files",
  action,
}: {
  files: EvidenceItem[];
  /** Names the list for assistive technology, e.g. "Evidence files for: <question>". */
  label?: string;
  /** A control after each file, e.g. the vendor's "Remove". */
  action?: (file: EvidenceItem) => ReactNode;
}) {
  if (files.length === 0) return null;
  return (
    <ul className="evidence-files" aria-label={label}>
      {files.map((file) => (
        <li key={file.id}>
          <span className="evidence-files__name">
            {opensInline(file.contentType) ? (
              <>
                <a href={file.href}>
                  {file.fileName}
                  <span className="visually-hidden"> (opens in the browser)</span>
                </a>{" "}
                ·{" "}
                <a href={`${file.href}?download=1`}>
                  Download<span className="visually-hidden"> {file.fileName}</span>
                </a>
              </>
            ) : (
              <a href={file.href} download>
                {file.fileName}
                <span className="visually-hidden"> (download)</span>
              </a>
            )}
          </span>
          <span className="evidence-files__meta hint">
            {fileTypeLabel(file.contentType)} · {formatBytes(file.size)} · uploaded
            {file.uploadedBy ? ` by ${file.uploadedBy}` : ""} <DateTime value={file.uploadedAt} />
          </span>
          <span className="evidence-files__hash hint">
            SHA-256 <code className="hash">{file.sha256}</code>
          </span>
          {action ? action(file) : null}
        </li>
      ))}
    </ul>
  );
}
