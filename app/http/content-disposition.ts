// The Content-Disposition of every download (RFC 6266): `filename*` carries the real name in
// UTF-8 (RFC 8187, which replaced RFC 5987), and `filename` an ASCII stand-in for clients that
// ignore it. A name with `;`, `=`, quotes or non-Latin letters ("Q1 report; final.pdf",
// "Ångström's plan.pdf") reaches the browser as it was uploaded. Pure.

/** RFC 8187 attr-char keeps only ALPHA DIGIT and !#$&+-.^_`|~; the rest is %-encoded. */
function extValue(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function disposition(type: "attachment" | "inline", fileName: string): string {
  // Inside the quoted fallback: printable ASCII only, without `"`, `\` or `%` (which some
  // browsers percent-decode there).
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, "_").trim() || "download";
  return `${type}; filename="${fallback}"; filename*=UTF-8''${extValue(fileName)}`;
}

/** `attachment` with the file name in both forms. */
export function attachmentDisposition(fileName: string): string {
  return disposition("attachment", fileName);
}

/** `inline` (shown by the browser), with the name it is saved under in both forms. */
export function inlineDisposition(fileName: string): string {
  return disposition("inline", fileName);
}
