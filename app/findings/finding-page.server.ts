// The staff page of one finding (/findings/:findingId): the record named in the URL, what the
// page shows, and what its forms do. The route guards (who is asking), parses and renders.
import { data } from "@remix-run/node";
import { z } from "zod";
import { describeAnswer } from "~/assessments/answer-words";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { can } from "~/auth/permissions";
import { type SessionUser } from "~/auth/session.server";
import { type Db, getDb } from "~/db.server";
import { type Answer, getQuestionMap } from "~/questionnaire/model";
import {
  addFindingComment,
  changeSeverity,
  getFinding,
  getFindingPageLists,
  getFindingThread,
  transitionFinding,
  updateFindingDetails,
} from "./findings.server";
import { type FindingActionSchema } from "./schemas";
import { availableTransitions, isoDay, isOverdue } from "./status";

const ParamsSchema = z.object({ findingId: z.string().uuid() });

/** The finding named in the URL; a malformed or unknown id is a 404 either way. */
export async function requireFindingParam(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const found = parsed.success ? await getFinding(db, parsed.data.findingId) : null;
  if (!found) throw data("There is no such finding.", { status: 404 });
  return { db, found };
}

type FoundFinding = NonNullable<Awaited<ReturnType<typeof getFinding>>>;

/** Everything the staff finding page shows, for this user (the forms only for managers). */
export async function getStaffFindingPage(db: Db, user: SessionUser, found: FoundFinding) {
  const { finding } = found;
  const questionnaire = await getPinnedQuestionnaire(db, found.questionnaireVersionId);
  const entry = getQuestionMap(questionnaire).get(finding.questionId);
  const thread = await getFindingThread(db, finding.id);
  const { staff, contacts, files, answerFiles } = await getFindingPageLists(db, finding);
  const manage = can(user, "findings:manage");
  return {
    finding,
    vendorName: found.vendorName,
    ownerName: found.ownerName,
    contactName: found.contactName,
    question: entry
      ? { text: entry.question.text, section: entry.section.title }
      : { text: finding.questionId, section: finding.sectionId },
    answerText: entry ? describeAnswer(entry.question, finding.answer as Answer | null) : "",
    overdue: isOverdue(finding, isoDay(new Date())),
    thread,
    staff,
    contacts,
    files,
    answerFiles,
    manage,
    transitions: manage
      ? availableTransitions(finding.status, { kind: "staff", role: user.role })
      : [],
    today: isoDay(new Date()),
  };
}

export type StaffFindingPage = Awaited<ReturnType<typeof getStaffFindingPage>>;

type FindingAction = z.infer<typeof FindingActionSchema>;

const DONE: Record<FindingAction["intent"], string> = {
  transition: "Status changed.",
  details: "Finding updated.",
  severity: "Severity changed. The original severity is kept in the history.",
  comment: "Internal comment added.",
};

/** Runs one of the page's forms for a manager; says what to tell them when it worked. */
export async function runStaffFindingAction(
  db: Db,
  user: SessionUser,
  findingId: string,
  input: FindingAction,
) {
  const result =
    input.intent === "transition"
      ? await transitionFinding(db, { kind: "staff", user }, findingId, input)
      : input.intent === "details"
        ? await updateFindingDetails(db, user, findingId, input)
        : input.intent === "severity"
          ? await changeSeverity(db, user, findingId, input)
          : await addFindingComment(db, { kind: "staff", user }, findingId, input);
  if (!result.ok) return result;
  const message =
    input.intent === "comment" && input.visibility === "shared"
      ? "Comment added and shared with the vendor."
      : DONE[input.intent];
  return { ok: true as const, message };
}
