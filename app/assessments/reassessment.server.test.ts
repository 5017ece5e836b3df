// Re-assessment on a real database: answers carry over from a submitted assessment between
// versions of the built-in ai-model-vendor questionnaire, marked for the vendor to confirm.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import {
  completeRequiredAnswers,
  sendTestAssessment,
  type TestAssessment,
} from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest } from "~/test/factories";
import { commitSessionCookie } from "~/auth/session.server";
import { login } from "~/auth/login.server";
import { PASSWORD } from "~/test/factories";
import { createAssessment } from "./assessments.server";
import { uploadEvidence } from "./evidence.server";
import {
  loadVendorWorkspace,
  workspaceProgress,
  saveAnswer,
  submissionProblems,
  submitAssessment,
} from "./respond.server";
import { loader as newAssessmentLoader } from "~/routes/assessments.new";
import { action as sectionAction } from "~/routes/v.sections.$sectionId/route";
import { startVendorSession } from "./respond.server";

let t: TestDatabase;
let staff: SessionUser;
const versions: Record<string, string> = {};
let first: TestAssessment;
let evidenceIds: string[];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement", name: "Priya" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  for (const row of await t.db.select().from(schema.questionnaireVersions))
    versions[`${row.slug}@${row.version}`] = row.id;
  first = await sendTestAssessment(t.db, staff, versions["ai-model-vendor@1.0.0"]!, {
    name: "Northwind Re",
  });
  // Evidence answers name uploaded files; these never carry over (the files belong to this one).
  const evidence = first.questionnaire.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.type === "evidence");
  evidenceIds = evidence.map((q) => q.id);
  expect(evidenceIds.length).toBeGreaterThan(0);
  for (const q of evidence) await uploadTestEvidence(first, q.id);
  await completeRequiredAnswers(t.db, first);
  // A comment on one answer travels with it (not an evidence answer's: those stay behind).
  const { stored, questionnaire } = await loadVendorWorkspace(t.db, first.assessmentId);
  const [someId, some] = Object.entries(stored).find(([id]) => !evidenceIds.includes(id))!;
  await saveAnswer(t.db, first.context, questionnaire, {
    questionId: someId,
    answer: some.answer,
    comment: "As in our SOC 2 report.",
    baseRevision: some.revision,
  });
  const submitted = await submitAssessment(t.db, first.context);
  if (!submitted.ok) throw new Error(JSON.stringify(submitted));
});
afterAll(async () => t.dispose());

/** Evidence answers name uploaded files: upload one, as the vendor would. */
async function uploadTestEvidence(
  a: Pick<TestAssessment, "context" | "questionnaire">,
  questionId: string,
) {
  const uploaded = await uploadEvidence(
    t.db,
    { ...a.context, status: "in_progress" },
    a.questionnaire,
    { questionId, fileName: "evidence.pdf", bytes: new TextEncoder().encode("%PDF-1.7\n%%EOF\n") },
  );
  if (!uploaded.ok) throw new Error(uploaded.message);
}

async function reassess(
  versionKey: string,
  fromId = first.assessmentId,
  vendorId = first.vendorId,
) {
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, first.assessmentId));
  return createAssessment(t.db, staff, {
    vendorId,
    questionnaireVersionId: versions[versionKey]!,
    dueDate: inDays(20),
    message: "",
    contactIds: [recipient!.contactId!],
    send: true,
    previousAssessmentId: fromId,
  });
}

