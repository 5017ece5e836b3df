import path from "node:path";
import { expect, test } from "vitest";
import { explainVisibility } from "~/questionnaire/conditions";
import { loadQuestionnaireLibrary } from "~/library/files.server";
import { getVisibilityText, prepare } from "./prepare";

test("the hidden-question wording matches the preview's for every question of the library", async () => {
  const library = await loadQuestionnaireLibrary(
    path.resolve(import.meta.dirname, "..", "..", "questionnaires"),
  );
  let conditional = 0;
  for (const { questionnaire } of library.versions) {
    const prepared = prepare(questionnaire);
    for (const entry of prepared.questions) {
      if (entry.question.showIf) conditional++;
      expect(getVisibilityText(prepared, entry)).toBe(
        explainVisibility(entry.question, questionnaire),
      );
    }
  }
  expect(conditional).toBeGreaterThan(10);
});

test("prepare lists questions in file order with their section and is cached per version", async () => {
  const library = await loadQuestionnaireLibrary(
    path.resolve(import.meta.dirname, "..", "..", "questionnaires"),
  );
  const { questionnaire } = library.versions[0]!;
  const prepared = prepare(questionnaire);
  expect(prepare(questionnaire)).toBe(prepared);
  expect(prepared.questions.map((entry) => entry.question.id)).toEqual(
    questionnaire.sections.flatMap((section) => section.questions.map((question) => question.id)),
  );
  expect(prepared.questions.every((entry, index) => entry.index === index)).toBe(true);
  expect(prepared.byId.get(prepared.questions[0]!.question.id)?.section.section).toBe(
    questionnaire.sections[0],
  );
});
