// The vendor's side of remediation (docs/decisions/091) through its routes, on a real database: a
// vendor session sees and changes only its own assessment's shared findings, never internal
// comments or staff notes; plans conflict safely; files are checked; clarifications go back for
// review.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fieldName, revisionName } from "~/assessments/answer-form";
import { issueLinks } from "~/assessments/assessments.server";
import { startVendorSession } from "~/assessments/respond.server";
import { login } from "~/auth/login.server";
import { commitSessionCookie, type SessionUser } from "~/auth/session.server";
import { type Db, schema, setDatabaseForTests } from "~/db.server";
import { type Answer } from "~/questionnaire/model";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import {
  addStaffNote,
  getReview,
  replyToClarification,
  requestClarification,
} from "~/review/review.server";
import * as clarificationsRoute from "~/routes/v.clarifications/route";
import * as staffFileRoute from "~/routes/findings.$findingId.files.$fileId";
import * as findingRoute from "~/routes/v.findings.$findingId/route";
import * as fileRoute from "~/routes/v.findings.$findingId.files.$fileId";
import * as listRoute from "~/routes/v.findings._index";
import * as taskListRoute from "~/routes/v._index";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { fileSystemStorage, setStorageForTests } from "~/storage/storage.server";
import { type TestAssessment, submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest, PASSWORD } from "~/test/factories";
import { addFindingComment, type FindingRow, updateFindingDetails } from "./findings.server";

let t: TestDatabase;
let db: Db;
let procurement: SessionUser;
let officer: SessionUser;
let staffCookie: string;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await syncQuestionnaireLibrary(db);
  const user = await createUser(db, { role: "procurement" });
  procurement = { id: user.id, email: user.email, name: user.name, role: user.role };
  const o = await createUser(db, { role: "risk_officer" });
  officer = { id: o.id, email: o.email, name: o.name, role: o.role };
  const session = await login(db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  staffCookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  const [version] = await db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  versionId = version!.id;
});
afterAll(async () => t.dispose());

let counter = 0;
async function submitted(): Promise<TestAssessment> {
  counter++;
  return submittedTestAssessment(
    db,
    procurement,
    versionId,
    { name: `Remediation Vendor ${counter}` },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
}

async function findings(assessmentId: string): Promise<FindingRow[]> {
  return db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, assessmentId))
    .orderBy(schema.findings.key);
}

async function findingRow(id: string): Promise<FindingRow> {
  const [row] = await db.select().from(schema.findings).where(eq(schema.findings.id, id));
  return row!;
}

async function share(finding: FindingRow) {
  const current = await findingRow(finding.id);
  const result = await updateFindingDetails(db, procurement, finding.id, {
    revision: current.revision,
    ownerId: procurement.id,
    vendorContactId: current.vendorContactId,
    dueDate: current.dueDate,
    sharedWithVendor: true,
  });
  if (!result.ok) throw new Error(result.message);
}

/** The cookie the recipient's browser holds after opening a fresh personal link. */
async function vendorCookie(a: TestAssessment): Promise<string> {
  const [link] = await db.transaction((tx) =>
    issueLinks(tx, [a.context.recipientId], new Date(Date.now() + 7 * 86_400_000), new Date()),
  );
  const started = await startVendorSession(db, link!.token);
  if (!started.ok) throw new Error("no vendor session");
  return started.cookie.split(";")[0]!;
}

type Outcome = { status: number; data?: unknown; location?: string | null; response?: Response };

async function run(fn: () => unknown): Promise<Outcome> {
  try {
    const value = await fn();
    if (value instanceof Response)
      return { status: value.status, location: value.headers.get("location"), response: value };
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const d = value as { init?: { status?: number }; data: unknown };
      return { status: d.init?.status ?? 200, data: d.data };
    }
    return { status: 200, data: value };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("location") };
    if (thrown && typeof thrown === "object" && "init" in thrown) {
      const d = thrown as { init?: { status?: number }; data: unknown };
      return { status: d.init?.status ?? 500, data: d.data };
    }
    throw thrown;
  }
}

function get(path: string, cookie: string) {
  return new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } });
}

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;
const load = (loader: Loader, request: Request, params: Record<string, string> = {}) =>
  run(() => loader({ request, params, context: {} }));
const act = (action: Action, request: Request, params: Record<string, string> = {}) =>
  run(() => action({ request, params, context: {} }));

function postFinding(findingId: string, cookie: string, fields: Record<string, string>) {
  return act(
    findingRoute.action,
    formRequest(`/v/findings/${findingId}`, fields, { Cookie: cookie }),
    { findingId },
  );
}

