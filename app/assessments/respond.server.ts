// Vendor side: personal links, vendor sessions, answers with revisions, submission.
// A vendor session is bound to one recipient and so to one assessment (invariant 6): every
// function here takes the assessment id from the session, never from the request.
import { data, redirect } from "@remix-run/node";
import { and, eq, gt, inArray, lt, or, type Placeholder, sql } from "drizzle-orm";
import { type PgSelect } from "drizzle-orm/pg-core";
import { recordAudit } from "~/audit/audit.server";
import { hashToken, newToken } from "~/auth/session.server";
import { type Db, getDb, preparedQuery, rowsOf, schema } from "~/db.server";
import { perRequestMemo } from "~/http/per-request.server";
import { getEnv } from "~/env.server";
import { queueMail, simpleHtml } from "~/mail/mail.server";
import { answerSchema } from "~/questionnaire/answer-schema";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Answer, getQuestionMap } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { storeSubmittedScore } from "~/assessments/scores.server";
import { openEngineFindings } from "~/findings/findings.server";
import {
  isSupplyQuestion,
  openPolicyFindings,
  refreshDeclaredAssessment,
  refreshDeclaredQuestion,
} from "~/supply-chain/declared.server";
import { emitAssessmentEvent } from "~/webhooks/emit.server";
import {
  recipientLinkFields,
  recipientWithAssessment,
  withVendorAndVersion,
} from "./assessment-queries.server";
import {
  getAssessmentSummary,
  getPinnedQuestionnaire,
  sectionProgress,
  SUMMARY_COLUMNS,
} from "./assessments.server";
import { type AssessmentStatus, isOpenForAnswers, OPEN_FOR_ANSWERS } from "./status";
import { appCookie } from "~/http/cookies.server";
import {
  evidenceAnswersWithUnknownFiles,
  evidenceFilesByQuestion,
  UNKNOWN_FILE_MESSAGE,
  unknownEvidenceFiles,
} from "./evidence-refs.server";
import { formatDay } from "~/format";
import { theAssessment } from "~/mail/wording";

const VENDOR_SESSION_MAX_MS = 30 * 24 * 60 * 60 * 1000;

function vendorCookie() {
  return appCookie("assay_vendor", VENDOR_SESSION_MAX_MS / 1000);
}

export type LinkState =
  | {
      state: "valid";
      recipientId: string;
      name: string;
      assessmentId: string;
      vendorName: string;
      questionnaireTitle: string;
      dueDate: string;
    }
  | {
      state: "expired" | "revoked" | "closed";
      contactName: string | null;
      contactEmail: string | null;
    }
  | { state: "unknown" };

/** What a personal link leads to. Reading it changes nothing (mail scanners follow links). */
export async function getLinkState(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<LinkState> {
  const [row] = await recipientWithAssessment(
    db
      .select({
        ...recipientLinkFields,
        expiresAt: schema.assessmentRecipients.expiresAt,
        revokedAt: schema.assessmentRecipients.revokedAt,
        status: schema.assessments.status,
      })
      .from(schema.assessmentRecipients)
      .$dynamic(),
  ).where(
    or(
      eq(schema.assessmentRecipients.tokenHash, hashToken(token)),
      // A new link works as soon as it is issued, before its mail has left (decision 140).
      eq(schema.assessmentRecipients.pendingTokenHash, hashToken(token)),
    ),
  );
  if (!row || row.status === "draft") return { state: "unknown" };
  const contact = { contactName: row.ownerName, contactEmail: row.ownerEmail };
  if (row.revokedAt) return { state: "revoked", ...contact };
  // A closed review still lets the vendor in while findings shared with it are being remediated.
  if (
    row.status === "cancelled" ||
    (row.status === "closed" && !(await hasSharedOpenFindings(db, row.assessmentId)))
  )
    return { state: "closed", ...contact };
  if (row.expiresAt <= now || row.status === "expired") return { state: "expired", ...contact };
  return {
    state: "valid",
    recipientId: row.recipientId,
    name: row.name,
    assessmentId: row.assessmentId,
    vendorName: row.vendorName,
    questionnaireTitle: row.questionnaireTitle,
    dueDate: row.dueDate,
  };
}

async function hasSharedOpenFindings(db: Db, assessmentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: schema.findings.id })
    .from(schema.findings)
    .where(
      and(
        eq(schema.findings.assessmentId, assessmentId),
        eq(schema.findings.sharedWithVendor, true),
        inArray(schema.findings.status, ["open", "in_progress", "fixed_by_vendor", "reopened"]),
      ),
    )
    .limit(1);
  return !!row;
}