test("answers to questions whose meaning is unchanged in 1.1.0 carry over, marked for confirmation; new questions start empty", async () => {
  const created = await reassess("ai-model-vendor@1.1.0");
  if (!created.ok) throw new Error(created.message);
  const before = await loadVendorWorkspace(t.db, first.assessmentId);
  const after = await loadVendorWorkspace(t.db, created.assessmentId);
  // 1.0.0 → 1.1.0 only rewords, reweights and adds an option: every earlier answer carries,
  // except evidence (files belong to the earlier assessment).
  expect(Object.keys(after.stored).sort()).toEqual(
    Object.keys(before.stored)
      .filter((id) => !evidenceIds.includes(id))
      .sort(),
  );
  for (const [id, stored] of Object.entries(after.stored)) {
    expect(stored).toMatchObject({
      answer: before.stored[id]!.answer,
      comment: before.stored[id]!.comment,
      revision: 1,
      carriedOver: true,
      updatedBy: null,
    });
  }
  expect(Object.values(after.stored).some((s) => s.comment === "As in our SOC 2 report.")).toBe(
    true,
  );
  for (const added of ["deletion-at-exit", "subprocessor-change-notice", "staff-access"])
    expect(after.stored[added]).toBeUndefined();
  const [row] = await t.db
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.id, created.assessmentId));
  expect(row!.previousAssessmentId).toBe(first.assessmentId);
  const [event] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.targetId, created.assessmentId),
        eq(schema.auditEvents.action, "assessment.created"),
      ),
    );
  expect(event!.after).toMatchObject({
    previousAssessmentId: first.assessmentId,
    carriedOver: Object.keys(before.stored).length - evidenceIds.length,
  });
});

test("a question repurposed in a later version does not carry over; an answer that chose a removed option does not either", async () => {
  // A hypothetical 9.0.0 (the library has a real 2.0.0): one question's type changed, and one
  // option of a single choice removed.
  const [base] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.id, versions["ai-model-vendor@1.1.0"]!));
  const { stored } = await loadVendorWorkspace(t.db, first.assessmentId);
  const content = structuredClone(base!.content) as {
    version: string;
    sections: { questions: Record<string, unknown>[] }[];
  };
  content.version = "9.0.0";
  const questions = content.sections.flatMap((s) => s.questions);
  const answeredChoice = questions.find(
    (q) => q.type === "single_choice" && stored[q.id as string]?.answer?.kind === "value",
  )!;
  const chosen = (stored[answeredChoice.id as string]!.answer as { value: string }).value;
  answeredChoice.options = (answeredChoice.options as { value: string }[]).filter(
    (o) => o.value !== chosen,
  );
  const retyped = questions.find(
    (q) =>
      q.type === "yes_no" &&
      !q.showIf &&
      !questions.some((other) =>
        JSON.stringify(other.showIf ?? "").includes(`"${q.id as string}"`),
      ) &&
      stored[q.id as string],
  )!;
  Object.assign(retyped, { type: "short_text", options: undefined });
  delete retyped.options;
  const [v2] = await t.db
    .insert(schema.questionnaireVersions)
    .values({
      ...base!,
      id: undefined,
      version: "9.0.0",
      major: 9,
      minor: 0,
      patch: 0,
      content,
      contentHash: "0".repeat(64),
    })
    .returning();
  versions["ai-model-vendor@9.0.0"] = v2!.id;
  const created = await reassess("ai-model-vendor@9.0.0");
  if (!created.ok) throw new Error(created.message);
  const after = await loadVendorWorkspace(t.db, created.assessmentId);
  expect(after.stored[retyped.id as string]).toBeUndefined();
  expect(after.stored[answeredChoice.id as string]).toBeUndefined();
  expect(Object.keys(after.stored)).toHaveLength(
    Object.keys(stored).length - 2 - evidenceIds.length,
  );
});

test("a re-assessment starts only from a submitted assessment of the same vendor and questionnaire", async () => {
  const other = await sendTestAssessment(t.db, staff, versions["ai-model-vendor@1.0.0"]!, {
    name: "Other Vendor Re",
  });
  expect(await reassess("ai-model-vendor@1.1.0", first.assessmentId, other.vendorId)).toMatchObject(
    { ok: false, status: 400, message: expect.stringContaining("this vendor") },
  );
  // Not submitted yet.
  expect(await reassess("ai-model-vendor@1.1.0", other.assessmentId, other.vendorId)).toMatchObject(
    { ok: false, status: 409, message: expect.stringContaining("submitted") },
  );
  expect(await reassess("training-data-supplier@1.0.0")).toMatchObject({
    ok: false,
    status: 400,
    field: "questionnaireVersionId",
  });
});

