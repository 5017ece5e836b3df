// "Confirm all carried-over answers in this section" (docs/decisions/206-confirm-carried-over.md):
// each carried-over answer of the section that is shown is saved unchanged through saveAnswer
// (its checks, a new revision and its history row naming the recipient), all in one
// transaction with one audit event naming who confirmed them. Each answer stays changeable.
import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Questionnaire } from "~/questionnaire/definition";
import { type Answer } from "~/questionnaire/model";
import { saveAnswer, type SaveResult, type VendorContext } from "./respond.server";

type Refusal = Exclude<SaveResult, { ok: true }>;
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.kind);
  }
}

export async function confirmCarriedOverInSection(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId" | "recipientName">,
  questionnaire: Questionnaire,
  sectionId: string,
  now: Date = new Date(),
): Promise<{ ok: true; confirmed: string[] } | { ok: false; message: string }> {
  const section = questionnaire.sections.find((s) => s.id === sectionId);
  if (!section) return { ok: false, message: "This section is not part of your assessment." };
  try {
    return await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          questionId: schema.answers.questionId,
          answer: schema.answers.answer,
          comment: schema.answers.comment,
          revision: schema.answers.revision,
          carriedOver: schema.answers.carriedOver,
        })
        .from(schema.answers)
        .where(eq(schema.answers.assessmentId, context.assessmentId));
      const answers = Object.fromEntries(
        rows.map((r) => [r.questionId, (r.answer ?? undefined) as Answer | undefined]),
      );
      // Only the questions the vendor sees: a hidden one is not asked, nor confirmed.
      const visible = visibleQuestionIds(questionnaire, answers);
      const inSection = new Set(section.questions.map((q) => q.id));
      const carried = rows.filter(
        (r) => r.carriedOver && inSection.has(r.questionId) && visible.has(r.questionId),
      );
      for (const row of carried) {
        const saved = await saveAnswer(
          tx,
          context,
          questionnaire,
          {
            questionId: row.questionId,
            answer: (row.answer as Answer | null) ?? null,
            comment: row.comment,
            baseRevision: row.revision,
          },
          now,
        );
        if (!saved.ok) throw new Refused(saved);
      }
      if (carried.length > 0) {
        const ids = carried.map((r) => r.questionId);
        // saveAnswer clears the mark; checked here so the event never claims more than happened.
        const still = await tx
          .select({ questionId: schema.answers.questionId })
          .from(schema.answers)
          .where(
            and(
              eq(schema.answers.assessmentId, context.assessmentId),
              inArray(schema.answers.questionId, ids),
              eq(schema.answers.carriedOver, true),
            ),
          );
        if (still.length > 0) throw new Error("carried-over answers were not confirmed");
        await recordAudit(tx, {
          actor: { anonymous: `vendor: ${context.recipientName}` },
          action: "answers.carried_over_confirmed",
          target: { type: "assessment", id: context.assessmentId },
          detail: { recipientId: context.recipientId, sectionId, questionIds: ids },
        });
      }
      return { ok: true as const, confirmed: carried.map((r) => r.questionId) };
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return {
      ok: false,
      message:
        error.refusal.kind !== "conflict"
          ? error.refusal.message
          : "A colleague changed an answer in this section meanwhile: check the answers below and confirm them one by one.",
    };
  }
}
