// The built-in library as content: what docs/design.md ("The built-in library") asks of each
// questionnaire, checked.
import { beforeAll, expect, test } from "vitest";
import { conditionQuestionIds } from "~/questionnaire/conditions";
import { checkVersionBump, diffVersions, listChanges, requiredBump } from "~/questionnaire/diff";
import { loadQuestionnaireLibrary } from "./files.server";
import { planCarryOver } from "~/assessments/carry-over";
import { APPLIES_TO_EVERY_SUPPLIER, GRANDFATHERED } from "~/questionnaire/library-rules";
import { isScored, listQuestions, type Answer } from "~/questionnaire/model";
import { REFERENCE_CATALOGUE } from "~/questionnaire/reference-catalogue";
import { QUESTION_TYPES, type Finding, type Questionnaire } from "~/questionnaire/definition";

// IDs checked against each framework's text (docs/decisions/016-framework-references.md): the
// catalogue lists each with its title (reference-catalogue.ts), so a citation cannot drift to
// an ID nobody checked.
const CHECKED_REFERENCES = new Set(Object.keys(REFERENCE_CATALOGUE));

const AUDIENCE_BY_SLUG: Record<string, string> = {
  "ai-model-vendor": "model_api",
  "cloud-ai-infrastructure": "cloud_infrastructure",
  "training-data-supplier": "data_supplier",
  "dataset-licensor": "data_supplier",
  "labelling-workforce": "data_supplier",
  // No audience names these suppliers exactly; the nearest one, so no database enum changes
  // (docs/decisions/195-three-new-questionnaires-and-gpai.md).
  "ai-features-in-saas": "any",
  "ai-agent-platform": "model_api",
  "mlops-model-hosting": "cloud_infrastructure",
};

let all: Questionnaire[] = [];
let latest: Questionnaire[] = [];
beforeAll(async () => {
  const { versions, errors } = await loadQuestionnaireLibrary();
  expect(errors).toEqual([]);
  all = versions.map((version) => version.questionnaire);
  latest = Object.values(
    Object.fromEntries(all.map((questionnaire) => [questionnaire.slug, questionnaire])),
  );
});

function findings(questionnaire: Questionnaire): Finding[] {
  return listQuestions(questionnaire).flatMap(({ question }) => {
    if ("options" in question)
      return question.options.flatMap((option) => (option.finding ? [option.finding] : []));
    if ("levels" in question)
      return question.levels.flatMap((level) => (level.finding ? [level.finding] : []));
    if ("bands" in question)
      return question.bands.flatMap((band) => (band.finding ? [band.finding] : []));
    return [];
  });
}

test("the library holds its questionnaires and versions, each for its audience", () => {
  expect(all.map((questionnaire) => `${questionnaire.slug}@${questionnaire.version}`)).toEqual([
    "ai-agent-platform@1.0.0",
    "ai-agent-platform@1.1.0",
    "ai-features-in-saas@1.0.0",
    "ai-features-in-saas@1.1.0",
    "ai-model-vendor@1.0.0",
    "ai-model-vendor@1.1.0",
    "ai-model-vendor@2.0.0",
    "ai-model-vendor@2.1.0",
    "ai-model-vendor@2.2.0",
    "ai-model-vendor@2.3.0",
    "cloud-ai-infrastructure@1.0.0",
    "cloud-ai-infrastructure@2.0.0",
    "cloud-ai-infrastructure@2.1.0",
    "cloud-ai-infrastructure@2.2.0",
    "dataset-licensor@1.0.0",
    "dataset-licensor@1.1.0",
    "labelling-workforce@1.0.0",
    "labelling-workforce@1.1.0",
    "labelling-workforce@1.2.0",
    "mlops-model-hosting@1.0.0",
    "mlops-model-hosting@1.1.0",
    "training-data-supplier@1.0.0",
  ]);
  for (const questionnaire of all)
    expect(questionnaire.audience, questionnaire.slug).toBe(AUDIENCE_BY_SLUG[questionnaire.slug]);
});

