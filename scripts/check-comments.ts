// Comments must stay true in a fresh clone: they cite decision records and files in docs/,
// never an issue number (the tracker is not in the repository) or a file outside it (the
// design brief once lived beside the repository). Markdown files are held to the second rule. Run by `npm run lint`; see docs/conventions.md,
// "Comments".
//
// Comments are found with TypeScript's own scanner for .ts/.tsx/.js/.mjs/.cjs (so strings,
// templates and regular expressions are never mistaken for comments), and with simple rules
// for .css (/* */) and .sql (-- and /* */).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export type Comment = { line: number; text: string };
export type Problem = { file: string; line: number; message: string };

const SCRIPT_EXTENSIONS = [".ts", ".tsx", ".js", ".mjs", ".cjs"];
const CHECKED_EXTENSIONS = [...SCRIPT_EXTENSIONS, ".css", ".sql"];

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

/** Every comment of a source file, with the line it starts on. */
export function listComments(file: string, text: string): Comment[] {
  const extension = path.extname(file);
  if (extension === ".css") return matchComments(text, /\/\*[\s\S]*?\*\//g);
  if (extension === ".sql") {
    // Drop string literals first so that '--' inside a string is not a comment.
    const withoutStrings = text.replace(/'(?:[^']|'')*'/g, (s) => s.replace(/[^\n]/g, " "));
    return matchComments(withoutStrings, /--[^\n]*|\/\*[\s\S]*?\*\//g);
  }
  const kind = extension === ".tsx" || extension === ".jsx" ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Map<number, Comment>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (!seen.has(range.pos)) {
        seen.set(range.pos, {
          line: lineAt(text, range.pos),
          text: text.slice(range.pos, range.end),
        });
      }
    }
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    // getChildren includes tokens (braces, keywords), so comments between any two tokens,
    // JSX's {/* … */} included, are reached.
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen.values()].sort((a, b) => a.line - b.line);
}

function matchComments(text: string, pattern: RegExp): Comment[] {
  return [...text.matchAll(pattern)].map((match) => ({
    line: lineAt(text, match.index),
    text: match[0],
  }));
}

// The word issue, pull request or PR before a number, or a hash before a number (but not a
// colour such as #1d4ed8).
const ISSUE_NUMBER = /\b(?:issues?|pull requests?|PRs?)\s*#?\d+|(?<![\w&#])#\d+\b/i;
// Files that only ever existed beside the repository, and paths on one machine.
const OUTSIDE_PATH = /\.\.\/shared\/|(?<![\w.])\/(?:work|home|Users)\/[\w./-]*[\w-]/;
// The brief's three file names, in capitals, without ".md" (with it, the Markdown check applies).
const BRIEF_FILE = /\b(?:DESIGN|CONVENTIONS|REFERENCES)\b(?!\.md)/;
// A mention of a Markdown file, e.g. docs/decisions/052-scheduler.md or README.md.
const MARKDOWN_FILE = /(?<![\w./-])((?:\.{1,2}\/)*[\w./-]*[\w-]+\.md)\b/g;
// A decision record by number: docs/decisions/052, "decision 052", "decisions 090 and 091".
// A path inside the repository, e.g. app/jobs/scheduler.server.ts or db/migrations/.
const REPOSITORY_PATH =
  /(?<![\w/.$~-])((?:app|db|scripts|e2e|bench|questionnaires|docs|public)\/[\w.$[\]/-]*[\w\]/])/g;
// Paths that are written, not committed (results, builds, data), and placeholders like NNN.
const UNCHECKED_PATH = /^(?:bench\/results|build|data)\/|[A-Z]{3}|^docs\/decisions\/\d{3}$/;
const DECISION_NUMBERS =
  /\b(?:docs\/decisions\/|decisions?\s+)(\d{3}(?:(?:,\s*|\s+and\s+)\d{3})*)/gi;

/** The repository's files, as paths relative to its root. */
export type Repository = { files: ReadonlySet<string> };

