// Demo assessments, so that a fresh start has a dashboard, comparisons and a trend to look
// at. Made through the app's own paths — create and send, the vendor's saves, submit — so
// their scores and findings are made exactly as for real submissions. Each is on the newest
// version of its questionnaire, or the one before it where a trend or comparison needs two (now
// ai-model-vendor 2.3.0 and 2.2.0, cloud-ai-infrastructure 2.2.0, labelling-workforce 1.2.0);
// answers are the version's own best, middle and worst answers, blended per vendor so no two
// vendors answer alike (docs/decisions/197-demo-on-newest-versions.md). Idempotent: each demo
// assessment is recognised by its vendor, version and message, and made once.
import { and, eq, inArray } from "drizzle-orm";
import { createAssessment, getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { uploadEvidence } from "~/assessments/evidence.server";
import { saveAnswer, submissionProblems, submitAssessment } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Answer, type Answers, getQuestionMap, isScored } from "~/questionnaire/model";
import { type Band, type Question, type Questionnaire } from "~/questionnaire/definition";

type Fixture = "best" | "mixed" | "worst";

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
    version: "2.2.0",
    message: "Annual security review (demo).",
    sentDaysAgo: 230,
    answeredInDays: 18,
    dueInDays: 30,
    mix: { worst: 0.55, mixed: 0.45 },
  },
  {
    vendor: "Northwind Models",
    slug: "ai-model-vendor",
    version: "2.3.0",
    message: "Re-assessment after remediation (demo).",
    sentDaysAgo: 40,
    answeredInDays: 12,
    dueInDays: 30,
    mix: { mixed: 0.5, best: 0.5 },
  },
  {
    vendor: "Quill Translate API",
    slug: "ai-model-vendor",
    version: "2.3.0",
    message: "Onboarding assessment (demo).",
    sentDaysAgo: 80,
    answeredInDays: 9,
    dueInDays: 21,
    mix: { best: 0.8, mixed: 0.2 },
  },
  {
    vendor: "Lumen Speech AI",
    slug: "ai-model-vendor",
    version: "2.2.0",
    message: "Onboarding assessment (demo).",
    sentDaysAgo: 120,
    answeredInDays: 15,
    dueInDays: 21,
    mix: { mixed: 0.6, worst: 0.4 },
  },
  {
    vendor: "Cirrus GPU Cloud",
    slug: "cloud-ai-infrastructure",
    version: "2.2.0",
    message: "Annual security review (demo).",
    sentDaysAgo: 60,
    answeredInDays: 14,
    dueInDays: 21,
    mix: { mixed: 0.6, best: 0.4 },
  },
  {
    vendor: "Tally Annotations",
    slug: "labelling-workforce",
    version: "1.2.0",
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
    version: "2.3.0",
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

/**
 * The vendor's answers: per question, the version's best, middle or worst answer by the
 * vendor's mix (docs/decisions/197-demo-on-newest-versions.md).
 */
export function blendAnswers(
  spec: DemoAssessment,
  questionnaire: Questionnaire,
  today: string = new Date().toISOString().slice(0, 10),
): { answers: Answers; fallbacks: Answers[] } {
  const names: Fixture[] = ["best", "mixed", "worst"];
  const parsed = names.map((name) => ({
    name,
    answers: derivedAnswers(questionnaire, name, today),
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
  // Only what the vendor would see: an answer to a follow-up its other answers hide is dropped
  // (dropping one can hide another, so until nothing changes).
  for (;;) {
    const visible = visibleQuestionIds(questionnaire, answers);
    const hidden = Object.keys(answers).filter((id) => !visible.has(id));
    if (hidden.length === 0) break;
    for (const id of hidden) delete answers[id];
  }
  // For required questions the blend left open: the files in the vendor's order of weight.
  const fallbacks = parsed
    .map((p, i) => ({ answers: p.answers, weight: weights[i]! }))
    .sort((a, b) => b.weight - a.weight)
    .map((p) => p.answers);
  return { answers, fallbacks };
}

/**
 * A version's own answers of one quality: per scored question the answer earning the most
 * (best), the least (worst) or one in between (mixed). Unscored questions are left to the
 * fill-in loop, so follow-ups appear only as the scored answers reveal them.
 */
export function derivedAnswers(
  questionnaire: Questionnaire,
  quality: Fixture,
  today: string,
): Answers {
  const answers: Record<string, Answer> = {};
  const pick = <T>(ranked: T[]): T | undefined =>
    quality === "best"
      ? ranked[0]
      : quality === "worst"
        ? ranked.at(-1)
        : ranked[Math.floor(ranked.length / 2)];
  const byCredit = <T extends { credit?: number }>(items: readonly T[]) =>
    [...items].sort((a, b) => (b.credit ?? 0) - (a.credit ?? 0));
  for (const [id, { question }] of getQuestionMap(questionnaire)) {
    if (!isScored(question)) {
      // An unscored choice usually decides which follow-ups appear: a middle option, so the
      // demo shows some of them (a GPAI model outside the EU, say).
      if (question.type === "single_choice")
        answers[id] = {
          kind: "value",
          value: question.options[Math.floor(question.options.length / 2)]!.value,
        };
      continue;
    }
    switch (question.type) {
      case "yes_no":
      case "single_choice": {
        const option = pick(byCredit(question.options));
        if (option) answers[id] = { kind: "value", value: option.value };
        break;
      }
      case "multiple_choice": {
        const some = question.options.filter((o) => !o.exclusive && (o.credit ?? 0) > 0);
        const none = question.options.find((o) => o.exclusive);
        const chosen =
          quality === "best"
            ? some.map((o) => o.value)
            : quality === "worst" && none
              ? [none.value]
              : some.slice(0, 1).map((o) => o.value);
        if (chosen.length > 0) answers[id] = { kind: "value", value: chosen };
        break;
      }
      case "maturity":
        answers[id] = {
          kind: "value",
          value: quality === "best" ? 3 : quality === "worst" ? 0 : 2,
        };
        break;
      case "number":
      case "date": {
        const band = pick(byCredit(question.bands));
        const n =
          band && valueInBand(question.bands, band, question.type === "date" ? 0 : question);
        if (n === undefined) break;
        answers[id] =
          question.type === "number"
            ? { kind: "value", value: n }
            : {
                kind: "value",
                value: new Date(Date.parse(`${today}T00:00:00Z`) - n * DAY)
                  .toISOString()
                  .slice(0, 10),
              };
        break;
      }
      case "evidence":
        answers[id] = { kind: "value", value: [`${id}.pdf`] };
        break;
      default:
        break;
    }
  }
  return answers;
}

/**
 * A whole number the bands give to `band` (bands are tried in order, so a value an earlier band
 * also contains does not count), within the question's limits; a date's age is never negative.
 */
function valueInBand(
  bands: readonly Band[],
  band: Band,
  limits: 0 | { min?: number; max?: number },
): number | undefined {
  const low = limits === 0 ? 0 : (limits.min ?? -Infinity);
  const high = limits === 0 ? Infinity : (limits.max ?? Infinity);
  const bounds = bands.flatMap((b) => [b.min, b.max]).filter((v) => v !== undefined);
  const candidates = [
    0,
    ...bounds.flatMap((v) => [Math.ceil(v) - 1, Math.ceil(v), Math.floor(v) + 1]),
  ];
  return candidates
    .filter((v) => v >= low && v <= high)
    .sort((a, b) => a - b)
    .find((v) => bands.find((b) => (b.min ?? -Infinity) <= v && v <= (b.max ?? Infinity)) === band);
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
    case "countries":
      return { kind: "value", value: ["IE", "NL"] };
    case "supplier_list":
      // The demo's GPU cloud hosts the model vendors' training and inference, so the supply
      // chain map shows one provider several vendors depend on.
      return {
        kind: "value",
        value: {
          suppliers: [
            {
              name: "Cirrus GPU Cloud",
              domain: "cirrus-gpu.example",
              service: "cloud_compute",
              receives: ["prompts_outputs"],
              countries: ["IE"],
              stateControlled: "no",
            },
          ],
        },
      };
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
  const { answers, fallbacks } = blendAnswers(spec, questionnaire, today);
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
      // A claim whose evidence is required gets its file, or it could not be submitted
      // (docs/decisions/196-required-evidence-blocks-submission.md).
      if (
        question &&
        "evidence" in question &&
        question.evidence === "required" &&
        answer.kind === "value"
      )
        await uploadEvidence(db, { ...context, status: "in_progress" }, questionnaire, {
          questionId,
          fileName: `${questionId}.pdf`,
          bytes: DEMO_PDF,
        });
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
