// Imports a questionnaire spreadsheet (.xlsx or .csv, docs/questionnaire-spreadsheet.md) as a
// new version file, <out>/<slug>/<version>.yaml, formatted with the repository's Prettier
// settings. Refuses to overwrite a version and refuses a bump too small for the changes.
// Usage: tsx scripts/questionnaires-import.ts <file.xlsx|file.csv> [--out questionnaires]
// Exit code 1 with every problem as `Sheet!A1 (Column): message`; 2 on bad usage.
import path from "node:path";
import { parseArgs } from "node:util";
import prettier from "prettier";
import { QUESTIONNAIRE_DIR } from "~/library/files.server";
import { formatSpreadsheetError } from "~/library/spreadsheet";
import {
  importQuestionnaireSpreadsheetFile,
  saveQuestionnaireVersion,
} from "~/library/spreadsheet.server";

const USAGE =
  "Usage: questionnaires-import <file.xlsx|file.csv> [--out questionnaires]\ne.g. questionnaires-import ai-model-vendor-1.2.0.xlsx";

let file: string | undefined;
let out: string | undefined;
try {
  const { values, positionals } = parseArgs({
    options: { out: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error("give exactly one file");
  file = positionals[0];
  out = values.out;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const result = await importQuestionnaireSpreadsheetFile(file!);
if (!result.ok) {
  for (const error of result.errors) console.error(formatSpreadsheetError(error));
  console.error(`\n✗ ${result.errors.length} problem(s) in ${file}; nothing was written`);
  process.exit(1);
}

const { questionnaire } = result;
const saved = await saveQuestionnaireVersion(questionnaire, {
  root: out ? path.resolve(out) : QUESTIONNAIRE_DIR,
  // The library is checked by `prettier --check .`, so the new file is written in its style.
  format: async (yaml, target) =>
    prettier.format(yaml, { ...(await prettier.resolveConfig(target)), parser: "yaml" }),
});
if (!saved.ok) {
  for (const error of saved.errors) console.error(error);
  console.error(`\n✗ ${questionnaire.slug} ${questionnaire.version} was not written`);
  process.exit(1);
}
const questions = questionnaire.sections.reduce(
  (count, section) => count + section.questions.length,
  0,
);
console.log(
  `✓ ${path.relative(process.cwd(), saved.file)}: ${questionnaire.title} ${questionnaire.version}, ${questions} question(s) in ${questionnaire.sections.length} section(s)`,
);
