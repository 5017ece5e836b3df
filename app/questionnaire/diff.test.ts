import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import {
  bumpKind,
  checkVersionBump,
  diffVersions,
  formatDiff,
  isEmptyDiff,
  listChanges,
  nextVersion,
  requiredBump,
  type Bump,
} from "./diff";
import { canonicalJson } from "./canonical-json";
import { loadQuestionnaireLibrary } from "~/library/files.server";
import { type Question, type Questionnaire } from "./definition";
import {
  buildQuestionnaire,
  edited,
  maturity,
  numberQuestion,
  questionnaireInput,
  singleChoice,
  yesNo,
} from "./test-factory";

const base = questionnaireInput(
  [
    {
      id: "data-use",
      title: "Data use",
      questions: [singleChoice("training", ["never", "opt-in", "opt-out"]), yesNo("retention")],
    },
    {
      id: "operations",
      title: "Operations",
      questions: [numberQuestion("notify-hours"), maturity("monitoring")],
    },
  ],
  { version: "1.0.0" },
);
const v1 = buildQuestionnaire(base);

function next(edit: (draft: typeof base) => void, version = "1.0.1"): Questionnaire {
  return buildQuestionnaire(
    edited(base, (draft) => {
      draft.version = version;
      edit(draft);
    }),
  );
}

function question(draft: typeof base, section: number, index: number): Record<string, unknown> {
  return draft.sections[section]!.questions[index] as Record<string, unknown>;
}

test("a version compared with itself has no changes and needs no bump", () => {
  const diff = diffVersions(v1, v1);
  expect(isEmptyDiff(diff)).toBe(true);
  expect(requiredBump(diff)).toBe("none");
  expect(formatDiff(diff)).toBe(
    "test-questionnaire 1.0.0 → 1.0.0\nRequired bump: none\n\nNo changes.",
  );
});

test("wording, help, labels and references are patch changes, each named", () => {
  const v2 = next((draft) => {
    question(draft, 0, 0).text = "Is any of our data used for training?";
    question(draft, 0, 1).help = "Count backups.";
    question(draft, 0, 1).references = ["NCSC-SC:5", "CSA-CCM:DSP-16"];
    (question(draft, 0, 0).options as Array<{ label: string }>)[1]!.label = "Only with our opt-in";
    (question(draft, 1, 1).levels as Array<{ description: string }>)[2]!.description =
      "Documented and running.";
    draft.sections[1]!.title = "Operations and incidents";
  });
  const diff = diffVersions(v1, v2);
  expect(requiredBump(diff)).toBe("patch");
  expect(
    listChanges(diff).map((change) => [change.item, change.target, change.aspect, change.bump]),
  ).toEqual([
    ['section "operations"', "", "title", "patch"],
    ['question "training"', "", "text", "patch"],
    ['question "training"', 'option "opt-in"', "label", "patch"],
    ['question "retention"', "", "help", "patch"],
    ['question "retention"', "", "references", "patch"],
    ['question "monitoring"', "level 2", "description", "patch"],
  ]);
});

test("scoring and logic changes are minor, and say what changed from what", () => {
  const v2 = next((draft) => {
    question(draft, 0, 1).weight = 5;
    question(draft, 0, 1).showIf = { equals: { question: "training", value: "opt-out" } };
    (question(draft, 0, 0).options as Array<{ credit: number }>)[1]!.credit = 0.7;
    question(draft, 1, 0).bands = [{ max: 24, credit: 1 }, { max: 72, credit: 0.5 }, { credit: 0 }];
    question(draft, 1, 1).allowNA = true;
    draft.sections[1]!.weight = 2;
    draft.thresholds = { low: 90, medium: 70, high: 50 };
  }, "1.1.0");
  const diff = diffVersions(v1, v2);
  expect(requiredBump(diff)).toBe("minor");
  expect(
    listChanges(diff).map((change) => [
      change.item,
      change.target,
      change.aspect,
      change.from,
      change.to,
    ]),
  ).toEqual([
    ["questionnaire", "", "low threshold", 85, 90],
    ['section "operations"', "", "weight", 1, 2],
    ['question "training"', 'option "opt-in"', "credit", 0, 0.7],
    ['question "retention"', "", "weight", 3, 5],
    [
      'question "retention"',
      "",
      "show-if condition",
      "always shown",
      "the answer to “Question training?” is “Label opt-out”",
    ],
    ['question "notify-hours"', "band 2", "range", "any value", "≤ 72"],
    ['question "notify-hours"', "band 2", "credit", 0, 0.5],
    ['question "notify-hours"', "band 3", "band added", undefined, "any value → credit 0"],
    ['question "monitoring"', "", "N/A allowed", false, true],
  ]);
});

