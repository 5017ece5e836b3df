// Reading an upload (multipart/form-data) with a size limit enforced while the body streams in
// (docs/decisions/132-downloads-and-uploads.md). The fetch standard's parser (undici's, through
// `Response.formData()`) reads file names as browsers write them — quoted, with `;` and `=`
// inside ("Q1 report; final.pdf") — where Remix's unstable_parseMultipartFormData split the
// header at every `;` and refused the whole upload.

export type MultipartResult =
  { ok: true; form: FormData } | { ok: false; problem: "too-large" | "unreadable" };

/** Room for the form's other fields and the multipart framing, beside the file itself. */
const FRAMING_BYTES = 64 * 1024;

class TooLargeError extends Error {}

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "");
}

/**
 * The form, or why not: "too-large" when the body passes `maxFileBytes` (plus framing) or any
 * file in it is larger than `maxFileBytes`; "unreadable" when it is not well-formed multipart.
 * Nothing beyond the limit is read into memory.
 */
export async function readMultipartForm(
  request: Request,
  { maxFileBytes }: { maxFileBytes: number },
): Promise<MultipartResult> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!isMultipart(request) || !request.body) return { ok: false, problem: "unreadable" };
  const limit = maxFileBytes + FRAMING_BYTES;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) return { ok: false, problem: "too-large" };
  let received = 0;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limit) controller.error(new TooLargeError());
        else controller.enqueue(chunk);
      },
    }),
  );
  let form: FormData;
  try {
    form = await new Response(counted, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return { ok: false, problem: received > limit ? "too-large" : "unreadable" };
  }
  for (const value of form.values()) {
    if (typeof value !== "string" && value.size > maxFileBytes)
      return { ok: false, problem: "too-large" };
  }
  return { ok: true, form };
}
