import { expect, test } from "vitest";
import { loadQuestionnaireLibrary } from "~/library/files.server";
import { isScored, listQuestions } from "./model";
import { withoutScoring } from "./vendor-copy";

test("every library question reaches vendors without its scoring, answerable as before", async () => {
  const { versions, errors } = await loadQuestionnaireLibrary();
  expect(errors).toEqual([]);
  let scored = 0;
  for (const { questionnaire } of versions) {
    for (const { question } of listQuestions(questionnaire)) {
      if (isScored(question)) scored++;
      const copy = withoutScoring(question);
      const text = JSON.stringify(copy);
      expect(isScored(copy)).toBe(false);
      expect(text).not.toMatch(/"knockout":true|"finding":\{|"credit":[1-9.]/);
      // The answering controls still get the same ids, text and choices.
      expect(copy.id).toBe(question.id);
      expect(copy.text).toBe(question.text);
      if ("options" in question && "options" in copy)
        expect(copy.options.map((o) => o.value)).toEqual(question.options.map((o) => o.value));
    }
  }
  expect(scored).toBeGreaterThan(50);
});
