// Reads the questionnaire library from disk: questionnaires/<slug>/<major>.<minor>.<patch>.yaml.
// Every file is parsed, validated, checked against its own name and against the previous
// version of its slug (semver bump rules), and hashed. Errors name the file, the line, the
// path inside the file and what to do. This is the only questionnaire module doing I/O.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
} from "yaml";
import { canonicalJson } from "~/questionnaire/canonical-json";
import { type Questionnaire } from "~/questionnaire/definition";
import { checkVersionBump, compareVersions } from "~/questionnaire/diff";
import {
  checkEvidenceExemptionsSuperseded,
  checkSharedIds,
  checkVersionRules,
  isGrandfathered,
  isKnockoutEvidenceExempt,
  type RuleError,
} from "~/questionnaire/library-rules";
import { parsePath, validateQuestionnaire, type ValidationError } from "~/questionnaire/validate";

/** The built-in library, relative to where the app and the CLIs run (the repo root). */
export const QUESTIONNAIRE_DIR = path.resolve("questionnaires");

export type FileError = { file: string; path: string; line?: number; message: string };
export type LoadedVersion = { file: string; questionnaire: Questionnaire; hash: string };
export type LibraryResult = { versions: LoadedVersion[]; errors: FileError[] };

const VERSION_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.yaml$/;
const YAML_FILE = /\.ya?ml$/;

/** sha256 of the canonical JSON of the validated version (defaults applied): what gets recorded on first sync. */
export function contentHash(questionnaire: Questionnaire): string {
  return createHash("sha256").update(canonicalJson(questionnaire)).digest("hex");
}

export type LocatedError = ValidationError & { line?: number };
export type ParseResult =
  { ok: true; questionnaire: Questionnaire } | { ok: false; errors: LocatedError[] };

/** YAML text → validated questionnaire, with each error's line number where the YAML has one. */
export function parseQuestionnaireYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => ({
        path: "",
        line: lineCounter.linePos(error.pos[0]).line,
        message: `YAML syntax: ${error.message.split("\n")[0]}`,
      })),
    };
  }
  let input: unknown;
  try {
    input = document.toJS();
  } catch (error) {
    // yaml refuses to expand aliases past its limit (maxAliasCount): a "billion laughs" file
    // would otherwise grow to gigabytes. Anything else it cannot convert is reported the same way.
    const excessive = error instanceof ReferenceError && /alias/i.test(error.message);
    let firstAlias: number | undefined;
    visit(document, {
      Alias(_, node) {
        firstAlias = node.range?.[0];
        return visit.BREAK;
      },
    });
    return {
      ok: false,
      errors: [
        {
          path: "",
          line: firstAlias === undefined ? 1 : lineCounter.linePos(firstAlias).line,
          message: excessive
            ? "YAML: its aliases (*name) expand to too much data to read safely; write the content out instead of repeating anchors"
            : `YAML: cannot be read (${(error as Error).message})`,
        },
      ],
    };
  }
  const result = validateQuestionnaire(input);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map((error) => ({
      ...error,
      line: lineOf(document, lineCounter, error.path),
    })),
  };
}

