// Both storage drivers against real stores: a directory, and a real S3-protocol server
// (s3rver) that the test starts. Uploads stream in with the size limit and the content check,
// downloads stream out verified against the SHA-256 recorded at upload.
// docs/decisions/141-evidence-storage.md.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { loader as healthz } from "~/routes/healthz";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { MAX_EVIDENCE_BYTES } from "./file-type";
import {
  ChecksumMismatchError,
  fileSystemStorage,
  readAll,
  readVerified,
  s3Storage,
  setStorageForTests,
  type Storage,
  storageWarning,
} from "./storage.server";
import { storeCheckedFile } from "./upload.server";
import { parseEnv } from "~/env.server";

const BUCKET = "assay-evidence";
let server: S3rver;
let dir: string;
let endpoint: string;
let s3: Storage;
let raw: S3Client;
let t: TestDatabase;

const pdf = new TextEncoder().encode("%PDF-1.7\nA small test document\n%%EOF\n");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "assay-s3-"));
  const port = await freePort();
  server = new S3rver({
    port,
    address: "127.0.0.1",
    silent: true,
    directory: path.join(dir, "s3"),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  const options = {
    bucket: BUCKET,
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    prefix: "test/",
  };
  s3 = s3Storage(options);
  raw = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  t = await createTestDatabase();
});
afterAll(async () => {
  setStorageForTests(undefined);
  await server.close();
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function objectKeys(): Promise<string[]> {
  const listed = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

async function* chunks(total: number, chunk = 256 * 1024, fill = 0x61) {
  for (let sent = 0; sent < total; sent += chunk)
    yield new Uint8Array(Math.min(chunk, total - sent)).fill(fill);
}

for (const driver of ["filesystem", "s3"] as const) {
  test(`${driver}: a file streams in, is checked and hashed, and streams out verified`, async () => {
    const storage = driver === "s3" ? s3 : fileSystemStorage(path.join(dir, "files"));
    setStorageForTests(storage);
    const stored = await storeCheckedFile("report.pdf", pdf);
    expect(stored).toMatchObject({ ok: true, mime: "application/pdf" });
    if (!stored.ok) return;
    expect(stored.stored.size).toBe(pdf.length);
    const file = { storageKey: stored.stored.key, sha256: stored.stored.sha256, size: pdf.length };
    expect(await readAll(file)).toEqual(pdf);

    // Six megabytes of text: more than one multipart part on S3.
    const big = await storeCheckedFile("data.csv", chunks(6 * 1024 * 1024));
    expect(big).toMatchObject({ ok: true, stored: { size: 6 * 1024 * 1024 } });
    if (!big.ok) return;
    const back = await readAll({ storageKey: big.stored.key, ...big.stored });
    expect(back.length).toBe(6 * 1024 * 1024);

    // Content checked on the first bytes: a renamed binary is refused and nothing is stored.
    const before = driver === "s3" ? (await objectKeys()).length : 0;
    const binary = await storeCheckedFile("notes.txt", new Uint8Array([0x4d, 0x5a, 0, 1, 2]));
    expect(binary).toMatchObject({ ok: false, status: 400 });
    // Over the limit: stopped while streaming, 413, nothing kept.
    const tooBig = await storeCheckedFile("huge.txt", chunks(MAX_EVIDENCE_BYTES + 1));
    expect(tooBig).toMatchObject({ ok: false, status: 413 });
    if (driver === "s3") expect((await objectKeys()).length).toBe(before);

    // /healthz says which storage is in use.
    const health = await (await healthz()).json();
    expect(health.storage).toMatchObject({ kind: driver, status: "ok" });
  });
}

test("s3: a stored object that changed is caught by its SHA-256 on download", async () => {
  setStorageForTests(s3);
  const stored = await storeCheckedFile("report.pdf", pdf);
  if (!stored.ok) throw new Error(stored.message);
  const file = { storageKey: stored.stored.key, sha256: stored.stored.sha256, size: pdf.length };
  const tampered = new TextEncoder().encode("%PDF-1.7\nA changed test document\n%%EOF\n");
  await raw.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: `test/${file.storageKey}`, Body: tampered }),
  );
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  await expect(readAll(file)).rejects.toBeInstanceOf(ChecksumMismatchError);
  expect(logged).toHaveBeenCalled();
  // Streamed to a client, the download is cut off rather than completed.
  const stream = await readVerified(file);
  await expect(
    (async () => {
      for await (const chunk of stream) void chunk;
    })(),
  ).rejects.toBeInstanceOf(ChecksumMismatchError);
});

test("production on the filesystem driver is warned about; S3 settings are parsed", () => {
  const production = parseEnv({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://localhost/assay",
    SESSION_SECRET: "x".repeat(32),
  });
  if (!production.ok) throw new Error(production.message);
  expect(storageWarning(production.env, fileSystemStorage("/tmp/x"))).toMatch(
    /this machine's disk/,
  );
  expect(storageWarning(production.env, s3)).toBeNull();
  const missingBucket = parseEnv({ S3_ENDPOINT: endpoint });
  expect(missingBucket).toMatchObject({ ok: false });
  if (!missingBucket.ok) expect(missingBucket.message).toMatch(/S3_BUCKET is required/);
  const halfCredentials = parseEnv({ S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: "a" });
  expect(halfCredentials.ok).toBe(false);
});
