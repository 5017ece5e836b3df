// The checks a questionnaire draft gets, in the builder (live, in the browser) and when it is
// published (on the server): the format's validator and the library rules, exactly what
// `questionnaires:check` runs on a file, plus the two rules of an authored slug — it is not the
// built-in library's, and each version follows the previous one by the bump its diff needs
// (docs/decisions/220-authored-questionnaires.md). Pure: no I/O.
import { type Questionnaire } from "~/questionnaire/definition";
import {
  type Bump,
  checkVersionBump,
  diffVersions,
  nextVersion,
  requiredBump,
  type VersionDiff,
} from "~/questionnaire/diff";
import { checkVersionRules } from "~/questionnaire/library-rules";
import { validateQuestionnaire, type ValidationError } from "~/questionnaire/validate";

/** The version the builder checks a draft as, until publishing asks for the real one. */
export const FIRST_VERSION = "1.0.0";

export type DraftCheckContext = {
  /** Slugs of the built-in library: an authored questionnaire may not take one. */
  reservedSlugs: readonly string[];
  /** The newest published version of the draft's slug, if any. */
  previous?: Questionnaire | null;
};

export type DraftCheck = {
  problems: ValidationError[];
  questionnaire: Questionnaire | null;
  diff: VersionDiff | null;
  /** The smallest bump the diff from the previous version allows ("none": nothing changed). */
  bump: Bump | "none" | null;
  /** The version publishing suggests: the previous version with that bump, or 1.0.0. */
  suggestedVersion: string;
};

/** A draft's content as one version: the version it would be published as replaces its own. */
export function withVersion(content: unknown, version: string): unknown {
  return isRecord(content) ? { ...content, version } : content;
}

/**
 * All problems of a draft at once. Without `version`, the draft is checked as the version the
 * diff suggests, so the list shows what the author must fix, not a version they have not chosen.
 */
export function checkDraft(
  content: unknown,
  context: DraftCheckContext,
  version?: string,
): DraftCheck {
  const previous = context.previous ?? null;
  const slug = isRecord(content) && typeof content.slug === "string" ? content.slug : "";
  const problems: ValidationError[] = [];
  if (slug && context.reservedSlugs.includes(slug)) {
    problems.push({
      path: "slug",
      message: `"${slug}" is a questionnaire of the built-in library; choose another slug for a questionnaire written here`,
    });
  }
  const guess = version ?? (previous ? previous.version : FIRST_VERSION);
  const result = validateQuestionnaire(withVersion(content, guess));
  if (!result.ok) {
    return {
      problems: [...problems, ...result.errors],
      questionnaire: null,
      diff: null,
      bump: null,
      suggestedVersion:
        version ?? (previous ? nextVersion(previous.version, "patch") : FIRST_VERSION),
    };
  }
  const diff =
    previous && previous.slug === slug ? diffVersions(previous, result.questionnaire) : null;
  const bump = diff ? requiredBump(diff) : null;
  const suggestedVersion =
    previous && bump && bump !== "none"
      ? nextVersion(previous.version, bump)
      : previous
        ? nextVersion(previous.version, "patch")
        : FIRST_VERSION;
  const chosen = version ?? suggestedVersion;
  const questionnaire =
    chosen === result.questionnaire.version
      ? result.questionnaire
      : { ...result.questionnaire, version: chosen };
  problems.push(
    ...checkVersionRules({ file: "draft", questionnaire, hash: "" }).map(({ path, message }) => ({
      path,
      message,
    })),
  );
  if (previous && version !== undefined) {
    if (bump === "none" && previous.slug === slug) {
      problems.push({
        path: "version",
        message: `nothing changed since ${previous.version}: there is no new version to publish`,
      });
    } else problems.push(...checkVersionBump(previous, questionnaire));
  }
  return { problems, questionnaire, diff, bump, suggestedVersion };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where a problem's path is, in words a team reads: `section "Access control", question
 * "mfa" (options[1].finding)` or `the questionnaire (thresholds)`.
 */
export function describePlace(content: unknown, path: string): string {
  const match = /^sections\[(\d+)\](?:\.questions\[(\d+)\])?\.?(.*)$/.exec(path);
  if (!match) return path ? `the questionnaire (${path})` : "the questionnaire";
  const sections = isRecord(content) && Array.isArray(content.sections) ? content.sections : [];
  const section: unknown = sections[Number(match[1])];
  const sectionName =
    isRecord(section) && typeof section.title === "string" && section.title
      ? `section "${section.title}"`
      : `section ${Number(match[1]) + 1}`;
  const rest = match[3] ? ` (${match[3]})` : "";
  if (match[2] === undefined) return `${sectionName}${rest}`;
  const questions = isRecord(section) && Array.isArray(section.questions) ? section.questions : [];
  const question: unknown = questions[Number(match[2])];
  const questionName =
    isRecord(question) && typeof question.id === "string" && question.id
      ? `question "${question.id}"`
      : `question ${Number(match[2]) + 1}`;
  return `${sectionName}, ${questionName}${rest}`;
}
