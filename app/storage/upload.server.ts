// Evidence files streamed into storage (docs/decisions/141-evidence-storage.md): the content
// check reads the file's first bytes, then the whole file streams to the store while it is
// counted and hashed; past 25 MB it stops and nothing is kept.
import { CHECKED_PREFIX_BYTES, checkEvidenceFile } from "./file-type";
import { FileTooLargeError, getStorage, storeFile, type StoredFile } from "./storage.server";

export type CheckedUpload =
  | { ok: true; fileName: string; mime: string; stored: StoredFile }
  | { ok: false; status: 400 | 413; message: string };

export const TOO_LARGE = "The file is larger than 25 MB. Compress it or split it.";

async function drain(rest: AsyncIterator<Uint8Array>) {
  for (let next = await rest.next(); !next.done; next = await rest.next());
}

/** Checks and stores one file. `fileName` must already be cleaned (cleanName). */
export async function storeCheckedFile(
  fileName: string,
  source: AsyncIterable<Uint8Array> | Uint8Array,
): Promise<CheckedUpload> {
  const iterator =
    source instanceof Uint8Array
      ? [source][Symbol.iterator]()
      : (source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>);
  const rest: AsyncIterator<Uint8Array> = {
    next: async () => iterator.next() as IteratorResult<Uint8Array>,
  };
  const head: Uint8Array[] = [];
  let headSize = 0;
  let ended = false;
  while (headSize < CHECKED_PREFIX_BYTES) {
    const next = await rest.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headSize += next.value.length;
  }
  const prefix = Buffer.concat(head);
  const check = checkEvidenceFile(fileName, prefix, { prefix: !ended });
  if (!check.ok) {
    await drain(rest);
    return {
      ok: false,
      status: check.message.includes("25 MB") ? 413 : 400,
      message: check.message,
    };
  }
  async function* whole() {
    yield prefix;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  }
  try {
    const stored = await storeFile(whole());
    return { ok: true, fileName, mime: check.mime, stored };
  } catch (error) {
    if (!(error instanceof FileTooLargeError)) throw error;
    await drain(rest);
    return { ok: false, status: 413, message: TOO_LARGE };
  }
}

/** A stored upload that the request did not end up using is removed again. */
export async function discardUpload(upload: CheckedUpload | undefined) {
  if (upload?.ok)
    await getStorage()
      .remove(upload.stored.key)
      .catch(() => {});
}
