// Evidence uploads stream into storage as they arrive, over a real HTTP connection: the file
// is in the store while the body is still coming, a body that breaks off midway leaves nothing
// stored, and a file over the limit is stopped at 25 MB with nothing kept.
// docs/decisions/193-uploads-stream-to-storage.md.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { action as uploadAction } from "~/routes/v.evidence";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { fileSystemStorage, setStorageForTests } from "~/storage/storage.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { startVendorSession } from "./respond.server";

let t: TestDatabase;
let cookie: string;
let dir: string;
let server: http.Server;
let base: string;
let handled: Promise<Response | Error> = Promise.resolve(new Error("nothing yet"));

const BOUNDARY = "----assay-stream-test";

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "assay-stream-"));
  setStorageForTests(fileSystemStorage(dir));
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  const staff: SessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  const assessment = await sendTestAssessment(t.db, staff, versionId, { name: "Stream Labs" });
  const [mail] = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.to, assessment.context.recipientEmail))
    .orderBy(desc(schema.mailOutbox.id))
    .limit(1);
  const token = mail!.text.match(/\/respond\/([A-Za-z0-9_-]{43})/)![1]!;
  const started = await startVendorSession(t.db, token);
  if (!started.ok) throw new Error("no vendor session");
  cookie = started.cookie.split(";")[0]!;
  // The body reaches the action as scripts/server.js hands it over: a stream of the socket.
  server = http.createServer((req, res) => {
    // As scripts/server.js does: a client that goes away aborts the request's signal.
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = new Request(`http://localhost:3000${req.url}`, {
      method: req.method,
      signal: controller.signal,
      headers: { ...(req.headers as Record<string, string>), host: "localhost:3000" },
      body: createReadableStreamFromReadable(req),
      duplex: "half",
    } as RequestInit);
    handled = uploadAction({ request, params: {}, context: {} }).then(
      (response) => response,
      (error: unknown) =>
        error instanceof Response || error instanceof Error ? error : new Error(String(error)),
    );
    void handled.then(async (answer) => {
      if (answer instanceof Response) res.writeHead(answer.status).end(await answer.text());
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  setStorageForTests(undefined);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function storedFiles(): Promise<string[]> {
  const years = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(years.map((y) => readdir(path.join(dir, y))));
  return files.flat();
}

function head(fileName: string) {
  return Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="questionId"\r\n\r\nbias-documentation\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: text/csv\r\n\r\n`,
  );
}
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

function post(length?: number) {
  return http.request(`${base}/v/evidence`, {
    method: "POST",
    headers: {
      Origin: "http://localhost:3000",
      Cookie: cookie,
      Accept: "application/json",
      "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
      ...(length ? { "Content-Length": String(length) } : {}),
    },
  });
}

const MB = 1024 * 1024;
const chunk = Buffer.alloc(MB, "a,b,c\n");

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("a file is in storage while its body is still arriving; one that breaks off leaves nothing", async () => {
  const rowsBefore = (await t.db.select().from(schema.evidenceFiles)).length;
  const request = post(head("data.csv").length + 10 * MB + tail.length);
  request.on("error", () => {});
  request.write(head("data.csv"));
  for (let i = 0; i < 4; i++) request.write(chunk);
  // Streamed, not buffered: the store already has the file's first megabytes.
  await until(async () => (await storedFiles()).length === 1, "the file to reach storage");
  // The client goes away with 6 MB still to send.
  request.destroy();
  // The action stops reading and answers (to nobody) instead of waiting for the rest.
  const answer = await handled;
  expect(answer).toBeInstanceOf(Response);
  expect((answer as Response).status).toBe(400);
  await until(async () => (await storedFiles()).length === 0, "the partial file to go");
  expect(await t.db.select().from(schema.evidenceFiles)).toHaveLength(rowsBefore);
});

test("a file over 25 MB is refused with 413 and nothing is kept", async () => {
  const rowsBefore = (await t.db.select().from(schema.evidenceFiles)).length;
  // No Content-Length (chunked): the limit holds while the file streams.
  const request = post();
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
  request.write(head("big.csv"));
  for (let sent = 0; sent <= MAX_EVIDENCE_BYTES; sent += MB) request.write(chunk);
  request.end(tail);
  const answer = await response;
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({
    ok: false,
    message: "The file is larger than 25 MB. Compress it or split it.",
  });
  expect(await storedFiles()).toEqual([]);
  expect(await t.db.select().from(schema.evidenceFiles)).toHaveLength(rowsBefore);

  // And a file within the limit, the same way, is stored whole.
  const ok = post();
  const okResponse = new Promise<number>((resolve) =>
    ok.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }),
  );
  ok.write(head("fine.csv"));
  for (let i = 0; i < 3; i++) ok.write(chunk);
  ok.end(tail);
  expect(await okResponse).toBe(200);
  expect(await storedFiles()).toHaveLength(1);
});