test("added questions, sections and options are minor", () => {
  const v2 = next((draft) => {
    draft.sections.push({ id: "assurance", title: "Assurance", questions: [yesNo("pentest")] });
    (question(draft, 0, 0).options as unknown[]).push({
      value: "default-on",
      label: "Default on",
      credit: 0,
    });
    draft.sections[0]!.questions.push(yesNo("deletion"));
  }, "1.1.0");
  const diff = diffVersions(v1, v2);
  expect(diff.sections.added.map((section) => section.id)).toEqual(["assurance"]);
  expect(diff.questions.added.map((added) => [added.id, added.sectionId, added.path])).toEqual([
    ["deletion", "data-use", "sections[0].questions[2]"],
    ["pentest", "assurance", "sections[2].questions[0]"],
  ]);
  expect(diff.questions.changed[0]?.changes.map((change) => change.aspect)).toEqual([
    "option added",
  ]);
  expect(requiredBump(diff)).toBe("minor");
});

test("moving a question to another section is minor: its points move with it", () => {
  const v2 = next((draft) => {
    const moved = draft.sections[0]!.questions.pop()!;
    draft.sections[1]!.questions.push(moved);
  }, "1.1.0");
  const diff = diffVersions(v1, v2);
  expect(
    diff.questions.changed.map((changed) => [
      changed.id,
      changed.changes.map((change) => [change.aspect, change.from, change.to, change.bump]),
    ]),
  ).toEqual([["retention", [["section", "data-use", "operations", "minor"]]]]);
});

test("reordering questions, options or sections is a patch change", () => {
  const v2 = next((draft) => {
    draft.sections.reverse();
    draft.sections[1]!.questions.reverse();
    (question(draft, 1, 1).options as unknown[]).reverse();
  });
  const diff = diffVersions(v1, v2);
  expect(listChanges(diff).map((change) => [change.aspect, change.bump])).toEqual([
    ["section order", "patch"],
    ["question order", "patch"],
    ["option order", "patch"],
  ]);
});

test("removing a question, a section or an option, or changing a type or unit, is major", () => {
  const cases: Array<[string, (draft: typeof base) => void, string]> = [
    [
      "question removed",
      (draft) => draft.sections[0]!.questions.pop(),
      "answers to it cannot carry forward",
    ],
    [
      "option removed",
      (draft) => (question(draft, 0, 0).options as unknown[]).pop(),
      "answers that chose it cannot carry forward",
    ],
    [
      "section removed",
      (draft) => draft.sections.pop(),
      "its section score has no counterpart any more",
    ],
    [
      "type",
      (draft) => {
        const retyped = question(draft, 0, 1);
        delete retyped.options;
        Object.assign(retyped, { type: "short_text", weight: 0 });
      },
      "repurposes the question: earlier answers cannot carry forward",
    ],
    [
      "unit",
      (draft) => (question(draft, 1, 0).unit = "days"),
      "changes what the number means: earlier answers cannot carry forward",
    ],
  ];
  for (const [aspect, edit, reason] of cases) {
    const diff = diffVersions(v1, next(edit, "2.0.0"));
    expect(requiredBump(diff), aspect).toBe("major");
    expect(
      listChanges(diff).find((change) => change.bump === "major"),
      aspect,
    ).toMatchObject({ aspect, reason });
  }
});

test("a too-small bump is refused with the change, the bump it needs and the version to use", () => {
  const v2 = next((draft) => {
    question(draft, 0, 1).weight = 5;
    question(draft, 0, 0).text = "Reworded?";
  }, "1.0.1");
  expect(checkVersionBump(v1, v2)).toEqual([
    {
      path: "sections[0].questions[1].weight",
      message:
        'question "retention": weight changed from 3 to 5 needs a minor bump (changes scoring), but 1.0.0 → 1.0.1 is a patch bump; make this version 1.1.0',
    },
  ]);
});

