// The one storage interface for uploaded files (docs/decisions/141-evidence-storage.md). Two
// drivers: the filesystem under DATA_DIR/evidence (the embedded default: one machine), and
// any S3-compatible object store (S3_BUCKET set), which every instance shares. Files stream
// in and out; they are never served from the store directly, only through the app's
// authorised routes. Keys are random, made here.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { type Env, getEnv } from "~/env.server";
import { MAX_EVIDENCE_BYTES } from "./file-type";

export type StorageKind = "filesystem" | "s3";

export type Storage = {
  kind: StorageKind;
  /** Where files go, for /healthz and the start-up log (no credentials). */
  location: string;
  /** Writes the stream under `key`; on any error nothing is left under it. */
  write(key: string, body: Readable): Promise<void>;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Throws when the store cannot be reached or used. */
  check(): Promise<void>;
};

const KEY = /^\d{4}\/[0-9a-f-]{36}$/;

function requireKey(key: string): string {
  // Keys are ours, but never let one escape the root or the bucket's prefix.
  if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
  return key;
}

export function fileSystemStorage(root: string): Storage {
  const resolve = (key: string) => path.join(root, requireKey(key));
  return {
    kind: "filesystem",
    location: root,
    async write(key, body) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await pipeline(body, createWriteStream(file, { flags: "wx", mode: 0o600 }));
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
    },
    async read(key) {
      const stream = createReadStream(resolve(key));
      // Surface "no such file" here rather than mid-response.
      await new Promise<void>((ready, fail) => {
        stream.once("readable", ready);
        stream.once("error", fail);
      });
      return stream;
    },
    async remove(key) {
      await rm(resolve(key), { force: true });
    },
    async check() {
      await mkdir(root, { recursive: true });
    },
  };
}

export type S3Options = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Part of the key space to use, e.g. "assay/" (optional). */
  prefix?: string;
};

export function s3Storage(options: S3Options): Storage {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // Checksums only where the API requires them: S3-compatible stores (MinIO, R2, s3rver)
    // do not all accept the SDK's newer default trailers. Integrity is ours: SHA-256, below.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const objectKey = (key: string) => `${options.prefix ?? ""}${requireKey(key)}`;
  const where = options.endpoint ? new URL(options.endpoint).host : `s3.${options.region}`;
  return {
    kind: "s3",
    location: `s3://${options.bucket}/${options.prefix ?? ""} at ${where}`,
    async write(key, body) {
      // Multipart for large files, one PUT for small ones; a failed upload is aborted.
      await new Upload({
        client,
        params: { Bucket: options.bucket, Key: objectKey(key), Body: body },
        queueSize: 2,
        partSize: 5 * 1024 * 1024,
      }).done();
    },
    async read(key) {
      const out = await client.send(
        new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }),
      );
      if (!(out.Body instanceof Readable)) throw new Error(`no body for ${key}`);
      return out.Body;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }));
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
    },
  };
}

export function storageFromEnv(env: Env): Storage {
  if (env.S3_BUCKET) {
    return s3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      prefix: env.S3_PREFIX,
    });
  }
  return fileSystemStorage(path.resolve(env.DATA_DIR, "evidence"));
}

declare global {
  var __assayStorage: Storage | undefined;
}

export function getStorage(): Storage {
  globalThis.__assayStorage ??= storageFromEnv(getEnv());
  return globalThis.__assayStorage;
}

/** Tests point the app at a store they started (see storage.server.test.ts). */
export function setStorageForTests(storage: Storage | undefined): void {
  globalThis.__assayStorage = storage;
}

/** Production on local disk: the files stay on this machine (said once, at start-up). */
export function storageWarning(env: Env, storage: Storage = getStorage()): string | null {
  if (storage.kind !== "filesystem" || !env.production) return null;
  return `Warning: evidence files are stored on this machine's disk (${storage.location}). A second instance cannot read them and they are not in a database backup. Set S3_BUCKET (and S3_ENDPOINT, S3_REGION, credentials) to keep them in S3-compatible storage; see docs/operations.md.`;
}

export class FileTooLargeError extends Error {
  constructor() {
    super("The file is larger than 25 MB. Compress it or split it.");
  }
}

export type StoredFile = { key: string; size: number; sha256: string };

/**
 * Streams a file into storage under a new key, counting and hashing on the way. Past `limit`
 * bytes the upload stops with FileTooLargeError and nothing is kept.
 */
export async function storeFile(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  { storage = getStorage(), limit = MAX_EVIDENCE_BYTES } = {},
): Promise<StoredFile> {
  const key = `${new Date().getUTCFullYear()}/${randomUUID()}`;
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(new FileTooLargeError());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const input =
    source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : Readable.from(source);
  input.on("error", (error) => meter.destroy(error));
  input.pipe(meter);
  try {
    await storage.write(key, meter);
  } catch (error) {
    input.destroy();
    await storage.remove(key).catch(() => {});
    // The store sees its body fail; the reason is ours.
    throw meter.errored instanceof FileTooLargeError ? meter.errored : error;
  }
  return { key, size, sha256: hash.digest("hex") };
}

export class ChecksumMismatchError extends Error {}

/**
 * The stored file as a stream that fails at its end if the bytes are not the ones recorded at
 * upload (SHA-256 and size): the download is cut off, never completed with other content.
 */
export async function readVerified(
  file: { storageKey: string; sha256: string; size: number },
  storage: Storage = getStorage(),
): Promise<Readable> {
  const source = await storage.read(file.storageKey);
  const hash = createHash("sha256");
  let size = 0;
  const verify = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const digest = hash.digest("hex");
      if (digest !== file.sha256 || size !== file.size) {
        const error = new ChecksumMismatchError(
          `Stored file ${file.storageKey} does not match its SHA-256 (expected ${file.sha256}, read ${digest}, ${size} bytes)`,
        );
        console.error(error.message);
        return done(error);
      }
      done();
    },
  });
  source.on("error", (error) => verify.destroy(error));
  return source.pipe(verify);
}

/** Reads a whole stored file, verified (reports, small files). */
export async function readAll(file: { storageKey: string; sha256: string; size: number }) {
  const chunks: Buffer[] = [];
  for await (const chunk of await readVerified(file)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
