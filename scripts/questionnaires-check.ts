// Validates the questionnaire library, or the directory given as the first argument, and
// prints every error as `file:line path: message`. Exit code 1 on any error.
// Usage: tsx scripts/questionnaires-check.ts [dir]
import path from "node:path";
import { QUESTIONNAIRE_DIR, checkQuestionnaireDir, formatFileError } from "~/library/files.server";

const dir = process.argv[2] ? path.resolve(process.argv[2]) : QUESTIONNAIRE_DIR;
const result = await checkQuestionnaireDir(dir);
const where = path.relative(process.cwd(), dir) || ".";

if (result.errors.length > 0) {
  for (const error of result.errors) console.error(formatFileError(error));
  const files = new Set(result.errors.map((error) => error.file)).size;
  console.error(
    `\n✗ ${result.errors.length} error(s) in ${files} of ${result.files} file(s) in ${where}`,
  );
  process.exit(1);
}
const note =
  result.mode === "files"
    ? " (checked one by one: no <slug>/ folders, so no version-bump checks)"
    : "";
console.log(`✓ ${result.versions.length} questionnaire version(s) in ${where} are valid${note}`);
if (result.grandfathered.length > 0)
  console.log(
    `  published before the library rules, unchanged and exempt (decision 170): ${result.grandfathered.join(", ")}`,
  );
if (result.knockoutEvidenceExempt.length > 0)
  console.log(
    `  published before rule knockout-evidence, unchanged, superseded and exempt from it alone (decision 301): ${result.knockoutEvidenceExempt.join(", ")}`,
  );
