// Demo assessments, so that a fresh start has a dashboard, comparisons and a trend to look
// at. Made through the app's own paths — create and send, the vendor's saves, submit — so
// their scores and findings are made exactly as for real submissions. Answers come from the
// example answer files (docs/decisions/027-example-answer-files.md), blended per vendor so
// no two vendors answer alike. Idempotent: each demo assessment is recognised by its vendor,
// version and message, and made once.
import { and, eq, inArray } from "drizzle-orm";
import { createAssessment, getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { uploadEvidence } from "~/assessments/evidence.server";
import { saveAnswer, submissionProblems, submitAssessment } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { type Answer, type Answers, getQuestionMap } from "~/questionnaire/model";
import { type Question, type Questionnaire } from "~/questionnaire/definition";
import { parseAnswersFile } from "~/scoring/answers-file";
import aiBest from "~/scoring/fixtures/ai-model-vendor-1.1.0.best.json";
import aiMixed from "~/scoring/fixtures/ai-model-vendor-1.1.0.mixed.json";
import aiWorst from "~/scoring/fixtures/ai-model-vendor-1.1.0.worst.json";
import cloudBest from "~/scoring/fixtures/cloud-ai-infrastructure-1.0.0.best.json";
import cloudMixed from "~/scoring/fixtures/cloud-ai-infrastructure-1.0.0.mixed.json";
import cloudWorst from "~/scoring/fixtures/cloud-ai-infrastructure-1.0.0.worst.json";
import dataBest from "~/scoring/fixtures/training-data-supplier-1.0.0.best.json";
import dataMixed from "~/scoring/fixtures/training-data-supplier-1.0.0.mixed.json";
import dataWorst from "~/scoring/fixtures/training-data-supplier-1.0.0.worst.json";

type Fixture = "best" | "mixed" | "worst";

const FIXTURES: Record<string, Record<Fixture, Record<string, unknown>>> = {
  "ai-model-vendor": { best: aiBest, mixed: aiMixed, worst: aiWorst },
  "cloud-ai-infrastructure": { best: cloudBest, mixed: cloudMixed, worst: cloudWorst },
  "training-data-supplier": { best: dataBest, mixed: dataMixed, worst: dataWorst },
};

export type DemoAssessment = {
  vendor: string;
  slug: string;
  version: string;
  /** Recognises the demo assessment on later starts, and is the message the vendor reads. */
  message: string;
  /** Days before today it was sent; submitted `answeredInDays` later, or left open. */
  sentDaysAgo: number;
  answeredInDays?: number;
  dueInDays: number;
  /** How much of each example file this vendor's answers take, question by question. */
  mix: Partial<Record<Fixture, number>>;
};

export const DEMO_ASSESSMENTS: DemoAssessment[] = [
  {
    vendor: "Northwind Models",
    slug: "ai-model-vendor",
    version: "1.0.0",
    message: "Annual security review (demo).",
    sentDaysAgo: 230,
    answeredInDays: 18,
    dueInDays: 30,
    mix: { worst: 0.55, mixed: 0.45 },
  },
  {
    vendor: "Northwind Models",
    slug: "ai-model-vendor",
    version: "1.1.0",
    message: "Re-assessment after remediation (demo).",
    sentDaysAgo: 40,
    answeredInDays: 12,
    dueInDays: 30,
    mix: { mixed: 0.5, best: 0.5 },
  },
  {
    vendor: "Quill Translate API",
    slug: "ai-model-vendor",
    version: "1.1.0",
    message: "Onboarding assessment (demo).",
    sentDaysAgo: 80,
    answeredInDays: 9,
    dueInDays: 21,
    mix: { best: 0.8, mixed: 0.2 },
  },
  {
    vendor: "Lumen Speech AI",
    slug: "ai-model-vendor",
    version: "1.0.0",
    message: "Onboarding assessment (demo).",
    sentDaysAgo: 120,
    answeredInDays: 15,
    dueInDays: 21,
    mix: { mixed: 0.6, worst: 0.4 },
  },
  {
    vendor: "Cirrus GPU Cloud",
    slug: "cloud-ai-infrastructure",
    version: "1.0.0",
    message: "Annual security review (demo).",
    sentDaysAgo: 60,
    answeredInDays: 14,
    dueInDays: 21,
    mix: { mixed: 0.6, best: 0.4 },
  },
  {
    vendor: "Tally Annotations",
    slug: "training-data-supplier",
    version: "1.0.0",
    message: "Onboarding assessment (demo).",
    sentDaysAgo: 50,
    answeredInDays: 20,
    dueInDays: 30,
    mix: { worst: 0.7, mixed: 0.3 },
  },
  {
    // Sent, not yet answered: "due soon" on the dashboard.
    vendor: "Lumen Speech AI",
    slug: "ai-model-vendor",
    version: "1.1.0",
    message: "Annual security review (demo).",
    sentDaysAgo: 5,
    dueInDays: 9,
    mix: {},
  },
];

const DAY = 86_400_000;

/** The smallest file the evidence upload accepts as a PDF: its magic bytes and an end marker. */
const DEMO_PDF = new TextEncoder().encode("%PDF-1.4\n% Demo evidence for Assay\n%%EOF\n");

/** A stable number in [0, 1) from a text (FNV-1a), so every start blends the same way. */
function unit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/** The vendor's answers: per question, one of the example files by the vendor's mix. */
export function blendAnswers(
  spec: DemoAssessment,
  questionnaire: Questionnaire,
): { answers: Answers; fallbacks: Answers[] } {
  const files = FIXTURES[spec.slug];
  if (!files) return { answers: {}, fallbacks: [] };
  const parsed = (Object.keys(files) as Fixture[]).map((name) => ({
    name,
    answers: parseValid(files[name], questionnaire),
  }));
  const weights = parsed.map((p) => spec.mix[p.name] ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const answers: Record<string, Answer> = {};
  if (total > 0) {
    for (const id of getQuestionMap(questionnaire).keys()) {
      let pick = unit(`${spec.vendor}/${spec.version}/${id}`) * total;
      const index = weights.findIndex((w) => (pick -= w) < 0);
      const answer = parsed[index === -1 ? 0 : index]!.answers[id];
      if (answer) answers[id] = answer;
    }
  }
  // For required questions the blend left open: the files in the vendor's order of weight.
  const fallbacks = parsed
    .map((p, i) => ({ answers: p.answers, weight: weights[i]! }))
    .sort((a, b) => b.weight - a.weight)
    .map((p) => p.answers);
  return { answers, fallbacks };
}

/** An example file's answers that this version accepts (a file may be for a newer version). */
function parseValid(file: Record<string, unknown>, questionnaire: Questionnaire): Answers {
  const known = getQuestionMap(questionnaire);
  const answers: Record<string, Answer> = {};
  for (const [id, value] of Object.entries(file)) {
    if (!known.has(id)) continue;
    const parsed = parseAnswersFile({ [id]: value }, questionnaire);
    if (parsed.ok && parsed.answers[id]) answers[id] = parsed.answers[id];
  }
  return answers;
}

function plausibleAnswer(question: Question, today: string): Answer {
  switch (question.type) {
    case "yes_no":
    case "single_choice":
      return { kind: "value", value: question.options[0]!.value };
    case "multiple_choice":
      return { kind: "value", value: [question.options[0]!.value] };
    case "maturity":
      return { kind: "value", value: 2 };
    case "number":
      return { kind: "value", value: question.min ?? 1 };
    case "date":
      return { kind: "value", value: today };
    case "url":
      return { kind: "value", value: "https://trust.vendor.example" };
    case "evidence":
      return question.allowNA
        ? { kind: "na", justification: "Sent separately to procurement." }
        : { kind: "value", value: [`${question.id}.pdf`] };
    default:
      return { kind: "value", value: "Described in our security overview." };
  }
}

/**
 * Makes the demo assessments that are missing. Needs the demo users and vendors (seedDemoData
 * makes them first) and the questionnaire library; a demo assessment whose vendor or version
 * is not there is skipped. Returns how many it made.
 */
export async function seedDemoAssessments(
  db: Db,
  {
    procurementEmail,
    now = new Date(),
    onMaking = () => {},
  }: { procurementEmail: string; now?: Date; onMaking?: (spec: DemoAssessment) => void },
): Promise<number> {
  const [staff] = await db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      role: schema.users.role,
    })
    .from(schema.users)
    .where(eq(schema.users.email, procurementEmail));
  if (!staff) return 0;
  const vendorRows = await db
    .select({ id: schema.vendors.id, name: schema.vendors.name })
    .from(schema.vendors)
    .where(
      inArray(
        schema.vendors.name,
        DEMO_ASSESSMENTS.map((d) => d.vendor),
      ),
    );
  const versionRows = await db
    .select({
      id: schema.questionnaireVersions.id,
      slug: schema.questionnaireVersions.slug,
      version: schema.questionnaireVersions.version,
    })
    .from(schema.questionnaireVersions);
  const vendorId = new Map(vendorRows.map((v) => [v.name, v.id]));
  const versionId = new Map(versionRows.map((v) => [`${v.slug}@${v.version}`, v.id]));
  let made = 0;
  // Oldest first, so each assessment's dates and audit entries fall in order.
  for (const spec of [...DEMO_ASSESSMENTS].sort((a, b) => b.sentDaysAgo - a.sentDaysAgo)) {
    const vendor = vendorId.get(spec.vendor);
    const version = versionId.get(`${spec.slug}@${spec.version}`);
    if (!vendor || !version) continue;
    const [existing] = await db
      .select({ id: schema.assessments.id })
      .from(schema.assessments)
      .where(
        and(
          eq(schema.assessments.vendorId, vendor),
          eq(schema.assessments.questionnaireVersionId, version),
          eq(schema.assessments.message, spec.message),
        ),
      )
      .limit(1);
    if (existing) continue;
    await makeDemoAssessment(db, staff as SessionUser, spec, vendor, version, now, onMaking);
    made++;
  }
  return made;
}

