import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { QUESTIONNAIRE_DIR } from "~/library/files.server";
import { questionnaireJsonSchema } from "./json-schema";
import { QUESTION_TYPES } from "./definition";

test("the committed questionnaires/schema.json matches the zod schema (run scripts/generate-questionnaire-schema.ts)", async () => {
  const committed: unknown = JSON.parse(
    await readFile(path.join(QUESTIONNAIRE_DIR, "schema.json"), "utf8"),
  );
  expect(committed).toEqual(questionnaireJsonSchema());
});

test("the JSON Schema offers every question type and refuses unknown fields", () => {
  const text = JSON.stringify(questionnaireJsonSchema());
  for (const type of QUESTION_TYPES) expect(text).toContain(`"const":"${type}"`);
  const questionnaire = (
    questionnaireJsonSchema().definitions as Record<string, { additionalProperties?: boolean }>
  ).Questionnaire;
  expect(questionnaire?.additionalProperties).toBe(false);
});

test("every library file points its editor at the schema", async () => {
  for (const slug of (await readdir(QUESTIONNAIRE_DIR, { withFileTypes: true })).filter((entry) =>
    entry.isDirectory(),
  )) {
    for (const name of await readdir(path.join(QUESTIONNAIRE_DIR, slug.name))) {
      const text = await readFile(path.join(QUESTIONNAIRE_DIR, slug.name, name), "utf8");
      expect(text.split("\n")[0], `${slug.name}/${name}`).toBe(
        "# yaml-language-server: $schema=../schema.json",
      );
    }
  }
});
