// Questionnaires written in the app: drafts in the database that are published as versions of
// the same table, format, validator, hash and bump rules as the built-in library
// (docs/decisions/220-authored-questionnaires.md). Every change is one transaction with its
// audit event.
import { readdir } from "node:fs/promises";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { type Failure, fail } from "~/forms/failure";
import { contentHash, QUESTIONNAIRE_DIR } from "~/library/files.server";
import { QuestionnaireSchema, type Questionnaire } from "~/questionnaire/definition";
import { parseSemver } from "~/questionnaire/diff";
import { listQuestions } from "~/questionnaire/model";
import { getSettings } from "~/settings/settings.server";
import { checkDraft, type DraftCheck } from "./draft-check";

export type DraftActor = { id: string; email: string };

/** How a draft started: builder, version, yaml, spreadsheet, vsaq, … (lower-case words). */
export const DraftOriginSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "an origin is a lower-case word, e.g. spreadsheet");

/** Anything bigger than this is not a questionnaire a person wrote (the library's largest is ~100 kB). */
export const MAX_DRAFT_BYTES = 2_000_000;

/** The document a draft holds: any JSON object, checked for size; the builder lists its problems. */
export const DraftDocumentSchema = z
  .record(z.unknown(), {
    invalid_type_error: "a questionnaire document is an object with slug, title, sections, …",
  })
  .superRefine((document, ctx) => {
    if (JSON.stringify(document).length > MAX_DRAFT_BYTES)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `the document is larger than ${MAX_DRAFT_BYTES / 1_000_000} MB`,
      });
  });

const actorOf = (user: DraftActor): Actor => ({ id: user.id, email: user.email });

function listed(content: Record<string, unknown>) {
  return {
    slug: typeof content.slug === "string" ? content.slug.slice(0, 200) : "",
    title: typeof content.title === "string" ? content.title.slice(0, 300) : "",
  };
}

/**
 * Starts a draft from a document (the builder's blank one, a published version, an imported
 * YAML or spreadsheet). The document need not be valid yet: that is what the builder is for.
 * Other code (importers) lands its results through this function.
 */
export async function createQuestionnaireDraft(
  db: Db,
  input: {
    user: DraftActor;
    document: unknown;
    origin: string;
    notes?: readonly string[];
    basedOnVersionId?: string | null;
  },
): Promise<{ ok: true; id: string } | Failure> {
  const document = DraftDocumentSchema.safeParse(input.document);
  if (!document.success) return fail(400, document.error.issues[0]!.message, "document");
  const origin = DraftOriginSchema.parse(input.origin);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.questionnaireDrafts)
      .values({
        ...listed(document.data),
        content: document.data,
        origin,
        notes: [...(input.notes ?? [])],
        basedOnVersionId: input.basedOnVersionId ?? null,
        createdBy: input.user.id,
        updatedBy: input.user.id,
      })
      .returning({ id: schema.questionnaireDrafts.id });
    await recordAudit(tx, {
      actor: actorOf(input.user),
      action: "questionnaire_draft.created",
      target: { type: "questionnaire_draft", id: row!.id },
      after: { origin, ...listed(document.data) },
    });
    return { ok: true as const, id: row!.id };
  });
}

/** A new draft holding a published version's content, to edit into its next version. */
export async function createDraftFromVersion(db: Db, user: DraftActor, versionId: string) {
  const [version] = await db
    .select()
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.id, versionId));
  if (!version) return fail(404, "There is no such questionnaire version.");
  if (version.origin !== "authored")
    return fail(
      400,
      "Versions of the built-in library change through its files; start a new questionnaire instead.",
    );
  // The changelog is the next version's to write: left empty, the builder asks for it.
  const content = { ...QuestionnaireSchema.parse(version.content), changelog: "" };
  return createQuestionnaireDraft(db, {
    user,
    document: content,
    origin: "version",
    basedOnVersionId: version.id,
  });
}

export type DraftRow = typeof schema.questionnaireDrafts.$inferSelect;

export async function getDraft(db: Db, id: string): Promise<DraftRow | null> {
  if (!z.string().uuid().safeParse(id).success) return null;
  const [row] = await db
    .select()
    .from(schema.questionnaireDrafts)
    .where(eq(schema.questionnaireDrafts.id, id));
  return row ?? null;
}

/** Open (unpublished) drafts, most recently changed first. */
export async function listDrafts(db: Db) {
  return db
    .select({
      id: schema.questionnaireDrafts.id,
      slug: schema.questionnaireDrafts.slug,
      title: schema.questionnaireDrafts.title,
      origin: schema.questionnaireDrafts.origin,
      updatedAt: schema.questionnaireDrafts.updatedAt,
      approvalRequestedAt: schema.questionnaireDrafts.approvalRequestedAt,
      approvalVersion: schema.questionnaireDrafts.approvalVersion,
      updatedByName: schema.users.name,
    })
    .from(schema.questionnaireDrafts)
    .leftJoin(schema.users, eq(schema.users.id, schema.questionnaireDrafts.updatedBy))
    .where(isNull(schema.questionnaireDrafts.publishedAt))
    .orderBy(desc(schema.questionnaireDrafts.updatedAt));
}