/** The POST from the "Continue" page: a vendor session for this one assessment, as a cookie. */
export async function startVendorSession(db: Db, token: string, now: Date = new Date()) {
  const link = await getLinkState(db, token, now);
  if (link.state !== "valid") return { ok: false as const, link };
  const sessionToken = newToken();
  const [recipient] = await db
    .select({
      expiresAt: schema.assessmentRecipients.expiresAt,
      firstOpenedAt: schema.assessmentRecipients.firstOpenedAt,
    })
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.id, link.recipientId));
  const expiresAt = new Date(
    Math.min(recipient!.expiresAt.getTime(), now.getTime() + VENDOR_SESSION_MAX_MS),
  );
  await db.transaction(async (tx) => {
    await tx.insert(schema.vendorSessions).values({
      idHash: hashToken(sessionToken),
      recipientId: link.recipientId,
      assessmentId: link.assessmentId,
      expiresAt,
    });
    await tx
      .update(schema.assessmentRecipients)
      .set({ firstOpenedAt: recipient!.firstOpenedAt ?? now, lastOpenedAt: now })
      .where(eq(schema.assessmentRecipients.id, link.recipientId));
    await recordAudit(tx, {
      actor: { anonymous: `vendor: ${link.name}` },
      action: "recipient.opened",
      target: { type: "assessment", id: link.assessmentId },
      detail: { recipientId: link.recipientId },
    });
    // Once per recipient: the first time this person opens the assessment.
    if (!recipient!.firstOpenedAt)
      await emitAssessmentEvent(
        tx,
        "assessment.opened",
        link.assessmentId,
        { recipient: { id: link.recipientId } },
        now,
      );
  });
  return {
    ok: true as const,
    cookie: await vendorCookie().serialize(sessionToken, { expires: expiresAt }),
  };
}

export type VendorContext = {
  recipientId: string;
  recipientName: string;
  recipientEmail: string;
  assessmentId: string;
  status: AssessmentStatus;
  /** The pinned questionnaire version (versions never change: see getPinnedQuestionnaire). */
  questionnaireVersionId: string;
};

export async function getVendorContext(
  db: Db,
  request: Request,
  now: Date = new Date(),
): Promise<VendorContext | null> {
  const token = await vendorSessionToken(request.headers.get("cookie"));
  return token ? getVendorContextByToken(db, token, now) : null;
}

/** The vendor session token a Cookie header carries (signature checked), or null. */
export async function vendorSessionToken(cookieHeader: string | null): Promise<string | null> {
  const token = await vendorCookie().parse(cookieHeader);
  return typeof token === "string" && token ? token : null;
}

// Every vendor request runs it: built once (docs/decisions/413-queries-built-once.md).
const CONTEXT_COLUMNS = {
  recipientId: schema.assessmentRecipients.id,
  recipientName: schema.assessmentRecipients.name,
  recipientEmail: schema.assessmentRecipients.email,
  revokedAt: schema.assessmentRecipients.revokedAt,
  linkExpiresAt: schema.assessmentRecipients.expiresAt,
  assessmentId: schema.assessments.id,
  status: schema.assessments.status,
  questionnaireVersionId: schema.assessments.questionnaireVersionId,
};

function bySessionHash<T extends PgSelect>(query: T, p: Record<"idHash" | "now", Placeholder>) {
  return query
    .innerJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.vendorSessions.recipientId),
    )
    .innerJoin(schema.assessments, eq(schema.assessments.id, schema.vendorSessions.assessmentId))
    .where(
      and(eq(schema.vendorSessions.idHash, p.idHash), gt(schema.vendorSessions.expiresAt, p.now)),
    );
}

const vendorContextBySessionHash = preparedQuery(["idHash", "now"], (db, p) =>
  bySessionHash(db.select(CONTEXT_COLUMNS).from(schema.vendorSessions).$dynamic(), p).prepare(
    "vendor_context_by_session_hash",
  ),
);

// A vendor page's lookup: the context and the assessment's summary the shell and the page show,
// in one statement (docs/decisions/440-vendor-summary-with-the-session.md). Autosave and actions
// keep the narrower one above.
const vendorPageBySessionHash = preparedQuery(["idHash", "now"], (db, p) =>
  withVendorAndVersion(
    bySessionHash(
      db
        .select({ ...CONTEXT_COLUMNS, summary: SUMMARY_COLUMNS })
        .from(schema.vendorSessions)
        .$dynamic(),
      p,
    ),
  ).prepare("vendor_page_by_session_hash"),
);

/** The context of a session row, or null when it no longer lets its contact in. */
function liveContext(
  row: { revokedAt: Date | null; linkExpiresAt: Date } & VendorContext,
  now: Date,
): VendorContext | null {
  if (row.revokedAt || row.linkExpiresAt <= now) return null;
  const { recipientId, recipientName, recipientEmail, assessmentId, status } = row;
  return {
    recipientId,
    recipientName,
    recipientEmail,
    assessmentId,
    status,
    questionnaireVersionId: row.questionnaireVersionId,
  };
}

/** The vendor context of a session token, or null when it no longer lets its contact in. */
export async function getVendorContextByToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<VendorContext | null> {
  const [row] = await vendorContextBySessionHash(db, {
    idHash: hashToken(token),
    now: now.toISOString(),
  });
  return row ? liveContext(row, now) : null;
}

/**
 * A vendor page's context, with its assessment's summary kept for the rest of the request
 * (`assessmentSummaryOnce`): the shell and the page read it from this one statement.
 */