function upload(findingId: string, cookie: string, file: File) {
  const body = new FormData();
  body.set("intent", "upload");
  body.set("file", file);
  const request = new Request(`http://localhost:3000/v/findings/${findingId}`, {
    method: "POST",
    headers: { Origin: "http://localhost:3000", Cookie: cookie },
    body,
  });
  return act(findingRoute.action, request, { findingId });
}

const errorsOf = (o: Outcome) => (o.data as { errors: Record<string, string> }).errors;

describe("findings shared with the vendor", () => {
  let a: TestAssessment;
  let b: TestAssessment;
  let shared: FindingRow;
  let hidden: FindingRow;
  let othersShared: FindingRow;
  let cookieA: string;
  let cookieB: string;

  beforeAll(async () => {
    a = await submitted();
    b = await submitted();
    const [first, second] = await findings(a.assessmentId);
    shared = first!;
    hidden = second!;
    othersShared = (await findings(b.assessmentId))[0]!;
    await share(shared);
    await share(othersShared);
    cookieA = await vendorCookie(a);
    cookieB = await vendorCookie(b);
  });

  test("the list holds only this assessment's shared findings, without scores or staff details", async () => {
    const result = await load(listRoute.loader, get("/v/findings", cookieA));
    expect(result.status).toBe(200);
    const page = result.data as { findings: { id: string; title: string }[] };
    expect(page.findings.map((f) => f.id)).toEqual([shared.id]);
    const json = JSON.stringify(page);
    for (const leak of [hidden.id, othersShared.id, procurement.email, "weight", "credit"])
      expect(json).not.toContain(leak);
    // Without a vendor session there is nothing to see.
    expect((await load(listRoute.loader, get("/v/findings", ""))).status).toBe(401);
  });

  test("another assessment's finding, an unshared one and a nonsense id are all 404", async () => {
    for (const id of [hidden.id, othersShared.id, "not-a-uuid"]) {
      expect(
        (await load(findingRoute.loader, get(`/v/findings/${id}`, cookieA), { findingId: id }))
          .status,
      ).toBe(404);
      const before = await findingRow(id === "not-a-uuid" ? hidden.id : id);
      const attempts: Record<string, string>[] = [
        { intent: "plan", revision: String(before.revision), plan: "Take it over" },
        { intent: "comment", body: "Sneaky" },
        { intent: "fixed", revision: String(before.revision) },
      ];
      for (const fields of attempts) {
        expect((await postFinding(id, cookieA, fields)).status).toBe(404);
      }
      expect(await findingRow(before.id)).toEqual(before);
    }
    // B's own session reaches B's shared finding.
    expect(
      (
        await load(findingRoute.loader, get(`/v/findings/${othersShared.id}`, cookieB), {
          findingId: othersShared.id,
        })
      ).status,
    ).toBe(200);
  });

  test("internal comments never reach the vendor's page; shared ones and the question do", async () => {
    await addFindingComment(db, { kind: "staff", user: procurement }, shared.id, {
      body: "INTERNAL: vendor is probably lying",
      visibility: "internal",
    });
    await addFindingComment(db, { kind: "staff", user: procurement }, shared.id, {
      body: "Please send the new policy.",
      visibility: "shared",
    });
    const result = await load(findingRoute.loader, get(`/v/findings/${shared.id}`, cookieA), {
      findingId: shared.id,
    });
    expect(result.status).toBe(200);
    const json = JSON.stringify(result.data);
    expect(json).toContain("Please send the new policy.");
    expect(json).not.toContain("INTERNAL: vendor is probably lying");
    expect(json).not.toContain(procurement.email);
    expect(json).not.toContain(procurement.name);
    const question = a.questionnaire.sections
      .flatMap((s) => s.questions)
      .find((q) => q.id === shared.questionId)!;
    expect((result.data as { question: { text: string } }).question.text).toBe(question.text);
  });

  test("the plan saves; a stale revision is a 409 that keeps what was typed", async () => {
    const start = await findingRow(shared.id);
    const bad = await postFinding(shared.id, cookieA, {
      intent: "plan",
      revision: String(start.revision),
      plan: "",
      targetDate: "31/12/2027",
    });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)).toMatchObject({
      plan: "Describe how you will fix this",
      targetDate: "Enter the target date as a date, like 2027-03-31",
    });
    const saved = await postFinding(shared.id, cookieA, {
      intent: "plan",
      revision: String(start.revision),
      plan: "Rotate keys quarterly.",
      targetDate: "2027-03-31",
    });
    expect(saved).toMatchObject({ status: 302, location: `/v/findings/${shared.id}` });
    expect(await findingRow(shared.id)).toMatchObject({
      vendorPlan: "Rotate keys quarterly.",
      vendorTargetDate: "2027-03-31",
      revision: start.revision + 1,
    });
    // A colleague's tab still holds the old revision.
    const stale = await postFinding(shared.id, cookieA, {
      intent: "plan",
      revision: String(start.revision),
      plan: "Rotate keys monthly.",
      targetDate: "",
    });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({
      values: { plan: "Rotate keys monthly." },
      current: { plan: "Rotate keys quarterly.", revision: start.revision + 1 },
    });
    expect(errorsOf(stale).form).toMatch(/Someone else changed this finding/);
    expect((await findingRow(shared.id)).vendorPlan).toBe("Rotate keys quarterly.");
  });

  test("a vendor comment is always shared", async () => {
    const empty = await postFinding(shared.id, cookieA, { intent: "comment", body: "  " });
    expect(empty.status).toBe(400);
    const posted = await postFinding(shared.id, cookieA, {
      intent: "comment",
      body: "Policy attached.",
      visibility: "internal",
    });
    expect(posted.status).toBe(302);
    const [comment] = await db
      .select()
      .from(schema.findingComments)
      .where(
        and(
          eq(schema.findingComments.findingId, shared.id),
          eq(schema.findingComments.body, "Policy attached."),
        ),
      );
    expect(comment).toMatchObject({
      visibility: "shared",
      authorRecipientId: a.context.recipientId,
    });
  });

  test("files are checked by content and size; a good one is stored, audited and downloadable", async () => {
    const disguised = await upload(
      shared.id,
      cookieA,
      new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0xff, 0x00])], "policy.pdf"),
    );
    expect(disguised.status).toBe(400);
    expect(errorsOf(disguised).file).toMatch(/content does not match its name/);
    const huge = await upload(
      shared.id,
      cookieA,
      new File([new Uint8Array(MAX_EVIDENCE_BYTES + 1)], "huge.txt"),
    );
    expect(huge.status).toBe(413);
    expect(errorsOf(huge).file).toBe("The file is larger than 25 MB. Compress it or split it.");
    expect(
      await db
        .select()
        .from(schema.evidenceFiles)
        .where(eq(schema.evidenceFiles.findingId, shared.id)),
    ).toHaveLength(0);

    const pdf = new TextEncoder().encode("%PDF-1.7\nrotation policy\n");
    const ok = await upload(shared.id, cookieA, new File([pdf], "rotation policy.pdf"));
    expect(ok.status).toBe(302);
    const [stored] = await db
      .select()
      .from(schema.evidenceFiles)
      .where(eq(schema.evidenceFiles.findingId, shared.id));
    expect(stored).toMatchObject({
      assessmentId: a.assessmentId,
      questionId: shared.questionId,
      fileName: "rotation policy.pdf",
      size: pdf.length,
      uploadedByRecipientId: a.context.recipientId,
    });
    const audit = await db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.action, "finding.evidence_uploaded"));
    expect(audit.some((e) => e.targetId === shared.id)).toBe(true);

    const params = { findingId: shared.id, fileId: stored!.id };
    const download = await load(fileRoute.loader, get("/x", cookieA), params);
    expect(download.status).toBe(200);
    // A PDF opens in the browser, inert (docs/decisions/200-evidence-beside-answers.md).
    expect(download.response!.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(download.response!.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    expect(new Uint8Array(await download.response!.arrayBuffer())).toEqual(pdf);
    // Another vendor, or the file under another finding: no such file.
    expect((await load(fileRoute.loader, get("/x", cookieB), params)).status).toBe(404);
    expect(
      (
        await load(fileRoute.loader, get("/x", cookieB), {
          findingId: othersShared.id,
          fileId: stored!.id,
        })
      ).status,
    ).toBe(404);
    // Staff download it through their own route.
    const staff = await load(staffFileRoute.loader, get("/x", staffCookie), params);
    expect(staff.status).toBe(200);
    expect(staff.response!.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    expect(
      (
        await load(staffFileRoute.loader, get("/x", staffCookie), {
          findingId: hidden.id,
          fileId: stored!.id,
        })
      ).status,
    ).toBe(404);
    // The page lists it.
    const page = await load(findingRoute.loader, get(`/v/findings/${shared.id}`, cookieA), {
      findingId: shared.id,
    });
    expect((page.data as { files: { id: string }[] }).files.map((f) => f.id)).toEqual([stored!.id]);
  });

  test("mark as fixed moves only to fixed by vendor; other moves are not offered or accepted", async () => {
    const row = await findingRow(shared.id);
    const forged = await postFinding(shared.id, cookieA, {
      intent: "transition",
      to: "verified",
      revision: String(row.revision),
    });
    expect(forged.status).toBe(400);
    expect((await findingRow(shared.id)).status).toBe("open");
    let page = await load(findingRoute.loader, get(`/v/findings/${shared.id}`, cookieA), {
      findingId: shared.id,
    });
    expect((page.data as { canMarkFixed: boolean }).canMarkFixed).toBe(true);
    const fixed = await postFinding(shared.id, cookieA, {
      intent: "fixed",
      revision: String(row.revision),
      note: "Rotated all keys.",
    });
    expect(fixed.status).toBe(302);
    expect(await findingRow(shared.id)).toMatchObject({
      status: "fixed_by_vendor",
      revision: row.revision + 1,
    });
    page = await load(findingRoute.loader, get(`/v/findings/${shared.id}`, cookieA), {
      findingId: shared.id,
    });
    expect((page.data as { canMarkFixed: boolean }).canMarkFixed).toBe(false);
    const again = await postFinding(shared.id, cookieA, {
      intent: "fixed",
      revision: String(row.revision + 1),
    });
    expect(again.status).toBe(409);
    expect(errorsOf(again).form).toMatch(/already fixed by vendor/);
  });

  test("the task list links to the findings once one is shared", async () => {
    const result = await load(taskListRoute.loader, get("/v", cookieA));
    expect((result.data as { followUps: unknown }).followUps).toMatchObject({
      sharedFindings: 1,
      openClarifications: 0,
    });
  });
});