test("each questionnaire has at least 15 questions across several sections", () => {
  for (const questionnaire of all) {
    expect(listQuestions(questionnaire).length, questionnaire.slug).toBeGreaterThanOrEqual(15);
    expect(questionnaire.sections.length, questionnaire.slug).toBeGreaterThanOrEqual(4);
    expect(
      listQuestions(questionnaire).filter(({ question }) => isScored(question)).length,
      questionnaire.slug,
    ).toBeGreaterThanOrEqual(15);
  }
});

test("every question cites at least one public framework, and only IDs we have checked", () => {
  for (const questionnaire of all) {
    for (const { question } of listQuestions(questionnaire)) {
      expect(question.references.length, question.id).toBeGreaterThan(0);
      for (const reference of question.references)
        expect(CHECKED_REFERENCES, `${question.id}: ${reference}`).toContain(reference);
    }
    for (const finding of findings(questionnaire)) {
      for (const reference of finding.references)
        expect(CHECKED_REFERENCES, reference).toContain(reference);
    }
  }
});

test("every finding has remediation guidance, and every zero-credit answer opens a finding", () => {
  for (const questionnaire of all) {
    for (const finding of findings(questionnaire))
      expect(finding.remediation.trim().length, finding.title).toBeGreaterThan(20);
    for (const { question } of listQuestions(questionnaire).filter(({ question }) =>
      isScored(question),
    )) {
      const outcomes =
        "options" in question
          ? question.options
          : "levels" in question
            ? question.levels
            : "bands" in question
              ? question.bands
              : [];
      for (const outcome of outcomes) {
        if (outcome.credit === 0)
          expect(outcome.finding, `${questionnaire.slug} ${question.id}`).toBeDefined();
      }
    }
  }
});

test("each questionnaire has knockouts, and every knockout opens a critical finding", () => {
  for (const questionnaire of latest) {
    const knockouts = listQuestions(questionnaire).flatMap(({ question }) => {
      const outcomes =
        "options" in question
          ? question.options
          : "levels" in question
            ? question.levels
            : "bands" in question
              ? question.bands
              : [];
      return outcomes.filter((outcome) => outcome.knockout);
    });
    expect(knockouts.length, questionnaire.slug).toBeGreaterThanOrEqual(3);
    for (const knockout of knockouts) expect(knockout.finding?.severity).toBe("critical");
  }
});

test("the library uses every question type and show-if conditions, each testing an earlier question", () => {
  const types = new Set(
    latest.flatMap((questionnaire) =>
      listQuestions(questionnaire).map(({ question }) => question.type),
    ),
  );
  expect([...types].sort()).toEqual([...QUESTION_TYPES].sort());
  for (const questionnaire of latest) {
    const order = listQuestions(questionnaire).map(({ question }) => question.id);
    const conditional = listQuestions(questionnaire).filter(({ question }) => question.showIf);
    expect(conditional.length, questionnaire.slug).toBeGreaterThanOrEqual(3);
    for (const { question } of conditional) {
      // A follow-up comes after what it follows up, so the vendor meets them in that order.
      for (const tested of conditionQuestionIds(question.showIf!)) {
        expect(order.indexOf(tested), `${question.id} tests ${tested}`).toBeLessThan(
          order.indexOf(question.id),
        );
      }
    }
  }
});

test("ai-model-vendor 1.1.0 is a valid minor bump that adds questions and re-weights others", () => {
  const [v100, v110] = all.filter((questionnaire) => questionnaire.slug === "ai-model-vendor");
  const diff = diffVersions(v100!, v110!);
  expect(requiredBump(diff)).toBe("minor");
  expect(checkVersionBump(v100!, v110!)).toEqual([]);
  expect(diff.questions.added.map((question) => question.id)).toEqual([
    "deletion-at-exit",
    "subprocessor-change-notice",
    "staff-access",
  ]);
  expect(diff.questions.removed).toEqual([]);
  const reweighted = listChanges(diff)
    .filter((change) => change.aspect === "weight")
    .map((change) => [change.item, change.from, change.to]);
  expect(reweighted).toEqual([
    ['question "retention-days"', 4, 3],
    ['question "extraction-monitoring"', 4, 5],
    ['question "version-pinning"', 2, 3],
  ]);
});