// The line of the deepest node on the path that exists: for a missing field, its parent.
function lineOf(
  document: Document,
  lineCounter: LineCounter,
  errorPath: string,
): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const segment of parsePath(errorPath)) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as { range?: [number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

export async function readQuestionnaireFile(
  file: string,
): Promise<{ questionnaire?: Questionnaire; errors: FileError[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return {
      errors: [{ file, path: "", message: `cannot read the file: ${(error as Error).message}` }],
    };
  }
  const result = parseQuestionnaireYaml(text);
  if (result.ok) return { questionnaire: result.questionnaire, errors: [] };
  return { errors: result.errors.map((error) => ({ file, ...error })) };
}

type VersionFile = { file: string; version: string; questionnaire?: Questionnaire };

/**
 * Loads every questionnaire version under `root`. A version with any error (its own, its
 * name, or a bump too small for its diff from the previous version) is left out of
 * `versions` and explained in `errors`.
 */
export async function loadQuestionnaireLibrary(
  root: string = QUESTIONNAIRE_DIR,
): Promise<LibraryResult> {
  const errors: FileError[] = [];
  const versions: LoadedVersion[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries
    .filter((candidate) => candidate.isFile() && YAML_FILE.test(candidate.name))
    .sort(byName)) {
    const file = path.join(root, entry.name);
    errors.push({
      file,
      path: "",
      message:
        "questionnaire files live in a folder named after their slug: move this file to <slug>/<version>.yaml",
    });
    errors.push(...(await readQuestionnaireFile(file)).errors);
  }
  for (const folder of entries.filter((candidate) => candidate.isDirectory()).sort(byName)) {
    const loaded = await loadSlugFolder(path.join(root, folder.name), folder.name);
    errors.push(...loaded.errors);
    versions.push(...loaded.versions);
  }
  return { versions, errors };
}

async function loadSlugFolder(folder: string, slug: string): Promise<LibraryResult> {
  const errors: FileError[] = [];
  const files: VersionFile[] = [];
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && YAML_FILE.test(entry.name))
    .map((entry) => entry.name);
  for (const name of names) {
    const file = path.join(folder, name);
    if (!VERSION_FILE.test(name)) {
      errors.push({
        file,
        path: "",
        message: `name the file after its version, e.g. ${slug}/1.0.0.yaml`,
      });
      continue;
    }
    const version = name.replace(/\.yaml$/, "");
    const { questionnaire, errors: fileErrors } = await readQuestionnaireFile(file);
    errors.push(...fileErrors);
    if (!questionnaire) {
      files.push({ file, version });
      continue;
    }
    const nameErrors: FileError[] = [];
    if (questionnaire.slug !== slug) {
      nameErrors.push({
        file,
        path: "slug",
        message: `slug "${questionnaire.slug}" does not match its folder "${slug}"; a file lives at <slug>/<version>.yaml`,
      });
    }
    if (questionnaire.version !== version) {
      nameErrors.push({
        file,
        path: "version",
        message: `version ${questionnaire.version} does not match the file name ${name}`,
      });
    }
    errors.push(...nameErrors);
    files.push({
      file,
      version,
      questionnaire: nameErrors.length === 0 ? questionnaire : undefined,
    });
  }
  files.sort((a, b) => compareVersions(a.version, b.version));
  const versions: LoadedVersion[] = [];
  files.forEach((current, index) => {
    if (!current.questionnaire) return;
    const previous = files[index - 1];
    // Only neighbours that both loaded are compared: a diff across a broken file would
    // report changes that are really the broken file's.
    if (previous?.questionnaire) {
      const bumpErrors = checkVersionBump(previous.questionnaire, current.questionnaire);
      if (bumpErrors.length > 0) {
        errors.push(
          ...bumpErrors.map((error) => ({
            file: current.file,
            ...error,
            message: `${error.message} (compared with ${path.basename(previous.file)})`,
          })),
        );
        current.questionnaire = undefined;
        return;
      }
    } else if (previous) {
      errors.push({
        file: current.file,
        path: "version",
        message: `not loaded: its bump cannot be checked until ${path.basename(previous.file)} passes its checks`,
      });
      return;
    }
    versions.push({
      file: current.file,
      questionnaire: current.questionnaire,
      hash: contentHash(current.questionnaire),
    });
  });
  return { versions, errors: await withLines(errors) };
}

// Errors found after parsing (names, bumps) get their line from a second, cheap parse.
async function withLines(errors: FileError[]): Promise<FileError[]> {
  const documents = new Map<string, { document: Document; lineCounter: LineCounter } | null>();
  const located: FileError[] = [];
  for (const error of errors) {
    if (error.line !== undefined || error.path === "") {
      located.push(error);
      continue;
    }
    if (!documents.has(error.file)) {
      try {
        const lineCounter = new LineCounter();
        documents.set(error.file, {
          document: parseDocument(await readFile(error.file, "utf8"), { lineCounter }),
          lineCounter,
        });
      } catch {
        documents.set(error.file, null);
      }
    }
    const parsed = documents.get(error.file);
    located.push(
      parsed ? { ...error, line: lineOf(parsed.document, parsed.lineCounter, error.path) } : error,
    );
  }
  return located;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}

/** Reads `<root>/<slug>/<version>.yaml` with the same checks as the library, except bumps. */
export async function readQuestionnaireVersion(
  slug: string,
  version: string,
  root: string = QUESTIONNAIRE_DIR,
): Promise<{ questionnaire?: Questionnaire; errors: FileError[] }> {
  const file = path.join(root, slug, `${version}.yaml`);
  const result = await readQuestionnaireFile(file);
  const { questionnaire } = result;
  if (!questionnaire) return result;
  const errors: FileError[] = [];
  if (questionnaire.slug !== slug)
    errors.push({
      file,
      path: "slug",
      message: `slug "${questionnaire.slug}" does not match its folder "${slug}"`,
    });
  if (questionnaire.version !== version)
    errors.push({
      file,
      path: "version",
      message: `version ${questionnaire.version} does not match the file name ${version}.yaml`,
    });
  return errors.length > 0 ? { errors: await withLines(errors) } : result;
}

export type DirectoryCheck = {
  /** "library": <slug>/<version>.yaml folders, with name and bump checks; "files": loose files, each on its own. */
  mode: "library" | "files";
  files: number;
  versions: LoadedVersion[];
  errors: FileError[];
  /** Versions published before the library rules, exempt by name and content hash (decision 170). */
  grandfathered: string[];
  /** Superseded versions published before rule knockout-evidence, exempt from it alone (decision 301). */
  knockoutEvidenceExempt: string[];
};

/**
 * What `questionnaires:check` runs. A directory with slug folders is checked as a library;
 * a directory of loose files (drafts, test fixtures) has each file validated on its own.
 */
export async function checkQuestionnaireDir(dir: string): Promise<DirectoryCheck> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory());
  let hasSlugFolders = false;
  for (const folder of folders) {
    const inner = await readdir(path.join(dir, folder.name));
    if (inner.some((name) => YAML_FILE.test(name))) hasSlugFolders = true;
  }
  if (hasSlugFolders) {
    const loaded = await withLibraryRules(await loadQuestionnaireLibrary(dir), true);
    const files = new Set([
      ...loaded.versions.map((version) => version.file),
      ...loaded.errors.map((error) => error.file),
    ]);
    return { mode: "library", files: files.size, ...loaded };
  }
  const versions: LoadedVersion[] = [];
  const errors: FileError[] = [];
  const loose = entries
    .filter((entry) => entry.isFile() && YAML_FILE.test(entry.name))
    .sort(byName);
  for (const entry of loose) {
    const file = path.join(dir, entry.name);
    const result = await readQuestionnaireFile(file);
    errors.push(...result.errors);
    if (result.questionnaire)
      versions.push({
        file,
        questionnaire: result.questionnaire,
        hash: contentHash(result.questionnaire),
      });
  }
  const ruled = await withLibraryRules({ versions, errors }, false);
  return { mode: "files", files: loose.length, ...ruled };
}

