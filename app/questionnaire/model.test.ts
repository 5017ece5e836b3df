import { expect, test } from "vitest";
import { describeValue, getQuestionMap, isScored, listQuestions } from "./model";
import {
  buildQuestionnaire,
  maturity,
  questionnaireInput,
  singleChoice,
  textQuestion,
  yesNo,
} from "./test-factory";

const questionnaire = buildQuestionnaire(
  questionnaireInput([
    [yesNo("a"), yesNo("informational", { weight: 0, options: undefined })],
    [
      textQuestion("notes"),
      textQuestion("plan", { weight: 2, scoredOnPresence: true }),
      maturity("m"),
      singleChoice("s", ["x", "y"]),
    ],
  ]),
);

test("a question is scored when its weight is above 0, and a text-like one only with scoredOnPresence", () => {
  const scored = listQuestions(questionnaire)
    .filter(({ question }) => isScored(question))
    .map(({ question }) => question.id);
  expect(scored).toEqual(["a", "plan", "m", "s"]);
});

test("questions are listed in file order with their paths", () => {
  expect(
    listQuestions(questionnaire).map(({ question, path }) => `${question.id}@${path}`),
  ).toEqual([
    "a@sections[0].questions[0]",
    "informational@sections[0].questions[1]",
    "notes@sections[1].questions[0]",
    "plan@sections[1].questions[1]",
    "m@sections[1].questions[2]",
    "s@sections[1].questions[3]",
  ]);
  expect(getQuestionMap(questionnaire).get("m")?.section.id).toBe("section-2");
});

test("answer values read as their labels or level descriptions", () => {
  const map = getQuestionMap(questionnaire);
  expect(describeValue(map.get("a")?.question, "no")).toBe("“No”");
  expect(describeValue(map.get("s")?.question, "y")).toBe("“Label y”");
  expect(describeValue(map.get("m")?.question, 2)).toBe("level 2 (“Level 2 description.”)");
  expect(describeValue(map.get("s")?.question, "unknown")).toBe("“unknown”");
});
