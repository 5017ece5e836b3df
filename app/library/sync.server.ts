// Records the library's versions in the database at start-up. A version is recorded once,
// with its content hash; a file whose content no longer matches its recorded version is
// refused with the diff (docs/design.md, invariant 1). Recorded versions are never deleted here,
// even when their file is gone: assessments may pin them.
import { and, asc, count, eq } from "drizzle-orm";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { diffVersions, formatDiff, parseSemver } from "~/questionnaire/diff";
import { formatFileError, loadQuestionnaireLibrary, QUESTIONNAIRE_DIR } from "./files.server";
import { listQuestions } from "~/questionnaire/model";
import { type Questionnaire, QuestionnaireSchema } from "~/questionnaire/definition";

/** Start-up must stop: the library is invalid or a recorded version was edited. */
export class LibraryRefusedError extends Error {
  override name = "LibraryRefusedError";
}

export type SyncResult = { recorded: string[]; unchanged: string[] };

export async function syncQuestionnaireLibrary(
  db: Db,
  { root = QUESTIONNAIRE_DIR }: { root?: string } = {},
): Promise<SyncResult> {
  const library = await loadQuestionnaireLibrary(root);
  if (library.errors.length > 0) {
    throw new LibraryRefusedError(
      `The questionnaire library has ${library.errors.length} error(s); fix them and start again:\n` +
        library.errors.map((e) => `  ${formatFileError(e)}`).join("\n"),
    );
  }
  const recorded = await db
    .select({
      slug: schema.questionnaireVersions.slug,
      version: schema.questionnaireVersions.version,
      hash: schema.questionnaireVersions.contentHash,
      content: schema.questionnaireVersions.content,
      origin: schema.questionnaireVersions.origin,
    })
    .from(schema.questionnaireVersions);
  // A slug has one origin: a library file may not join a questionnaire written in the app
  // (docs/decisions/220-authored-questionnaires.md).
  const authored = new Set(recorded.filter((r) => r.origin === "authored").map((r) => r.slug));
  const taken = library.versions.filter((v) => authored.has(v.questionnaire.slug));
  if (taken.length > 0) {
    throw new LibraryRefusedError(
      `Refusing to start: ${taken.map((v) => v.file).join(", ")} use(s) a slug of a questionnaire written in the app ` +
        `(${[...new Set(taken.map((v) => v.questionnaire.slug))].join(", ")}); rename the library's folder and slug.`,
    );
  }
  const byKey = new Map(recorded.map((r) => [`${r.slug}@${r.version}`, r]));

  const changed: string[] = [];
  const toRecord: typeof library.versions = [];
  const unchanged: string[] = [];
  for (const loaded of library.versions) {
    const key = `${loaded.questionnaire.slug}@${loaded.questionnaire.version}`;
    const existing = byKey.get(key);
    if (!existing) toRecord.push(loaded);
    else if (existing.hash === loaded.hash) unchanged.push(key);
    else {
      const before = QuestionnaireSchema.parse(existing.content);
      changed.push(
        `${loaded.file}: ${key} was published with different content. A published version never changes: ` +
          `put the edit in a new file with a higher version (see the bump rules in docs/questionnaire-format.md) ` +
          `and restore this file.\nWhat changed since it was recorded:\n${indent(formatDiff(diffVersions(before, loaded.questionnaire)))}`,
      );
    }
  }
  if (changed.length > 0) {
    throw new LibraryRefusedError(
      `Refusing to start: ${changed.length} published questionnaire version(s) were edited. Bump the version.\n\n${changed.join("\n\n")}`,
    );
  }
  if (toRecord.length > 0) {
    await db.transaction(async (tx) => {
      for (const { questionnaire, hash } of toRecord) {
        const semver = parseSemver(questionnaire.version)!;
        await tx
          .insert(schema.questionnaireVersions)
          .values({
            slug: questionnaire.slug,
            version: questionnaire.version,
            ...semver,
            title: questionnaire.title,
            audience: questionnaire.audience,
            questionCount: listQuestions(questionnaire).length,
            content: questionnaire,
            contentHash: hash,
          })
          // Another instance may have recorded it a moment ago; its hash is checked next start.
          .onConflictDoNothing();
        await recordAudit(tx, {
          actor: { system: "questionnaire sync" },
          action: "questionnaire.version_recorded",
          target: {
            type: "questionnaire_version",
            id: `${questionnaire.slug}@${questionnaire.version}`,
          },
          after: { hash },
        });
      }
    });
  }
  return {
    recorded: toRecord.map((v) => `${v.questionnaire.slug}@${v.questionnaire.version}`),
    unchanged,
  };
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

export type LibraryVersion = {
  id: string;
  slug: string;
  version: string;
  title: string;
  audience: Questionnaire["audience"];
  questionCount: number;
  recordedAt: Date;
  assessmentCount: number;
  origin: string;
  retired: boolean;
};

/** Every recorded version, grouped by slug, newest version first. */
export async function listLibrary(db: Db) {
  const rows = await db
    .select({
      id: schema.questionnaireVersions.id,
      slug: schema.questionnaireVersions.slug,
      version: schema.questionnaireVersions.version,
      title: schema.questionnaireVersions.title,
      audience: schema.questionnaireVersions.audience,
      questionCount: schema.questionnaireVersions.questionCount,
      recordedAt: schema.questionnaireVersions.recordedAt,
      major: schema.questionnaireVersions.major,
      minor: schema.questionnaireVersions.minor,
      patch: schema.questionnaireVersions.patch,
      origin: schema.questionnaireVersions.origin,
      retiredAt: schema.questionnaireVersionRetirements.retiredAt,
    })
    .from(schema.questionnaireVersions)
    .leftJoin(
      schema.questionnaireVersionRetirements,
      eq(schema.questionnaireVersionRetirements.versionId, schema.questionnaireVersions.id),
    )
    .orderBy(asc(schema.questionnaireVersions.slug));
  const usage = await db
    .select({ versionId: schema.assessments.questionnaireVersionId, n: count() })
    .from(schema.assessments)
    .groupBy(schema.assessments.questionnaireVersionId);
  const used = new Map(usage.map((u) => [u.versionId, u.n]));
  const groups = new Map<string, LibraryVersion[]>();
  rows
    .sort(
      (a, b) =>
        a.slug.localeCompare(b.slug) || b.major - a.major || b.minor - a.minor || b.patch - a.patch,
    )
    .forEach(({ major: _m, minor: _n, patch: _p, retiredAt, ...row }) => {
      groups.set(row.slug, [
        ...(groups.get(row.slug) ?? []),
        { ...row, retired: retiredAt !== null, assessmentCount: used.get(row.id) ?? 0 },
      ]);
    });
  return [...groups.entries()].map(([slug, versions]) => ({ slug, versions }));
}

export async function getQuestionnaireVersion(db: Db, slug: string, version: string) {
  const [row] = await db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, slug),
        eq(schema.questionnaireVersions.version, version),
      ),
    )
    .limit(1);
  if (!row) return null;
  // Parsed again on the way out: stored content is trusted to match, but typed through one schema.
  return { ...row, questionnaire: QuestionnaireSchema.parse(row.content) };
}

export async function countRecordedVersions(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(schema.questionnaireVersions);
  return row?.n ?? 0;
}