test("a removal under a minor bump points at where the question was", () => {
  const v2 = next((draft) => draft.sections[1]!.questions.shift(), "1.1.0");
  expect(checkVersionBump(v1, v2)).toEqual([
    {
      path: "sections[1].questions",
      message:
        'question "notify-hours" removed needs a major bump (answers to it cannot carry forward), but 1.0.0 → 1.1.0 is a minor bump; make this version 2.0.0',
    },
  ]);
});

test("an option removal under a minor bump names the option", () => {
  const v2 = next((draft) => (question(draft, 0, 0).options as unknown[]).splice(1, 1), "1.1.0");
  expect(checkVersionBump(v1, v2).map((error) => [error.path, error.message])).toEqual([
    [
      "sections[0].questions[0].options",
      'question "training", option "opt-in" removed needs a major bump (answers that chose it cannot carry forward), but 1.0.0 → 1.1.0 is a minor bump; make this version 2.0.0',
    ],
  ]);
});

test("a large enough bump passes, and a bigger one than needed is allowed", () => {
  const v2 = next((draft) => (question(draft, 0, 1).weight = 5), "1.1.0");
  expect(checkVersionBump(v1, v2)).toEqual([]);
  expect(checkVersionBump(v1, { ...v2, version: "2.0.0" })).toEqual([]);
});

test("the next version must be newer and of the same questionnaire", () => {
  expect(checkVersionBump(v1, v1)).toEqual([
    { path: "version", message: "version 1.0.0 must be greater than the previous version, 1.0.0" },
  ]);
  expect(checkVersionBump({ ...v1, version: "1.2.0" }, v1)).toEqual([
    { path: "version", message: "version 1.0.0 must be greater than the previous version, 1.2.0" },
  ]);
  expect(checkVersionBump(v1, { ...v1, slug: "other", version: "1.0.1" })).toEqual([
    {
      path: "slug",
      message:
        '"other" cannot follow "test-questionnaire": versions are only compared within one questionnaire',
    },
  ]);
});

test("bump kinds and next versions follow semver", () => {
  expect(bumpKind("1.2.3", "1.2.4")).toBe("patch");
  expect(bumpKind("1.2.3", "1.3.0")).toBe("minor");
  expect(bumpKind("1.2.3", "2.0.0")).toBe("major");
  expect(bumpKind("1.10.0", "1.9.0")).toBe("downgrade");
  expect(nextVersion("1.2.3", "patch")).toBe("1.2.4");
  expect(nextVersion("1.2.3", "minor")).toBe("1.3.0");
  expect(nextVersion("1.2.3", "major")).toBe("2.0.0");
});

test("the text diff lists added, removed and changed questions with their bumps", () => {
  const v2 = next((draft) => {
    draft.sections[0]!.questions.pop();
    draft.sections[1]!.questions.push(yesNo("pinning", { text: "Can we pin versions?" }));
    question(draft, 0, 0).text =
      "A much longer wording of the training question, long enough to wrap?";
  }, "2.0.0");
  expect(formatDiff(diffVersions(v1, v2))).toBe(
    [
      "test-questionnaire 1.0.0 → 2.0.0",
      "Required bump: major",
      "",
      "Questions added (1)  [minor]",
      "  + pinning (operations): Can we pin versions?",
      "",
      "Questions removed (1)  [major]",
      "  - retention (data-use): Question retention?",
      "",
      "Questions changed (1)",
      "  ~ training (data-use)",
      "      text  [patch: wording only]",
      '        - "Question training?"',
      '        + "A much longer wording of the training question, long enough to wrap?"',
    ].join("\n"),
  );
});

// Property tests over the real library: known edits must need exactly the bump they are
// documented to need, whatever the questionnaire and whichever questions they hit.
let library: Questionnaire[] = [];
beforeAll(async () => {
  const { versions, errors } = await loadQuestionnaireLibrary();
  expect(errors).toEqual([]);
  library = versions.map((version) => version.questionnaire);
});

type Mutation = { name: string; bump: Bump; apply: (question: Question) => Question | null };

