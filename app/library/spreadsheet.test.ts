// The pure mapping between a questionnaire and its spreadsheet rows. File formats (XLSX, CSV
// bytes) and the table of bad-row messages are in spreadsheet.server.test.ts.
import { readFile } from "node:fs/promises";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { canonicalJson } from "~/questionnaire/canonical-json";
import { loadQuestionnaireLibrary } from "./files.server";
import {
  EVIDENCE_REQUIREMENTS,
  QuestionnaireSchema,
  SEVERITIES,
  type Condition,
  type Question,
  type Questionnaire,
} from "~/questionnaire/definition";
import {
  QUESTION_COLUMNS,
  columnLetter,
  escapeText,
  formatSpreadsheetError,
  questionnaireFromSheets,
  questionnaireToSheets,
  questionnaireToSingleSheet,
  readQuestionnaireSheets,
  type Sheet,
} from "./spreadsheet";
import { formatCsv, parseCsv } from "./spreadsheet-csv";
import { buildQuestionnaire, questionnaireInput, yesNo } from "~/questionnaire/test-factory";

let library: Questionnaire[];
beforeAll(async () => {
  const loaded = await loadQuestionnaireLibrary();
  expect(loaded.errors).toEqual([]);
  library = loaded.versions.map((version) => version.questionnaire);
});

test("every library version survives questionnaire → rows → questionnaire, in both layouts", () => {
  expect(library.length).toBeGreaterThanOrEqual(4);
  for (const questionnaire of library) {
    for (const sheets of [
      questionnaireToSheets(questionnaire),
      [questionnaireToSingleSheet(questionnaire)],
    ]) {
      const result = questionnaireFromSheets(sheets);
      expect(result.ok ? canonicalJson(result.questionnaire) : result.errors).toBe(
        canonicalJson(questionnaire),
      );
    }
  }
});

test("the committed example CSV is the documented complete example, exported", async () => {
  const doc = await readFile(
    new URL("../../docs/questionnaire-format.md", import.meta.url),
    "utf8",
  );
  const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const { parse } = await import("yaml");
  const example = buildQuestionnaire(parse(yamlBlocks.sort((a, b) => b.length - a.length)[0]!));
  const text = await readFile(
    new URL("fixtures/spreadsheets/example.csv", import.meta.url),
    "utf8",
  );
  expect(text).toBe(formatCsv(questionnaireToSingleSheet(example).rows as string[][]));
  const parsed = parseCsv(text, { maxRows: 5000, maxColumns: 64 });
  if (!parsed.ok) throw new Error(parsed.message);
  const result = questionnaireFromSheets([{ name: "example", rows: parsed.rows }]);
  expect(result.ok && canonicalJson(result.questionnaire)).toBe(canonicalJson(example));
});

test("the CSV example in docs/questionnaire-spreadsheet.md is the start of the committed example", async () => {
  const doc = await readFile(
    new URL("../../docs/questionnaire-spreadsheet.md", import.meta.url),
    "utf8",
  );
  const block = /```csv\n([\s\S]*?)```/.exec(doc)![1]!;
  const fixture = await readFile(
    new URL("fixtures/spreadsheets/example.csv", import.meta.url),
    "utf8",
  );
  const limits = { maxRows: 5000, maxColumns: 64 };
  const documented = parseCsv(block, limits);
  const committed = parseCsv(fixture, limits);
  if (!documented.ok || !committed.ok) throw new Error("unreadable CSV");
  const trimEnd = (row: string[]) => row.slice(0, row.findLastIndex((cell) => cell !== "") + 1);
  expect(documented.rows.length).toBeGreaterThan(10);
  expect(documented.rows).toEqual(committed.rows.slice(0, documented.rows.length).map(trimEnd));
});

