// Evidence through its routes, with the multipart body a browser sends: a file name holding
// `;` and `=` is uploaded and downloaded under its own name, and the size limit still holds
// (docs/decisions/132-downloads-and-uploads.md).
import { createRequire } from "node:module";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { action as uploadAction } from "~/routes/v.evidence";
import { loader as downloadLoader } from "~/routes/v.evidence.$fileId";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { sendTestAssessment, type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { startVendorSession } from "./respond.server";

// Express's RFC 6266 parser, to read the download's header strictly.
const { parse } = createRequire(import.meta.url)("content-disposition") as {
  parse(header: string): { type: string; parameters: Record<string, string> };
};

let t: TestDatabase;
let assessment: TestAssessment;
let cookie: string;
const PDF = new TextEncoder().encode("%PDF-1.7\n% quarterly report\n");

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  const staff: SessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  assessment = await sendTestAssessment(t.db, staff, versionId, { name: "Upload Labs" });
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
});
afterAll(async () => t.dispose());

function uploadRequest(fileName: string, bytes: Uint8Array<ArrayBuffer>) {
  const body = new FormData();
  body.set("questionId", "bias-documentation");
  body.set("file", new File([bytes], fileName, { type: "application/pdf" }));
  return new Request("http://localhost:3000/v/evidence", {
    method: "POST",
    headers: { Origin: "http://localhost:3000", Cookie: cookie, Accept: "application/json" },
    body,
  });
}

async function upload(fileName: string, bytes: Uint8Array<ArrayBuffer> = PDF) {
  const response = await uploadAction({
    request: uploadRequest(fileName, bytes),
    params: {},
    context: {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test.each(["Q1 report; final.pdf", "name=value; filename=other.pdf", 'Ada\'s "draft" (v2).pdf'])(
  "%j is uploaded and downloaded under its own name",
  async (fileName) => {
    const uploaded = await upload(fileName);
    expect(uploaded, JSON.stringify(uploaded.body)).toMatchObject({
      status: 200,
      body: { ok: true, file: { fileName } },
    });
    const fileId = (uploaded.body.file as { id: string }).id;
    const download = (await downloadLoader({
      // A PDF opens in the browser unless the download link is used (decision 200).
      request: new Request(`http://localhost:3000/v/evidence/${fileId}?download=1`, {
        headers: { Cookie: cookie },
      }),
      params: { fileId },
      context: {},
    })) as Response;
    expect(download.status).toBe(200);
    const disposition = parse(download.headers.get("content-disposition")!);
    expect(disposition).toEqual({ type: "attachment", parameters: { filename: fileName } });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  },
);

test("a file over the limit is refused with 413 before it is stored", async () => {
  const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
  big.set(PDF);
  const before = await t.db.select().from(schema.evidenceFiles);
  const refused = await upload("too big.pdf", big);
  expect(refused).toEqual({
    status: 413,
    body: { ok: false, message: "The file is larger than 25 MB. Compress it or split it." },
  });
  expect(await t.db.select().from(schema.evidenceFiles)).toHaveLength(before.length);
});

test("a body that is not multipart is refused as unreadable, not a 500", async () => {
  const request = new Request("http://localhost:3000/v/evidence", {
    method: "POST",
    headers: {
      Origin: "http://localhost:3000",
      Cookie: cookie,
      Accept: "application/json",
      "Content-Type": "multipart/form-data; boundary=nothing-here",
    },
    body: "this is not a multipart body",
  });
  const response = await uploadAction({ request, params: {}, context: {} });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    ok: false,
    message: "The upload could not be read. Choose the file and try again.",
  });
});
