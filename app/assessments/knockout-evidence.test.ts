// A claim that keeps a vendor from a knockout needs its evidence before the vendor can submit
// (docs/decisions/301-knockout-claims-need-evidence.md). ai-model-vendor 2.3.0 follows each such
// claim with a required evidence question; 2.2.0, published before, let the same claim through
// with no file. Pure: the submission check and the engine, on the real library files.
import path from "node:path";
import { expect, test } from "vitest";
import { loadQuestionnaireLibrary } from "~/library/files.server";
import { score } from "~/scoring/engine";
import { withBestAnswers } from "~/scoring/library-answers";
import { submissionProblems } from "./respond.server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FILE_ID = "0b9f3c9e-2f5d-4a57-9a55-8f1f2e7c1a01";

/** The best answers, with evidence answered by a file id as stored. */
function best(questionnaire: Parameters<typeof withBestAnswers>[0]) {
  return Object.fromEntries(
    Object.entries(withBestAnswers(questionnaire, {})).map(([id, answer]) => [
      id,
      answer.kind === "value" && Array.isArray(answer.value) && answer.value[0] === "evidence.pdf"
        ? { kind: "value" as const, value: [FILE_ID] }
        : answer,
    ]),
  );
}

async function version(slug: string, number: string) {
  const library = await loadQuestionnaireLibrary(path.join(ROOT, "questionnaires"));
  return library.versions.find(
    (candidate) =>
      candidate.questionnaire.slug === slug && candidate.questionnaire.version === number,
  )!.questionnaire;
}

test("a knockout-bearing claim without its evidence blocks submission in 2.3.0 and is named by the score", async () => {
  const current = await version("ai-model-vendor", "2.3.0");
  const answers = best(current);
  expect(answers["customer-data-use"]).toEqual({ kind: "value", value: "never-contract" });
  // The best answers leave the unscored text questions for the vendor; those are the same
  // problems either way, so only the difference counts.
  const base = submissionProblems(current, answers).map((problem) => problem.questionId);
  expect(base).not.toContain("customer-data-use-evidence");

  const { ["customer-data-use-evidence"]: _file, ...withoutFile } = answers;
  const problems = submissionProblems(current, withoutFile);
  expect(problems.filter((problem) => !base.includes(problem.questionId))).toEqual([
    expect.objectContaining({
      questionId: "customer-data-use-evidence",
      sectionId: "data-use",
      kind: "answer",
    }),
  ]);
  const result = score(current, withoutFile, null, { asOf: "2025-06-30" });
  expect(result.unsupportedClaims).toEqual([
    {
      questionId: "customer-data-use",
      sectionId: "data-use",
      evidenceQuestionId: "customer-data-use-evidence",
      decidesKnockout: true,
    },
  ]);
  expect(result.residualRule).toContain("customer-data-use could otherwise be a knockout");

  // Every knockout claim in the version is backed: answering the claim and leaving out all
  // evidence names every knockout-bearing question that claimed its control.
  const noEvidence = Object.fromEntries(
    Object.entries(answers).filter(([id]) => !id.endsWith("-evidence")),
  );
  expect(
    score(current, noEvidence, null, { asOf: "2025-06-30" })
      .unsupportedClaims.filter((claim) => claim.decidesKnockout)
      .map((claim) => claim.questionId),
  ).toEqual([
    "customer-data-use",
    "data-location-commitment",
    "stored-data-encryption",
    "retrieval-index-isolation",
    "vendor-state-control",
    "staff-access-to-customer-data",
    "incident-notification-contract",
  ]);
});

test("2.2.0, published before the rule, lets the same claim through with no file", async () => {
  const previous = await version("ai-model-vendor", "2.2.0");
  const answers = best(previous);
  expect(answers["customer-data-use"]).toEqual({ kind: "value", value: "never-contract" });
  expect(
    submissionProblems(previous, answers).filter((problem) =>
      problem.questionId.startsWith("customer-data-use"),
    ),
  ).toEqual([]);
  expect(score(previous, answers, null, { asOf: "2025-06-30" }).unsupportedClaims).toEqual([]);
});