/** What is wrong with one file's comments: issue numbers, outside paths, dangling citations. */
export function checkComments(file: string, text: string, repository: Repository): Problem[] {
  const problems: Problem[] = [];
  for (const comment of listComments(file, text)) {
    const report = (message: string) => problems.push({ file, line: comment.line, message });
    const issue = ISSUE_NUMBER.exec(comment.text);
    if (issue) {
      report(
        `cites "${issue[0]}": issue numbers dangle outside the tracker; cite a decision record (docs/decisions/) or a file in docs/`,
      );
    }
    const outside = OUTSIDE_PATH.exec(comment.text);
    if (outside) {
      report(`cites "${outside[0]}", a path outside the repository; cite a file in docs/ instead`);
    }
    const brief = BRIEF_FILE.exec(comment.text);
    if (brief) {
      report(`cites "${brief[0]}", the brief outside the repository; cite a file in docs/ instead`);
    }
    for (const [, mention] of comment.text.matchAll(MARKDOWN_FILE)) {
      if (!resolvesMarkdown(file, mention!, repository)) {
        report(`cites "${mention}", which is not a file in the repository`);
      }
    }
    // Markdown files were checked just above, with relative paths too.
    for (const mention of missingPaths(comment.text, repository, { markdown: false })) {
      report(`cites "${mention}", which is not in the repository (moved or renamed?)`);
    }
    for (const [, list] of comment.text.matchAll(DECISION_NUMBERS)) {
      for (const number of list!.match(/\d{3}/g) ?? []) {
        const prefix = `docs/decisions/${number}-`;
        if (![...repository.files].some((tracked) => tracked.startsWith(prefix))) {
          report(`cites decision ${number}, which has no record in docs/decisions/`);
        }
      }
    }
  }
  return problems;
}

/**
 * Documentation (Markdown) may tell history, issue numbers included, but must not send a reader
 * to a file outside the repository. The pages that map the code (README, docs/*.md) must also
 * name only paths that exist; decision records are history and keep the paths of their day.
 */
export function checkDocument(file: string, text: string, repository: Repository): Problem[] {
  const problems: Problem[] = [];
  const isMap = !file.startsWith("docs/decisions/");
  text.split("\n").forEach((line, index) => {
    const report = (message: string) => problems.push({ file, line: index + 1, message });
    const outside = OUTSIDE_PATH.exec(line) ?? BRIEF_FILE.exec(line);
    if (outside)
      report(`cites "${outside[0]}", outside the repository; cite a file in docs/ instead`);
    if (!isMap) return;
    for (const mention of missingPaths(line, repository)) {
      report(`names "${mention}", which is not in the repository (moved or renamed?)`);
    }
  });
  return problems;
}

const folders = new WeakMap<Repository, Set<string>>();

/** Paths inside the repository that a text names but the repository does not hold. */
function missingPaths(text: string, repository: Repository, { markdown = true } = {}): string[] {
  let known = folders.get(repository);
  if (!known) {
    known = new Set<string>();
    for (const file of repository.files) {
      for (let end = file.indexOf("/"); end !== -1; end = file.indexOf("/", end + 1)) {
        known.add(file.slice(0, end));
      }
    }
    folders.set(repository, known);
  }
  const missing: string[] = [];
  for (const [, mention] of text.matchAll(REPOSITORY_PATH)) {
    const target = mention!.replace(/\/$/, "");
    if (UNCHECKED_PATH.test(target) || (!markdown && target.endsWith(".md"))) continue;
    if (!repository.files.has(target) && !known.has(target)) missing.push(target);
  }
  return missing;
}

function resolvesMarkdown(file: string, mention: string, repository: Repository): boolean {
  const fromFile = path.posix.normalize(path.posix.join(path.posix.dirname(file), mention));
  if (repository.files.has(fromFile)) return true;
  if (mention.startsWith(".")) return false;
  if (repository.files.has(mention)) return true;
  // A bare name such as 053-reminders-carry-no-link.md, after a full path in the same comment.
  return [...repository.files].some((tracked) => tracked.endsWith(`/${mention}`));
}

function gitFiles(root: string): string[] {
  return execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const files = gitFiles(root);
  const repository: Repository = { files: new Set(files) };
  const problems = files
    .filter((file) => [...CHECKED_EXTENSIONS, ".md"].includes(path.extname(file)))
    .filter((file) => !file.includes("/fixtures/"))
    .flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), "utf8");
      } catch {
        return []; // listed by git but deleted in the working tree
      }
      return file.endsWith(".md")
        ? checkDocument(file, text, repository)
        : checkComments(file, text, repository);
    });
  for (const problem of problems) {
    console.error(`${problem.file}:${problem.line}: ${problem.message}`);
  }
  if (problems.length > 0) {
    console.error(`\n${problems.length} comment(s) cite what a fresh clone does not have.`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
