// The staff page of one assessment (/assessments/:assessmentId): the record named in the URL,
// what the page shows (recipients and their links, progress, activity) and what its forms do
// (send, cancel and reopen, extend, resend or revoke a link, retry a mail). The route guards and renders.
import { data } from "@remix-run/node";
import { z } from "zod";
import { listAuditEvents } from "~/audit/audit.server";
import { can } from "~/auth/permissions";
import { type SessionUser } from "~/auth/session.server";
import { type Db, getDb } from "~/db.server";
import { retryMail } from "~/mail/mail.server";
import {
  cancelAssessment,
  extendDueDate,
  getAssessmentForStaff,
  reopenAssessment,
  reopenableUntil,
  resendLink,
  revokeLink,
  sendAssessment,
} from "./assessments.server";
import { type AssessmentActionSchema } from "./schemas";
import { organisationIsSet } from "~/settings/settings";
import { keptSettings, organisationNotSet } from "~/settings/settings.server";
import { type RevisionSnapshot } from "~/dashboard/portfolio-cache.server";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

/** The assessment named in the URL; a malformed or unknown id is a 404 either way. */
export async function requireAssessmentParam(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const db = await getDb();
  const assessment = parsed.success
    ? await getAssessmentForStaff(db, parsed.data.assessmentId)
    : null;
  if (!assessment) throw data("There is no such assessment.", { status: 404 });
  return { db, assessment };
}

type StaffAssessment = NonNullable<Awaited<ReturnType<typeof getAssessmentForStaff>>>;

/** What the assessment page shows this user. */
export async function getAssessmentPage(
  db: Db,
  user: SessionUser,
  assessment: StaffAssessment,
  url: URL,
  revisions?: RevisionSnapshot,
) {
  // Side by side: neither needs the other (decision 383).
  const [{ events, names }, settings] = await Promise.all([
    listAuditEvents(db, {
      names: true,
      target: { type: "assessment", id: assessment.summary.id },
      limit: 30,
    }),
    // Kept, and checked against the request's revisions (decisions 438 and 439).
    keptSettings(db, revisions),
  ]);
  const until = reopenableUntil(assessment.summary);
  return {
    ...assessment,
    // "Cancel assessment" first asks why (?cancel): docs/decisions/205-cancel-and-reopen.md.
    confirmingCancel: url.searchParams.has("cancel"),
    reopenUntil: until && until > new Date() ? until : null,
    events,
    auditNames: names,
    canManage: can(user, "assessments:manage"),
    canRetryMail: can(user, "outbox:retry"),
    organisationSet: organisationIsSet(settings),
    canSetOrganisation: can(user, "settings:manage"),
  };
}

export type AssessmentPage = Awaited<ReturnType<typeof getAssessmentPage>>;

const DONE = {
  extend: "Due date changed. Open links now last until the new date plus the grace period.",
  resend:
    "A new link is queued for mailing. The previous link keeps working until the new mail has left.",
  revoke: "Link revoked. Whoever used it has been signed out.",
  send: "Assessment sent. Each recipient's personal link is queued for mailing: the table shows when it has left.",
  cancel:
    "Assessment cancelled. Vendor links no longer work; the recipients are told by mail. It can be reopened for 30 days.",
  reopen: "Assessment reopened. The recipients' links work again, and they are told by mail.",
  "retry-mail": "The mail is queued again and will be sent in a moment.",
};

/** Runs one of the page's forms for a manager; says what to tell them when it worked. */
export async function runAssessmentAction(
  db: Db,
  user: SessionUser,
  id: string,
  input: z.infer<typeof AssessmentActionSchema>,
): Promise<
  { ok: true; message: string } | { ok: false; status: number; message: string; field?: string }
> {
  if (input.intent === "retry-mail") {
    if (!can(user, "outbox:retry")) throw data("Only an admin can retry a mail.", { status: 403 });
    const retried = await retryMail(db, user, input.mailId, { assessmentId: id });
    if (!retried.ok) return retried;
    return { ok: true as const, message: DONE[input.intent] };
  }
  // Each of these mails the vendor (docs/decisions/270-organisation-identity.md).
  if (input.intent === "send" || input.intent === "resend" || input.intent === "reopen") {
    const notSet = await organisationNotSet(db);
    if (notSet) return { ok: false as const, status: 409, message: notSet };
  }
  const result =
    input.intent === "extend"
      ? await extendDueDate(db, user, id, input.dueDate)
      : input.intent === "resend"
        ? await resendLink(db, user, id, input.recipientId)
        : input.intent === "revoke"
          ? await revokeLink(db, user, id, input.recipientId)
          : input.intent === "send"
            ? await sendAssessment(db, user, id)
            : input.intent === "reopen"
              ? await reopenAssessment(db, user, id)
              : await cancelAssessment(db, user, id, input.reason);
  if (!result.ok) return result;
  return { ok: true as const, message: DONE[input.intent] };
}
