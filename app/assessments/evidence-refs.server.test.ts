// An evidence answer may name only files uploaded to that assessment and that question: a
// vendor posting made-up or borrowed file ids gets no answer saved, no submission and no credit.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import * as autosave from "~/routes/v.answers";
import { completeRequiredAnswers, type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { signedInTestAssessment } from "~/test/vendor-session";
import { UNKNOWN_FILE_MESSAGE } from "./evidence-refs.server";
import { uploadEvidence } from "./evidence.server";
import { loadVendorWorkspace, submitAssessment } from "./respond.server";
import { computeAssessmentScore } from "./scores.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const pdf = new TextEncoder().encode("%PDF-1.7\n% evidence\n%%EOF\n");
const EVIDENCE = "bias-documentation";
// A question that takes an attached file but whose answer is not a file.
const ATTACHMENT = "dataset-provenance";

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
});
afterAll(async () => t.dispose());

let n = 0;
async function assessment(): Promise<TestAssessment & { cookie: string }> {
  return signedInTestAssessment(t.db, staff, versionId, { name: `Evidence Vendor ${++n}` });
}

async function upload(a: TestAssessment, questionId: string): Promise<string> {
  const result = await uploadEvidence(
    t.db,
    { ...a.context, status: "in_progress" },
    a.questionnaire,
    { questionId, fileName: "report.pdf", bytes: pdf },
  );
  if (!result.ok) throw new Error(result.message);
  return result.file.id;
}

async function post(a: { cookie: string }, questionId: string, value: string[], base: number) {
  const response = (await autosave.action({
    request: new Request("http://localhost:3000/v/answers", {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        "Content-Type": "application/json",
        Cookie: a.cookie,
      },
      body: JSON.stringify({
        questionId,
        answer: { kind: "value", value },
        comment: "",
        baseRevision: base,
      }),
    }),
    params: {},
    context: {},
  })) as Response;
  return { status: response.status, body: await response.json() };
}

async function revisionOf(a: TestAssessment, questionId: string): Promise<number> {
  return (await loadVendorWorkspace(t.db, a.assessmentId)).stored[questionId]?.revision ?? 0;
}

test("made-up, borrowed and misplaced file ids are refused when the answer is saved", async () => {
  const a = await assessment();
  const other = await assessment();
  const borrowed = await upload(other, EVIDENCE);
  const misplaced = await upload(a, ATTACHMENT);
  const base = await revisionOf(a, EVIDENCE);
  for (const value of [[randomUUID()], [borrowed], [misplaced]]) {
    const answer = await post(a, EVIDENCE, value, base);
    expect(answer).toEqual({
      status: 422,
      body: { ok: false, kind: "invalid", message: UNKNOWN_FILE_MESSAGE },
    });
  }
  expect((await loadVendorWorkspace(t.db, a.assessmentId)).stored[EVIDENCE]).toBeUndefined();
  // One real file plus one made-up: still refused, as a whole.
  const real = await upload(a, EVIDENCE);
  const mixed = await post(a, EVIDENCE, [real, randomUUID()], await revisionOf(a, EVIDENCE));
  expect(mixed.status).toBe(422);
  // The question's own file is accepted.
  const ok = await post(a, EVIDENCE, [real], await revisionOf(a, EVIDENCE));
  expect(ok.status).toBe(200);
});

test("an answer naming a file that is not there is caught again at submission and at scoring", async () => {
  const a = await assessment();
  await completeRequiredAnswers(t.db, a);
  // A stored answer that names a file the question does not have (written past the save
  // check, as an older version of the app or a direct edit could have left it).
  await t.db.execute(
    `insert into answers (assessment_id, question_id, answer, comment, revision, carried_over, updated_at)
     values ('${a.assessmentId}', '${EVIDENCE}', '{"kind":"value","value":["${randomUUID()}"]}'::jsonb, '', 1, false, now())
     on conflict (assessment_id, question_id) do update set answer = excluded.answer`,
  );
  const provisional = await computeAssessmentScore(t.db, a.assessmentId, {
    asOf: new Date(),
    kind: "submitted",
    provisional: true,
  });
  expect(provisional!.answers[EVIDENCE]).toBeUndefined();
  const explained = provisional!.result.questions.find((q) => q.questionId === EVIDENCE);
  expect(explained?.credit).toBe(0);

  const refused = await submitAssessment(t.db, { ...a.context });
  expect(refused.ok).toBe(false);
  if (refused.ok || !("problems" in refused)) throw new Error("expected problems");
  expect(refused.problems).toEqual([
    expect.objectContaining({
      questionId: EVIDENCE,
      message: expect.stringContaining(UNKNOWN_FILE_MESSAGE),
    }),
  ]);
});
