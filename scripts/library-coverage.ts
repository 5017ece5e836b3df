// Writes docs/library-coverage.md from the library (docs/decisions/173-library-coverage.md).
// Usage: tsx scripts/library-coverage.ts
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { renderCoverage } from "~/library/coverage";
import { formatFileError, loadQuestionnaireLibrary } from "~/library/files.server";

const { versions, errors } = await loadQuestionnaireLibrary();
if (errors.length > 0) {
  for (const error of errors) console.error(formatFileError(error));
  process.exit(1);
}
const file = path.resolve("docs", "library-coverage.md");
await writeFile(file, renderCoverage(versions.map((version) => version.questionnaire)));
console.log(`✓ wrote ${path.relative(process.cwd(), file)}`);