// The library rules (library-rules.ts, decision 170) on top of the format's own checks: a
// version that breaks one is left out of `versions`, like any other invalid version. Shared
// ids are compared only across a library (slug folders), not across loose drafts.
async function withLibraryRules(
  result: LibraryResult,
  acrossLibrary: boolean,
): Promise<LibraryResult & { grandfathered: string[]; knockoutEvidenceExempt: string[] }> {
  const ruleErrors: RuleError[] = result.versions.flatMap(checkVersionRules);
  if (acrossLibrary)
    ruleErrors.push(
      ...checkSharedIds(result.versions),
      ...checkEvidenceExemptionsSuperseded(result.versions),
    );
  const failed = new Set(ruleErrors.map((error) => error.file));
  const located = await withLines(
    ruleErrors.map(({ file, path: at, message }) => ({ file, path: at, message })),
  );
  return {
    versions: result.versions.filter((version) => !failed.has(version.file)),
    errors: [...result.errors, ...located],
    grandfathered: result.versions
      .filter(isGrandfathered)
      .map((version) => `${version.questionnaire.slug}@${version.questionnaire.version}`),
    knockoutEvidenceExempt: result.versions
      .filter((version) => isKnockoutEvidenceExempt(version) && !failed.has(version.file))
      .map((version) => `${version.questionnaire.slug}@${version.questionnaire.version}`),
  };
}

/** One line per error: `file:line path: message`, paths relative to `cwd`. */
export function formatFileError(error: FileError, cwd: string = process.cwd()): string {
  const file = path.relative(cwd, error.file) || error.file;
  const location = error.line === undefined ? file : `${file}:${error.line}`;
  return `${location} ${error.path || "(file)"}: ${error.message}`;
}