describe("clarifications", () => {
  test("the vendor changes the reopened answer and replies; it goes back for review", async () => {
    const a = await submitted();
    const cookie = await vendorCookie(a);
    const question = a.questionnaire.sections
      .flatMap((s) => s.questions)
      .find((q) => q.type === "yes_no")!;
    expect(
      await requestClarification(db, officer, a.assessmentId, question.id, "Is MFA enforced?"),
    ).toEqual({ ok: true });
    await addStaffNote(db, officer, a.assessmentId, question.id, "STAFF ONLY: check with CISO");

    let page = await load(clarificationsRoute.loader, get("/v/clarifications", cookie));
    expect(page.status).toBe(200);
    const json = JSON.stringify(page.data);
    expect(json).toContain("Is MFA enforced?");
    expect(json).not.toContain("STAFF ONLY");
    // The question travels without its scoring.
    expect(json).not.toContain('"credit"');
    expect(json).not.toContain('"knockout":true');
    expect(json).not.toContain('"finding"');
    const [item] = (
      page.data as {
        items: { questionId: string; open: boolean; revision: number; answer: Answer }[];
      }
    ).items;
    expect(item).toMatchObject({ questionId: question.id, open: true });
    expect((await load(taskListRoute.loader, get("/v", cookie))).data).toMatchObject({
      followUps: { openClarifications: 1 },
    });

    const other = item!.answer?.kind === "value" && item!.answer.value === "yes" ? "no" : "yes";
    const post = (fields: Record<string, string>) =>
      act(clarificationsRoute.action, formRequest("/v/clarifications", fields, { Cookie: cookie }));
    // Nothing changed and nothing said.
    const empty = await post({
      intent: "reply",
      questionId: question.id,
      [revisionName(question.id)]: String(item!.revision),
      [fieldName(question.id)]: (item!.answer as { value: string }).value,
    });
    expect(empty.status).toBe(400);
    expect(errorsOf(empty)[`reply-${question.id}`]).toMatch(/Change your answer, or write a reply/);
    // A stale revision: someone saved in between.
    const stale = await post({
      intent: "reply",
      questionId: question.id,
      [revisionName(question.id)]: String(item!.revision - 1),
      [fieldName(question.id)]: other,
      reply: "Now enforced.",
    });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ revision: item!.revision });
    expect(errorsOf(stale)[`q-${question.id}`]).toMatch(
      /changed this answer while you were editing/,
    );

    const sent = await post({
      intent: "reply",
      questionId: question.id,
      [revisionName(question.id)]: String(item!.revision),
      [fieldName(question.id)]: other,
      reply: "Now enforced for everyone.",
    });
    expect(sent).toMatchObject({ status: 302, location: "/v/clarifications" });
    const review = await getReview(db, a.assessmentId);
    expect(review!.reviews[question.id]).toBe("clarified");
    expect(review!.answers[question.id]).toEqual({
      kind: "value",
      value: other,
    });
    expect(review!.messages.map((m) => m.body)).toContain("Now enforced for everyone.");

    page = await load(clarificationsRoute.loader, get("/v/clarifications", cookie));
    expect((page.data as { items: { open: boolean }[] }).items[0]!.open).toBe(false);
    // It cannot be sent twice, and other answers stay locked.
    const twice = await post({
      intent: "reply",
      questionId: question.id,
      [revisionName(question.id)]: String(item!.revision + 1),
      reply: "Again",
    });
    expect(twice.status).toBe(409);
  });
});