async function vendorPageContext(
  db: Db,
  request: Request,
  perRequest: object,
): Promise<VendorContext | null> {
  const token = await vendorSessionToken(request.headers.get("cookie"));
  if (!token) return null;
  const now = new Date();
  const [row] = await vendorPageBySessionHash(db, {
    idHash: hashToken(token),
    now: now.toISOString(),
  });
  const context = row ? liveContext(row, now) : null;
  if (row && context) void summaryOfRequest(perRequest, row.assessmentId, async () => row.summary);
  return context;
}

/** Deletes vendor sessions that have expired (nothing accepts them any more); returns how many. */
export async function pruneExpiredVendorSessions(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(schema.vendorSessions)
    .where(lt(schema.vendorSessions.expiresAt, now))
    .returning({ idHash: schema.vendorSessions.idHash });
  return deleted.length;
}

/** What a vendor request without a valid session is told (401). */
export const SIGNED_OUT_MESSAGE =
  "Open the personal link from your invitation email to continue. If it no longer works, ask the person who sent it for a new one.";

/** The guard of every vendor route. Without a session: a page telling them to use their link. */
// One session lookup per request: the root loader (the header's name) and the page's loader both
// need it and run side by side (decision 361).
const vendorContextOfRequest = perRequestMemo<VendorContext | null>();

function vendorContextOnce(
  db: Db,
  request: Request,
  perRequest: object | undefined,
): Promise<VendorContext | null> {
  return vendorContextOfRequest(perRequest, "", () =>
    perRequest ? vendorPageContext(db, request, perRequest) : getVendorContext(db, request),
  );
}

/**
 * The signed-in vendor contact, or a 401. `perRequest` (the loader's `context`) lets the root
 * loader and the page's loader share one lookup.
 */
export async function requireVendorSession(
  request: Request,
  perRequest?: object,
): Promise<VendorContext & { db: Db }> {
  const db = await getDb();
  const context = await vendorContextOnce(db, request, perRequest);
  if (!context) throw data(SIGNED_OUT_MESSAGE, { status: 401 });
  return { ...context, db };
}

/** The signed-in vendor contact for the page header, or null; no database work without the cookie. */
export async function getSignedInVendor(
  request: Request,
  perRequest?: object,
): Promise<{ name: string } | null> {
  const token = await vendorCookie().parse(request.headers.get("cookie"));
  if (typeof token !== "string" || !token) return null;
  const context = await vendorContextOnce(await getDb(), request, perRequest);
  return context ? { name: context.recipientName } : null;
}

/**
 * What the vendor shell shows above every vendor page (the layout route app/routes/v.tsx,
 * docs/decisions/350-vendor-layout-route.md): the questionnaire, the vendor, the due date and
 * who is signed in. Null without a session: the page's own loader answers that (401), since a
 * layout's loader protects neither its children's loaders nor their actions.
 */
export async function getVendorShell(
  request: Request,
  perRequest?: object,
): Promise<VendorShell | null> {
  const token = await vendorCookie().parse(request.headers.get("cookie"));
  if (typeof token !== "string" || !token) return null;
  const db = await getDb();
  // The same lookup as the root's and the page's loaders in this request (decision 361).
  const context = await vendorContextOnce(db, request, perRequest);
  if (!context) return null;
  const summary = await assessmentSummaryOnce(db, context.assessmentId, perRequest);
  if (!summary) return null;
  return {
    title: summary.questionnaireTitle,
    vendorName: summary.vendorName,
    dueDate: formatDay(summary.dueDate),
    recipientName: context.recipientName,
  };
}

export type VendorShell = {
  title: string;
  vendorName: string;
  dueDate: string;
  recipientName: string;
};

/**
 * "Sign out" for a vendor contact: the session row is deleted (the cookie alone is not trusted
 * to go away) and the event audited. Their personal link still works to come back.
 */
export async function endVendorSession(request: Request): Promise<boolean> {
  const token = await vendorCookie().parse(request.headers.get("cookie"));
  if (typeof token !== "string" || !token) return false;
  const db = await getDb();
  const context = await getVendorContext(db, request);
  await db.transaction(async (tx) => {
    await tx
      .delete(schema.vendorSessions)
      .where(eq(schema.vendorSessions.idHash, hashToken(token)));
    if (context) {
      await recordAudit(tx, {
        actor: { anonymous: `vendor: ${context.recipientName}` },
        action: "recipient.signed_out",
        target: { type: "assessment", id: context.assessmentId },
        detail: { recipientId: context.recipientId },
      });
    }
  });
  return true;
}

export async function endVendorSessionCookie(): Promise<string> {
  return vendorCookie().serialize("", { maxAge: 0 });
}

export type StoredAnswer = {
  answer: Answer | null;
  comment: string;
  revision: number;
  carriedOver: boolean;
  updatedAt: Date;
  updatedBy: string | null;
};

// The assessment's summary, once per request: the vendor shell's loader (app/routes/v.tsx) and
// the page's loader both need it and run side by side. Actions pass no context, so a page's
// loaders never see a summary from before its action.
const summaryOfRequest = perRequestMemo<Awaited<ReturnType<typeof getAssessmentSummary>>>();