/**
 * Saves the whole document from the revision the author started from. A save based on an older
 * revision (someone else saved meanwhile) is refused with 409, never silently overwritten.
 */
export async function saveDraft(
  db: Db,
  user: DraftActor,
  id: string,
  input: { document: unknown; revision: number },
): Promise<{ ok: true; revision: number } | Failure> {
  const document = DraftDocumentSchema.safeParse(input.document);
  if (!document.success) return fail(400, document.error.issues[0]!.message, "document");
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(schema.questionnaireDrafts)
      .where(eq(schema.questionnaireDrafts.id, id))
      .for("update");
    if (!current) return fail(404, "There is no such draft.");
    if (current.publishedAt)
      return fail(409, "This draft was published; published versions never change.");
    if (current.revision !== input.revision)
      return fail(
        409,
        "Someone else saved this draft while you were editing it. Reload to see their changes; copy yours first.",
      );
    const [row] = await tx
      .update(schema.questionnaireDrafts)
      .set({
        ...listed(document.data),
        content: document.data,
        revision: current.revision + 1,
        updatedBy: user.id,
        updatedAt: new Date(),
        // An edit voids a pending approval: the approver must see what is published.
        approvalRequestedBy: null,
        approvalRequestedAt: null,
        approvalVersion: null,
        approvalRevision: null,
      })
      .where(eq(schema.questionnaireDrafts.id, id))
      .returning({ revision: schema.questionnaireDrafts.revision });
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "questionnaire_draft.saved",
      target: { type: "questionnaire_draft", id },
      after: { revision: row!.revision, ...listed(document.data) },
    });
    return { ok: true as const, revision: row!.revision };
  });
}

export async function deleteDraft(db: Db, user: DraftActor, id: string) {
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(schema.questionnaireDrafts)
      .where(
        and(eq(schema.questionnaireDrafts.id, id), isNull(schema.questionnaireDrafts.publishedAt)),
      )
      .returning({
        slug: schema.questionnaireDrafts.slug,
        title: schema.questionnaireDrafts.title,
      });
    if (!deleted) return fail(404, "There is no such draft.");
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "questionnaire_draft.deleted",
      target: { type: "questionnaire_draft", id },
      before: deleted,
    });
    return { ok: true as const };
  });
}

// Words of the questionnaire pages' own URLs (/questionnaires/drafts/…): never a slug.
const ROUTE_WORDS = ["drafts", "versions", "import", "export"];

/** Slugs the built-in library holds: its folders on disk and the versions sync recorded. */
export async function getReservedSlugs(
  db: Db,
  root: string = QUESTIONNAIRE_DIR,
): Promise<string[]> {
  const recorded = await db
    .selectDistinct({ slug: schema.questionnaireVersions.slug })
    .from(schema.questionnaireVersions)
    .where(eq(schema.questionnaireVersions.origin, "library"));
  let folders: string[] = [];
  try {
    folders = (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    // No library folder (a test root, a trimmed install): the recorded slugs still count.
  }
  return [...new Set([...ROUTE_WORDS, ...recorded.map((r) => r.slug), ...folders])].sort();
}

/** The newest published version of an authored slug, or null. */
export async function getLatestAuthoredVersion(
  db: Db,
  slug: string,
): Promise<{ id: string; questionnaire: Questionnaire } | null> {
  if (!slug) return null;
  const [row] = await db
    .select({ id: schema.questionnaireVersions.id, content: schema.questionnaireVersions.content })
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, slug),
        eq(schema.questionnaireVersions.origin, "authored"),
      ),
    )
    .orderBy(
      desc(schema.questionnaireVersions.major),
      desc(schema.questionnaireVersions.minor),
      desc(schema.questionnaireVersions.patch),
    )
    .limit(1);
  return row ? { id: row.id, questionnaire: QuestionnaireSchema.parse(row.content) } : null;
}

/** A draft's problems and diff, as the builder and the publish page show them. */
export async function checkStoredDraft(
  db: Db,
  draft: Pick<DraftRow, "slug" | "content">,
  version?: string,
  root?: string,
): Promise<DraftCheck & { previousVersion: string | null }> {
  const previous = await getLatestAuthoredVersion(db, draft.slug);
  const check = checkDraft(
    draft.content,
    { reservedSlugs: await getReservedSlugs(db, root), previous: previous?.questionnaire },
    version,
  );
  return { ...check, previousVersion: previous?.questionnaire.version ?? null };
}

export type PublishResult =
  | { ok: true; published: true; versionId: string; slug: string; version: string; hash: string }
  | { ok: true; published: false; awaitingApproval: true }
  | (Failure & { problems?: DraftCheck["problems"] });

/**
 * Publishes a draft as `version`. Refused while it has any problem — the format's, the library
 * rules', a slug of the built-in library, or a bump smaller than the diff from the previous
 * published version needs. With the approval setting on, the first call records a request and a
 * second person's call (on the same revision) publishes; both are in the audit log.
 */
