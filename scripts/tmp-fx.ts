import { readdirSync } from "node:fs";
import { readQuestionnaireFile, formatFileError } from "~/questionnaire/files.server";
const dir = "app/questionnaire/fixtures/broken";
for (const name of readdirSync(dir).sort()) {
  const r = await readQuestionnaireFile(`${dir}/${name}`);
  console.log(`== ${name} (${r.errors.length})`);
  for (const e of r.errors) console.log("   " + e.line + " | " + e.path + " | " + e.message);
}