async function makeDemoAssessment(
  db: Db,
  staff: SessionUser,
  spec: DemoAssessment,
  vendorId: string,
  versionId: string,
  now: Date,
  onMaking: (spec: DemoAssessment) => void,
) {
  const sentAt = new Date(now.getTime() - spec.sentDaysAgo * DAY);
  const contacts = await db
    .select({ id: schema.vendorContacts.id })
    .from(schema.vendorContacts)
    .where(eq(schema.vendorContacts.vendorId, vendorId));
  const created = await createAssessment(
    db,
    staff,
    {
      vendorId,
      questionnaireVersionId: versionId,
      dueDate: new Date(sentAt.getTime() + spec.dueInDays * DAY).toISOString().slice(0, 10),
      message: spec.message,
      contactIds: contacts.slice(0, 1).map((c) => c.id),
      send: contacts.length > 0,
    },
    sentAt,
  );
  if (!created.ok) throw new Error(`Demo assessment for ${spec.vendor}: ${created.message}`);
  // Sent, not yet answered: a process killed from here on leaves a half-made assessment
  // unless the caller's transaction rolls it back.
  onMaking(spec);
  if (spec.answeredInDays === undefined || contacts.length === 0) return;
  const [recipient] = await db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const context = {
    assessmentId: created.assessmentId,
    recipientId: recipient!.id,
    recipientName: recipient!.name,
    recipientEmail: recipient!.email,
  };
  const questionnaire = await getPinnedQuestionnaire(db, versionId);
  const submittedAt = new Date(sentAt.getTime() + spec.answeredInDays * DAY);
  const today = submittedAt.toISOString().slice(0, 10);
  const { answers, fallbacks } = blendAnswers(spec, questionnaire);
  const saved: Record<string, Answer> = {};
  const revisions = new Map<string, number>();
  const questions = getQuestionMap(questionnaire);
  const save = async (questionId: string, answer: Answer) => {
    const question = questions.get(questionId)?.question;
    // Evidence is uploaded, as the vendor would: the upload writes the answer.
    if (question?.type === "evidence" && answer.kind === "value") {
      const names = Array.isArray(answer.value) ? answer.value.map(String) : ["evidence.pdf"];
      for (const name of names) {
        const uploaded = await uploadEvidence(
          db,
          { ...context, status: "in_progress" },
          questionnaire,
          { questionId, fileName: name.endsWith(".pdf") ? name : `${name}.pdf`, bytes: DEMO_PDF },
        );
        if (uploaded.ok) saved[questionId] = answer;
      }
      return;
    }
    const result = await saveAnswer(
      db,
      context,
      questionnaire,
      { questionId, answer, comment: "", baseRevision: revisions.get(questionId) ?? 0 },
      submittedAt,
    );
    // An answer this version refuses is simply left out, as a vendor would correct it.
    if (result.ok) {
      revisions.set(questionId, result.revision);
      saved[questionId] = answer;
    }
  };
  for (const [questionId, answer] of Object.entries(answers))
    if (answer) await save(questionId, answer);
  // Answers reveal follow-ups: go round until nothing required is missing.
  for (let round = 0; round < 5; round++) {
    const missing = submissionProblems(questionnaire, saved);
    if (missing.length === 0) break;
    for (const { questionId } of missing) {
      const answer =
        fallbacks.map((f) => f[questionId]).find((a) => a !== undefined) ??
        plausibleAnswer(questions.get(questionId)!.question, today);
      await save(questionId, answer);
    }
  }
  const submitted = await submitAssessment(db, context, submittedAt);
  if (!submitted.ok) {
    throw new Error(
      `Demo assessment for ${spec.vendor} could not be submitted: ${JSON.stringify(submitted)}`,
    );
  }
}
