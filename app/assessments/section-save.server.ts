// A section's answers saved together, as the answering page's form posts them without
// JavaScript: all or nothing. Each answer goes through saveAnswer (its checks, revision and
// history), inside one transaction; if any is refused, none is kept.
import { type Db } from "~/db.server";
import { type Questionnaire } from "~/questionnaire/definition";
import { saveAnswer, type SaveInput, type SaveResult, type VendorContext } from "./respond.server";

type Refusal = Exclude<SaveResult, { ok: true }>;

export type SectionSaveResult =
  { ok: true; saved: number } | { ok: false; failures: { questionId: string; failure: Refusal }[] };

class Refused extends Error {}

export async function saveSectionAnswers(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  questionnaire: Questionnaire,
  saves: SaveInput[],
  now: Date = new Date(),
): Promise<SectionSaveResult> {
  if (saves.length === 0) return { ok: true, saved: 0 };
  const failures: { questionId: string; failure: Refusal }[] = [];
  try {
    await db.transaction(async (tx) => {
      // Every answer is tried, so the vendor learns of every problem at once.
      for (const save of saves) {
        const result = await saveAnswer(tx, context, questionnaire, save, now);
        if (!result.ok) failures.push({ questionId: save.questionId, failure: result });
      }
      if (failures.length > 0) throw new Refused();
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return { ok: false, failures };
  }
  return { ok: true, saved: saves.length };
}
