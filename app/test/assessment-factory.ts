// Assessments for integration tests, made through the functions the app itself uses (create
// and send, save answers, submit), so a test exercises the real paths and transactions.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createAssessment } from "~/assessments/assessments.server";
import {
  loadVendorWorkspace,
  saveAnswer,
  submissionProblems,
  submitAssessment,
} from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type Question, type Questionnaire } from "~/questionnaire/definition";
import { parseAnswersFile } from "~/scoring/answers-file";
import { type NewVendor } from "~/demo/factories.server";
import { createVendor } from "./factories";

export type TestAssessment = {
  assessmentId: string;
  vendorId: string;
  questionnaire: Questionnaire;
  context: {
    assessmentId: string;
    recipientId: string;
    recipientName: string;
    recipientEmail: string;
  };
};

/** A vendor with one contact and an assessment sent to it. */
export async function sendTestAssessment(
  db: Db,
  staff: SessionUser,
  questionnaireVersionId: string,
  vendor: Partial<NewVendor> & { name: string },
): Promise<TestAssessment> {
  const row = await createVendor(db, { ownerId: staff.id, ...vendor });
  const email = `contact-${Math.random().toString(36).slice(2, 10)}@vendor.example`;
  const [contact] = await db
    .insert(schema.vendorContacts)
    .values({ vendorId: row.id, name: "Vendor Contact", email })
    .returning();
  const dueDate = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const created = await createAssessment(db, staff, {
    vendorId: row.id,
    questionnaireVersionId,
    dueDate,
    message: "",
    contactIds: [contact!.id],
    send: true,
  });
  if (!created.ok) throw new Error(created.message);
  const [recipient] = await db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const { questionnaire } = await loadVendorWorkspace(db, created.assessmentId);
  return {
    assessmentId: created.assessmentId,
    vendorId: row.id,
    questionnaire,
    context: {
      assessmentId: created.assessmentId,
      recipientId: recipient!.id,
      recipientName: recipient!.name,
      recipientEmail: recipient!.email,
    },
  };
}

/** The answers of one of app/scoring/fixtures (e.g. "training-data-supplier-1.0.0.worst"). */
export async function fixtureAnswers(questionnaire: Questionnaire, name: string): Promise<Answers> {
  const file = path.resolve(import.meta.dirname, "..", "scoring", "fixtures", `${name}.json`);
  const parsed = parseAnswersFile(JSON.parse(await readFile(file, "utf8")), questionnaire);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.answers;
}

/** Saves answers as the vendor would, one by one, on top of whatever is already there. */
export async function saveTestAnswers(db: Db, assessment: TestAssessment, answers: Answers) {
  const { stored } = await loadVendorWorkspace(db, assessment.assessmentId);
  for (const [questionId, answer] of Object.entries(answers)) {
    const saved = await saveAnswer(db, assessment.context, assessment.questionnaire, {
      questionId,
      answer: answer ?? null,
      comment: "",
      baseRevision: stored[questionId]?.revision ?? 0,
    });
    if (!saved.ok) throw new Error(`${questionId}: ${JSON.stringify(saved)}`);
  }
}

function plausibleAnswer(question: Question, today: string): Answer {
  switch (question.type) {
    case "yes_no":
    case "single_choice":
      return { kind: "value", value: question.options[0]!.value };
    case "multiple_choice":
      return { kind: "value", value: [question.options[0]!.value] };
    case "maturity":
      return { kind: "value", value: 3 };
    case "number":
      return { kind: "value", value: question.min ?? 1 };
    case "date":
      return { kind: "value", value: today };
    case "url":
      return { kind: "value", value: "https://trust.vendor.example" };
    case "evidence":
      return { kind: "na", justification: "Sent separately" };
    case "countries":
      return { kind: "value", value: ["IE"] };
    case "supplier_list":
      return {
        kind: "value",
        value: {
          suppliers: [
            {
              name: "Plausible Cloud",
              domain: "plausible-cloud.example",
              service: "cloud_compute",
              receives: ["metadata"],
              countries: ["IE"],
              stateControlled: "no",
            },
          ],
        },
      };
    default:
      return { kind: "value", value: "Answered in full." };
  }
}

/** Answers every visible required question still open, so the assessment can be submitted. */
export async function completeRequiredAnswers(db: Db, assessment: TestAssessment) {
  const today = new Date().toISOString().slice(0, 10);
  // Answers can reveal more questions, so go round until nothing required is missing.
  for (let round = 0; round < 5; round++) {
    const { answers } = await loadVendorWorkspace(db, assessment.assessmentId);
    const missing = submissionProblems(assessment.questionnaire, answers);
    if (missing.length === 0) return;
    const questions = new Map(
      assessment.questionnaire.sections.flatMap((s) => s.questions).map((q) => [q.id, q]),
    );
    await saveTestAnswers(
      db,
      assessment,
      Object.fromEntries(
        missing.map((p) => [p.questionId, plausibleAnswer(questions.get(p.questionId)!, today)]),
      ),
    );
  }
  throw new Error("required answers still missing after five rounds");
}

/** Sent, answered with a fixture's answers (plus whatever else is required) and submitted. */
export async function submittedTestAssessment(
  db: Db,
  staff: SessionUser,
  questionnaireVersionId: string,
  vendor: Partial<NewVendor> & { name: string },
  { fixture, now = new Date() }: { fixture: string; now?: Date },
): Promise<TestAssessment> {
  const assessment = await sendTestAssessment(db, staff, questionnaireVersionId, vendor);
  await saveTestAnswers(db, assessment, await fixtureAnswers(assessment.questionnaire, fixture));
  await completeRequiredAnswers(db, assessment);
  const submitted = await submitAssessment(db, assessment.context, now);
  if (!submitted.ok) throw new Error(JSON.stringify(submitted));
  return assessment;
}
