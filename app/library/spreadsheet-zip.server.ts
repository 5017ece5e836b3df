// An XLSX file is a ZIP archive, and a small archive can inflate to gigabytes (a "zip bomb").
// exceljs (through JSZip) inflates every entry in memory before anything can be checked, so
// the archive is inspected first: the central directory's entry count and declared sizes are
// capped, and each entry is inflated with a hard output limit to prove its declared size true.
// Layout from the ZIP specification (PKWARE APPNOTE.TXT, 4.3.7, 4.3.12, 4.3.16).
import { inflateRawSync } from "node:zlib";

export type ArchiveLimits = { maxEntries: number; maxUncompressedBytes: number };
export type ArchiveCheck = { ok: true } | { ok: false; message: string };

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export function checkArchive(buffer: Uint8Array, limits: ArchiveLimits): ArchiveCheck {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const end = findEndOfCentralDirectory(bytes);
  if (end < 0) return fail("the ZIP directory is missing or damaged");
  const entries = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) {
    return fail("it is a ZIP64 archive, far larger than a questionnaire needs");
  }
  if (entries > limits.maxEntries) {
    return fail(`it holds ${entries} files; a workbook needs far fewer`);
  }
  let offset = directoryOffset;
  let total = 0;
  for (let index = 0; index < entries; index++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
      return fail("the ZIP directory is damaged");
    }
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    total += size;
    if (total > limits.maxUncompressedBytes) {
      return fail(
        `it unpacks to more than ${Math.round(limits.maxUncompressedBytes / 1_000_000)} MB; a questionnaire needs far less`,
      );
    }
    const data = entryData(bytes, localOffset, compressedSize);
    if (!data) return fail("a file inside the ZIP archive is damaged");
    const actual = inflatedSize(data, method, size);
    if (actual !== size) {
      return fail("a file inside the ZIP archive is not the size its directory declares");
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true };
}

function fail(reason: string): ArchiveCheck {
  return { ok: false, message: `not a readable XLSX file: ${reason}` };
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let offset = bytes.length - 22; offset >= earliest; offset--) {
    if (bytes.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  return -1;
}

function entryData(bytes: Buffer, localOffset: number, compressedSize: number): Buffer | undefined {
  if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) {
    return undefined;
  }
  const start =
    localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
  if (start + compressedSize > bytes.length) return undefined;
  return bytes.subarray(start, start + compressedSize);
}

/** The inflated size, never inflating more than one byte past the declared size. */
function inflatedSize(data: Buffer, method: number, declared: number): number | undefined {
  if (method === STORED) return data.length;
  if (method !== DEFLATED) return undefined;
  try {
    return inflateRawSync(data, { maxOutputLength: declared + 1 }).length;
  } catch {
    return undefined; // larger than declared (RangeError), or not valid deflate data
  }
}
