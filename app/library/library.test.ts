// The built-in library as content: what docs/design.md ("The built-in library") asks of each
// questionnaire, checked.
import { beforeAll, expect, test } from "vitest";
import { conditionQuestionIds } from "~/questionnaire/conditions";
import { checkVersionBump, diffVersions, listChanges, requiredBump } from "~/questionnaire/diff";
import { loadQuestionnaireLibrary } from "./files.server";
import { isScored, listQuestions } from "~/questionnaire/model";
import { QUESTION_TYPES, type Finding, type Questionnaire } from "~/questionnaire/definition";

// IDs checked by hand against each framework's text (or that the framework numbers plainly),
// so a citation cannot drift to an ID nobody checked (docs/decisions/016-framework-references.md).
const CHECKED_REFERENCES = new Set([
  ...Array.from({ length: 12 }, (_, index) => `NCSC-SC:${index + 1}`),
  ...["Design", "Development", "Deployment", "Operation"].map((phase) => `NCSC-SAID:${phase}`),
  ...[
    "GOVERN-6.1",
    "GOVERN-6.2",
    "MAP-4.1",
    "MAP-4.2",
    "MEASURE-2.7",
    "MANAGE-3.1",
    "MANAGE-3.2",
    "MANAGE-4.3",
  ].map((id) => `NIST-AI-RMF:${id}`),
  "NIST-AI-600-1:GV-6.1-001",
  ...["SR-4", "SR-6", "SR-11", "SR-12"].map((id) => `NIST-SP-800-53:${id}`),
  ...[
    "MDS-02",
    "MDS-04",
    "MDS-06",
    "MDS-07",
    "MDS-08",
    "MDS-09",
    "MDS-13",
    "DSP-19",
    "DSP-20",
    "DSP-21",
    "DSP-23",
    "DSP-24",
    "I&S-06",
    "LOG-05",
    "LOG-08",
    "LOG-09",
    "LOG-13",
    "IAM-16",
    "STA-03",
    "STA-08",
    "STA-13",
    "STA-15",
    "CEK-07",
    "IPY-04",
  ].map((id) => `CSA-AICM:${id}`),
  ...[
    "A&A-02",
    "CEK-03",
    "CEK-04",
    "TVM-06",
    "SEF-07",
    "IVS-03",
    "IVS-06",
    "IVS-09",
    "IAM-05",
    "IAM-14",
    "DSP-07",
    "DSP-10",
    "DSP-16",
  ].map((id) => `CSA-CCM:${id}`),
  ...["A.7.3", "A.7.4", "A.7.5", "A.8.4", "A.10.2", "A.10.3"].map((id) => `ISO-42001:${id}`),
  ...Array.from({ length: 10 }, (_, index) => `OWASP-LLM:LLM${String(index + 1).padStart(2, "0")}`),
  ...[
    "T0010",
    "T0010.000",
    "T0010.001",
    "T0010.002",
    "T0010.003",
    "T0020",
    "T0024",
    "M0007",
    "M0013",
    "M0014",
    "M0023",
    "M0024",
  ].map((id) => `MITRE-ATLAS:AML.${id}`),
  ...["Art53(1)(a)", "Art53(1)(b)", "Art53(1)(c)", "Art53(1)(d)", "Art55"].map(
    (id) => `EU-AI-Act:${id}`,
  ),
]);

const AUDIENCE_BY_SLUG: Record<string, string> = {
  "ai-model-vendor": "model_api",
  "cloud-ai-infrastructure": "cloud_infrastructure",
  "training-data-supplier": "data_supplier",
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

test("the library holds the three questionnaires issue 3 asks for, ai-model-vendor in two versions", () => {
  expect(all.map((questionnaire) => `${questionnaire.slug}@${questionnaire.version}`)).toEqual([
    "ai-model-vendor@1.0.0",
    "ai-model-vendor@1.1.0",
    "cloud-ai-infrastructure@1.0.0",
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
