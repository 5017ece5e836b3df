// A vendor fills a supplier list from a CycloneDX file through POST /v/boms (decisions 253,
// 331), on a real database and file storage: a BOM that reads comes back as draft rows and is
// kept as evidence of the supplier-list answer; a bad or hostile file gets a clear 4xx and
// leaves nothing behind (no evidence row, no stored object, no answer change).
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { issueLinks } from "~/assessments/assessments.server";
import { startVendorSession } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import * as bomRoute from "~/routes/v.boms";
import { fileSystemStorage, setStorageForTests } from "~/storage/storage.server";
import { sendTestAssessment, type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";

let t: TestDatabase;
let staff: SessionUser;
let a: TestAssessment;
let cookie: string;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "assay-bom-"));
  setStorageForTests(fileSystemStorage(dir));
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "admin" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
  a = await sendTestAssessment(t.db, staff, versionId, { name: "BOM Vendor" });
  const [link] = await t.db.transaction((tx) =>
    issueLinks(tx, [a.context.recipientId], new Date(Date.now() + 7 * 86_400_000), new Date()),
  );
  const started = await startVendorSession(t.db, link!.token);
  if (!started.ok) throw new Error("no vendor session");
  cookie = started.cookie.split(";")[0]!;
});
afterAll(async () => {
  setStorageForTests(undefined);
  await rm(dir, { recursive: true, force: true });
  await t.dispose();
});

async function send(file: File | null, questionId = "subprocessor-declaration") {
  const body = new FormData();
  body.set("questionId", questionId);
  if (file) body.set("file", file);
  const request = new Request("http://localhost:3000/v/boms", {
    method: "POST",
    headers: { Origin: "http://localhost:3000", Cookie: cookie, Accept: "application/json" },
    body,
  });
  const response = (await bomRoute.action({ request, params: {}, context: {} })) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function kept() {
  return t.db
    .select({ fileName: schema.evidenceFiles.fileName, questionId: schema.evidenceFiles.questionId })
    .from(schema.evidenceFiles)
    .where(eq(schema.evidenceFiles.assessmentId, a.assessmentId));
}

async function storedObjects(): Promise<number> {
  const walk = async (at: string): Promise<number> => {
    let n = 0;
    for (const entry of await readdir(at, { withFileTypes: true }))
      n += entry.isDirectory() ? await walk(path.join(at, entry.name)) : 1;
    return n;
  };
  return walk(dir);
}

async function answerRows() {
  return t.db
    .select()
    .from(schema.answers)
    .where(
      and(
        eq(schema.answers.assessmentId, a.assessmentId),
        eq(schema.answers.questionId, "subprocessor-declaration"),
      ),
    );
}

const fixture = (name: string) =>
  readFile(new URL(`./fixtures/${name}`, import.meta.url)).then((b) => new Uint8Array(b));

test("bad files get a clear 4xx and leave nothing stored", async () => {
  const cases: [File | null, number, RegExp][] = [
    [null, 400, /Choose a CycloneDX JSON file/],
    [new File(["not json at all"], "bom.json"), 422, /JSON/i],
    [new File([JSON.stringify({ bomFormat: "SPDX" })], "bom.json"), 422, /CycloneDX/],
    [
      new File(['{"bomFormat":"CycloneDX","specVersion":"1.6","services":[{"name":1}]}'], "b.json"),
      422,
      /not valid CycloneDX 1\.6/,
    ],
    [new File(["[".repeat(100_000)], "deep.json"), 422, /.+/],
    [new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], "bom.pdf"), 422, /.+/],
    [new File(["x".repeat(6 * 1024 * 1024)], "big.json"), 413, /larger than 5 MB/],
    [new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00])], "bom.json"), 400, /does not match/],
  ];
  for (const [file, status, message] of cases) {
    const reply = await send(file);
    expect(reply.status, file?.name).toBe(status);
    expect(reply.body.ok).toBe(false);
    expect(String(reply.body.message)).toMatch(message);
  }
  // A BOM on a question that is not a supplier list is refused too.
  const wrong = await send(new File([await fixture("ai-vendor-1.6.json")], "bom.json"), "upstream-assessment");
  expect(wrong.status).toBe(400);
  expect(wrong.body.message).toMatch(/Only a supplier list/);
  expect(await kept()).toEqual([]);
  expect(await storedObjects()).toBe(0);
  expect(await answerRows()).toEqual([]);
});

test("a BOM that reads: draft rows and notes back, the file kept as the answer's evidence, the answer untouched", async () => {
  const reply = await send(new File([await fixture("ai-vendor-1.6.json")], "lumen ai-bom.json"));
  expect(reply.status).toBe(200);
  expect(reply.body.ok).toBe(true);
  expect(reply.body.specVersion).toBe("1.6");
  const rows = reply.body.rows as { name: string; domain: string | null; countries: string[] }[];
  expect(rows.find((r) => r.name === "Acme GPU Cloud")).toMatchObject({
    domain: "acmegpu.example",
    countries: ["DE", "US"],
  });
  expect((reply.body.notes as unknown[]).length).toBeGreaterThan(0);
  expect(await kept()).toEqual([
    { fileName: "lumen ai-bom.json", questionId: "subprocessor-declaration" },
  ]);
  expect(await storedObjects()).toBe(1);
  // Nothing is saved into the answer until the vendor has checked the rows and saves them.
  expect(await answerRows()).toEqual([]);
  const audit = await t.db
    .select({ action: schema.auditEvents.action })
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "evidence.uploaded"));
  expect(audit.length).toBe(1);
});

test("a plain evidence upload cannot put files on a supplier list (only its BOM path can)", async () => {
  const evidence = await import("~/routes/v.evidence");
  const body = new FormData();
  body.set("questionId", "subprocessor-declaration");
  body.set("file", new File([await fixture("ai-vendor-1.6.json")], "other.json"));
  const response = (await evidence.action({
    request: new Request("http://localhost:3000/v/evidence", {
      method: "POST",
      headers: { Origin: "http://localhost:3000", Cookie: cookie, Accept: "application/json" },
      body,
    }),
    params: {},
    context: {},
  })) as Response;
  expect(response.status).toBe(400);
  expect(await kept()).toHaveLength(1);
});