function assessmentSummaryOnce(db: Db, assessmentId: string, perRequest: object | undefined) {
  return summaryOfRequest(perRequest, assessmentId, () => getAssessmentSummary(db, assessmentId));
}

// Every vendor page runs it: built once (docs/decisions/413-queries-built-once.md).
const workspaceAnswers = preparedQuery(
  ["assessmentId"],
  (db, p) =>
    db
      .select({
        questionId: schema.answers.questionId,
        answer: schema.answers.answer,
        comment: schema.answers.comment,
        revision: schema.answers.revision,
        carriedOver: schema.answers.carriedOver,
        updatedAt: schema.answers.updatedAt,
        updatedBy: schema.assessmentRecipients.name,
      })
      .from(schema.answers)
      // The author is one of this assessment's own recipients (every save is by one of them;
      // carried-over answers have none). Saying so lets PostgreSQL read just them through
      // (assessment_id, email) instead of hashing every recipient of every assessment: 0.5 →
      // 0.07 ms on the bench's small data (docs/decisions/418-section-page-data.md).
      .leftJoin(
        schema.assessmentRecipients,
        and(
          eq(schema.assessmentRecipients.id, schema.answers.updatedByRecipientId),
          eq(schema.assessmentRecipients.assessmentId, p.assessmentId),
        ),
      )
      .where(eq(schema.answers.assessmentId, p.assessmentId))
      .prepare("workspace_answers"),
  // A key lookup: its generic plan is kept (docs/decisions/426-generic-plan-lookups.md).
  { plans: "generic" },
);

/**
 * The assessment, its pinned questionnaire and its answers. `perRequest` (a loader's `context`)
 * shares the summary with the vendor shell's loader in the same request.
 */
export async function loadVendorWorkspace(db: Db, assessmentId: string, perRequest?: object) {
  // Side by side: the answers need only the assessment's id (decision 361).
  const [summaryRow, rows] = await Promise.all([
    assessmentSummaryOnce(db, assessmentId, perRequest),
    workspaceAnswers(db, { assessmentId }),
  ]);
  const summary = summaryRow!;
  const questionnaire = await getPinnedQuestionnaire(db, summary.questionnaireVersionId);
  const stored: Record<string, StoredAnswer> = {};
  for (const row of rows) {
    stored[row.questionId] = { ...row, answer: (row.answer as Answer | null) ?? null };
  }
  const answers = Object.fromEntries(
    Object.entries(stored).map(([id, s]) => [id, s.answer ?? undefined]),
  );
  return { summary, questionnaire, stored, answers };
}

/**
 * Answered / applicable per section of a loaded workspace, for the task list. Apart from the
 * workspace: each answer is checked against its question's schema, which the section page
 * (the hottest vendor GET) does not need (decision 387).
 */
export function workspaceProgress({
  questionnaire,
  stored,
  answers,
}: Pick<Awaited<ReturnType<typeof loadVendorWorkspace>>, "questionnaire" | "stored" | "answers">) {
  return sectionProgress(
    questionnaire,
    answers,
    new Set(
      Object.entries(stored)
        .filter(([, s]) => s.carriedOver)
        .map(([id]) => id),
    ),
  );
}

export type SaveInput = {
  questionId: string;
  answer: Answer | null;
  comment: string;
  baseRevision: number;
};
export type SaveResult =
  | { ok: true; revision: number }
  | {
      ok: false;
      kind: "conflict";
      current: {
        answer: Answer | null;
        comment: string;
        revision: number;
        updatedBy: string | null;
      };
    }
  | { ok: false; kind: "invalid"; message: string }
  | { ok: false; kind: "closed"; message: string };

/**
 * Saves one answer if nobody changed it since `baseRevision` (0 = never answered). A stale
 * write is refused with the current value, so two colleagues never overwrite each other
 * silently (invariant 5). A `null` answer clears it (a new revision too).
 */
export async function saveAnswer(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  questionnaire: Questionnaire,
  input: SaveInput,
  now: Date = new Date(),
): Promise<SaveResult> {
  const result = await saveAnswerChecked(db, context, questionnaire, input, now, null);
  if (!result.ok && result.kind === "signed-out") throw new Error("No session was checked");
  return result;
}

export type SignedOut = { ok: false; kind: "signed-out" };

/**
 * The SQL condition that a vendor session still lets its contact answer: getVendorContext's
 * rules (the session and the contact's link unexpired, the contact not removed), for the
 * session's own contact and assessment.
 */
function validVendorSession(
  sessionHash: string,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  at: string,
) {
  return sql`exists (select 1 from vendor_sessions s
  join assessment_recipients r on r.id = s.recipient_id
  where s.id_hash = ${sessionHash} and s.recipient_id = ${context.recipientId}
    and s.assessment_id = ${context.assessmentId} and s.expires_at > ${at}::timestamptz
    and r.revoked_at is null and r.expires_at > ${at}::timestamptz)`;
}

/** Whether the session (by token hash) still lets this contact answer, checked now. */
export async function vendorSessionValid(
  db: Db,
  sessionHash: string,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  now: Date,
): Promise<boolean> {
  const rows = await rowsOf<{ ok: boolean }>(
    db,
    sql`select ${validVendorSession(sessionHash, context, now.toISOString())} as ok`,
  );
  return rows[0]?.ok === true;
}

