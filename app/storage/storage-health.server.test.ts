// /healthz asks the S3 store at most once per interval: a real S3-protocol server (s3rver)
// started here counts the HeadBucket requests it receives.
// docs/decisions/190-storage-health-cache.md.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { loader as healthz } from "~/routes/healthz";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { forgetStorageHealth, getStorageHealth } from "./storage-health.server";
import { s3Storage, setStorageForTests, type Storage } from "./storage.server";

const BUCKET = "assay-health";
let server: S3rver;
let dir: string;
let port: number;
let s3: Storage;
let t: TestDatabase;
let heads = 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startS3() {
  server = new S3rver({
    port,
    address: "127.0.0.1",
    silent: true,
    directory: path.join(dir, "s3"),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  await server.run();
  (server as unknown as { httpServer: Server }).httpServer.on("request", (request) => {
    if (request.method === "HEAD") heads += 1;
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "assay-s3-health-"));
  port = await freePort();
  await startS3();
  s3 = s3Storage({
    bucket: BUCKET,
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  });
  t = await createTestDatabase();
});
beforeEach(() => {
  forgetStorageHealth();
  heads = 0;
});
afterAll(async () => {
  setStorageForTests(undefined);
  forgetStorageHealth();
  await server.close().catch(() => {});
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

test("probes in a row, and at the same time, send one HeadBucket; the answer says so", async () => {
  setStorageForTests(s3);
  const together = await Promise.all([healthz(), healthz(), healthz()]);
  const after = [await healthz(), await healthz()];
  for (const response of [...together, ...after]) {
    expect(response.status).toBe(200);
    expect((await response.json()).storage).toMatchObject({
      kind: "s3",
      status: "ok",
      reusedForSeconds: 30,
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  }
  expect(heads).toBe(1);
});

test("the store is asked again once the interval has passed; a failure is re-checked sooner", async () => {
  let clock = 1_000_000;
  const now = () => clock;
  expect(await getStorageHealth(s3, undefined, now)).toMatchObject({ status: "ok" });
  clock += 29_000;
  await getStorageHealth(s3, undefined, now);
  expect(heads).toBe(1);
  clock += 2_000;
  await getStorageHealth(s3, undefined, now);
  expect(heads).toBe(2);

  // The store goes away: once the good answer expires, the error is reported…
  await server.close();
  clock += 31_000;
  const down = await getStorageHealth(s3, undefined, now);
  expect(down).toMatchObject({ status: "error", reusedForSeconds: 5 });
  expect(down.error).toBeTruthy();
  // …and after it comes back, seen within 5 seconds, not 30.
  await startS3();
  heads = 0;
  clock += 4_000;
  expect(await getStorageHealth(s3, undefined, now)).toMatchObject({ status: "error" });
  expect(heads).toBe(0);
  clock += 2_000;
  expect(await getStorageHealth(s3, undefined, now)).toMatchObject({ status: "ok" });
  expect(heads).toBe(1);
});
