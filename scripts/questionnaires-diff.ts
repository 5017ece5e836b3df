// Prints what changed between two versions of a questionnaire and the bump the changes need.
// Usage: tsx scripts/questionnaires-diff.ts <slug> <from> <to> [library dir]
// Exit code 1 when a file is missing or invalid, or when <to> is newer than <from> but its
// bump is too small for the changes.
import path from "node:path";
import { bumpKind, checkVersionBump, diffVersions, formatDiff } from "~/questionnaire/diff";
import {
  QUESTIONNAIRE_DIR,
  formatFileError,
  readQuestionnaireVersion,
} from "~/library/files.server";

const [slug, from, to, dir] = process.argv.slice(2);
if (!slug || !from || !to) {
  console.error(
    "Usage: questionnaires-diff <slug> <from> <to> [library dir]\ne.g. questionnaires-diff ai-model-vendor 1.0.0 1.1.0",
  );
  process.exit(2);
}
const root = dir ? path.resolve(dir) : QUESTIONNAIRE_DIR;
const [older, newer] = await Promise.all([
  readQuestionnaireVersion(slug, from, root),
  readQuestionnaireVersion(slug, to, root),
]);
const errors = [...older.errors, ...newer.errors];
if (!older.questionnaire || !newer.questionnaire) {
  for (const error of errors) console.error(formatFileError(error));
  process.exit(1);
}

console.log(formatDiff(diffVersions(older.questionnaire, newer.questionnaire)));
const made = bumpKind(from, to);
if (made === "patch" || made === "minor" || made === "major") {
  const problems = checkVersionBump(older.questionnaire, newer.questionnaire);
  if (problems.length > 0) {
    console.error(`\n✗ ${from} → ${to} is a ${made} bump, too small for these changes:`);
    for (const problem of problems) console.error(`  ${problem.path}: ${problem.message}`);
    process.exit(1);
  }
  console.log(`\n✓ ${from} → ${to} is a ${made} bump, enough for these changes.`);
}