test("question ids that recur across questionnaires mean the same kind of question", () => {
  const byId = new Map<string, string>();
  for (const questionnaire of latest) {
    for (const { question } of listQuestions(questionnaire)) {
      const seen = byId.get(question.id);
      if (seen) expect(question.type, question.id).toBe(seen);
      byId.set(question.id, question.type);
    }
  }
});

test("each version under the library rules asks at least 20 questions and says what it is for", () => {
  const ruled = all.filter(
    (questionnaire) =>
      !Object.hasOwn(GRANDFATHERED, `${questionnaire.slug}@${questionnaire.version}`),
  );
  expect(ruled.length).toBeGreaterThan(0);
  for (const questionnaire of ruled) {
    const name = `${questionnaire.slug} ${questionnaire.version}`;
    expect(listQuestions(questionnaire).length, name).toBeGreaterThanOrEqual(20);
    expect(questionnaire.description, name).toMatch(/^For /);
    // AI-specific questionnaires assume a baseline security questionnaire (library review §4).
    expect(questionnaire.description, name).toMatch(/alongside a baseline/);
  }
});

test("re-assessing from ai-model-vendor 1.1.0 to 2.0.0 carries over only answers whose meaning is kept", () => {
  const from = all.find((q) => q.slug === "ai-model-vendor" && q.version === "1.1.0")!;
  const to = all.find((q) => q.slug === "ai-model-vendor" && q.version === "2.0.0")!;
  const previous = listQuestions(from).map(({ question }) => ({
    questionId: question.id,
    answer: bestAnswerFor(question),
    comment: "",
  }));
  const plan = planCarryOver(from, to, previous);
  expect(plan.carried.map((carried) => carried.questionId).sort()).toEqual(
    [
      "adversarial-test-date",
      "adversarial-testing",
      "artifact-signing",
      "data-location-commitment",
      "deprecation-notice-days",
      "extraction-monitoring",
      "incident-notification-contract",
      "processing-regions",
      "processing-regions-other",
      "retention-days",
      "security-contact",
      "training-content-summary",
      "training-content-summary-url",
      "training-opt-out-scope",
      "upstream-assessment",
      "version-pinning",
      "zero-retention-available",
    ].sort(),
  );
  // Questions whose meaning changed have new ids and start unanswered: the notification clock
  // now starts on becoming aware, certificates are judged by validity, ownership has thresholds.
  const skipped = new Set(plan.skipped.map((skip) => skip.questionId));
  for (const id of [
    "incident-notification-hours",
    "attestation-date",
    "state-ownership",
    "pentest-date",
  ])
    expect(skipped.has(id), id).toBe(true);
});

function bestAnswerFor(question: Questionnaire["sections"][number]["questions"][number]): Answer {
  switch (question.type) {
    case "yes_no":
    case "single_choice":
      return { kind: "value", value: question.options[0]!.value };
    case "multiple_choice":
      return { kind: "value", value: [question.options[0]!.value] };
    case "maturity":
      return { kind: "value", value: 3 };
    case "number":
      return { kind: "value", value: 100 };
    case "date":
      return { kind: "value", value: "2025-01-01" };
    case "evidence":
      return { kind: "value", value: ["00000000-0000-4000-8000-000000000000"] };
    case "url":
      return { kind: "value", value: "https://example.com/summary" };
    default:
      return { kind: "value", value: "Answered." };
  }
}

test("every id said to apply to every supplier is a knockout question in the library", () => {
  const knockoutIds = new Set(
    latest.flatMap((questionnaire) =>
      listQuestions(questionnaire)
        .filter(({ question }) => {
          const outcomes =
            "options" in question
              ? question.options
              : "levels" in question
                ? question.levels
                : "bands" in question
                  ? question.bands
                  : [];
          return outcomes.some((outcome) => outcome.knockout);
        })
        .map(({ question }) => question.id),
    ),
  );
  for (const id of Object.keys(APPLIES_TO_EVERY_SUPPLIER)) expect(knockoutIds, id).toContain(id);
});
