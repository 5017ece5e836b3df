// Times the scoring engine on a generated 500-question assessment: the median of many runs of
// one score, and rescoring 10,000 different assessments of one version. Deterministic input
// (seeded generator), so figures compare across machines and commits.
// Usage: tsx scripts/score-bench.ts [--questions 500] [--runs 2000] [--assessments 10000]
import { parseArgs } from "node:util";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type QuestionnaireInput } from "~/questionnaire/definition";
import { validateQuestionnaire } from "~/questionnaire/validate";
import { score } from "~/scoring/engine";
import { prepare } from "~/scoring/prepare";

const { values } = parseArgs({
  options: {
    questions: { type: "string", default: "500" },
    runs: { type: "string", default: "2000" },
    assessments: { type: "string", default: "10000" },
  },
});
const QUESTIONS = Number(values.questions);
const RUNS = Number(values.runs);
const ASSESSMENTS = Number(values.assessments);

// mulberry32: a tiny seeded PRNG, so every run benchmarks the same data.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type QuestionInput = QuestionnaireInput["sections"][number]["questions"][number];

function buildQuestionnaire(count: number) {
  const next = random(42);
  const sections: QuestionnaireInput["sections"] = [];
  const choiceIds: string[] = [];
  for (let index = 0; index < count; index++) {
    if (index % 50 === 0) {
      sections.push({
        id: `section-${sections.length + 1}`,
        title: `Section ${sections.length + 1}`,
        weight: 1 + (sections.length % 3),
        questions: [],
      });
    }
    const id = `q-${index + 1}`;
    const base = { id, text: `Question ${index + 1}?`, references: ["NCSC-SC:1"] };
    const roll = next();
    // A fifth of the questions follow up an earlier yes/no question.
    const showIf =
      choiceIds.length > 0 && next() < 0.2
        ? { equals: { question: choiceIds[Math.floor(next() * choiceIds.length)]!, value: "yes" } }
        : undefined;
    let question: QuestionInput;
    if (roll < 0.3) {
      question = {
        ...base,
        type: "single_choice",
        weight: 3,
        options: [
          { value: "a", label: "A", credit: 1 },
          { value: "b", label: "B", credit: 0.5, finding: finding("medium") },
          {
            value: "c",
            label: "C",
            credit: 0,
            knockout: next() < 0.1,
            finding: finding("critical"),
          },
        ],
      };
    } else if (roll < 0.5) {
      question = {
        ...base,
        type: "yes_no",
        weight: 2,
        options: [
          { value: "yes", credit: 1 },
          { value: "no", credit: 0, finding: finding("high") },
        ],
      };
      choiceIds.push(id);
    } else if (roll < 0.6) {
      question = {
        ...base,
        type: "multiple_choice",
        weight: 4,
        options: ["w", "x", "y", "z"].map((value) => ({ value, label: value, credit: 0.4 })),
      };
    } else if (roll < 0.7) {
      question = {
        ...base,
        type: "maturity",
        weight: 4,
        levels: [0, 1, 2, 3].map((level) => ({ level, description: `Level ${level}.` })),
      };
    } else if (roll < 0.8) {
      question = {
        ...base,
        type: "number",
        unit: "days",
        weight: 3,
        bands: [{ max: 30, credit: 1 }, { max: 90, credit: 0.5 }, { credit: 0 }],
      };
    } else if (roll < 0.85) {
      question = {
        ...base,
        type: "date",
        weight: 2,
        bands: [
          { min: 0, max: 365, credit: 1 },
          { min: 366, credit: 0 },
        ],
      };
    } else if (roll < 0.95) {
      question = { ...base, type: "long_text" };
    } else {
      question = { ...base, type: "evidence", weight: 1, scoredOnPresence: true };
    }
    sections.at(-1)!.questions.push(showIf ? { ...question, showIf } : question);
  }
  const result = validateQuestionnaire({
    slug: "bench",
    version: "1.0.0",
    title: "Benchmark questionnaire",
    description: "Generated for timing.",
    audience: "any",
    changelog: "Generated.",
    sections,
  } satisfies QuestionnaireInput);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  return result.questionnaire;

  function finding(severity: "medium" | "high" | "critical") {
    return { severity, title: `A ${severity} finding`, remediation: "Fix it." };
  }
}

function buildAnswers(questionnaire: ReturnType<typeof buildQuestionnaire>, seed: number): Answers {
  const next = random(seed);
  const answers: Record<string, Answer> = {};
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      const value = (v: Answer & { kind: "value" }) => (answers[question.id] = v);
      switch (question.type) {
        case "single_choice":
          value({ kind: "value", value: ["a", "b", "c"][Math.floor(next() * 3)]! });
          break;
        case "yes_no":
          value({ kind: "value", value: next() < 0.7 ? "yes" : "no" });
          break;
        case "multiple_choice":
          value({ kind: "value", value: ["w", "x", "y", "z"].filter(() => next() < 0.5) });
          break;
        case "maturity":
          value({ kind: "value", value: Math.floor(next() * 4) });
          break;
        case "number":
          value({ kind: "value", value: Math.floor(next() * 200) });
          break;
        case "date":
          value({
            kind: "value",
            value: `2024-${String(1 + Math.floor(next() * 12)).padStart(2, "0")}-15`,
          });
          break;
        case "evidence":
          value({ kind: "value", value: ["file-1"] });
          break;
        default:
          value({ kind: "value", value: "Some text." });
      }
    }
  }
  return answers;
}

const questionnaire = buildQuestionnaire(QUESTIONS);
const answers = buildAnswers(questionnaire, 1);
const options = { asOf: "2025-06-30" };
const profile = { dataAccess: "confidential", criticality: "high" } as const;

const prepareStart = performance.now();
const prepared = prepare(questionnaire);
const prepareMs = performance.now() - prepareStart;

for (let warm = 0; warm < 200; warm++) score(prepared, answers, profile, options);
const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  score(prepared, answers, profile, options);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const quantile = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;

// Rescoring reads assessments a page at a time, as a job paging through the database would;
// only the scoring of each page is timed.
const PAGE = 500;
let batchMs = 0;
let batchCpuMs = 0; // CPU time: what a busy, shared machine does not inflate
let checksum = 0;
for (let first = 0; first < ASSESSMENTS; first += PAGE) {
  const page = Array.from({ length: Math.min(PAGE, ASSESSMENTS - first) }, (_, index) =>
    buildAnswers(questionnaire, first + index + 2),
  );
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const assessment of page)
    checksum += score(prepared, assessment, profile, options).overall ?? 0;
  batchMs += performance.now() - start;
  const used = process.cpuUsage(cpu);
  batchCpuMs += (used.user + used.system) / 1000;
}

const result = score(prepared, answers, profile, options);
console.log(
  JSON.stringify(
    {
      node: process.version,
      questions: QUESTIONS,
      answers: Object.keys(answers).length,
      applicable: result.questions.filter((q) => q.credit !== null).length,
      hidden: result.questions.filter((q) => q.applicability === "hidden").length,
      prepareMs: round(prepareMs),
      scoreMs: {
        mean: round(times.reduce((sum, time) => sum + time, 0) / times.length),
        runs: RUNS,
        median: round(quantile(0.5)),
        p95: round(quantile(0.95)),
        max: round(times.at(-1)!),
      },
      rescore: {
        assessments: ASSESSMENTS,
        totalMs: round(batchMs),
        cpuMs: round(batchCpuMs),
        perAssessmentMs: round(batchMs / ASSESSMENTS),
      },
      checksum: round(checksum),
    },
    null,
    2,
  ),
);

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
