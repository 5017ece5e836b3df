// Reading an upload (multipart/form-data) with a size limit enforced while the body streams in
// (docs/decisions/132-downloads-and-uploads.md). The fetch standard's parser (undici's, through
// `Response.formData()`) reads file names as browsers write them — quoted, with `;` and `=`
// inside ("Q1 report; final.pdf") — where Remix's unstable_parseMultipartFormData split the
// header at every `;` and refused the whole upload.

import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import {
  type CheckedUpload,
  discardUpload,
  storeCheckedFile,
  TOO_LARGE,
} from "~/storage/upload.server";

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

/**
 * Browsers escape `"`, CR and LF in a multipart file name as %22, %0D and %0A (the HTML
 * standard's form encoding); busboy leaves them as written.
 */
function browserFileName(name: string): string {
  return name.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** What a person is told when an upload cannot be read, and its status. */
export function uploadRefusal(problem: "too-large" | "unreadable"): {
  status: 400 | 413;
  message: string;
} {
  return problem === "too-large"
    ? { status: 413, message: TOO_LARGE }
    : { status: 400, message: "The upload could not be read. Choose the file and try again." };
}

export type StreamedUpload =
  | {
      ok: true;
      /** The form's text fields (the file is not in it). */
      form: FormData;
      /** The file as stored (or refused by the content and size checks); null when none was chosen. */
      upload: CheckedUpload | null;
    }
  | { ok: false; problem: "too-large" | "unreadable" };

/**
 * Reads a multipart form whose one file streams straight into evidence storage as it arrives
 * (docs/decisions/193-uploads-stream-to-storage.md): hashed, counted and checked on the way,
 * never held whole in memory. A file refused by the checks, or a body that breaks off, leaves
 * nothing stored. A stored upload the caller does not use must be passed to discardUpload.
 */
export async function streamMultipartUpload(
  request: Request,
  {
    maxFileBytes,
    fileField = "file",
    cleanName,
  }: { maxFileBytes: number; fileField?: string; cleanName: (name: string) => string },
): Promise<StreamedUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!isMultipart(request) || !request.body) return { ok: false, problem: "unreadable" };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxFileBytes + FRAMING_BYTES)
    return { ok: false, problem: "too-large" };
  const form = new FormData();
  let upload: Promise<CheckedUpload> | null = null;
  let fileStream: Readable | null = null;
  let parser: Busboy.Busboy;
  try {
    parser = Busboy({
      headers: { "content-type": contentType },
      // File names as browsers write them, UTF-8 included (decision 132).
      defParamCharset: "utf8",
      // One byte past the limit reaches the store's counter, which refuses the file.
      limits: { files: 1, fileSize: maxFileBytes + 1, fields: 20, fieldSize: FRAMING_BYTES },
    });
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  const body = Readable.fromWeb(request.body as WebReadableStream);
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => form.append(name, value));
    parser.on("file", (name, stream, info) => {
      if (name !== fileField || upload || !info.filename) {
        stream.resume();
        return;
      }
      fileStream = stream;
      upload = storeCheckedFile(cleanName(browserFileName(info.filename)), stream);
      // Settled below; a failure here must not be an unhandled rejection meanwhile.
      upload.catch(() => {});
    });
    parser.on("close", resolve);
    // A broken body fails the file's stream too, so the store stops and removes what it had.
    const fail = (error: Error) => {
      fileStream?.destroy(error);
      reject(error);
    };
    parser.on("error", fail);
    body.on("error", fail);
  });
  // A client that goes away mid-body aborts the request (scripts/server.js): stop reading, so
  // the store drops the partial file instead of waiting for bytes that will never come.
  const abort = () => body.destroy(new Error("The upload was interrupted"));
  if (request.signal.aborted) abort();
  request.signal.addEventListener("abort", abort, { once: true });
  body.pipe(parser);
  const settled = await parsed.then(
    () => null,
    (error: unknown) => error,
  );
  const stored = upload
    ? await (upload as Promise<CheckedUpload>).catch((error: unknown) => {
        // The body broke off mid-file: the store already removed what it had.
        if (!settled) throw error;
        return null;
      })
    : null;
  request.signal.removeEventListener("abort", abort);
  if (settled) {
    body.unpipe(parser);
    body.destroy();
    await discardUpload(stored ?? undefined);
    return { ok: false, problem: "unreadable" };
  }
  return { ok: true, form, upload: stored };
}

export type FormWithUpload =
  | {
      ok: true;
      form: FormData;
      /** The file as stored (or refused by its checks); null for a plain form or no file. */
      upload: CheckedUpload | null;
    }
  | { ok: false; status: 400 | 413; message: string };

/**
 * A posted form that may carry one file: a multipart body streams its file into storage as it
 * arrives (streamMultipartUpload, docs/decisions/193-uploads-stream-to-storage.md), any other
 * body is read as a plain form. An unreadable or too-large body is refused with uploadRefusal's
 * status and message. A stored upload the caller does not use must be passed to discardUpload.
 */
export async function readFormWithUpload(
  request: Request,
  options: { maxFileBytes: number; cleanName: (name: string) => string },
): Promise<FormWithUpload> {
  if (!isMultipart(request)) return { ok: true, form: await request.formData(), upload: null };
  const read = await streamMultipartUpload(request, options);
  if (!read.ok) return { ok: false, ...uploadRefusal(read.problem) };
  return read;
}