test("carried-over answers must be confirmed or changed before submitting; saving one clears its flag", async () => {
  const created = await reassess("ai-model-vendor@1.1.0");
  if (!created.ok) throw new Error(created.message);
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const context = {
    assessmentId: created.assessmentId,
    recipientId: recipient!.id,
    recipientName: recipient!.name,
    recipientEmail: recipient!.email,
  };
  const workspace = await loadVendorWorkspace(t.db, created.assessmentId);
  const assessment = {
    ...first,
    assessmentId: created.assessmentId,
    context,
    questionnaire: workspace.questionnaire,
  };
  for (const id of evidenceIds) await uploadTestEvidence(assessment, id);
  await completeRequiredAnswers(t.db, assessment);
  const refused = await submitAssessment(t.db, context);
  expect(refused.ok).toBe(false);
  const carried = Object.entries(workspace.stored).filter(([, s]) => s.carriedOver);
  if (refused.ok || !("problems" in refused)) throw new Error("expected problems");
  expect(refused.problems.map((p) => p.questionId).sort()).toEqual(
    carried.map(([id]) => id).sort(),
  );
  expect(refused.problems[0]!.message).toMatch(/^Confirm or change the answer carried over/);
  // The check-answers page lists the same problems.
  const now = await loadVendorWorkspace(t.db, created.assessmentId);
  const unconfirmed = new Set(carried.map(([id]) => id));
  expect(submissionProblems(now.questionnaire, now.answers, unconfirmed)).toHaveLength(
    carried.length,
  );
  // Confirm all but one by saving the same answer; change the last one.
  for (const [questionId, stored] of carried) {
    const result = await saveAnswer(t.db, context, workspace.questionnaire, {
      questionId,
      answer: stored.answer,
      comment: stored.comment,
      baseRevision: stored.revision,
    });
    expect(result).toEqual({ ok: true, revision: 2 });
  }
  const confirmed = await loadVendorWorkspace(t.db, created.assessmentId);
  expect(Object.values(confirmed.stored).filter((s) => s.carriedOver)).toEqual([]);
  expect(await submitAssessment(t.db, context)).toEqual({ ok: true, alreadySubmitted: false });
});

test("without JavaScript, 'Confirm this answer' saves that carried-over answer unchanged and comes back to it", async () => {
  const created = await reassess("ai-model-vendor@1.1.0");
  if (!created.ok) throw new Error(created.message);
  // The vendor's own session, as the browser has it after opening the link.
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const token = "x".repeat(43);
  const { hashToken } = await import("~/auth/session.server");
  await t.db
    .update(schema.assessmentRecipients)
    .set({ tokenHash: hashToken(token) })
    .where(eq(schema.assessmentRecipients.id, recipient!.id));
  const started = await startVendorSession(t.db, token);
  if (!started.ok) throw new Error("no session");
  const cookie = started.cookie.split(";")[0]!;
  const workspace = await loadVendorWorkspace(t.db, created.assessmentId);
  const section = workspace.questionnaire.sections.find((s) =>
    s.questions.some((q) => workspace.stored[q.id]?.carriedOver),
  )!;
  const question = section.questions.find((q) => workspace.stored[q.id]?.carriedOver)!;
  // The section as the page posts it: every field unchanged, plus the confirm button.
  const { fieldName, revisionName, commentName, naName, naWhyName } = await import("./answer-form");
  const fields = new URLSearchParams({ confirm: question.id });
  for (const q of section.questions) {
    const stored = workspace.stored[q.id];
    fields.append(revisionName(q.id), String(stored?.revision ?? 0));
    fields.append(commentName(q.id), stored?.comment ?? "");
    const answer = stored?.answer;
    if (answer?.kind === "na") {
      fields.append(naName(q.id), "1");
      fields.append(naWhyName(q.id), answer.justification);
    } else if (answer?.kind === "value") {
      for (const v of Array.isArray(answer.value) ? answer.value : [answer.value])
        fields.append(fieldName(q.id), String(v));
    }
  }
  const request = formRequest(`/v/sections/${section.id}`, {}, { Cookie: cookie });
  const response = await sectionAction({
    request: new Request(request.url, { method: "POST", headers: request.headers, body: fields }),
    params: { sectionId: section.id },
    context: {},
  }).catch((thrown: unknown) => thrown);
  expect(response).toBeInstanceOf(Response);
  expect((response as Response).headers.get("location")).toBe(
    `/v/sections/${section.id}#question-${question.id}`,
  );
  const after = await loadVendorWorkspace(t.db, created.assessmentId);
  expect(after.stored[question.id]).toMatchObject({ carriedOver: false, revision: 2 });
  // Only that answer was saved: the others are still waiting for confirmation.
  expect(Object.values(after.stored).filter((s) => s.carriedOver).length).toBe(
    Object.values(workspace.stored).filter((s) => s.carriedOver).length - 1,
  );
});