export async function publishDraft(
  db: Db,
  user: DraftActor,
  id: string,
  input: { version: string; revision: number },
  options: { root?: string } = {},
): Promise<PublishResult> {
  const reservedSlugs = await getReservedSlugs(db, options.root);
  const settings = await getSettings(db);
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [draft] = await tx
      .select()
      .from(schema.questionnaireDrafts)
      .where(eq(schema.questionnaireDrafts.id, id))
      .for("update");
    if (!draft) return fail(404, "There is no such draft.");
    if (draft.publishedAt) return fail(409, "This draft is already published.");
    if (draft.revision !== input.revision)
      return fail(
        409,
        "The draft changed since you opened this page. Check it again before publishing.",
      );
    // One publisher per slug at a time: the bump is checked against what is published now.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`questionnaire:${draft.slug}`}))`);
    const previous = await getLatestAuthoredVersion(tx, draft.slug);
    const check = checkDraft(
      draft.content,
      { reservedSlugs, previous: previous?.questionnaire },
      input.version,
    );
    if (check.problems.length > 0 || !check.questionnaire) {
      return {
        ...fail(
          400,
          `${check.problems.length} problem(s) stop ${input.version} from being published`,
          "version",
        ),
        problems: check.problems,
      };
    }
    const questionnaire = check.questionnaire;
    const hash = contentHash(questionnaire);
    if (settings.questionnairePublishingNeedsApproval) {
      const requested =
        draft.approvalRequestedBy &&
        draft.approvalRevision === draft.revision &&
        draft.approvalVersion === input.version;
      if (!requested) {
        await tx
          .update(schema.questionnaireDrafts)
          .set({
            approvalRequestedBy: user.id,
            approvalRequestedAt: new Date(),
            approvalVersion: input.version,
            approvalRevision: draft.revision,
          })
          .where(eq(schema.questionnaireDrafts.id, id));
        await recordAudit(tx, {
          actor: actorOf(user),
          action: "questionnaire_draft.approval_requested",
          target: { type: "questionnaire_draft", id },
          after: { slug: questionnaire.slug, version: input.version, hash },
        });
        return { ok: true, published: false, awaitingApproval: true };
      }
      if (draft.approvalRequestedBy === user.id)
        return fail(
          409,
          "Publishing needs a second person: someone else must approve your request.",
        );
    }
    const [version] = await tx
      .insert(schema.questionnaireVersions)
      .values({
        slug: questionnaire.slug,
        version: questionnaire.version,
        ...parseSemver(questionnaire.version)!,
        title: questionnaire.title,
        audience: questionnaire.audience,
        questionCount: listQuestions(questionnaire).length,
        content: questionnaire,
        contentHash: hash,
        origin: "authored",
      })
      .onConflictDoNothing()
      .returning({ id: schema.questionnaireVersions.id });
    if (!version)
      return fail(
        409,
        `${questionnaire.slug} ${questionnaire.version} is already published.`,
        "version",
      );
    await tx
      .update(schema.questionnaireDrafts)
      .set({ publishedVersionId: version.id, publishedAt: new Date() })
      .where(eq(schema.questionnaireDrafts.id, id));
    await recordAudit(tx, {
      actor: actorOf(user),
      action: "questionnaire.version_published",
      target: {
        type: "questionnaire_version",
        id: `${questionnaire.slug}@${questionnaire.version}`,
      },
      after: {
        hash,
        draftId: id,
        previous: previous?.questionnaire.version ?? null,
        bump: check.bump,
        ...(settings.questionnairePublishingNeedsApproval
          ? { requestedBy: draft.approvalRequestedBy, approvedBy: user.id }
          : {}),
      },
    });
    return {
      ok: true,
      published: true,
      versionId: version.id,
      slug: questionnaire.slug,
      version: questionnaire.version,
      hash,
    };
  });
}

/** Retired versions stay pinned by their assessments; they are only left out of new ones. */
export async function setVersionRetired(
  db: Db,
  user: DraftActor,
  versionId: string,
  retired: boolean,
) {
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select({
        slug: schema.questionnaireVersions.slug,
        version: schema.questionnaireVersions.version,
      })
      .from(schema.questionnaireVersions)
      .where(eq(schema.questionnaireVersions.id, versionId));
    if (!version) return fail(404, "There is no such questionnaire version.");
    if (retired)
      await tx
        .insert(schema.questionnaireVersionRetirements)
        .values({ versionId, retiredBy: user.id })
        .onConflictDoNothing();
    else
      await tx
        .delete(schema.questionnaireVersionRetirements)
        .where(eq(schema.questionnaireVersionRetirements.versionId, versionId));
    await recordAudit(tx, {
      actor: actorOf(user),
      action: retired ? "questionnaire.version_retired" : "questionnaire.version_restored",
      target: { type: "questionnaire_version", id: `${version.slug}@${version.version}` },
    });
    return { ok: true as const };
  });
}
