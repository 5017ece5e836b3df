// saveAnswer's one-statement path (docs/decisions/260-autosave-one-statement.md) against the
// transaction it stands in for: the same rows, revisions and answers, one statement and no
// transaction while the assessment is in progress, and the transaction again for everything
// else (the first save of a sent assessment, a closed assessment, evidence).
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { type Question } from "~/questionnaire/definition";
import { sendTestAssessment, submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { saveAnswer } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement", name: "Priya" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
});
afterAll(async () => t.dispose());

/** The database handle, counting each query builder or statement the caller starts. */
function counting(db: Db) {
  const calls: Record<string, number> = {};
  const watched = new Set(["select", "insert", "update", "delete", "execute", "transaction"]);
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== "string" || !watched.has(property) || typeof value !== "function")
        return value;
      return (...args: unknown[]) => {
        calls[property] = (calls[property] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy, calls };
}

const textQuestion = (questions: Question[], skip = 0) =>
  questions.filter((q) => q.type === "short_text" || q.type === "long_text")[skip]!;

async function history(answerQuestion: string, assessmentId: string) {
  const [answer] = await t.db
    .select()
    .from(schema.answers)
    .where(
      and(
        eq(schema.answers.assessmentId, assessmentId),
        eq(schema.answers.questionId, answerQuestion),
      ),
    );
  const revisions = await t.db
    .select()
    .from(schema.answerRevisions)
    .where(eq(schema.answerRevisions.answerId, answer!.id))
    .orderBy(asc(schema.answerRevisions.revision));
  return { answer: answer!, revisions };
}

test("in progress: a save is one statement and no transaction, and writes the answer and its history as the transaction did", async () => {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Fast Save Ltd" });
  const questions = a.questionnaire.sections.flatMap((s) => s.questions);
  const first = textQuestion(questions, 0);
  const second = textQuestion(questions, 1);
  // The first save of a sent assessment moves it on (the transaction: status and audit).
  const opened = await saveAnswer(t.db, a.context, a.questionnaire, {
    questionId: first.id,
    answer: { kind: "value", value: "Opened" },
    comment: "",
    baseRevision: 0,
  });
  expect(opened).toEqual({ ok: true, revision: 1 });
  const [row] = await t.db
    .select({ status: schema.assessments.status })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, a.assessmentId));
  expect(row!.status).toBe("in_progress");
  const audited = await t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.action, "assessment.in_progress"),
        eq(schema.auditEvents.targetId, a.assessmentId),
      ),
    );
  expect(audited).toHaveLength(1);

  const insert = counting(t.db);
  const at = new Date("2026-12-05T10:00:00Z");
  expect(
    await saveAnswer(
      insert.db,
      a.context,
      a.questionnaire,
      {
        questionId: second.id,
        answer: { kind: "value", value: "New" },
        comment: "c1",
        baseRevision: 0,
      },
      at,
    ),
  ).toEqual({ ok: true, revision: 1 });
  expect(insert.calls).toEqual({ execute: 1 });

  const update = counting(t.db);
  const later = new Date("2026-12-05T10:01:00Z");
  expect(
    await saveAnswer(
      update.db,
      a.context,
      a.questionnaire,
      { questionId: second.id, answer: null, comment: "cleared", baseRevision: 1 },
      later,
    ),
  ).toEqual({ ok: true, revision: 2 });
  expect(update.calls).toEqual({ execute: 1 });

  const { answer, revisions } = await history(second.id, a.assessmentId);
  expect(answer).toMatchObject({
    answer: null,
    comment: "cleared",
    revision: 2,
    carriedOver: false,
    updatedAt: later,
    updatedByRecipientId: a.context.recipientId,
  });
  expect(
    revisions.map((r) => [r.revision, r.answer, r.comment, r.changedAt.toISOString()]),
  ).toEqual([
    [1, { kind: "value", value: "New" }, "c1", at.toISOString()],
    [2, null, "cleared", later.toISOString()],
  ]);
  expect(revisions.every((r) => r.changedByRecipientId === a.context.recipientId)).toBe(true);
  // Nothing moved the assessment or the audit log on the way.
  const again = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.targetId, a.assessmentId));
  expect(again.filter((e) => e.action === "assessment.in_progress")).toHaveLength(1);
});

test("in progress: a stale base revision writes nothing and answers with the current value and who wrote it", async () => {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Stale Base Ltd" });
  const question = textQuestion(a.questionnaire.sections.flatMap((s) => s.questions));
  const save = (value: string, baseRevision: number) =>
    saveAnswer(t.db, a.context, a.questionnaire, {
      questionId: question.id,
      answer: { kind: "value", value },
      comment: "",
      baseRevision,
    });
  expect(await save("one", 0)).toEqual({ ok: true, revision: 1 });
  expect(await save("two", 1)).toEqual({ ok: true, revision: 2 });
  const conflict = {
    ok: false,
    kind: "conflict",
    current: {
      answer: { kind: "value", value: "two" },
      comment: "",
      revision: 2,
      updatedBy: "Vendor Contact",
    },
  };
  expect(await save("stale", 1)).toEqual(conflict);
  expect(await save("first again", 0)).toEqual(conflict);
  expect(await save("ahead", 7)).toEqual(conflict);
  const { answer, revisions } = await history(question.id, a.assessmentId);
  expect(answer.revision).toBe(2);
  expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
});

test("submitted: the save is refused as closed, with the transaction's message, and nothing is written", async () => {
  const a = await submittedTestAssessment(
    t.db,
    staff,
    versionId,
    { name: "Closed Save Ltd" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  const question = textQuestion(a.questionnaire.sections.flatMap((s) => s.questions));
  const before = await history(question.id, a.assessmentId).catch(() => null);
  const result = await saveAnswer(t.db, a.context, a.questionnaire, {
    questionId: question.id,
    answer: { kind: "value", value: "Too late" },
    comment: "",
    baseRevision: before?.answer.revision ?? 0,
  });
  expect(result).toEqual({
    ok: false,
    kind: "closed",
    message: "This assessment is no longer open for answers.",
  });
  const after = await history(question.id, a.assessmentId).catch(() => null);
  expect(after?.answer.revision).toBe(before?.answer.revision);
});