test("progress counts carried-over answers as to confirm; 'Confirm all' in a section confirms its shown ones, audited as that person's", async () => {
  const created = await reassess("ai-model-vendor@1.1.0");
  if (!created.ok) throw new Error(created.message);
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, created.assessmentId));
  const token = "y".repeat(43);
  const { hashToken } = await import("~/auth/session.server");
  await t.db
    .update(schema.assessmentRecipients)
    .set({ tokenHash: hashToken(token) })
    .where(eq(schema.assessmentRecipients.id, recipient!.id));
  const started = await startVendorSession(t.db, token);
  if (!started.ok) throw new Error("no session");
  const cookie = started.cookie.split(";")[0]!;
  const workspace = await loadVendorWorkspace(t.db, created.assessmentId);
  const carriedCount = Object.values(workspace.stored).filter((s) => s.carriedOver).length;
  expect(carriedCount).toBeGreaterThan(1);
  // Nothing answered yet by the vendor: everything carried is "to confirm", not answered.
  const total = (key: "answered" | "toConfirm") =>
    workspaceProgress(workspace).reduce((n, p) => n + p[key], 0);
  expect(total("answered")).toBe(0);
  expect(total("toConfirm")).toBe(carriedCount);
  const { getAssessmentForStaff } = await import("./assessments.server");
  const staffView = await getAssessmentForStaff(t.db, created.assessmentId);
  expect(staffView!.progress.reduce((n, p) => n + p.toConfirm, 0)).toBe(carriedCount);

  const section = workspace.questionnaire.sections.find(
    (s) => s.questions.filter((q) => workspace.stored[q.id]?.carriedOver).length > 1,
  )!;
  const inSection = section.questions.filter((q) => workspace.stored[q.id]?.carriedOver);
  const request = formRequest(
    `/v/sections/${section.id}`,
    { intent: "confirm-all" },
    { Cookie: cookie },
  );
  const response = await sectionAction({
    request,
    params: { sectionId: section.id },
    context: {},
  }).catch((thrown: unknown) => thrown);
  expect((response as Response).headers.get("location")).toBe(`/v/sections/${section.id}`);
  const after = await loadVendorWorkspace(t.db, created.assessmentId);
  for (const q of inSection)
    expect(after.stored[q.id]).toMatchObject({
      carriedOver: false,
      revision: 2,
      answer: workspace.stored[q.id]!.answer,
      updatedBy: recipient!.name,
    });
  // Other sections still wait; the section's progress now counts them answered.
  expect(Object.values(after.stored).filter((s) => s.carriedOver).length).toBe(
    carriedCount - inSection.length,
  );
  const sectionProgress = workspaceProgress(after).find((p) => p.sectionId === section.id)!;
  expect(sectionProgress.toConfirm).toBe(0);
  expect(sectionProgress.answered).toBeGreaterThanOrEqual(inSection.length);
  const [event] = await t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.action, "answers.carried_over_confirmed"),
        eq(schema.auditEvents.targetId, created.assessmentId),
      ),
    );
  expect(event).toMatchObject({
    actorLabel: `vendor: ${recipient!.name}`,
    detail: {
      recipientId: recipient!.id,
      sectionId: section.id,
      questionIds: expect.arrayContaining(inSection.map((q) => q.id)),
    },
  });
  // Still changeable: a later save of one of them is an ordinary save on revision 2.
  const one = inSection[0]!;
  expect(
    await saveAnswer(
      t.db,
      { recipientId: recipient!.id, assessmentId: created.assessmentId },
      workspace.questionnaire,
      {
        questionId: one.id,
        answer: after.stored[one.id]!.answer,
        comment: "Changed my mind about the wording.",
        baseRevision: 2,
      },
    ),
  ).toEqual({ ok: true, revision: 3 });
});