describe("a clarification answer is one transaction", () => {
  // The answer and the reply used to be saved by two transactions. Here a second tab of the
  // same vendor sends its reply in between, closing the request, as soon as the new answer is
  // committed: the answer must not end up saved with the reply refused.
  test("another reply landing right after the answer is saved cannot split answer and reply", async () => {
    const a = await submitted();
    const cookie = await vendorCookie(a);
    const question = a.questionnaire.sections
      .flatMap((s) => s.questions)
      .find((q) => q.type === "yes_no")!;
    expect(
      await requestClarification(db, officer, a.assessmentId, question.id, "Is MFA enforced?"),
    ).toEqual({ ok: true });
    const before = (await getReview(db, a.assessmentId))!;
    const previous = before.answers[question.id] as { kind: "value"; value: string };
    const other = previous.value === "yes" ? "no" : "yes";
    const [row] = await db
      .select({ revision: schema.answers.revision })
      .from(schema.answers)
      .where(
        and(
          eq(schema.answers.assessmentId, a.assessmentId),
          eq(schema.answers.questionId, question.id),
        ),
      );

    // The same database, with one step added after each transaction the app commits: once the
    // new answer is there, the other tab replies.
    let otherTab: Awaited<ReturnType<typeof replyToClarification>> | undefined;
    const interleaved = new Proxy(db, {
      get(target, property) {
        if (property === "transaction")
          return async (...args: unknown[]) => {
            const result: unknown = await Reflect.apply(target.transaction, target, args);
            if (otherTab === undefined) {
              const now = (await getReview(db, a.assessmentId))!;
              if ((now.answers[question.id] as { value?: string } | undefined)?.value === other)
                otherTab = await replyToClarification(
                  db,
                  a.context,
                  question.id,
                  "From the other tab.",
                );
            }
            return result;
          };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as () => unknown).bind(target) : value;
      },
    });
    setDatabaseForTests({ ...t, db: interleaved });
    let sent: Outcome;
    try {
      sent = await act(
        clarificationsRoute.action,
        formRequest(
          "/v/clarifications",
          {
            intent: "reply",
            questionId: question.id,
            [revisionName(question.id)]: String(row!.revision),
            [fieldName(question.id)]: other,
            reply: "Now enforced for everyone.",
          },
          { Cookie: cookie },
        ),
      );
    } finally {
      setDatabaseForTests(t);
    }
    // The other tab did act after the answer was committed, and found the request answered.
    expect(otherTab).toMatchObject({ ok: false, status: 409 });
    expect(sent).toMatchObject({ status: 302, location: "/v/clarifications" });
    const after = (await getReview(db, a.assessmentId))!;
    expect(after.answers[question.id]).toEqual({ kind: "value", value: other });
    expect(after.reviews[question.id]).toBe("clarified");
    const bodies = after.messages.map((m) => m.body);
    expect(bodies).toContain("Now enforced for everyone.");
    expect(bodies).not.toContain("From the other tab.");
  });
});

