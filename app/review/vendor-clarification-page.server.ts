// The vendor's page of clarification requests (/v/clarifications, docs/decisions/091): what it
// shows, and what its forms do — send an answer back for review with a reply, upload a file of
// evidence to it, remove one. The route guards (the vendor session) and renders.
import { z } from "zod";
import { readAnswer, readComment, revisionName } from "~/assessments/answer-form";
import { answerFieldErrors, answerFieldsSchema } from "~/assessments/answer-form-schema";
import { cleanName } from "~/assessments/evidence.server";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { loadVendorWorkspace, type VendorContext } from "~/assessments/respond.server";
import { type Db } from "~/db.server";
import {
  isClarificationOpen,
  removeClarificationEvidence,
  uploadClarificationEvidence,
} from "~/findings/finding-evidence.server";
import { parseForm } from "~/forms/parse";
import { readFormWithUpload } from "~/http/multipart.server";
import { type Answer, getQuestionMap } from "~/questionnaire/model";
import { withoutScoring } from "~/questionnaire/vendor-copy";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { discardUpload } from "~/storage/upload.server";
import {
  answerClarification,
  CLARIFICATION_NOT_OPEN,
  getVendorClarifications,
} from "./review.server";

const questionId = z.string().trim().min(1, "Choose a question").max(64);

export const ClarificationActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("reply"),
      questionId,
      reply: z.string().trim().max(5_000, "Keep the reply under 5,000 characters").default(""),
    }),
    z.object({ intent: z.literal("upload"), questionId }),
    z.object({ intent: z.literal("remove"), fileId: z.string().uuid("There is no such file") }),
  ],
  { errorMap: () => ({ message: "Choose what to do" }) },
);

export type ClarificationActionResult = {
  errors: Record<string, string>;
  questionId?: string;
  /** What they sent, kept when it could not be saved. */
  submitted?: { answer: Answer | null; comment: string; reply: string };
  /** The revision saved now, after a colleague changed the answer meanwhile. */
  revision?: number;
};

/** Every clarification request on the session's assessment: open ones first, each group in questionnaire order. */
export async function getVendorClarificationsView(vendor: VendorContext & { db: Db }) {
  const [workspace, clarifications, files] = await Promise.all([
    loadVendorWorkspace(vendor.db, vendor.assessmentId),
    getVendorClarifications(vendor.db, vendor.assessmentId),
    listEvidenceItems(vendor.db, [vendor.assessmentId], "vendor"),
  ]);
  const order = [...getQuestionMap(workspace.questionnaire).keys()];
  const items = clarifications
    .flatMap((c) => {
      const entry = getQuestionMap(workspace.questionnaire).get(c.questionId);
      if (!entry) return [];
      const section = workspace.questionnaire.sections.find((s) =>
        s.questions.some((q) => q.id === c.questionId),
      );
      const stored = workspace.stored[c.questionId];
      return [
        {
          questionId: c.questionId,
          open: c.open,
          thread: c.thread,
          question: withoutScoring(entry.question),
          sectionTitle: section?.title ?? "",
          answer: stored?.answer ?? null,
          comment: stored?.comment ?? "",
          revision: stored?.revision ?? 0,
          updatedBy: stored?.updatedBy ?? null,
          files: files.filter((f) => f.questionId === c.questionId),
        },
      ];
    })
    // Open requests first, each group in questionnaire order.
    .sort(
      (a, b) =>
        Number(b.open) - Number(a.open) ||
        order.indexOf(a.questionId) - order.indexOf(b.questionId),
    );
  return { items };
}

export type ClarificationItem = Awaited<
  ReturnType<typeof getVendorClarificationsView>
>["items"][number];

type Outcome =
  | { ok: true; to: string; message: string }
  | { ok: false; status: number; result: ClarificationActionResult };

/**
 * Reads the posted form (a file streams into storage as it arrives, checked and counted on the
 * way; past 25 MB nothing is kept), parses it and runs the intent as this recipient. A stored
 * file is kept only by a valid upload; any other way out removes it.
 */
export async function runVendorClarificationAction(
  vendor: VendorContext & { db: Db },
  request: Request,
): Promise<Outcome> {
  const reply = (status: number, result: ClarificationActionResult): Outcome => ({
    ok: false,
    status,
    result,
  });
  const done = (to: string, message: string): Outcome => ({ ok: true, to, message });

  const read = await readFormWithUpload(request, { maxFileBytes: MAX_EVIDENCE_BYTES, cleanName });
  if (!read.ok) return reply(read.status, { errors: { form: read.message } });
  const { form, upload } = read;
  const parsed = parseForm(ClarificationActionSchema, form);
  if (!parsed.success || parsed.data.intent !== "upload") await discardUpload(upload ?? undefined);
  if (!parsed.success) {
    const { intent, ...rest } = parsed.errors;
    return reply(400, { errors: intent ? { form: intent, ...rest } : rest });
  }
  const input = parsed.data;
  const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);

  if (input.intent === "remove") {
    const result = await removeClarificationEvidence(
      vendor.db,
      vendor,
      questionnaire,
      input.fileId,
    );
    if (!result.ok) return reply(result.status, { errors: { form: result.message } });
    return done(`/v/clarifications#question-${result.questionId}`, "File removed.");
  }

  const question = getQuestionMap(questionnaire).get(input.questionId)?.question;
  if (input.intent === "upload") {
    const fieldKey = `q-${input.questionId}`;
    if (!question || !(await isClarificationOpen(vendor.db, vendor.assessmentId, question.id))) {
      await discardUpload(upload ?? undefined);
      return reply(409, { errors: { form: CLARIFICATION_NOT_OPEN } });
    }
    if (!upload)
      return reply(400, {
        questionId: question.id,
        errors: { [fieldKey]: `${question.text}: choose a file to upload.` },
      });
    const result = await uploadClarificationEvidence(vendor.db, vendor, questionnaire, {
      questionId: question.id,
      upload,
    });
    if (!result.ok)
      return reply(result.status, {
        questionId: question.id,
        errors: { [fieldKey]: `${question.text}: ${result.message}` },
      });
    return done(`/v/clarifications#question-${question.id}`, "File uploaded.");
  }

  if (!question) return reply(409, { errors: { form: CLARIFICATION_NOT_OPEN } });
  const fields = parseForm(answerFieldsSchema([question]), form);
  if (!fields.success)
    return reply(400, {
      questionId: question.id,
      errors: answerFieldErrors(fields.errors, [question]),
    });
  const answer = readAnswer(question, form);
  const comment = readComment(question, form);
  const result = await answerClarification(vendor.db, vendor, questionnaire, {
    questionId: question.id,
    answer,
    comment,
    baseRevision: (fields.data[revisionName(question.id)] as number | undefined) ?? 0,
    reply: input.reply,
  });
  if (!result.ok) {
    const key =
      result.field === "answer"
        ? `q-${question.id}`
        : result.field === "reply"
          ? `reply-${question.id}`
          : "form";
    // A request that is no longer open is about the whole page, as before any answer is read.
    if (key === "form" && result.status === 409)
      return reply(409, { errors: { form: result.message } });
    return reply(result.status, {
      questionId: question.id,
      submitted: { answer, comment, reply: input.reply },
      revision: result.current?.revision,
      errors: { [key]: result.message },
    });
  }
  return done("/v/clarifications", "Your answer was sent back for review.");
}