test("the Questions sheet reads like the questionnaire: a row per section, question and answer", () => {
  const questionnaire = buildQuestionnaire(
    questionnaireInput([[yesNo("has-policy", { help: "=1+1 is text, not a formula" })]]),
  );
  const [meta, questions] = questionnaireToSheets(questionnaire);
  expect(meta!.rows.slice(0, 3)).toEqual([
    ["Field", "Value", "About"],
    ["slug", "test-questionnaire", "lower-case words joined by hyphens; the folder name"],
    ["version", "1.0.0", "MAJOR.MINOR.PATCH; a new version for every change"],
  ]);
  const pick = (row: readonly unknown[]) =>
    Object.fromEntries(
      QUESTION_COLUMNS.map((column, index) => [column.heading, row[index]]).filter(
        ([, value]) => value !== null,
      ),
    );
  expect(questions!.rows.slice(1).map(pick)).toEqual([
    { "Row type": "section", ID: "section-1", Text: "Section 1", Weight: 1 },
    {
      "Row type": "question",
      ID: "has-policy",
      Text: "Question has-policy?",
      Help: "'=1+1 is text, not a formula",
      Type: "yes/no",
      Required: "yes",
      "N/A allowed": "no",
      Evidence: "none",
      References: "NCSC-SC:5",
      Weight: 3,
    },
    { "Row type": "option", ID: "yes", Text: "Yes", Credit: 1 },
    { "Row type": "option", ID: "no", Text: "No", Credit: 0 },
  ]);
});

test("a vendor copy has no scoring: no weights, credits, findings, bands or thresholds", () => {
  const questionnaire = library.find((candidate) => candidate.slug === "ai-model-vendor")!;
  const [meta, questions] = questionnaireToSheets(questionnaire, { forVendor: true });
  expect(meta!.rows.map((row) => row[0])).not.toContain("thresholds.low");
  const headings = questions!.rows[0];
  expect(headings).not.toContain("Weight");
  expect(headings).not.toContain("Credit");
  expect(headings).not.toContain("Finding title");
  expect(headings).toContain("Answer");
  expect(questions!.rows.map((row) => row[0])).not.toContain("band");
  const full = questionnaireToSheets(questionnaire)[1]!;
  const findingTitles = full.rows.map((row) => row[21]).filter((cell) => typeof cell === "string");
  const vendorText = JSON.stringify(questions!.rows);
  for (const title of findingTitles.slice(1)) expect(vendorText).not.toContain(title);

  const result = questionnaireFromSheets([meta!, questions!]);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(formatSpreadsheetError(result.errors[0]!)).toBe(
      "Questions: there is no Weight or Credit column, so nothing is scored; if this is a vendor copy (exported with --vendor), import the full export instead",
    );
  }
});

test("cells are read leniently where a person would type differently, and strictly otherwise", () => {
  const questionnaire = buildQuestionnaire(questionnaireInput([[yesNo("has-policy")]]));
  const [meta, questions] = questionnaireToSheets(questionnaire);
  const rows = questions!.rows.map((row) => [...row]);
  // Headings in any case and spacing, or the format's field names; yes/no as TRUE/FALSE;
  // types by label or id; a number typed as text.
  rows[0] = rows[0]!.map((heading) =>
    heading === "N/A allowed" ? "allowNA" : String(heading).toUpperCase(),
  );
  rows[2]![4] = "YES_NO";
  rows[2]![6] = true;
  rows[2]![7] = "FALSE";
  rows[2]![16] = " 3 ";
  const result = questionnaireFromSheets([meta!, { name: "Questions", rows }]);
  expect(result.ok && canonicalJson(result.questionnaire)).toBe(canonicalJson(questionnaire));
});

test("errors read as Excel names cells: sheet!column+row, then the heading", () => {
  expect(
    formatSpreadsheetError({
      sheet: "Questions",
      row: 14,
      column: 19,
      heading: "Credit",
      message: "m",
    }),
  ).toBe("Questions!S14 (Credit): m");
  expect(formatSpreadsheetError({ sheet: "my file", row: 2, column: 28, message: "m" })).toBe(
    "'my file'!AB2: m",
  );
  expect(formatSpreadsheetError({ sheet: "Questions", row: 9, message: "m" })).toBe(
    "Questions row 9: m",
  );
  expect(formatSpreadsheetError({ sheet: "Questionnaire", heading: "slug", message: "m" })).toBe(
    "Questionnaire (slug): m",
  );
  expect(formatSpreadsheetError({ message: "m" })).toBe("Workbook: m");
  expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "AAA"]);
});

test("text that a spreadsheet would run as a formula is kept as text, and nothing is lost", () => {
  expect(["=SUM(A1)", "+1", "-x", "@cmd", "\tx", "'quoted", "plain"].map(escapeText)).toEqual([
    "'=SUM(A1)",
    "'+1",
    "'-x",
    "'@cmd",
    "'\tx",
    "''quoted",
    "plain",
  ]);
});

