// The vendor's section page (app/routes/v.sections.$sectionId): what its loader sends and what
// its form's action saves. The document carries one part of the section (section-parts.ts,
// docs/decisions/320): that part's definitions and stored answers, and the other answers
// conditions need (decision 402); the version's whole vendor copy is a cached asset.
import { data, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { readAnswer, readComment, revisionName, sameAnswer } from "~/assessments/answer-form";
import { answerFieldErrors, answerFieldsSchema } from "~/assessments/answer-form-schema";
import { confirmCarriedOverInSection } from "~/assessments/confirm-carried.server";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { saveSectionAnswers } from "~/assessments/section-save.server";
import { isOpenForAnswers } from "~/assessments/status";
import { type Db, preparedQuery, schema } from "~/db.server";
import { parseForm } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { conditionQuestionIds, visibleQuestionIds } from "~/questionnaire/conditions";
import { type Answer } from "~/questionnaire/model";
import { type Question, type Questionnaire } from "~/questionnaire/definition";
import { withoutScoring } from "~/questionnaire/vendor-copy";
import {
  parsePart,
  partCount,
  partQuestions,
  type PartQuestionsJson,
  PART_SIZE,
  sectionPath,
} from "./section-parts";
import { vendorDefinitions } from "./vendor-definitions.server";

type Vendor = Awaited<ReturnType<typeof requireVendorSession>>;

async function sectionOfWorkspace(
  vendor: Vendor,
  sectionId: string | undefined,
  perRequest?: object,
) {
  const workspace = await loadVendorWorkspace(vendor.db, vendor.assessmentId, perRequest);
  const index = workspace.questionnaire.sections.findIndex((s) => s.id === sectionId);
  if (index < 0) throw data("This section is not part of your assessment.", { status: 404 });
  const section = workspace.questionnaire.sections[index]!;
  return { vendor, workspace, index, section, parts: partCount(section.questions.length) };
}

async function sectionOfRequest(request: Request, sectionId: string | undefined) {
  return sectionOfWorkspace(await requireVendorSession(request), sectionId);
}

// Built once (docs/decisions/413-queries-built-once.md).
const assignedNames = preparedQuery(["assessmentId"], (db, p) =>
  db
    .select({
      sectionId: schema.assignments.sectionId,
      questionId: schema.assignments.questionId,
      name: schema.assessmentRecipients.name,
    })
    .from(schema.assignments)
    .innerJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.assignments.recipientId),
    )
    .where(eq(schema.assignments.assessmentId, p.assessmentId))
    .prepare("assigned_names"),
);

/**
 * Who each section and question is assigned to, by name: the one query of the team's three
 * (getTeam) that this page needs (decision 361).
 */
async function getAssignedNames(db: Db, assessmentId: string) {
  const rows = await assignedNames(db, { assessmentId });
  const sections: Record<string, { name: string }> = {};
  const questions: Record<string, { name: string }> = {};
  for (const row of rows) {
    if (row.sectionId) sections[row.sectionId] = { name: row.name };
    if (row.questionId) questions[row.questionId] = { name: row.name };
  }
  return { sections, questions };
}

// The questions any condition of a version looks at: a pinned version is parsed once per
// process and never changes, so this is worked out once per version.
const watchedByVersion = new WeakMap<Questionnaire, Set<string>>();

function watchedQuestionIds(questionnaire: Questionnaire): Set<string> {
  let watched = watchedByVersion.get(questionnaire);
  if (!watched) {
    watched = new Set(
      questionnaire.sections
        .flatMap((s) => s.questions)
        .flatMap((q) => (q.showIf ? conditionQuestionIds(q.showIf) : [])),
    );
    watchedByVersion.set(questionnaire, watched);
  }
  return watched;
}

// A part's questions as the vendor sees them, as JSON: a version never changes, so each part's
// text is made once per process, and the page's data carries it as one string instead of
// 50 questions' objects for Remix to encode on every view (docs/decisions/418).
const partJsonByVersion = new WeakMap<Questionnaire, Map<string, PartQuestionsJson>>();

function partQuestionsJson(
  questionnaire: Questionnaire,
  sectionId: string,
  part: number,
  inPart: Question[],
): PartQuestionsJson {
  let byPart = partJsonByVersion.get(questionnaire);
  if (!byPart) {
    byPart = new Map();
    partJsonByVersion.set(questionnaire, byPart);
  }
  const key = `${sectionId}\n${part}`;
  let json = byPart.get(key);
  if (json === undefined) {
    json = JSON.stringify(inPart.map(withoutScoring)) as PartQuestionsJson;
    byPart.set(key, json);
  }
  return json;
}