/**
 * saveAnswer for a request whose session was not looked up in it: `sessionHash` (the session
 * token's hash) is checked in the same statement as the save on the common path, and before
 * anything else is answered on every other path, so a session that ended gets `signed-out`
 * and nothing is written (docs/decisions/400-lean-autosave.md). Null: no session to check
 * (the caller looked the session up in this request, or there is none: seeding, tests).
 */
export async function saveAnswerChecked(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  questionnaire: Questionnaire,
  input: SaveInput,
  now: Date,
  sessionHash: string | null,
): Promise<SaveResult | SignedOut> {
  const signedOut: SignedOut = { ok: false, kind: "signed-out" };
  /** A refusal is answered only to a contact still signed in. */
  const refuse = async (refusal: SaveResult): Promise<SaveResult | SignedOut> =>
    sessionHash === null || (await vendorSessionValid(db, sessionHash, context, now))
      ? refusal
      : signedOut;
  const entry = getQuestionMap(questionnaire).get(input.questionId);
  if (!entry)
    return refuse({
      ok: false,
      kind: "invalid",
      message: "This question is not part of the assessment",
    });
  if (input.answer) {
    const parsed = answerSchema(entry.question).safeParse(input.answer);
    if (!parsed.success)
      return refuse({
        ok: false,
        kind: "invalid",
        message: parsed.error.issues[0]?.message ?? "Check this answer",
      });
    input = { ...input, answer: parsed.data };
  }
  if (input.comment.length > 5_000)
    return refuse({
      ok: false,
      kind: "invalid",
      message: "Keep the comment under 5,000 characters",
    });
  // The common case, an assessment in progress and an answer that names no files, is one
  // statement (docs/decisions/260-autosave-one-statement.md); everything else (the first save
  // that moves a sent assessment on, a closed assessment or a clarification, evidence) takes
  // the transaction below, whose checks are the reference for both.
  // Supply-chain answers also rewrite their declared rows (decision 241): the transaction.
  if (entry.question.type !== "evidence" && !isSupplyQuestion(entry.question)) {
    const fast = await saveInProgressAnswer(db, context, input, now, sessionHash);
    if (fast) return fast;
  }
  return db.transaction(async (tx): Promise<SaveResult | SignedOut> => {
    if (sessionHash !== null && !(await vendorSessionValid(tx, sessionHash, context, now)))
      return signedOut;
    // Lock the assessment row: a submission and a save cannot interleave, and every write of
    // an answer holds it (only saveAnswer writes answers once an assessment exists), so the
    // answer cannot change before this transaction ends. The answer is read by a second
    // statement, after the lock is granted: under READ COMMITTED a statement sees the data
    // committed when it started, so a join in the locking statement would show a concurrent
    // saver's answer as it was before that saver committed, and both would write the same
    // revision (docs/decisions/130-answer-save-race.md).
    const [locked] = await tx
      .select({ status: schema.assessments.status })
      .from(schema.assessments)
      .where(eq(schema.assessments.id, context.assessmentId))
      .for("update");
    const [current] = locked
      ? await tx
          .select({
            answerRevision: schema.answers.revision,
            answer: schema.answers.answer,
            comment: schema.answers.comment,
            updatedByRecipientId: schema.answers.updatedByRecipientId,
          })
          .from(schema.answers)
          .where(
            and(
              eq(schema.answers.assessmentId, context.assessmentId),
              eq(schema.answers.questionId, input.questionId),
            ),
          )
      : [];
    const assessment = locked && {
      status: locked.status,
      answerRevision: current?.answerRevision ?? null,
      answer: current?.answer ?? null,
      comment: current?.comment ?? null,
      updatedByRecipientId: current?.updatedByRecipientId ?? null,
    };
    if (
      !assessment ||
      (!isOpenForAnswers(assessment.status) &&
        !(await reopenedForClarification(tx, context.assessmentId, input.questionId)))
    ) {
      return {
        ok: false,
        kind: "closed",
        message: "This assessment is no longer open for answers.",
      };
    }
    // An evidence answer names only files uploaded to this question: checked under the lock,
    // so the files cannot be removed between the check and the write.
    if (
      entry.question.type === "evidence" &&
      (await unknownEvidenceFiles(tx, context.assessmentId, input.questionId, input.answer))
        .length > 0
    ) {
      return { ok: false, kind: "invalid", message: UNKNOWN_FILE_MESSAGE };
    }
    const currentRevision = assessment.answerRevision ?? 0;
    if (currentRevision !== input.baseRevision) {
      const [by] = assessment.updatedByRecipientId
        ? await tx
            .select({ name: schema.assessmentRecipients.name })
            .from(schema.assessmentRecipients)
            .where(eq(schema.assessmentRecipients.id, assessment.updatedByRecipientId))
        : [];
      return {
        ok: false,
        kind: "conflict",
        current: {
          answer: (assessment.answer as Answer | null) ?? null,
          comment: assessment.comment ?? "",
          revision: currentRevision,
          updatedBy: by?.name ?? null,
        },
      };
    }
    const revision = currentRevision + 1;
    // The answer (inserted or updated) and its revision history row in one statement.
    const answerJson = input.answer === null ? null : JSON.stringify(input.answer);
    const at = now.toISOString();
    await tx.execute(sql`with saved as (
  insert into answers (assessment_id, question_id, answer, comment, revision, carried_over,
    updated_at, updated_by_recipient_id)
  values (${context.assessmentId}, ${input.questionId}, ${answerJson}::jsonb, ${input.comment},
    ${revision}, false, ${at}::timestamptz, ${context.recipientId})
  on conflict (assessment_id, question_id) do update set answer = excluded.answer,
    comment = excluded.comment, revision = excluded.revision, carried_over = false,
    updated_at = excluded.updated_at, updated_by_recipient_id = excluded.updated_by_recipient_id
  returning id
)
insert into answer_revisions (answer_id, revision, answer, comment, changed_at,
  changed_by_recipient_id)
select id, ${revision}, ${answerJson}::jsonb, ${input.comment}, ${at}::timestamptz,
  ${context.recipientId} from saved`);
    await refreshDeclaredQuestion(
      tx,
      context.assessmentId,
      entry.question,
      input.answer,
      "answer",
      now,
    );
    // A submitted assessment's answer changed (a clarification's): counted, so the portfolio
    // revision moves at commit and what was kept of its answers is made again (decision 430).
    if (!isOpenForAnswers(assessment.status)) {
      await tx
        .update(schema.assessments)
        .set({ answersAmended: sql`${schema.assessments.answersAmended} + 1` })
        .where(eq(schema.assessments.id, context.assessmentId));
    }
    if (assessment.status === "sent") {
      await tx
        .update(schema.assessments)
        .set({ status: "in_progress", updatedAt: now })
        .where(eq(schema.assessments.id, context.assessmentId));
      await recordAudit(tx, {
        actor: { anonymous: "vendor" },
        action: "assessment.in_progress",
        target: { type: "assessment", id: context.assessmentId },
        before: { status: "sent" },
        after: { status: "in_progress" },
        detail: { recipientId: context.recipientId },
      });
    }
    return { ok: true, revision };
  });
}