test("a workbook without a Questions sheet says which sheets it has", () => {
  const result = questionnaireFromSheets([
    { name: "Sheet1", rows: [] },
    { name: "Sheet2", rows: [] },
  ]);
  expect(result.ok || result.errors.map(formatSpreadsheetError)).toEqual([
    'Workbook: no sheet named "Questions"; the workbook has "Sheet1", "Sheet2"',
  ]);
});

// ---------------------------------------------------------------------------------------
// Property: any questionnaire the schema accepts survives the rows, whatever its text.

const id = fc.stringMatching(/^[a-z][a-z0-9]{0,4}(-[a-z0-9]{1,3}){0,2}$/);
// Fields the schema trims come out trimmed; blank optional text is the same as none.
const trimmed = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .map((text) => text.trim())
  .filter((text) => text !== "");
const help = fc.option(
  fc.string({ unit: "binary", minLength: 1, maxLength: 12 }).filter((text) => text.trim() !== ""),
  { nil: undefined },
);
const references = fc.uniqueArray(
  fc.constantFrom("NCSC-SC:5", "CSA-CCM:A&A-02", "EU-AI-Act:Art53(1)(c)", "MITRE-ATLAS:AML.T0010"),
  { maxLength: 3 },
);
const number = fc.double({ noNaN: true, noDefaultInfinity: true });
const credit = fc.double({ min: 0, max: 1, noNaN: true });
const finding = fc.option(
  fc.record({
    severity: fc.constantFrom(...SEVERITIES),
    title: trimmed,
    remediation: trimmed,
    references,
  }),
  { nil: undefined },
);
const outcome = { knockout: fc.boolean(), finding };
const conditionValue = fc.oneof(id, fc.integer({ min: 0, max: 3 }));
const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.record({ equals: fc.record({ question: id, value: conditionValue }) }),
    fc.record({
      oneOf: fc.record({
        question: id,
        values: fc.array(conditionValue, { minLength: 1, maxLength: 3 }),
      }),
    }),
    fc.record({ not: tie("node") }),
    fc.record({ all: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ any: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
  ),
})).node;