export async function loadSectionPage(
  request: Request,
  sectionId: string | undefined,
  perRequest?: object,
) {
  const vendor = await requireVendorSession(request, perRequest);
  // The workspace, the section's files and who is assigned what, side by side (decision 361).
  const [{ workspace, index, section, parts }, allFiles, assigned] = await Promise.all([
    sectionOfWorkspace(vendor, sectionId, perRequest),
    // The same list as staff read, with the vendor's download links (decision 200).
    listEvidenceItems(vendor.db, [vendor.assessmentId], "vendor"),
    getAssignedNames(vendor.db, vendor.assessmentId),
  ]);
  const { questionnaire } = workspace;
  const part = parsePart(new URL(request.url).searchParams.get("part"), parts);
  const inPart = partQuestions(section.questions, part);
  // Only this part's questions are on the page: their answers, files and assignees are sent,
  // and of the rest only the answers conditions look at (decision 402).
  const onPage = new Set(inPart.map((q) => q.id));
  const files = allFiles.filter((file) => onPage.has(file.questionId));
  const team = assigned;
  // Answers the page keeps in state because conditions look at them; those not on this page
  // are sent as answers alone.
  const watched = watchedQuestionIds(questionnaire);
  const visible = visibleQuestionIds(questionnaire, workspace.answers);
  const stored = Object.fromEntries(
    Object.entries(workspace.stored)
      .filter(([id]) => onPage.has(id))
      .map(([id, s]) => [
        id,
        {
          answer: s.answer,
          comment: s.comment,
          revision: s.revision,
          updatedBy: s.updatedBy,
          carriedOver: s.carriedOver,
        },
      ]),
  );
  const elsewhere = Object.fromEntries(
    [...watched]
      .filter((id) => !onPage.has(id) && workspace.stored[id]?.answer)
      .map((id) => [id, workspace.stored[id]!.answer]),
  );
  return {
    // The whole version's vendor copy, cached by the browser (decision 320).
    definitions: vendorDefinitions(questionnaire).url,
    sectionAssignee: team.sections[section.id]?.name ?? null,
    questionAssignees: Object.fromEntries(
      Object.entries(team.questions)
        .filter(([id]) => onPage.has(id))
        .map(([id, a]) => [id, a.name]),
    ),
    files,
    assessmentId: vendor.assessmentId,
    // Vendors never see weights, credits, knockouts or findings (docs/decisions/032).
    section: {
      id: section.id,
      title: section.title,
      description: section.description,
      questions: partQuestionsJson(questionnaire, section.id, part, inPart),
    },
    sectionIndex: index,
    questionCount: section.questions.length,
    part,
    parts,
    firstNumber: (part - 1) * PART_SIZE + 1,
    /** This part's questions the stored answers hide (the page recomputes once it has all). */
    hidden: inPart.filter((q) => !visible.has(q.id)).map((q) => q.id),
    watched: [...watched],
    sectionNumber: index + 1,
    sectionCount: questionnaire.sections.length,
    next: questionnaire.sections[index + 1]?.id ?? null,
    stored,
    elsewhere: elsewhere as Record<string, Answer>,
    open: isOpenForAnswers(vendor.status),
  };
}

type Refusal = {
  errors: Record<string, string>;
  values: Record<string, { answer: Answer | null; comment: string }>;
};

// Without JavaScript, or before the page's JavaScript has taken over: every changed answer of
// the part the form held is saved, each against the revision the page was loaded with, all or
// nothing (one transaction: a refused answer leaves every answer as it was, and the page says
// why). "Save and come back later" (intent=later) returns to the task list; "Save and
// continue" goes on to the next part, or the next section.
export async function saveSectionPage(request: Request, sectionId: string | undefined) {
  const { vendor, workspace, index, section, parts } = await sectionOfRequest(request, sectionId);
  const form = await request.formData();
  if (form.get("intent") === "confirm-all") {
    const confirmed = await confirmCarriedOverInSection(
      vendor.db,
      vendor,
      workspace.questionnaire,
      section.id,
    );
    if (!confirmed.ok)
      return data<Refusal>({ errors: { form: confirmed.message }, values: {} }, { status: 409 });
    throw await redirectWithToast(`/v/sections/${section.id}`, {
      message: `${confirmed.confirmed.length} carried-over ${confirmed.confirmed.length === 1 ? "answer" : "answers"} confirmed. You can still change any of them.`,
    });
  }
  // Only the part the form held: a question of another part is not in it, and would read as
  // cleared.
  const part = parsePart(form.get("part"), parts);
  const questions = partQuestions(section.questions, part);
  const fields = parseForm(
    answerFieldsSchema(questions).extend({
      // "Confirm this answer" on a carried-over answer: save it even though it did not change.
      confirm: z.string().max(64).optional(),
      intent: z.string().max(16).optional(),
      part: z.string().max(4).optional(),
    }),
    form,
  );
  if (!fields.success)
    return data<Refusal>(
      { errors: answerFieldErrors(fields.errors, questions), values: {} },
      { status: 400 },
    );
  const { confirm, intent } = fields.data;
  const saves = [];
  for (const question of questions) {
    const answer = readAnswer(question, form);
    const comment = readComment(question, form);
    const stored = workspace.stored[question.id];
    if (
      sameAnswer(answer, stored?.answer) &&
      comment === (stored?.comment ?? "") &&
      !(confirm === question.id && stored?.carriedOver)
    )
      continue;
    const sent = fields.data[revisionName(question.id)] as number | undefined;
    const baseRevision = sent ?? stored?.revision ?? 0;
    saves.push({ questionId: question.id, answer, comment, baseRevision });
  }
  const result = await saveSectionAnswers(vendor.db, vendor, workspace.questionnaire, saves);
  if (!result.ok) {
    const texts = new Map(questions.map((q) => [q.id, q.text]));
    const errors: Record<string, string> = {};
    for (const { questionId, failure } of result.failures) {
      const text = texts.get(questionId) ?? questionId;
      errors[`q-${questionId}`] =
        failure.kind === "conflict"
          ? `${text}: ${failure.current.updatedBy ?? "a colleague"} changed this answer meanwhile — check it and save again`
          : `${text}: ${failure.message}`;
    }
    // The page shows what was sent, so that nothing typed is lost while it is corrected.
    const values = Object.fromEntries(
      saves.map(({ questionId, answer, comment }) => [questionId, { answer, comment }]),
    );
    return data<Refusal>({ errors, values }, { status: 400 });
  }
  if (typeof confirm === "string" && confirm) throw redirect(sectionPath(section, confirm));
  if (intent === "later") throw redirect("/v");
  if (part < parts) throw redirect(`/v/sections/${section.id}?part=${part + 1}`);
  const next = workspace.questionnaire.sections[index + 1];
  throw redirect(next ? `/v/sections/${next.id}` : "/v/check");
}