/**
 * One statement: lock the assessment row, and only while it is `in_progress` write the answer
 * if its stored revision is still `baseRevision` (insert for 0, a guarded update otherwise),
 * its revision history row, and return the new revision. Null when the assessment is in any
 * other state (or missing): the caller's transaction decides. A stale base revision is a
 * conflict, answered with the current value read after the statement. With `sessionHash`,
 * the same statement checks the session first; `signed-out` when it no longer lets its
 * contact in (nothing is locked or written).
 *
 * Why it is race-free under READ COMMITTED (docs/decisions/260-autosave-one-statement.md,
 * 130-answer-save-race.md): the answer is written by `insert … on conflict do nothing` or by
 * `update … where revision = base`, and PostgreSQL re-checks both against the newest
 * committed row once any lock they waited for is granted, so a stale snapshot can never
 * write; the assessment's row lock is taken before either (they read it), as every other
 * writer of answers and the submission do.
 */
async function saveInProgressAnswer(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId">,
  input: SaveInput,
  now: Date,
  sessionHash: string | null,
): Promise<SaveResult | SignedOut | null> {
  const answerJson = input.answer === null ? null : JSON.stringify(input.answer);
  const at = now.toISOString();
  const base = input.baseRevision;
  // With a session to check, nothing is locked or written unless it still lets its contact in.
  const signedIn = sessionHash === null ? sql`true` : validVendorSession(sessionHash, context, at);
  const [row] = await rowsOf<{
    signed_in: boolean;
    status: string | null;
    revision: number | null;
  }>(
    db,
    sql`with session as (
  select ${signedIn} as signed_in
), locked as (
  select status from assessments
  where id = ${context.assessmentId} and (select signed_in from session)
  for update
), inserted as (
  insert into answers (assessment_id, question_id, answer, comment, revision, carried_over,
    updated_at, updated_by_recipient_id)
  select ${context.assessmentId}, ${input.questionId}, ${answerJson}::jsonb, ${input.comment},
    1, false, ${at}::timestamptz, ${context.recipientId}
  from locked where locked.status = 'in_progress' and ${base}::int = 0
  on conflict (assessment_id, question_id) do nothing
  returning id, revision
), updated as (
  update answers set answer = ${answerJson}::jsonb, comment = ${input.comment},
    revision = answers.revision + 1, carried_over = false, updated_at = ${at}::timestamptz,
    updated_by_recipient_id = ${context.recipientId}
  from locked
  where locked.status = 'in_progress' and ${base}::int > 0
    and answers.assessment_id = ${context.assessmentId}
    and answers.question_id = ${input.questionId} and answers.revision = ${base}::int
  returning answers.id, answers.revision
), saved as (
  select id, revision from inserted union all select id, revision from updated
), history as (
  insert into answer_revisions (answer_id, revision, answer, comment, changed_at,
    changed_by_recipient_id)
  select id, revision, ${answerJson}::jsonb, ${input.comment}, ${at}::timestamptz,
    ${context.recipientId} from saved
)
select session.signed_in, locked.status, saved.revision
from session left join locked on true left join saved on true`,
  );
  if (row && !row.signed_in) return { ok: false, kind: "signed-out" };
  if (!row || row.status !== "in_progress") return null;
  if (row.revision !== null) return { ok: true, revision: Number(row.revision) };
  // The stored revision moved on: the current value, read now (every committed save in it).
  const [current] = await db
    .select({
      answer: schema.answers.answer,
      comment: schema.answers.comment,
      revision: schema.answers.revision,
      updatedBy: schema.assessmentRecipients.name,
    })
    .from(schema.answers)
    .leftJoin(
      schema.assessmentRecipients,
      eq(schema.assessmentRecipients.id, schema.answers.updatedByRecipientId),
    )
    .where(
      and(
        eq(schema.answers.assessmentId, context.assessmentId),
        eq(schema.answers.questionId, input.questionId),
      ),
    );
  return {
    ok: false,
    kind: "conflict",
    current: {
      answer: (current?.answer as Answer | null) ?? null,
      comment: current?.comment ?? "",
      revision: current?.revision ?? 0,
      updatedBy: current?.updatedBy ?? null,
    },
  };
}

