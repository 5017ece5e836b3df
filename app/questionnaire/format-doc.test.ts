// docs/questionnaire-format.md promises its complete example is a valid file; keep it so.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { parseQuestionnaireYaml } from "~/library/files.server";
import { listQuestions } from "./model";
import { QUESTION_TYPES } from "./definition";

test("the complete example in docs/questionnaire-format.md validates and shows every question type", async () => {
  const doc = await readFile(
    path.join(import.meta.dirname, "..", "..", "docs", "questionnaire-format.md"),
    "utf8",
  );
  const example = /## Complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(example).toBeDefined();
  const result = parseQuestionnaireYaml(example!);
  expect(result.ok ? [] : result.errors).toEqual([]);
  const types = new Set(
    result.ok ? listQuestions(result.questionnaire).map(({ question }) => question.type) : [],
  );
  expect([...types].sort()).toEqual([...QUESTION_TYPES].sort());
});
