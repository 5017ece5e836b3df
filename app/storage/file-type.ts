// Which evidence files are accepted, judged by their content (magic bytes) and by their name:
// both must agree, so a renamed executable or a script called report.pdf is refused.
export type AllowedType = { label: string; mime: string; extensions: string[] };

const TYPES = {
  pdf: { label: "PDF", mime: "application/pdf", extensions: ["pdf"] },
  png: { label: "PNG image", mime: "image/png", extensions: ["png"] },
  jpeg: { label: "JPEG image", mime: "image/jpeg", extensions: ["jpg", "jpeg"] },
  office: {
    label: "Word, Excel or PowerPoint document",
    mime: "application/octet-stream",
    extensions: ["docx", "xlsx", "pptx"],
  },
  text: { label: "text file", mime: "text/plain", extensions: ["txt", "csv", "md", "json"] },
} satisfies Record<string, AllowedType>;

export const ACCEPTED_EXTENSIONS = Object.values(TYPES).flatMap((t) => t.extensions);
export const MAX_EVIDENCE_BYTES = 25 * 1024 * 1024;

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/** How much of a file the content check reads: uploads are checked on their first bytes. */
export const CHECKED_PREFIX_BYTES = 64 * 1024;

function looksLikeText(bytes: Uint8Array, prefix: boolean): boolean {
  const sample = bytes.subarray(0, CHECKED_PREFIX_BYTES);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(
      sample.length === bytes.length && !prefix ? sample : trimPartial(sample),
    );
    return true;
  } catch {
    return false;
  }
}

// A sample cut mid-character is still text: drop up to 3 trailing continuation bytes.
function trimPartial(sample: Uint8Array): Uint8Array {
  let end = sample.length;
  for (let i = 0; i < 3 && end > 0 && (sample[end - 1]! & 0xc0) === 0x80; i++) end--;
  if (end > 0 && sample[end - 1]! >= 0xc0) end--;
  return sample.subarray(0, end);
}

function detect(bytes: Uint8Array, prefix: boolean): keyof typeof TYPES | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "office";
  if (looksLikeText(bytes, prefix)) return "text";
  return null;
}

export type FileCheck = { ok: true; mime: string; label: string } | { ok: false; message: string };

/** `prefix`: `bytes` are the file's first bytes only (a streamed upload); its size is checked as it streams. */
export function checkEvidenceFile(
  fileName: string,
  bytes: Uint8Array,
  { prefix = false }: { prefix?: boolean } = {},
): FileCheck {
  const list = "PDF, PNG, JPEG, Word, Excel, PowerPoint, or a text, CSV, Markdown or JSON file";
  if (bytes.length === 0)
    return { ok: false, message: "The file is empty. Choose the file again." };
  if (bytes.length > MAX_EVIDENCE_BYTES)
    return { ok: false, message: "The file is larger than 25 MB. Compress it or split it." };
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  if (!extension || !ACCEPTED_EXTENSIONS.includes(extension)) {
    return { ok: false, message: `Files of this type are not accepted. Upload a ${list}.` };
  }
  const kind = detect(bytes, prefix);
  const type = kind ? TYPES[kind] : null;
  if (!type || !type.extensions.includes(extension)) {
    return {
      ok: false,
      message: `The file's content does not match its name (.${extension})${type ? `: it looks like a ${type.label}` : ""}. Upload the original ${list}.`,
    };
  }
  return { ok: true, mime: type.mime, label: type.label };
}
