// Library scenarios (docs/decisions/172-library-scenarios.md): postures an assessor can state in a
// sentence ("the provider encrypts nothing at rest"), each with the tier and findings it must
// produce. A scenario's answers overlay the best answer to every other question, so what it
// produces is what that posture alone causes. Every version of a slug from the scenario's
// `since` on is checked; versions before it must be the grandfathered ones.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { z } from "zod";
import { loadQuestionnaireLibrary } from "~/library/files.server";
import { compareVersions } from "~/questionnaire/diff";
import { type Questionnaire } from "~/questionnaire/definition";
import { GRANDFATHERED } from "~/questionnaire/library-rules";
import { listQuestions } from "~/questionnaire/model";
import { parseAnswersFile } from "./answers-file";
import { score } from "./engine";
import { withBestAnswers } from "./library-answers";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SCENARIOS = path.join(import.meta.dirname, "scenarios");
const AS_OF = "2025-06-30";

const ScenarioSchema = z
  .object({
    posture: z.string().min(10),
    since: z.string().regex(/^\d+\.\d+\.\d+$/),
    // Published versions the scenario showed to be wrong, fixed in a later version; they are
    // immutable, so they are listed with the reason instead of being checked.
    knownFailures: z.record(z.string(), z.string().min(10)).default({}),
    answers: z.record(z.string(), z.unknown()),
    expect: z
      .object({
        residualTier: z.enum(["Low", "Medium", "High", "Critical"]),
        knockouts: z.number().int().min(0),
        findings: z.record(z.string(), z.enum(["low", "medium", "high", "critical"])),
        // The claims whose required evidence the posture leaves out (decision 301), when the
        // scenario is about them; checked only where given.
        unsupportedClaims: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();
type Scenario = z.infer<typeof ScenarioSchema>;

async function scenariosBySlug(): Promise<Map<string, Scenario[]>> {
  const bySlug = new Map<string, Scenario[]>();
  for (const name of (await readdir(SCENARIOS)).filter((file) => file.endsWith(".json")).sort()) {
    const parsed = z
      .array(ScenarioSchema)
      .parse(JSON.parse(await readFile(path.join(SCENARIOS, name), "utf8")));
    bySlug.set(name.replace(/\.json$/, ""), parsed);
  }
  return bySlug;
}

async function library(): Promise<Questionnaire[]> {
  const { versions, errors } = await loadQuestionnaireLibrary(path.join(ROOT, "questionnaires"));
  expect(errors).toEqual([]);
  return versions.map((version) => version.questionnaire);
}

test("every scenario produces its tier and exactly its findings on every version it covers", async () => {
  const scenarios = await scenariosBySlug();
  let checked = 0;
  for (const questionnaire of await library()) {
    const name = `${questionnaire.slug} ${questionnaire.version}`;
    for (const scenario of scenarios.get(questionnaire.slug) ?? []) {
      if (compareVersions(questionnaire.version, scenario.since) < 0) continue;
      const known = Object.hasOwn(
        scenario.knownFailures,
        `${questionnaire.slug}@${questionnaire.version}`,
      );
      const parsed = parseAnswersFile(scenario.answers, questionnaire, { asOf: AS_OF });
      expect(parsed.ok ? [] : parsed.errors, `${name}: ${scenario.posture}`).toEqual([]);
      if (!parsed.ok) continue;
      const result = score(questionnaire, withBestAnswers(questionnaire, parsed.answers), null, {
        asOf: AS_OF,
      });
      const outcome = {
        residualTier: result.residualTier,
        knockouts: result.knockouts.length,
        findings: Object.fromEntries(
          result.findings.map((finding) => [finding.key, finding.severity]),
        ),
        ...(scenario.expect.unsupportedClaims
          ? { unsupportedClaims: result.unsupportedClaims.map((claim) => claim.questionId) }
          : {}),
      };
      // A known failure must still fail, or it is no longer a failure to list.
      if (known) expect(outcome, `${name}: ${scenario.posture}`).not.toEqual(scenario.expect);
      else expect(outcome, `${name}: ${scenario.posture}`).toEqual(scenario.expect);
      expect(result.warnings, `${name}: ${scenario.posture}`).toEqual([]);
      checked++;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(20);
});

test("every questionnaire under the library rules has at least four scenarios, and older versions are the grandfathered ones", async () => {
  const scenarios = await scenariosBySlug();
  for (const questionnaire of await library()) {
    const key = `${questionnaire.slug}@${questionnaire.version}`;
    if (Object.hasOwn(GRANDFATHERED, key)) continue;
    const covering = (scenarios.get(questionnaire.slug) ?? []).filter(
      (scenario) => compareVersions(questionnaire.version, scenario.since) >= 0,
    );
    expect(covering.length, key).toBeGreaterThanOrEqual(4);
  }
  // A scenario may start after a version under the rules only when that version cannot state
  // the posture: it lacks a question the scenario answers (the question came later).
  const versions = await library();
  for (const [slug, list] of scenarios) {
    for (const scenario of list) {
      const older = versions.filter(
        (questionnaire) =>
          questionnaire.slug === slug && compareVersions(questionnaire.version, scenario.since) < 0,
      );
      for (const questionnaire of older) {
        const asked = new Set(listQuestions(questionnaire).map(({ question }) => question.id));
        if (Object.keys(scenario.answers).some((id) => !asked.has(id))) continue;
        expect(Object.keys(GRANDFATHERED), scenario.posture).toContain(
          `${questionnaire.slug}@${questionnaire.version}`,
        );
      }
    }
  }
});