describe("scores on the vendor's task list", () => {
  test("hidden unless an admin lets vendors see them, then the vendor's own only", async () => {
    const a = await submitted();
    const cookie = await vendorCookie(a);
    const hidden = await load(taskListRoute.loader, get("/v", cookie));
    expect((hidden.data as { score: unknown }).score).toBeNull();
    expect(JSON.stringify(hidden.data)).not.toMatch(/"overall"|residualTier|weight/);
    await db
      .insert(schema.appSettings)
      .values({ key: "vendorsSeeScores", value: true })
      .onConflictDoUpdate({ target: schema.appSettings.key, set: { value: true } });
    try {
      const [stored] = await db
        .select()
        .from(schema.assessmentScores)
        .where(
          and(
            eq(schema.assessmentScores.assessmentId, a.assessmentId),
            eq(schema.assessmentScores.kind, "submitted"),
          ),
        );
      const shown = await load(taskListRoute.loader, get("/v", cookie));
      expect((shown.data as { score: unknown }).score).toEqual({
        submitted: stored!.overall!.toFixed(1),
        current: stored!.overall!.toFixed(1),
        tier: stored!.residualTier,
      });
    } finally {
      await db.delete(schema.appSettings).where(eq(schema.appSettings.key, "vendorsSeeScores"));
    }
  });
});

