// The real library, scored: best-, worst-case and mixed answer files (fixtures/) give the
// numbers docs/scoring.md documents, and every library version can reach 100.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { loadQuestionnaireLibrary } from "~/library/files.server";
import { type Questionnaire } from "~/questionnaire/definition";
import { parseAnswersFile } from "./answers-file";
import { withBestAnswers } from "./library-answers";
import { score } from "./engine";
import { formatScore } from "~/format";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const AS_OF = "2025-06-30";

async function libraryVersions(): Promise<Questionnaire[]> {
  const library = await loadQuestionnaireLibrary(path.join(ROOT, "questionnaires"));
  expect(library.errors).toEqual([]);
  return library.versions.map((version) => version.questionnaire);
}

type Documented = {
  slug: string;
  version: string;
  answers: string;
  overall: string;
  residual: string;
  findings: number;
  knockouts: number;
};

// The table under "The library, scored" in docs/scoring.md.
async function documentedRows(): Promise<Documented[]> {
  const doc = await readFile(path.join(ROOT, "docs", "scoring.md"), "utf8");
  const rows = [
    ...doc.matchAll(
      /^\|\s*([a-z-]+) (\d+\.\d+\.\d+)\s*\|\s*(best|mixed|worst)\s*\|\s*([\d.]+)\s*\|\s*(\w+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|$/gm,
    ),
  ];
  return rows.map(([, slug, version, answers, overall, residual, findings, knockouts]) => ({
    slug: slug!,
    version: version!,
    answers: answers!,
    overall: overall!,
    residual: residual!,
    findings: Number(findings),
    knockouts: Number(knockouts),
  }));
}

test("each answers fixture scores as docs/scoring.md says", async () => {
  const versions = await libraryVersions();
  const rows = await documentedRows();
  const files = (await readdir(FIXTURES)).filter((name) => name.endsWith(".json")).sort();
  expect(rows).toHaveLength(files.length);
  expect(files).toHaveLength(9);
  for (const row of rows) {
    const name = `${row.slug}-${row.version}.${row.answers}.json`;
    const questionnaire = versions.find(
      (candidate) => candidate.slug === row.slug && candidate.version === row.version,
    );
    expect(questionnaire, name).toBeDefined();
    const parsed = parseAnswersFile(
      JSON.parse(await readFile(path.join(FIXTURES, name), "utf8")),
      questionnaire!,
    );
    expect(parsed.ok ? [] : parsed.errors, name).toEqual([]);
    if (!parsed.ok) continue;
    const result = score(questionnaire!, parsed.answers, null, { asOf: AS_OF });
    expect(
      {
        overall: formatScore(result.overall),
        residual: result.residualTier,
        findings: result.findings.length,
        knockouts: result.knockouts.length,
      },
      name,
    ).toEqual({
      overall: row.overall,
      residual: row.residual,
      findings: row.findings,
      knockouts: row.knockouts,
    });
    expect(result.warnings, name).toEqual([]);
    if (row.answers === "best") {
      expect(result.overall).toBe(100);
    }
    if (row.answers === "worst") {
      expect(result.findings.filter((finding) => finding.severity === "critical")).toHaveLength(
        result.knockouts.length,
      );
    }
    if (row.answers === "mixed") {
      // The mixed files use N/A or leave questions out, so both rules are exercised.
      const applicability = new Set(result.questions.map((question) => question.applicability));
      expect(applicability.has("unanswered"), name).toBe(true);
    }
  }
});

test("every library version can reach 100 with its best answers, and opens no finding then", async () => {
  for (const questionnaire of await libraryVersions()) {
    // Follow-ups come after the question they test, so answering in order sees them appear.
    const answers = withBestAnswers(questionnaire, {});
    const result = score(questionnaire, answers, null, { asOf: AS_OF });
    const name = `${questionnaire.slug} ${questionnaire.version}`;
    expect(result.overall, name).toBe(100);
    expect(result.residualTier, name).toBe("Low");
    expect(result.findings, name).toEqual([]);
  }
});

test("unanswered, a library questionnaire scores 0 and Critical, with no findings", async () => {
  for (const questionnaire of await libraryVersions()) {
    const result = score(
      questionnaire,
      {},
      { dataAccess: "business", criticality: "low" },
      {
        asOf: AS_OF,
      },
    );
    expect(result.overall).toBe(0);
    expect(result.residualTier).toBe("Critical");
    expect(result.riskRating).toBe("High"); // Medium inherent × Critical residual
    expect(result.findings).toEqual([]);
  }
});