const base = {
  id,
  text: trimmed,
  help,
  required: fc.boolean(),
  allowNA: fc.boolean(),
  references,
  showIf: fc.option(condition, { nil: undefined }),
  weight: fc.integer({ min: 0, max: 5 }),
};
const evidence = fc.constantFrom(...EVIDENCE_REQUIREMENTS);
const option = {
  value: id,
  label: trimmed,
  help,
  credit: fc.option(credit, { nil: undefined }),
  ...outcome,
};
const band = fc.record({
  min: fc.option(number, { nil: undefined }),
  max: fc.option(number, { nil: undefined }),
  credit,
  ...outcome,
});
const question: fc.Arbitrary<Question> = fc.oneof(
  fc.record({
    ...base,
    evidence,
    type: fc.constant("yes_no" as const),
    // No option rows reads as the default yes and no, so generate at least one.
    options: fc.array(
      fc.record({ ...option, value: fc.constantFrom("yes" as const, "no" as const) }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({
    ...base,
    evidence,
    type: fc.constant("single_choice" as const),
    options: fc.array(fc.record(option), { minLength: 2, maxLength: 3 }),
  }),
  fc.record({
    ...base,
    evidence,
    type: fc.constant("multiple_choice" as const),
    options: fc.array(fc.record({ ...option, exclusive: fc.boolean() }), {
      minLength: 2,
      maxLength: 3,
    }),
  }),
  fc.record({
    ...base,
    evidence,
    type: fc.constant("maturity" as const),
    levels: fc.tuple(
      ...[0, 1, 2, 3].map((level) =>
        fc.record({
          level: fc.constant(level),
          description: trimmed,
          credit: fc.oneof(fc.constant([0, 1 / 3, 2 / 3, 1][level]!), credit),
          ...outcome,
        }),
      ),
    ),
  }),
  fc.record({
    ...base,
    evidence,
    type: fc.constant("number" as const),
    unit: trimmed,
    min: fc.option(number, { nil: undefined }),
    max: fc.option(number, { nil: undefined }),
    integer: fc.boolean(),
    bands: fc.array(band, { maxLength: 3 }),
  }),
  fc.record({
    ...base,
    evidence,
    type: fc.constant("date" as const),
    bands: fc.array(band, { maxLength: 3 }),
  }),
  fc.record({
    ...base,
    evidence,
    type: fc.constantFrom("short_text" as const, "long_text" as const, "url" as const),
    scoredOnPresence: fc.boolean(),
  }),
  fc.record({ ...base, type: fc.constant("evidence" as const), scoredOnPresence: fc.boolean() }),
) as fc.Arbitrary<Question>;

const questionnaire: fc.Arbitrary<Questionnaire> = fc.record(
  {
    slug: id,
    version: fc.constantFrom("1.0.0", "2.10.3"),
    title: trimmed,
    description: trimmed,
    audience: fc.constantFrom("model_api" as const, "any" as const),
    changelog: trimmed,
    thresholds: fc.record({ low: credit, medium: credit, high: credit }).map((thresholds) => ({
      low: thresholds.low * 100,
      medium: thresholds.medium * 100,
      high: thresholds.high * 100,
    })),
    sections: fc.array(
      fc.record({
        id,
        title: trimmed,
        description: help,
        weight: fc.integer({ min: 1, max: 5 }),
        questions: fc.array(question, { minLength: 1, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  },
  { noNullPrototype: true },
);

// Drops the keys fast-check sets to undefined, as a parsed file would not have them.
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

test("property: any schema-valid questionnaire reads back from its rows unchanged", () => {
  fc.assert(
    fc.property(questionnaire.map(plain), (original) => {
      // Only shape-valid input is meaningful here; the generator aims for it.
      fc.pre(QuestionnaireSchema.safeParse(original).success);
      for (const sheets of [
        questionnaireToSheets(original),
        [questionnaireToSingleSheet(original)] as Sheet[],
      ]) {
        const reading = readQuestionnaireSheets(sheets);
        expect(reading.errors).toEqual([]);
        const parsed = QuestionnaireSchema.safeParse(reading.input);
        expect(parsed.success && canonicalJson(parsed.data)).toBe(canonicalJson(original));
      }
    }),
    { numRuns: 100 },
  );
});

test("the problem count is exact: past the listed 200 the rest are counted, and the total says how many", () => {
  const [meta, questions] = questionnaireToSheets(
    buildQuestionnaire(questionnaireInput([[yesNo("a")]])),
  );
  const header = questions!.rows[0]!;
  const typeColumn = header.indexOf("Type");
  const rows = [header, questions!.rows[1]!];
  for (let n = 0; n < 250; n++) {
    const row: Array<string | null> = header.map(() => null);
    row[0] = "question";
    row[1] = `q${n}`;
    row[2] = "A question?";
    row[typeColumn] = "sometimes"; // an unknown type: one problem per row
    rows.push(row);
  }
  const result = questionnaireFromSheets([meta!, { name: "Questions", rows }]);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.total).toBe(250);
  expect(result.errors).toHaveLength(201);
  expect(result.errors.at(-1)!.message).toBe("… and 50 more problems (250 in all), not listed");
});

test("a reading problem and a document rule elsewhere are reported in the same round", () => {
  const [meta, questions] = questionnaireToSheets(
    buildQuestionnaire(questionnaireInput([[yesNo("a"), yesNo("a2"), yesNo("b")]])),
  );
  const rows = questions!.rows.map((row) => [...row]);
  const idColumn = rows[0]!.indexOf("ID");
  const typeColumn = rows[0]!.indexOf("Type");
  const rowOf = (id: string) =>
    rows.findIndex((row) => row[0] === "question" && row[idColumn] === id);
  rows[rowOf("a2")]![idColumn] = "a"; // a duplicate id: a rule over the whole document
  rows[rowOf("b")]![typeColumn] = "sometimes"; // an unknown type: a reading problem
  const result = questionnaireFromSheets([meta!, { name: "Questions", rows }]);
  expect(!result.ok && result.errors.map(formatSpreadsheetError)).toEqual([
    expect.stringMatching(/^Questions!B\d+ \(ID\): duplicate question id "a"/),
    expect.stringMatching(/^Questions!E\d+ \(Type\): unknown question type "sometimes"/),
  ]);
});
