// The benchmark's 300-question draft must be publishable as it is: the publish figure times a
// real publication, not a refusal (docs/decisions/313-authoring-bench.md).
import { expect, test } from "vitest";
import { checkDraft } from "~/authoring/draft-check";
import { listQuestions } from "~/questionnaire/model";
import { AUTHORING_QUESTIONS, authoringDocument } from "./authoring";

test("the authoring draft has 300 questions and passes publishing's whole check", () => {
  const check = checkDraft(authoringDocument("bench-authored-test"), { reservedSlugs: [] });
  expect(check.problems).toEqual([]);
  expect(listQuestions(check.questionnaire!)).toHaveLength(AUTHORING_QUESTIONS);
  // Conditions included, as long questionnaires have them.
  expect(
    check.questionnaire!.sections.flatMap((s) => s.questions).filter((q) => q.showIf),
  ).toHaveLength(AUTHORING_QUESTIONS / 3);
});
