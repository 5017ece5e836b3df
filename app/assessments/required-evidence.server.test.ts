// A question whose evidence is `required` needs an uploaded file before the vendor can submit
// (docs/decisions/196-required-evidence-blocks-submission.md): checked inside the submission's
// transaction and on the check-answers page, whose error links to the question. An N/A answer
// claims nothing and needs no file. Runs on the built-in ai-features-in-saas 1.0.0, whose
// model-provider terms question requires evidence.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import * as check from "~/routes/v.check";
import {
  completeRequiredAnswers,
  saveTestAnswers,
  sendTestAssessment,
  type TestAssessment,
} from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import { removeEvidence, uploadEvidence } from "./evidence.server";
import { getAssessmentSummary } from "./assessments.server";
import { loadVendorWorkspace, submissionProblems, submitAssessment } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
const pdf = new TextEncoder().encode("%PDF-1.7\n% provider terms\n%%EOF\n");
const TERMS = "ai-provider-data-terms";

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "ai-features-in-saas", "1.0.0");
});
afterAll(async () => t.dispose());

async function upload(a: TestAssessment, questionId: string): Promise<string> {
  const result = await uploadEvidence(
    t.db,
    { ...a.context, status: "in_progress" },
    a.questionnaire,
    { questionId, fileName: `${questionId}.pdf`, bytes: pdf },
  );
  if (!result.ok) throw new Error(result.message);
  return result.file.id;
}

let n = 0;
/** Every required question answered, the terms question with a claim, and no file for it. */
async function answeredWithoutTheFile(): Promise<TestAssessment> {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: `Evidence SaaS ${++n}` });
  await upload(a, "subprocessor-list");
  await saveTestAnswers(t.db, a, {
    [TERMS]: { kind: "value", value: "no-training-zero-retention" },
    "ai-feature-red-teaming": { kind: "value", value: "never" },
  });
  await completeRequiredAnswers(t.db, a);
  return a;
}

async function status(a: TestAssessment) {
  return (await getAssessmentSummary(t.db, a.assessmentId))!.status;
}

test("submission is refused while the claim lacks its file, and goes through once the file is uploaded", async () => {
  const a = await answeredWithoutTheFile();
  const refused = await submitAssessment(t.db, a.context);
  expect(refused).toEqual({
    ok: false,
    problems: [
      {
        questionId: TERMS,
        sectionId: "model-providers",
        text: expect.stringMatching(/^What do your contracts with those model providers/),
        message: expect.stringMatching(
          /^Upload a supporting file for “What do your contracts .*”: this question requires evidence$/,
        ),
        kind: "evidence",
      },
    ],
  });
  expect(await status(a)).not.toBe("submitted");

  await upload(a, TERMS);
  expect(await submitAssessment(t.db, a.context)).toEqual({ ok: true, alreadySubmitted: false });
  expect(await status(a)).toBe("submitted");
});

test("a removed file counts as no file", async () => {
  const a = await answeredWithoutTheFile();
  const fileId = await upload(a, TERMS);
  const removed = await removeEvidence(
    t.db,
    { ...a.context, status: "in_progress" },
    a.questionnaire,
    fileId,
  );
  expect(removed.ok).toBe(true);
  const refused = await submitAssessment(t.db, a.context);
  expect(refused.ok).toBe(false);
  if (refused.ok || !("problems" in refused)) throw new Error("expected problems");
  expect(refused.problems.map((p) => [p.questionId, p.kind])).toEqual([[TERMS, "evidence"]]);
});

test("an N/A answer needs no file", async () => {
  const a = await answeredWithoutTheFile();
  await saveTestAnswers(t.db, a, {
    [TERMS]: { kind: "na", justification: "Every model runs on our own servers." },
  });
  expect(await submitAssessment(t.db, a.context)).toEqual({ ok: true, alreadySubmitted: false });
});

test("the pure check looks for files only when it is given them", async () => {
  const a = await answeredWithoutTheFile();
  const { answers } = await loadVendorWorkspace(t.db, a.assessmentId);
  expect(submissionProblems(a.questionnaire, answers)).toEqual([]);
  expect(
    submissionProblems(a.questionnaire, answers, new Set(), new Map()).map((p) => p.questionId),
  ).toEqual([TERMS]);
});

test("the check-answers page says a file is missing, and its submit error links to the question", async () => {
  const a = await answeredWithoutTheFile();
  const cookie = await vendorSessionCookie(t.db, a);
  const request = (method: string) =>
    new Request("http://localhost:3000/v/check", {
      method,
      headers: { Origin: "http://localhost:3000", Cookie: cookie },
    });
  const page = await check.loader({ request: request("GET"), params: {}, context: {} });
  expect(page.missingFiles).toBe(1);
  expect(page.problems).toEqual([
    { key: `evidence-${TERMS}`, message: expect.stringMatching(/^Upload a supporting file/) },
  ]);
  const row = page.sections.flatMap((s) => s.rows).find((r) => r.id === TERMS);
  expect(row?.needsFile).toBe(true);

  const response = (await check.action({
    request: request("POST"),
    params: {},
    context: {},
  })) as unknown as { data: unknown; init: { status: number } };
  expect(response.init.status).toBe(400);
  expect(response.data).toEqual({
    errors: { [`evidence-${TERMS}`]: expect.stringMatching(/^Upload a supporting file/) },
    links: { [`evidence-${TERMS}`]: `/v/sections/model-providers#question-${TERMS}` },
  });
  expect(await status(a)).not.toBe("submitted");
});
