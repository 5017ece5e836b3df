import { expect, test } from "vitest";
import { QUESTION_TYPES } from "~/questionnaire/definition";
import { questionnaireInput } from "~/questionnaire/test-factory";
import { explainCondition } from "~/questionnaire/conditions";
import { type Condition } from "~/questionnaire/definition";
import { conditionOfKind } from "./condition-editor";
import { checkDraft } from "./draft-check";
import {
  type DraftDoc,
  type DraftQuestion,
  extraFields,
  moveToSection,
  fieldId,
  questionTemplate,
  questionTypes,
  selectionFor,
} from "./builder-model";

test("the builder offers every question type of the format, read from its schema", () => {
  expect(questionTypes()).toEqual(expect.arrayContaining([...QUESTION_TYPES]));
});

test("a new question of each type is a valid question once its text (and wording) is filled in", () => {
  for (const type of questionTypes()) {
    const question = questionTemplate(type, { id: "q", text: "Is it so?" });
    // Fill what the template leaves empty: labels, descriptions, finding wording, units.
    const filled = JSON.parse(
      JSON.stringify(question)
        .replace(/"label":""/g, '"label":"An option"')
        .replace(/"description":""/g, '"description":"A level"')
        .replace(/"title":""/g, '"title":"A gap"')
        .replace(/"remediation":""/g, '"remediation":"Close it."')
        .replace(/"unit":""/g, '"unit":"days"'),
    );
    const check = checkDraft(questionnaireInput([[filled]]), { reservedSlugs: [] });
    // Only format errors matter here: a type may still break a library rule (e.g. a date
    // question with no "never" path) that the author then fixes.
    const formatProblems = check.problems.filter((p) => !/\[library rule /.test(p.message));
    expect(formatProblems, type).toEqual([]);
  }
});

test("a field of a type the builder has no control for gets a generic editor", () => {
  // number's own fields all have controls; nothing is left without one.
  expect(extraFields("number")).toEqual([]);
  expect(extraFields("no-such-type")).toEqual([]);
});

test("a problem's path leads to its item and to the id of its control", () => {
  expect(selectionFor("sections[2].questions[4].options[1].credit")).toEqual({
    kind: "question",
    s: 2,
    q: 4,
  });
  expect(selectionFor("sections[1].title")).toEqual({ kind: "section", s: 1 });
  expect(selectionFor("thresholds.low")).toEqual({ kind: "questionnaire" });
  expect(fieldId("sections[2].questions[4].options[1].credit")).toBe(
    "f-sections-2-questions-4-options-1-credit",
  );
});

test("the draft check refuses a library slug and a bump smaller than the diff, with the suggestion", () => {
  const base = questionnaireInput([
    [questionTemplate("short_text", { id: "a", text: "A?" }) as never],
  ]);
  expect(checkDraft(base, { reservedSlugs: ["test-questionnaire"] }).problems[0]).toMatchObject({
    path: "slug",
  });
  const previous = checkDraft(base, { reservedSlugs: [] }).questionnaire!;
  const removed = questionnaireInput([
    [questionTemplate("short_text", { id: "b", text: "B?" }) as never],
  ]);
  const check = checkDraft(removed, { reservedSlugs: [], previous });
  expect(check.bump).toBe("major");
  expect(check.suggestedVersion).toBe("2.0.0");
  const minor = checkDraft(removed, { reservedSlugs: [], previous }, "1.1.0");
  expect(minor.problems.map((p) => p.message).join("\n")).toMatch(/needs a major bump/);
  expect(checkDraft(base, { reservedSlugs: [], previous }, "1.0.1").problems).toEqual([
    expect.objectContaining({ message: expect.stringMatching(/nothing changed since 1\.0\.0/) }),
  ]);
});

test("a question moved to another section keeps its id and lands last there; the source loses it", () => {
  const doc = questionnaireInput([
    [
      questionTemplate("short_text", { id: "a", text: "A?" }) as never,
      questionTemplate("short_text", { id: "b", text: "B?" }) as never,
    ],
    [questionTemplate("short_text", { id: "c", text: "C?" }) as never],
  ]) as unknown as DraftDoc;
  const moved = moveToSection(doc, 0, 0, 1);
  expect(moved.sections!.map((s) => s.questions!.map((q) => q.id))).toEqual([["b"], ["c", "a"]]);
  // The original is untouched, and out-of-range moves change nothing.
  expect(doc.sections![0]!.questions!.map((q) => q.id)).toEqual(["a", "b"]);
  expect(moveToSection(doc, 0, 5, 1)).toBe(doc);
  expect(moveToSection(doc, 0, 0, 0)).toBe(doc);
  expect(
    checkDraft(moved, { reservedSlugs: [] }).problems.filter(
      (p) => !/library rule/.test(p.message),
    ),
  ).toEqual([]);
});

test("the condition pickers make not/all/any conditions the format accepts and explains", () => {
  const filled = (q: DraftQuestion): DraftQuestion =>
    JSON.parse(
      JSON.stringify(q)
        .replace(/"label":""/g, '"label":"An option"')
        .replace(/"title":""/g, '"title":"A gap"')
        .replace(/"remediation":""/g, '"remediation":"Close it."'),
    );
  const first = filled(questionTemplate("yes_no", { id: "hosted", text: "Do you host models?" }));
  const second = filled(questionTemplate("single_choice", { id: "region", text: "Where?" }));
  const earlier = [first, second];
  const equals = conditionOfKind("equals", undefined, earlier)!;
  expect(equals).toEqual({ equals: { question: "hosted", value: "yes" } });
  // "not" wraps what was there; "all" starts its list with it; "any" keeps the list of "all".
  const not = conditionOfKind("not", equals, earlier)!;
  expect(not).toEqual({ not: equals });
  const all = conditionOfKind("all", not, earlier)!;
  expect(all).toEqual({ all: [not] });
  const any = conditionOfKind("any", all, earlier)!;
  expect(any).toEqual({ any: [not] });
  expect(conditionOfKind("oneOf", equals, earlier)).toEqual({
    oneOf: { question: "hosted", values: ["yes"] },
  });
  // No question to test: nothing can be made.
  expect(conditionOfKind("all", undefined, [])).toBeNull();
  const third = {
    ...questionTemplate("short_text", { id: "detail", text: "Which models?" }),
    showIf: { any: [not, { equals: { question: "region", value: "option-1" } }] },
  };
  const check = checkDraft(
    questionnaireInput([[first as never, second as never, third as never]]),
    { reservedSlugs: [] },
  );
  expect(check.problems.filter((p) => !/library rule/.test(p.message))).toEqual([]);
  expect(check.questionnaire).not.toBeNull();
  expect(explainCondition(third.showIf as Condition, check.questionnaire!)).toMatch(
    /not|any|either|or/i,
  );
});
