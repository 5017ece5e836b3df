// Writes questionnaires/schema.json from the zod schema (app/questionnaire/definition.ts), so
// editors autocomplete and check questionnaire files. Run after changing the schema; a unit
// test fails while the committed file is stale.
// Usage: tsx scripts/generate-questionnaire-schema.ts
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { QUESTIONNAIRE_DIR } from "~/library/files.server";
import { questionnaireJsonSchema } from "~/questionnaire/json-schema";

const file = path.join(QUESTIONNAIRE_DIR, "schema.json");
// Formatted as the repo's prettier would, so `npm run format:check` stays clean.
const options = (await resolveConfig(file)) ?? {};
const text = await format(JSON.stringify(questionnaireJsonSchema()), {
  ...options,
  filepath: file,
});
await writeFile(file, text);
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