/** After submission, a reviewer's clarification request reopens just that answer (decision 091). */
async function reopenedForClarification(
  tx: Db,
  assessmentId: string,
  questionId: string,
): Promise<boolean> {
  const [row] = await tx
    .select({ status: schema.answerReviews.status, assessment: schema.assessments.status })
    .from(schema.answerReviews)
    .innerJoin(schema.assessments, eq(schema.assessments.id, schema.answerReviews.assessmentId))
    .where(
      and(
        eq(schema.answerReviews.assessmentId, assessmentId),
        eq(schema.answerReviews.questionId, questionId),
      ),
    );
  return (
    row?.status === "clarification_requested" &&
    (row.assessment === "submitted" || row.assessment === "in_review")
  );
}

export type SubmitProblem = {
  questionId: string;
  sectionId: string;
  text: string;
  message: string;
  /** What is missing: the answer itself, or the supporting file the question requires. */
  kind: "answer" | "evidence";
};

/**
 * Every visible required question answered validly, and every carried-over answer confirmed
 * or changed (docs/decisions/056-unconfirmed-answers-block-submission.md); when the uploaded
 * files are given, every answered question whose evidence is `required` has one
 * (docs/decisions/196-required-evidence-blocks-submission.md). Or the list of what is missing.
 */
export function submissionProblems(
  questionnaire: Questionnaire,
  answers: Record<string, Answer | undefined>,
  carriedOver: ReadonlySet<string> = new Set(),
  filesByQuestion?: ReadonlyMap<string, ReadonlySet<string>>,
): SubmitProblem[] {
  const visible = visibleQuestionIds(questionnaire, answers);
  const problems: SubmitProblem[] = [];
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      if (!visible.has(question.id)) continue;
      const answer = answers[question.id];
      if (!answer) {
        if (question.required)
          problems.push({
            questionId: question.id,
            sectionId: section.id,
            text: question.text,
            message: `Answer “${question.text}”`,
            kind: "answer",
          });
        continue;
      }
      const parsed = answerSchema(question).safeParse(answer);
      if (!parsed.success) {
        problems.push({
          questionId: question.id,
          sectionId: section.id,
          text: question.text,
          message: `${question.text}: ${parsed.error.issues[0]?.message ?? "check this answer"}`,
          kind: "answer",
        });
      } else if (carriedOver.has(question.id)) {
        problems.push({
          questionId: question.id,
          sectionId: section.id,
          text: question.text,
          message: `Confirm or change the answer carried over from your previous assessment: “${question.text}”`,
          kind: "answer",
        });
      }
      // An answer is a claim; where the question requires evidence, the claim needs its file.
      // An N/A answer claims nothing, so it needs none.
      if (
        filesByQuestion &&
        parsed.success &&
        answer.kind === "value" &&
        "evidence" in question &&
        question.evidence === "required" &&
        (filesByQuestion.get(question.id)?.size ?? 0) === 0
      ) {
        problems.push({
          questionId: question.id,
          sectionId: section.id,
          text: question.text,
          message: `Upload a supporting file for “${question.text}”: this question requires evidence`,
          kind: "evidence",
        });
      }
    }
  }
  return problems;
}

/**
 * Submits once: the status moves from sent/in progress to submitted in one conditional
 * update, so a double click, a retry or a second tab finds it already submitted and gets
 * the same answer.
 */
export async function submitAssessment(
  db: Db,
  context: Pick<VendorContext, "assessmentId" | "recipientId" | "recipientName" | "recipientEmail">,
  now: Date = new Date(),
): Promise<
  | { ok: true; alreadySubmitted: boolean }
  | { ok: false; problems: SubmitProblem[] }
  | { ok: false; closed: string }