const MUTATIONS: Mutation[] = [
  { name: "reword", bump: "patch", apply: (q) => ({ ...q, text: `${q.text} (reworded)` }) },
  { name: "new help", bump: "patch", apply: (q) => ({ ...q, help: `${q.help ?? ""} More help.` }) },
  {
    name: "extra reference",
    bump: "patch",
    apply: (q) =>
      q.references.includes("NCSC-SC:12")
        ? null
        : { ...q, references: [...q.references, "NCSC-SC:12"] },
  },
  { name: "reweight", bump: "minor", apply: (q) => ({ ...q, weight: (q.weight + 1) % 6 }) },
  { name: "toggle required", bump: "minor", apply: (q) => ({ ...q, required: !q.required }) },
  {
    name: "new option",
    bump: "minor",
    apply: (q) =>
      q.type === "single_choice"
        ? {
            ...q,
            options: [
              ...q.options,
              { value: "added-option", label: "Added", credit: 0, knockout: false },
            ],
          }
        : null,
  },
  {
    name: "retype",
    bump: "major",
    apply: (q) => (q.type === "long_text" ? null : ({ ...q, type: "long_text" } as Question)),
  },
  {
    name: "drop an option",
    bump: "major",
    apply: (q) =>
      q.type === "single_choice" || q.type === "multiple_choice"
        ? ({ ...q, options: q.options.slice(1) } as Question)
        : null,
  },
];

const BUMP_RANK: Record<Bump | "none", number> = { none: 0, patch: 1, minor: 2, major: 3 };

test("property: a version always diffs empty against itself, and against a copy with keys reordered", () => {
  fc.assert(
    fc.property(fc.nat(), (pick) => {
      const questionnaire = library[pick % library.length]!;
      const reordered = JSON.parse(
        JSON.stringify(questionnaire, (_key, value: unknown) =>
          value && typeof value === "object" && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).reverse())
            : value,
        ),
      ) as Questionnaire;
      expect(requiredBump(diffVersions(questionnaire, questionnaire))).toBe("none");
      expect(isEmptyDiff(diffVersions(questionnaire, reordered))).toBe(true);
    }),
    { numRuns: 20 },
  );
});

test("property: the required bump is the largest bump among the edits made", () => {
  fc.assert(
    fc.property(
      fc.nat(),
      fc.array(fc.tuple(fc.constantFrom(...MUTATIONS), fc.nat()), { minLength: 1, maxLength: 5 }),
      (pick, edits) => {
        const original = library[pick % library.length]!;
        const changed = structuredClone(original);
        const questions = changed.sections.flatMap((section, s) =>
          section.questions.map((_, q) => [s, q] as const),
        );
        const touched = new Set<number>();
        let expected: Bump | "none" = "none";
        for (const [mutation, at] of edits) {
          const index = at % questions.length;
          if (touched.has(index)) continue; // one edit per question keeps the expectation exact
          const [s, q] = questions[index]!;
          const result = mutation.apply(changed.sections[s]!.questions[q]!);
          if (!result) continue;
          touched.add(index);
          changed.sections[s]!.questions[q] = result;
          if (BUMP_RANK[mutation.bump] > BUMP_RANK[expected]) expected = mutation.bump;
        }
        expect(requiredBump(diffVersions(original, changed))).toBe(expected);
      },
    ),
  );
});

// Every leaf of a questionnaire, as a path of keys, except the ones that name the version.
function leafPaths(
  value: unknown,
  path: Array<string | number> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value))
    return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, [...path, key]));
  }
  return path.length === 1 && (path[0] === "slug" || path[0] === "version") ? [] : [path];
}

test("property: changing any single value anywhere in a version shows up in the diff", () => {
  fc.assert(
    fc.property(fc.nat(), fc.nat(), (pick, leaf) => {
      const original = library[pick % library.length]!;
      const changed = structuredClone(original) as unknown as Record<string | number, unknown>;
      const paths = leafPaths(changed);
      const path = paths[leaf % paths.length]!;
      const parent = path
        .slice(0, -1)
        .reduce<Record<string | number, unknown>>(
          (node, key) => node[key] as Record<string | number, unknown>,
          changed,
        );
      const key = path.at(-1)!;
      const old = parent[key];
      parent[key] =
        typeof old === "number"
          ? old + 1
          : typeof old === "boolean"
            ? !old
            : `${String(old)}-changed`;
      const diff = diffVersions(original, changed as unknown as Questionnaire);
      expect(isEmptyDiff(diff), path.join(".")).toBe(false);
      expect(canonicalJson(changed)).not.toBe(canonicalJson(original));
    }),
    { numRuns: 300 },
  );
});
