// An evidence answer is a list of file ids; only files uploaded to that assessment and that
// question (and not removed, and not a remediation's files) may be named in it. Checked where
// the answer is saved, again at submission and again when it is scored
// (docs/decisions/124-evidence-answers-name-real-files.md).
import { and, eq, isNull } from "drizzle-orm";
import { type Db, schema } from "~/db.server";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";

export const UNKNOWN_FILE_MESSAGE =
  "This answer names a file that was not uploaded to this question. Upload the file again.";

/** The live answer files of an assessment, per question. */
export async function evidenceFilesByQuestion(
  db: Db,
  assessmentId: string,
): Promise<Map<string, Set<string>>> {
  const rows = await db
    .select({ id: schema.evidenceFiles.id, questionId: schema.evidenceFiles.questionId })
    .from(schema.evidenceFiles)
    .where(
      and(
        eq(schema.evidenceFiles.assessmentId, assessmentId),
        isNull(schema.evidenceFiles.deletedAt),
        isNull(schema.evidenceFiles.findingId),
      ),
    );
  const byQuestion = new Map<string, Set<string>>();
  for (const row of rows) {
    const ids = byQuestion.get(row.questionId) ?? new Set<string>();
    ids.add(row.id);
    byQuestion.set(row.questionId, ids);
  }
  return byQuestion;
}

function namedFiles(answer: Answer | null | undefined): string[] {
  if (!answer || answer.kind !== "value") return [];
  return Array.isArray(answer.value) ? answer.value.map(String) : [String(answer.value)];
}

/** Of the files an evidence answer names, those that are not this question's uploaded files. */
export async function unknownEvidenceFiles(
  db: Db,
  assessmentId: string,
  questionId: string,
  answer: Answer | null | undefined,
): Promise<string[]> {
  const named = namedFiles(answer);
  if (named.length === 0) return [];
  const rows = await db
    .select({ id: schema.evidenceFiles.id })
    .from(schema.evidenceFiles)
    .where(
      and(
        eq(schema.evidenceFiles.assessmentId, assessmentId),
        eq(schema.evidenceFiles.questionId, questionId),
        isNull(schema.evidenceFiles.deletedAt),
        isNull(schema.evidenceFiles.findingId),
      ),
    );
  const real = new Set(rows.map((r) => r.id));
  return named.filter((id) => !real.has(id));
}

/** The evidence questions whose stored answer names a file that is not theirs. */
export async function evidenceAnswersWithUnknownFiles(
  db: Db,
  assessmentId: string,
  questionnaire: Questionnaire,
  answers: Record<string, Answer | null | undefined>,
): Promise<string[]> {
  const evidence = questionnaire.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.type === "evidence" && namedFiles(answers[q.id]).length > 0);
  if (evidence.length === 0) return [];
  const files = await evidenceFilesByQuestion(db, assessmentId);
  return evidence
    .filter((q) => namedFiles(answers[q.id]).some((id) => !files.get(q.id)?.has(id)))
    .map((q) => q.id);
}

/**
 * The answers as scoring should see them: an evidence answer keeps only the files that really
 * are its question's; one left with none is no answer (it earns no presence credit).
 */
export async function withRealEvidence(
  db: Db,
  assessmentId: string,
  questionnaire: Questionnaire,
  answers: Answers,
): Promise<Answers> {
  const suspect = await evidenceAnswersWithUnknownFiles(db, assessmentId, questionnaire, answers);
  if (suspect.length === 0) return answers;
  const files = await evidenceFilesByQuestion(db, assessmentId);
  const cleaned: Record<string, Answer> = { ...answers } as Record<string, Answer>;
  for (const questionId of suspect) {
    const kept = namedFiles(answers[questionId]).filter((id) => files.get(questionId)?.has(id));
    if (kept.length > 0) cleaned[questionId] = { kind: "value", value: kept };
    else delete cleaned[questionId];
  }
  return cleaned;
}