> {
  const workspace = await loadVendorWorkspace(db, context.assessmentId);
  const result = await db.transaction(async (tx) => {
    const [assessment] = await tx
      .select({ status: schema.assessments.status })
      .from(schema.assessments)
      .where(eq(schema.assessments.id, context.assessmentId))
      .for("update");
    if (
      assessment?.status === "submitted" ||
      assessment?.status === "in_review" ||
      assessment?.status === "closed"
    ) {
      return { ok: true as const, alreadySubmitted: true };
    }
    if (!assessment || !isOpenForAnswers(assessment.status)) {
      return { ok: false as const, closed: "This assessment is no longer open for answers." };
    }
    // Re-read inside the lock: answers saved a moment ago count.
    const rows = await tx
      .select({
        questionId: schema.answers.questionId,
        answer: schema.answers.answer,
        carriedOver: schema.answers.carriedOver,
      })
      .from(schema.answers)
      .where(eq(schema.answers.assessmentId, context.assessmentId));
    const answers = Object.fromEntries(
      rows.map((r) => [r.questionId, (r.answer as Answer | null) ?? undefined]),
    );
    const problems = submissionProblems(
      workspace.questionnaire,
      answers,
      new Set(rows.filter((r) => r.carriedOver).map((r) => r.questionId)),
      await evidenceFilesByQuestion(tx, context.assessmentId),
    );
    for (const questionId of await evidenceAnswersWithUnknownFiles(
      tx,
      context.assessmentId,
      workspace.questionnaire,
      answers,
    )) {
      const entry = getQuestionMap(workspace.questionnaire).get(questionId)!;
      problems.push({
        questionId,
        sectionId: entry.section.id,
        text: entry.question.text,
        message: `${entry.question.text}: ${UNKNOWN_FILE_MESSAGE}`,
        kind: "evidence",
      });
    }
    if (problems.length > 0) return { ok: false as const, problems };
    const [updated] = await tx
      .update(schema.assessments)
      .set({ status: "submitted", submittedAt: now, updatedAt: now })
      .where(
        and(
          eq(schema.assessments.id, context.assessmentId),
          inArray(schema.assessments.status, [...OPEN_FOR_ANSWERS]),
        ),
      )
      .returning({ id: schema.assessments.id });
    if (!updated) return { ok: true as const, alreadySubmitted: true };
    await recordAudit(tx, {
      actor: { anonymous: `vendor: ${context.recipientName}` },
      action: "assessment.submitted",
      target: { type: "assessment", id: context.assessmentId },
      before: { status: assessment.status },
      after: { status: "submitted" },
      detail: { recipientId: context.recipientId },
    });
    const { submitted } = await storeSubmittedScore(tx, context.assessmentId, now);
    await emitAssessmentEvent(tx, "assessment.submitted", context.assessmentId, {}, now);
    await openEngineFindings(tx, context.assessmentId, submitted, now);
    // The declared supply chain as submitted, and the findings the buyer's policy gives it
    // (docs/decisions/240-supply-chain-answers-and-policy.md).
    await refreshDeclaredAssessment(
      tx,
      context.assessmentId,
      workspace.questionnaire,
      answers,
      now,
    );
    await openPolicyFindings(tx, context.assessmentId, workspace.questionnaire, answers, now);
    await mailReceipts(tx, workspace.summary, context);
    return { ok: true as const, alreadySubmitted: false };
  });
  return result;
}

async function mailReceipts(
  db: Db,
  summary: NonNullable<Awaited<ReturnType<typeof getAssessmentSummary>>>,
  context: Pick<VendorContext, "recipientName" | "recipientEmail">,
) {
  const paragraphs = [
    `Hello ${context.recipientName},`,
    `Thank you: ${theAssessment(summary.questionnaireTitle)} for ${summary.vendorName} was submitted. The answers are now locked; we will contact you if anything needs clarifying.`,
  ];
  await queueMail(db, {
    to: context.recipientEmail,
    assessmentId: summary.id,
    kind: "assessment_receipt_vendor",
    subject: `Received: ${summary.questionnaireTitle} for ${summary.vendorName}`,
    text: `${paragraphs.join("\n\n")}\n`,
    html: simpleHtml(paragraphs),
  });
  if (!summary.ownerId) return;
  const [owner] = await db.select().from(schema.users).where(eq(schema.users.id, summary.ownerId));
  if (!owner || owner.status !== "active") return;
  const link = `${getEnv().APP_URL}/assessments/${summary.id}`;
  const ownerParagraphs = [
    `Hello ${owner.name},`,
    `${summary.vendorName} submitted “${summary.questionnaireTitle}” (due ${formatDay(summary.dueDate)}). It is ready for review.`,
  ];
  await queueMail(db, {
    to: owner.email,
    assessmentId: summary.id,
    kind: "assessment_receipt_owner",
    subject: `${summary.vendorName} submitted their assessment`,
    text: `${ownerParagraphs.join("\n\n")}\n\n${link}\n`,
    html: simpleHtml(ownerParagraphs, { label: "Open the assessment", href: link }),
  });
}

export function redirectToWorkspace(cookieHeader: string) {
  return redirect("/v", {
    headers: { "Set-Cookie": cookieHeader, "Referrer-Policy": "no-referrer" },
  });
}