test("the new-assessment form starting from ?from= offers that vendor, its questionnaire's versions and its recipients", async () => {
  const session = await login(t.db, { email: staff.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  const result = (await newAssessmentLoader({
    request: new Request(`http://localhost:3000/assessments/new?from=${first.assessmentId}`, {
      headers: { Cookie: cookie },
    }),
    params: {},
    context: {},
  })) as Awaited<ReturnType<typeof newAssessmentLoader>>;
  expect(result.vendor?.id).toBe(first.vendorId);
  expect(result.from?.id).toBe(first.assessmentId);
  expect(result.versions.map((v) => v.label)).toEqual(
    expect.arrayContaining([expect.stringContaining("1.1.0")]),
  );
  expect(
    result.versions.every((v) => v.label.startsWith(result.versions[0]!.label.split(" — ")[0]!)),
  ).toBe(true);
  expect(result.from?.contactIds).toHaveLength(1);
});

test("the new-assessment form finds vendors by a search instead of listing every vendor", async () => {
  const session = await login(t.db, { email: staff.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  const load = (search: string) =>
    newAssessmentLoader({
      request: new Request(`http://localhost:3000/assessments/new?${search}`, {
        headers: { Cookie: cookie },
      }),
      params: {},
      context: {},
    }) as Promise<Awaited<ReturnType<typeof newAssessmentLoader>>>;
  const [vendor] = await t.db
    .select()
    .from(schema.vendors)
    .where(eq(schema.vendors.id, first.vendorId));
  const part = vendor!.name.slice(0, 4).toLowerCase();
  const found = await load(`vendorQ=${encodeURIComponent(` ${part} `)}`);
  expect(found.vendor).toBeNull();
  expect(found.matches?.vendors.map((v) => v.id)).toContain(vendor!.id);
  expect(found.matches?.vendors.every((v) => v.name.toLowerCase().includes(part))).toBe(true);
  expect((await load("")).matches).toBeNull();
  expect((await load(`vendorId=${vendor!.id}`)).vendor?.id).toBe(vendor!.id);
  expect((await load("vendorId=not-a-uuid")).vendor).toBeNull();
  await expect(load(`vendorQ=${"x".repeat(201)}`)).rejects.toMatchObject({ init: { status: 400 } });
  await t.db
    .update(schema.vendors)
    .set({ archivedAt: new Date() })
    .where(eq(schema.vendors.id, vendor!.id));
  try {
    expect((await load(`vendorId=${vendor!.id}`)).vendor).toBeNull();
    expect(
      (await load(`vendorQ=${encodeURIComponent(part)}`)).matches?.vendors.map((v) => v.id),
    ).not.toContain(vendor!.id);
  } finally {
    await t.db
      .update(schema.vendors)
      .set({ archivedAt: null })
      .where(eq(schema.vendors.id, vendor!.id));
  }
});
