// The Google VSAQ import (docs/decisions/233-vsaq-import.md), on VSAQ's own published
// questionnaires and on hostile input.
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { vsaqToDraft, VSAQ_LIMITS } from "./vsaq";
import { validateQuestionnaire } from "~/questionnaire/validate";
import { listQuestions } from "~/questionnaire/model";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "vsaq");

test("VSAQ's physical and data centre questionnaire becomes a valid draft: blocks as sections, choices, conditions, warnings as findings", async () => {
  const draft = vsaqToDraft(await readFile(path.join(FIXTURES, "physical_and_datacenter.json")));
  expect(draft.ok).toBe(true);
  if (!draft.ok) return;
  expect(draft.problems).toEqual([]);
  const valid = validateQuestionnaire(draft.document);
  expect(valid.ok).toBe(true);
  if (!valid.ok) return;
  const q = valid.questionnaire;
  expect(q.title).toBe("Physical & Data Center Security Questionnaire");
  expect(q.slug).toBe("physical-and-data-center-security-questionnaire");
  expect(q.sections.map((section) => section.title).slice(0, 3)).toEqual([
    "Security at the Office",
    "Security at the Office: Access Control",
    "Security at the Office: Access Control: Entry Log Review",
  ]);
  const questions = listQuestions(q).map((entry) => entry.question);
  expect(questions).toHaveLength(30);
  const byId = new Map(questions.map((question) => [question.id, question]));
  // A radiogroup: its choice ids lose the question's prefix as option values.
  const exclusive = byId.get("office-facilities-excl")!;
  expect(exclusive.type === "single_choice" && exclusive.options.map((o) => o.value)).toEqual([
    "yes",
    "no",
    "office-facilities-home",
  ]);
  // `cond` over a choice id becomes the format's condition; `!x` becomes not.
  expect(byId.get("office-facilities-separation")!.showIf).toEqual({
    equals: { question: "office-facilities-excl", value: "no" },
  });
  expect(byId.get("office-ra")!.showIf).toEqual({
    not: { equals: { question: "office-facilities-excl", value: "office-facilities-home" } },
  });
  // A warning tip tied to one answer is that answer's finding, and scores the question.
  const risk = byId.get("office-ra")!;
  expect(risk.weight).toBe(3);
  expect(risk.type === "single_choice" && risk.options[1]).toMatchObject({
    value: "no",
    credit: 0,
    finding: { severity: "high", title: "No risk assessments of physical security at office" },
  });
  // A block's condition applies to the questions inside it.
  expect(byId.get("office-access")!.showIf).toEqual({
    equals: { question: "office-controls", value: "swipe-cards" },
  });
  // What cannot be carried over is a note to confirm, never silently dropped.
  expect(draft.notes.filter((note) => note.confirm).map((note) => note.message)).toContain(
    'not imported: the warning "No electronic access controls at the office" appears when "(office_facilities_excl_no || office_facilities_excl_yes) && !office_controls_swipe_cards", which is not one answer of one question; add it as a finding in the builder',
  );
});

test("VSAQ's template: an info item gives a text-less checkgroup its question; id/value conditions are read", async () => {
  const draft = vsaqToDraft(await readFile(path.join(FIXTURES, "test_template.json"), "utf8"));
  expect(draft.ok && draft.problems).toEqual([]);
  const valid = draft.ok ? validateQuestionnaire(draft.document) : undefined;
  expect(valid?.ok).toBe(true);
  if (!valid?.ok) return;
  const [standards, warning, declaration] = listQuestions(valid.questionnaire).map(
    (e) => e.question,
  );
  expect(standards).toMatchObject({
    type: "multiple_choice",
    text: "What security standards do you apply?",
  });
  expect(warning).toMatchObject({ id: "data-warning", type: "yes_no", weight: 5 });
  expect(warning!.type === "yes_no" && warning!.options[0]!.finding?.severity).toBe("critical");
  expect(declaration).toMatchObject({ id: "declaration", type: "yes_no", weight: 0 });
});

test("VSAQ's conditions evaluate left to right, as VSAQ does: a || b && c is (a || b) && c", () => {
  const file = {
    questionnaire: [
      {
        type: "block",
        text: "Q",
        items: [
          { type: "check", id: "a", text: "A" },
          { type: "check", id: "b", text: "B" },
          { type: "check", id: "c", text: "C" },
          { type: "box", id: "d", text: "D", cond: "a || b && !c" },
        ],
      },
    ],
  };
  const draft = vsaqToDraft(JSON.stringify(file));
  const d = draft.ok
    ? (draft.document.sections as Array<{ questions: Array<Record<string, unknown>> }>)[0]!
        .questions[3]
    : undefined;
  expect(d?.showIf).toEqual({
    all: [
      {
        any: [
          { equals: { question: "a", value: "yes" } },
          { equals: { question: "b", value: "yes" } },
        ],
      },
      { not: { equals: { question: "c", value: "yes" } } },
    ],
  });
});

test("a hostile or wrong file gives a reason and no document", () => {
  const reason = (input: string | Uint8Array) => {
    const draft = vsaqToDraft(input);
    expect(draft.ok).toBe(false);
    return draft.ok ? "" : draft.problems[0]!.message;
  };
  expect(reason("{ not json")).toMatch(/^not valid JSON/);
  expect(reason('{"sections": []}')).toMatch(/^not a VSAQ questionnaire/);
  expect(reason(new Uint8Array([0xff, 0xfe, 0x00]))).toMatch(/not UTF-8/);
  expect(reason("x".repeat(VSAQ_LIMITS.maxBytes + 1))).toMatch(/larger than 2 MB/);
  let deep: unknown = { type: "box", id: "x", text: "X" };
  for (let n = 0; n < 100; n++) deep = { type: "block", text: "B", items: [deep] };
  expect(reason(JSON.stringify({ questionnaire: [deep] }))).toMatch(/nested more than 20 blocks/);
  // Prototype keys are data, never merged into objects.
  const proto = vsaqToDraft('{"questionnaire":[{"type":"box","id":"__proto__","text":"P"}]}');
  expect(proto.ok).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("property: any JSON gives a draft or a reason, never an exception, and a draft's problems all name a path", () => {
  const item = fc.letrec((tie) => ({
    item: fc.record(
      {
        type: fc.constantFrom(
          "block",
          "info",
          "radiogroup",
          "checkgroup",
          "yesno",
          "check",
          "line",
          "box",
          "upload",
          "tip",
          "spacer",
          "weird",
        ),
        id: fc.constantFrom("a", "b", "a_yes", "b_no", "c", "^warn_a", "x y"),
        text: fc.string({ maxLength: 10 }),
        cond: fc.constantFrom("a", "!a", "a_yes && b", "(a || c", "a/yes", "^warn_a", ""),
        choices: fc.array(
          fc.dictionary(fc.constantFrom("a_yes", "a_no", "b", ""), fc.string({ maxLength: 5 })),
          { maxLength: 3 },
        ),
        warn: fc.constantFrom("yes", "no"),
        severity: fc.constantFrom("high", "critical", "bogus"),
        items: fc.array(tie("item"), { maxLength: 3 }),
      },
      { requiredKeys: ["type"] },
    ),
  })).item;
  fc.assert(
    fc.property(fc.array(item, { minLength: 1, maxLength: 4 }), (items) => {
      const draft = vsaqToDraft(JSON.stringify({ questionnaire: items }));
      if (draft.ok) for (const problem of draft.problems) expect(problem.path).toBeDefined();
    }),
    { numRuns: 300 },
  );
});
