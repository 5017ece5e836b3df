// The worked example of docs/scoring.md, number by number, on the files in docs/examples/.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { parseQuestionnaireYaml } from "~/library/files.server";
import { type Answers } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { parseAnswersFile } from "./answers-file";
import { getVerifiedQuestionIds, score } from "./engine";
import { formatScore } from "~/format";
import { VendorProfileSchema } from "./vendor-profile";
import { row, value } from "./test-helpers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "docs", "examples");
const AS_OF = "2025-06-30";

async function example(): Promise<{ questionnaire: Questionnaire; answers: Answers }> {
  const parsed = parseQuestionnaireYaml(
    await readFile(path.join(EXAMPLES, "example-vendor.yaml"), "utf8"),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const answers = parseAnswersFile(
    JSON.parse(await readFile(path.join(EXAMPLES, "example-vendor.answers.json"), "utf8")),
    parsed.questionnaire,
  );
  if (!answers.ok) throw new Error(JSON.stringify(answers.errors));
  return { questionnaire: parsed.questionnaire, answers: answers.answers };
}

async function profile() {
  return VendorProfileSchema.parse(
    JSON.parse(await readFile(path.join(EXAMPLES, "example-vendor.profile.json"), "utf8")),
  );
}

test("docs/examples/example-vendor.yaml is the complete example of docs/questionnaire-format.md", async () => {
  const doc = await readFile(path.join(ROOT, "docs", "questionnaire-format.md"), "utf8");
  const fromDoc = parseQuestionnaireYaml(
    /## Complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1]!,
  );
  const { questionnaire } = await example();
  expect(fromDoc.ok && fromDoc.questionnaire).toEqual(questionnaire);
});

test("the worked example: every credit, section and the overall as computed by hand", async () => {
  const { questionnaire, answers } = await example();
  const result = score(questionnaire, answers, await profile(), { asOf: AS_OF });
  const credits = Object.fromEntries(
    result.questions.map((question) => [question.questionId, question.credit]),
  );
  expect(credits).toEqual({
    "customer-data-training": 0.2,
    "opt-out-covers-old-data": 1,
    "retention-days": 0.2,
    "processing-regions": null,
    "other-countries": null,
    certifications: 0.5,
    "certificate-date": 1,
    certificate: 1,
    "red-teaming": 1,
    "red-team-report": null,
    "security-notes": null,
    "sub-processors": null,
    "processing-countries": null,
  });
  expect(row(result, "certificate-date").rule).toBe(
    "2024-09-15 is 288 days old on 2025-06-30: band 1 (0–365 days) earns 1.",
  );
  // Σ W·w = 32, Σ W·w·c = 16.1
  expect(result.possible).toBe(32);
  expect(result.earned).toBeCloseTo(16.1, 12);
  // Sections: 3.8 / 11 and 8.5 / 10
  expect(result.sections.map((section) => [section.earned, section.possible])).toEqual([
    [expect.closeTo(3.8, 12), 11],
    [8.5, 10],
  ]);
  expect(result.sections.map((section) => formatScore(section.score))).toEqual(["34.5", "85.0"]);
  // Overall 100 × 16.1 / 32 = 50.3125
  expect(result.overall).toBeCloseTo(50.3125, 9);
  expect(formatScore(result.overall)).toBe("50.3");
  // Lost: 25 + 20 + 4.6875
  expect(row(result, "customer-data-training").overallLost).toBeCloseTo(25, 9);
  expect(row(result, "retention-days").overallLost).toBeCloseTo(20, 9);
  expect(row(result, "certifications").overallLost).toBeCloseTo(4.6875, 9);
  expect(result).toMatchObject({
    scoreTier: "High",
    residualTier: "High",
    inherentTier: "High",
    riskRating: "High",
    knockouts: [],
    warnings: [],
  });
  expect(result.findings.map((finding) => [finding.severity, finding.title])).toEqual([
    ["high", "Our data is used for training unless we opt out"],
    ["medium", "Prompts are kept for more than 30 days"],
  ]);
});

test("what if retention-days is N/A: it leaves both sums", async () => {
  const { questionnaire, answers } = await example();
  const result = score(
    questionnaire,
    { ...answers, "retention-days": { kind: "na", justification: "We keep nothing." } },
    await profile(),
    { asOf: AS_OF },
  );
  // Use of our data 3 / 7; overall 100 × 14.5 / 24
  expect(result.sections[0]!.score).toBeCloseTo(300 / 7, 9);
  expect(result.overall).toBeCloseTo((100 * 14.5) / 24, 9);
  expect(result.residualTier).toBe("High");
  expect(result.findings.map((finding) => finding.questionId)).toEqual(["customer-data-training"]);
});

test("what if red-teaming is level 0: a knockout keeps a Low score at High, until it is verified", async () => {
  const { questionnaire } = await example();
  const answers = {
    "customer-data-training": value("never"),
    "opt-out-covers-old-data": value("no"), // hidden: its answer does not count
    "retention-days": value(0),
    certifications: value(["iso-27001", "soc2"]),
    "certificate-date": value("2024-09-15"),
    certificate: value(["certificate.pdf"]),
    "red-teaming": value(0),
  };
  const submitted = score(questionnaire, answers, await profile(), { asOf: AS_OF });
  // Use of our data 9 / 9; Assurance 6 / 10; overall 100 × 24 / 28
  expect(submitted.sections.map((section) => section.score)).toEqual([100, 60]);
  expect(submitted.overall).toBeCloseTo((100 * 24) / 28, 9);
  expect(submitted).toMatchObject({ scoreTier: "Low", residualTier: "High", riskRating: "High" });
  expect(submitted.findings).toMatchObject([
    { key: "red-teaming/level:0", severity: "critical", knockout: true },
  ]);

  const verified = getVerifiedQuestionIds(
    submitted.findings.map((finding) => ({ questionId: finding.questionId, verified: true })),
  );
  const current = score(questionnaire, answers, await profile(), {
    asOf: AS_OF,
    verifiedQuestionIds: verified,
  });
  // Assurance 10 / 10; overall 28 / 28
  expect(current).toMatchObject({
    overall: 100,
    residualTier: "Low",
    riskRating: "Medium",
    knockouts: [],
  });
});