// Files sent to a finding or a clarification stream into storage as they arrive, like answer
// evidence (docs/decisions/193-uploads-stream-to-storage.md); a file the request does not keep
// is removed again.
describe("uploads on the follow-up pages stream into storage", () => {
  const BOUNDARY = "----assay-follow-up-stream";
  const MB = 1024 * 1024;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "assay-follow-up-"));
    setStorageForTests(fileSystemStorage(dir));
  });
  afterAll(async () => {
    setStorageForTests(undefined);
    await rm(dir, { recursive: true, force: true });
  });
  async function storedFiles(): Promise<string[]> {
    const years = await readdir(dir).catch(() => [] as string[]);
    return (await Promise.all(years.map((y) => readdir(path.join(dir, y))))).flat();
  }
  async function until(check: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  /** A multipart POST whose body the test feeds by hand, the way a slow upload arrives. */
  function streamingPost(url: string, cookie: string, fields: Record<string, string>) {
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (feed = c) });
    const head = Object.entries(fields)
      .map(
        ([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      )
      .join("");
    feed.enqueue(
      new TextEncoder().encode(
        `${head}--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="log.csv"\r\n` +
          `Content-Type: text/csv\r\n\r\n`,
      ),
    );
    const request = new Request(`http://localhost:3000${url}`, {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        Cookie: cookie,
        "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body,
      duplex: "half",
    } as RequestInit);
    return {
      request,
      write: (text: string) => feed.enqueue(new TextEncoder().encode(text)),
      end: () => {
        feed.enqueue(new TextEncoder().encode(`\r\n--${BOUNDARY}--\r\n`));
        feed.close();
      },
    };
  }

  test("a finding's file is in storage before its body has finished; a file sent with a comment is not kept", async () => {
    const a = await submitted();
    const [finding] = await findings(a.assessmentId);
    await share(finding!);
    const cookie = await vendorCookie(a);
    const post = streamingPost(`/v/findings/${finding!.id}`, cookie, { intent: "upload" });
    const answered = act(findingRoute.action, post.request, { findingId: finding!.id });
    post.write("a,b,c\n".repeat(MB / 6));
    post.write("a,b,c\n".repeat(MB / 6));
    // Streamed, not buffered: the store has the file while the body is still open.
    await until(async () => (await storedFiles()).length === 1, "the file to reach storage");
    post.end();
    expect((await answered).status).toBe(302);
    const [row] = await db
      .select()
      .from(schema.evidenceFiles)
      .where(eq(schema.evidenceFiles.findingId, finding!.id));
    expect(row).toMatchObject({ fileName: "log.csv" });
    expect(await storedFiles()).toEqual([path.basename(row!.storageKey)]);

    const comment = streamingPost(`/v/findings/${finding!.id}`, cookie, {
      intent: "comment",
      body: "The log is attached.",
    });
    const commented = act(findingRoute.action, comment.request, { findingId: finding!.id });
    comment.write("x,y\n");
    comment.end();
    expect((await commented).status).toBe(302);
    expect(await storedFiles()).toHaveLength(1);
  });

  test("a clarification's file streams in; one for a question not reopened is refused and not kept", async () => {
    const a = await submitted();
    const cookie = await vendorCookie(a);
    const question = a.questionnaire.sections.flatMap((s) => s.questions)[0]!;
    const before = await storedFiles();
    const post = streamingPost("/v/clarifications", cookie, {
      intent: "upload",
      questionId: question.id,
    });
    const answered = act(clarificationsRoute.action, post.request);
    post.write("a,b,c\n".repeat(MB / 6));
    await until(
      async () => (await storedFiles()).length === before.length + 1,
      "the file to reach storage",
    );
    post.end();
    const outcome = await answered;
    expect(outcome.status).toBe(409);
    expect(await storedFiles()).toEqual(before);
  });
});
