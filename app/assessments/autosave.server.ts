// Autosave: one answer per POST to /v/answers, as JSON, from the answering page. The one
// request a vendor's page sends while they type, so it is answered with one database round
// trip (docs/decisions/400-lean-autosave.md): the session's fixed facts (its contact, their
// assessment and its pinned version) are remembered per process, and whether the session still
// lets its contact in is checked by the save's own statement. The route app/routes/v.answers.ts
// and the production server's direct handler (app/http/autosave-endpoint.server.ts) both
// answer through `autosaveSession` (before the body is read), then `autosaveAnswer`.
import { z } from "zod";
import { hashToken } from "~/auth/session.server";
import { type Db } from "~/db.server";
import { parseInput } from "~/forms/parse";
import { type SupplierListValue } from "~/supply-chain/types";
import { getPinnedQuestionnaire } from "./assessments.server";
import {
  getVendorContextByToken,
  saveAnswerChecked,
  SIGNED_OUT_MESSAGE,
  vendorSessionToken,
  vendorSessionValid,
} from "./respond.server";

export const SaveSchema = z.object({
  questionId: z.string().min(1).max(64),
  answer: z
    .union([
      z.object({
        kind: z.literal("value"),
        // The envelope only: the question's own answer schema judges the value, with its
        // messages (a supplier list is an object of rows, docs/decisions/240).
        value: z.union([
          z.string(),
          z.number(),
          z.array(z.string()),
          // Typed as the stored shape: saveAnswer parses it with the question's schema first.
          z
            .object({ suppliers: z.array(z.unknown()) })
            .strict() as unknown as z.ZodType<SupplierListValue>,
        ]),
      }),
      z.object({ kind: z.literal("na"), justification: z.string() }),
    ])
    .nullable(),
  comment: z.string().max(5_000, "Keep the comment under 5,000 characters").default(""),
  baseRevision: z.number().int().min(0),
});

/** What autosave answers: a status and its JSON body (never cached). */
export type AutosaveReply = { status: number; body: Record<string, unknown> };

/** What never changes for a session: whose it is, their assessment and its pinned version. */
type SessionFacts = { recipientId: string; assessmentId: string; questionnaireVersionId: string };

/**
 * Session facts by token hash. Only facts that cannot change are kept (a session row's contact
 * and assessment are fixed, and so is an assessment's version), so a second instance or a
 * revocation can never make one stale: validity is checked by every save. Bounded: the oldest
 * entry goes first.
 */
const factsBySession = new Map<string, SessionFacts>();
const MAX_REMEMBERED_SESSIONS = 10_000;

function remember(sessionHash: string, facts: SessionFacts): void {
  if (factsBySession.size >= MAX_REMEMBERED_SESSIONS) {
    const oldest = factsBySession.keys().next();
    if (!oldest.done) factsBySession.delete(oldest.value);
  }
  factsBySession.set(sessionHash, facts);
}

export const SIGNED_OUT_REPLY: AutosaveReply = {
  status: 401,
  body: { ok: false, kind: "signed-out", message: SIGNED_OUT_MESSAGE },
};

/** The session a save is made in: its token's hash, its facts, and whether it is still to be checked. */
export type AutosaveSession = {
  sessionHash: string;
  facts: SessionFacts;
  /** Null: looked up in this request, nothing left to check. Else checked with the save. */
  checkHash: string | null;
};

/**
 * The session the Cookie header names, before the body is read: null (a 401) without a signed
 * vendor cookie, or when the session is looked up and no longer lets its contact in.
 */
export async function autosaveSession(
  db: Db,
  cookieHeader: string | null,
  now: Date = new Date(),
): Promise<AutosaveSession | null> {
  const token = await vendorSessionToken(cookieHeader);
  if (!token) return null;
  const sessionHash = hashToken(token);
  const remembered = factsBySession.get(sessionHash);
  if (remembered) return { sessionHash, facts: remembered, checkHash: sessionHash };
  const context = await getVendorContextByToken(db, token, now);
  if (!context) return null;
  const facts = {
    recipientId: context.recipientId,
    assessmentId: context.assessmentId,
    questionnaireVersionId: context.questionnaireVersionId,
  };
  remember(sessionHash, facts);
  return { sessionHash, facts, checkHash: null };
}

/**
 * Saves one answer in `session`. `body` is the request's JSON (null when it was not JSON). The
 * answers, by status: 200 saved (with the new revision), 400 not a save, 401 the session no
 * longer lets its contact in, 409 someone else saved first (with their answer), 422 not a valid
 * answer to that question, 423 the assessment is closed.
 */
export async function autosaveAnswer(
  db: Db,
  session: AutosaveSession,
  body: unknown,
  now: Date = new Date(),
): Promise<AutosaveReply> {
  const { sessionHash, facts, checkHash } = session;
  // parseInput applies the edge rule first: a lone surrogate or NUL is a 400, not a 500.
  const input = parseInput(SaveSchema, body);
  if (!input.success) {
    if (checkHash && !(await vendorSessionValid(db, checkHash, facts, now))) {
      factsBySession.delete(sessionHash);
      return SIGNED_OUT_REPLY;
    }
    return {
      status: 400,
      body: {
        ok: false,
        kind: "invalid",
        message: Object.values(input.errors)[0] ?? "Invalid answer",
      },
    };
  }
  // Only the pinned version is needed (cached: versions never change), not the workspace.
  const questionnaire = await getPinnedQuestionnaire(db, facts.questionnaireVersionId);
  const result = await saveAnswerChecked(db, facts, questionnaire, input.data, now, checkHash);
  if (result.ok) return { status: 200, body: result };
  if (result.kind === "signed-out") {
    factsBySession.delete(sessionHash);
    return SIGNED_OUT_REPLY;
  }
  const status = result.kind === "conflict" ? 409 : result.kind === "closed" ? 423 : 422;
  return { status, body: result };
}
