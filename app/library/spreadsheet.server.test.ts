// Spreadsheet files as a user hands them over: XLSX workbooks generated here from rows (so no
// binary fixtures are committed), CSV files committed as text under fixtures/spreadsheets/.
import { mkdtemp, readFile, readdir, rm, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterEach, beforeAll, expect, test } from "vitest";
import { canonicalJson } from "~/questionnaire/canonical-json";
import {
  checkQuestionnaireDir,
  contentHash,
  loadQuestionnaireLibrary,
  parseQuestionnaireYaml,
} from "./files.server";
import { type Questionnaire } from "~/questionnaire/definition";
import {
  formatSpreadsheetError,
  questionnaireToSheets,
  type Cell,
  type SpreadsheetImportResult,
} from "./spreadsheet";
import { parseCsv } from "./spreadsheet-csv";
import {
  exportQuestionnaireCsv,
  exportQuestionnaireXlsx,
  importQuestionnaireSpreadsheet,
  importQuestionnaireSpreadsheetFile,
  questionnaireYaml,
  saveQuestionnaireVersion,
} from "./spreadsheet.server";
import {
  buildQuestionnaire,
  questionnaireInput,
  textQuestion,
  yesNo,
} from "~/questionnaire/test-factory";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "spreadsheets");

let library: Questionnaire[];
let example: Questionnaire;
beforeAll(async () => {
  const loaded = await loadQuestionnaireLibrary();
  expect(loaded.errors).toEqual([]);
  library = loaded.versions.map((version) => version.questionnaire);
  const read = await importQuestionnaireSpreadsheetFile(path.join(FIXTURES, "example.csv"));
  if (!read.ok) throw new Error(read.errors.map(formatSpreadsheetError).join("\n"));
  example = read.questionnaire;
});

const temporary: string[] = [];
afterEach(async () => {
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

function messages(result: SpreadsheetImportResult): string[] | "ok" {
  return result.ok ? "ok" : result.errors.map(formatSpreadsheetError);
}

// ---------------------------------------------------------------------------------------
// Round trips

test("every library version: export to XLSX, import, and the result validates and matches", async () => {
  expect(library.length).toBeGreaterThanOrEqual(4);
  for (const questionnaire of library) {
    const result = await importQuestionnaireSpreadsheet(
      await exportQuestionnaireXlsx(questionnaire),
      { format: "xlsx" },
    );
    expect(result.ok ? canonicalJson(result.questionnaire) : messages(result)).toBe(
      canonicalJson(questionnaire),
    );
  }
});

test("every library version: export to CSV, import, and the result validates and matches", async () => {
  for (const questionnaire of library) {
    const result = await importQuestionnaireSpreadsheet(exportQuestionnaireCsv(questionnaire), {
      format: "csv",
    });
    expect(result.ok ? canonicalJson(result.questionnaire) : messages(result)).toBe(
      canonicalJson(questionnaire),
    );
  }
});

test("every library version: the YAML written for an import reads back with the same content hash", () => {
  for (const questionnaire of library) {
    const yaml = questionnaireYaml(questionnaire);
    expect(yaml.startsWith("# yaml-language-server: $schema=../schema.json\n")).toBe(true);
    const parsed = parseQuestionnaireYaml(yaml);
    expect(parsed.ok ? contentHash(parsed.questionnaire) : parsed.errors).toBe(
      contentHash(questionnaire),
    );
  }
});

// Text a spreadsheet mangles: formula starts, OOXML escapes, control characters, quotes,
// separators, line breaks, surrounding spaces and non-Latin scripts.
const AWKWARD = [
  '=HYPERLINK("http://evil.example")',
  "+44 20 7946 0000",
  "-1 means never",
  "@mention",
  "'already quoted'",
  "_x0041_ is not an A",
  "bell\u0007 and CR\r inside",
  'say "yes", then; stop',
  "two\nlines",
  "  padded  ",
  "Привет, 世界 😀",
];

test("awkward text survives XLSX, CSV and YAML exactly, and never becomes a formula", async () => {
  const questionnaire = buildQuestionnaire(
    questionnaireInput([
      AWKWARD.map((help, index) =>
        yesNo(`q${index}`, { help, text: `Question ${index}: ${help.trim()}` }),
      ),
    ]),
  );
  const xlsx = await exportQuestionnaireXlsx(questionnaire);
  for (const [format, data] of [
    ["xlsx", xlsx],
    ["csv", exportQuestionnaireCsv(questionnaire)],
  ] as const) {
    const result = await importQuestionnaireSpreadsheet(data, { format });
    expect(result.ok ? canonicalJson(result.questionnaire) : messages(result)).toBe(
      canonicalJson(questionnaire),
    );
  }
  const parsed = parseQuestionnaireYaml(questionnaireYaml(questionnaire));
  expect(parsed.ok && contentHash(parsed.questionnaire)).toBe(contentHash(questionnaire));

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as never);
  const cells: ExcelJS.Cell[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
  expect(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
  const texts = cells.map((cell) => cell.value).filter((value) => typeof value === "string");
  expect(texts).toContain('\'=HYPERLINK("http://evil.example")');
  expect(texts.filter((text) => /^[=+\-@]/.test(text as string))).toEqual([]);
});

// ---------------------------------------------------------------------------------------
// The export a vendor reads

test("the XLSX export is laid out for reading and answering on paper", async () => {
  const xlsx = await exportQuestionnaireXlsx(example);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as never);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Questionnaire", "Questions"]);
  const sheet = workbook.getWorksheet("Questions")!;
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", fitToWidth: 1 });
  expect(sheet.getColumn(3).width).toBe(60);
  expect(sheet.getCell("C3").alignment).toMatchObject({ wrapText: true });
  expect(sheet.getCell("C1").value).toBe("Text");
  expect(sheet.getCell("C1").note).toBe(
    "section title · question text · option label · level description",
  );
  // Row 3 is the single-choice question; its options are rows 4 to 6.
  expect(sheet.getCell("C3").value).toBe(
    "Are our prompts or outputs used to train any model other than ours?",
  );
  expect(sheet.getCell("F1").value).toBe("Answer");
  expect(sheet.getCell("F3").dataValidation).toMatchObject({
    type: "list",
    formulae: ["$C$4:$C$6"],
  });
  // Maturity: the answer lists the four level descriptions.
  expect(sheet.getCell("C28").value).toBe("How mature is your adversarial testing of the model?");
  expect(sheet.getCell("F28").dataValidation).toMatchObject({
    type: "list",
    formulae: ["$C$29:$C$32"],
  });
  // Multiple choice: each option row is answered yes or no.
  expect(sheet.getCell("F15").dataValidation).toMatchObject({
    type: "list",
    formulae: ['"yes,no"'],
  });
  // Number: a whole-number answer of at least 0.
  expect(sheet.getCell("F10").dataValidation).toMatchObject({ type: "whole", formulae: [0, 1e15] });
});

test("the vendor copy has the questions and an Answer column, but no scoring at all", async () => {
  const questionnaire = library.find((candidate) => candidate.slug === "ai-model-vendor")!;
  const xlsx = await exportQuestionnaireXlsx(questionnaire, { forVendor: true });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as never);
  const text: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => text.push(String(cell.value)))),
  );
  const all = text.join("\n");
  expect(all).toContain("Answer");
  expect(all).toContain(questionnaire.sections[0]!.questions[0]!.text);
  for (const heading of ["Weight", "Credit", "Knockout", "Finding title", "thresholds.low"]) {
    expect(text).not.toContain(heading);
  }
  const findings = questionnaire.sections.flatMap((section) =>
    section.questions.flatMap((question) =>
      "options" in question ? question.options.flatMap((option) => option.finding ?? []) : [],
    ),
  );
  expect(findings.length).toBeGreaterThan(5);
  for (const finding of findings) expect(all).not.toContain(finding.remediation);
});

// ---------------------------------------------------------------------------------------
// Bad rows: each names its sheet, row and column as Excel shows them.
//
// The base is the documented complete example (fixtures/spreadsheets/example.csv) as its XLSX
// export lays it out. Questions sheet rows: 2 section data-use · 3 single choice
// customer-data-training, options 4 never · 5 opt-out · 6 default-on · 7 yes/no
// opt-out-covers-old-data, options 8–9 · 10 number retention-days, bands 11–13 · 14 multiple
// choice processing-regions, options 15–17 · 18 short text · 19 section assurance · 20 multiple
// choice certifications, options 21–23 · 24 date, bands 25–26 · 27 evidence · 28 maturity
// red-teaming, levels 29–32 · 33 URL · 34 long text. Columns: A Row type · B ID · C Text ·
// D Help · E Type · F Answer · G Required · H N/A allowed · I Evidence · J Unit · K Min · L Max ·
// M Whole numbers · N Exclusive · O Show if · P References · Q Weight · R Scored on presence ·
// S Credit · T Knockout · U Finding severity · V Finding title · W Finding remediation ·
// X Finding references. Questionnaire sheet: rows 2–10 slug, version, title, description,
// audience, changelog, thresholds.low, .medium, .high in column B.

type XCell = Cell | ExcelJS.CellValue;
type Workbook = Array<{ name: string; rows: XCell[][] }>;
type Edit = (workbook: Workbook) => void;

/** `set({ "Questions!S4": 1.5 })`: put values into cells, as a person would type them. */
function set(cells: Record<string, XCell>): Edit {
  return (workbook) => {
    for (const [address, value] of Object.entries(cells)) {
      const [, sheetName, letters, digits] = /^(\w+)!([A-Z]+)(\d+)$/.exec(address)!;
      const sheet = workbook.find((candidate) => candidate.name === sheetName)!;
      const column = [...letters!].reduce((sum, char) => sum * 26 + char.charCodeAt(0) - 64, 0);
      const row = (sheet.rows[Number(digits) - 1] ??= []);
      row[column - 1] = value;
    }
  };
}

/** Insert a row before `row` (1-based), or delete `row` when `cells` is undefined. */
function row(sheetName: string, at: number, cells?: XCell[]): Edit {
  return (workbook) => {
    const sheet = workbook.find((candidate) => candidate.name === sheetName)!;
    if (cells) sheet.rows.splice(at - 1, 0, cells);
    else sheet.rows.splice(at - 1, 1);
  };
}

async function xlsxOf(workbook: Workbook, merges: string[] = []): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const sheet of workbook) {
    const worksheet = book.addWorksheet(sheet.name);
    for (const merge of merges) {
      const [sheetName, range] = merge.split("!");
      if (sheetName === sheet.name) worksheet.mergeCells(range!);
    }
    sheet.rows.forEach((cells, index) => {
      cells.forEach((value, column) => {
        if (value !== null && value !== undefined) {
          worksheet.getRow(index + 1).getCell(column + 1).value = value as ExcelJS.CellValue;
        }
      });
    });
  }
  return Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer);
}

function exampleWorkbook(): Workbook {
  return questionnaireToSheets(example).map((sheet) => ({
    name: sheet.name,
    rows: sheet.rows.map((cells) => [...cells]),
  }));
}

const TYPES =
  "yes/no, single choice, multiple choice, maturity, number, date, short text, long text, URL, evidence file, supplier list, countries";
const COLUMNS =
  "Row type, ID, Text, Help, Type, Answer, Required, N/A allowed, Evidence, Unit, Min, Max, Whole numbers, Exclusive, Show if, References, Weight, Scored on presence, Credit, Knockout, Finding severity, Finding title, Finding remediation, Finding references";

const BAD_ROWS: Array<[string, Edit[], string[]]> = [
  [
    "credit out of range",
    [set({ "Questions!S4": 1.5 })],
    ["Questions!S4 (Credit): credit is between 0 and 1"],
  ],
  [
    "credit that is not a number",
    [set({ "Questions!S4": "high" })],
    ['Questions!S4 (Credit): "high" is not a number'],
  ],
  [
    "credit missing on a scored question",
    [set({ "Questions!S5": null })],
    [
      'Questions!S5 (Credit): missing: "customer-data-training" is scored (weight 5), so every option needs a credit from 0 to 1',
    ],
  ],
  [
    "credit typed as a formula",
    [set({ "Questions!S4": { formula: "2/2", result: 1 } })],
    [
      "Questions!S4 (Credit): contains a formula (=2/2); type the value itself, because formulas are never evaluated on import",
    ],
  ],
  [
    "an error value in a cell",
    [set({ "Questions!S4": { error: "#DIV/0!" } as ExcelJS.CellErrorValue })],
    ["Questions!S4 (Credit): contains the error value #DIV/0!; type the value itself"],
  ],
  [
    "weight that is not a whole number",
    [set({ "Questions!Q3": 2.5 })],
    ["Questions!Q3 (Weight): weights are whole numbers 0–5"],
  ],
  [
    "misspelt row type",
    [set({ "Questions!A7": "qestion" })],
    [
      'Questions!A7 (Row type): unknown row type "qestion" (did you mean "question"?); use one of meta, section, question, option, level, band',
    ],
  ],
  [
    "row type left blank",
    [set({ "Questions!A7": null })],
    [
      "Questions!A7 (Row type): missing: say what this row is: section, question, option, level, band",
    ],
  ],
  [
    "a question before any section",
    [row("Questions", 2, ["question", "early", "Early?", null, "yes/no"])],
    ["Questions!A2 (Row type): a question row must come after the section row it belongs to"],
  ],
  [
    "an option before any question",
    [row("Questions", 3, ["option", "early", "Early"])],
    ["Questions!A3 (Row type): an option row must come after the question row it belongs to"],
  ],
  [
    "an option row under a number question",
    [set({ "Questions!A11": "option" })],
    ["Questions!A11 (Row type): a number question has no option rows; it is scored by band rows"],
  ],
  [
    "a level row under a single-choice question",
    [set({ "Questions!A4": "level" })],
    [
      "Questions!A4 (Row type): a single choice question has no level rows; its answers are option rows",
    ],
  ],
  [
    "a unit on a single-choice question",
    [set({ "Questions!J3": "days" })],
    [
      "Questions!J3 (Unit): only number questions have Unit; leave it blank for a single choice question",
    ],
  ],
  [
    "evidence asked of an evidence question",
    [set({ "Questions!I27": "required" })],
    ["Questions!I27 (Evidence): an evidence file question has no Evidence; leave it blank"],
  ],
  [
    "a credit on a section row",
    [set({ "Questions!S2": 1 })],
    ["Questions!S2 (Credit): a section row has no Credit; leave it blank"],
  ],
  [
    "a type on an option row",
    [set({ "Questions!E4": "yes/no" })],
    ["Questions!E4 (Type): an option row has no Type; leave it blank"],
  ],
  [
    "an exclusive option on a single-choice question",
    [set({ "Questions!N4": "yes" })],
    [
      "Questions!N4 (Exclusive): only options of multiple choice questions can be exclusive; leave it blank for a single choice question",
    ],
  ],
  [
    "misspelt question type",
    [set({ "Questions!E3": "singel choice" })],
    [
      `Questions!E3 (Type): unknown question type "singel choice" (did you mean "single choice"?); use one of ${TYPES}`,
    ],
  ],
  [
    "question type left blank",
    [set({ "Questions!E3": null })],
    [`Questions!E3 (Type): missing: every question needs a type, one of ${TYPES}`],
  ],
  [
    "yes/no cell that is neither",
    [set({ "Questions!G3": "maybe" })],
    ['Questions!G3 (Required): "maybe" is not yes or no'],
  ],
  [
    "show-if that cannot be read",
    [set({ "Questions!O7": "customer-data-training =" })],
    [
      "Questions!O7 (Show if): cannot read the condition: expected a value (an option value or a level number), but the condition ends there",
    ],
  ],
  [
    "show-if on a question that does not exist",
    [set({ "Questions!O7": "customer-data-trainig = opt-out" })],
    [
      'Questions!O7 (Show if): no question has the id "customer-data-trainig" (did you mean "customer-data-training"?)',
    ],
  ],
  [
    "show-if on a value the question does not have",
    [set({ "Questions!O7": "customer-data-training = sometimes" })],
    [
      'Questions!O7 (Show if): "sometimes" is not an option of "customer-data-training"; its options are never, opt-out, default-on',
    ],
  ],
  [
    "an unknown framework in references",
    [set({ "Questions!P3": "NCSC-SC:6; OWASP:LLM02" })],
    [
      'Questions!P3 (References): unknown framework "OWASP"; use one of NCSC-SC, NCSC-SAID, NIST-AI-RMF, NIST-AI-600-1, NIST-SP-800-53, CSA-AICM, CSA-CCM, ISO-42001, OWASP-LLM, MITRE-ATLAS, EU-AI-Act, or write ORG:OWASP:LLM02 for an organisation-defined reference',
    ],
  ],
  [
    "a duplicate question id names the row that has it first",
    [set({ "Questions!B18": "retention-days" })],
    [
      'Questions!B18 (ID): duplicate question id "retention-days": row 10 already uses it; question ids must be unique across the questionnaire, because answers are stored by question id',
    ],
  ],
  [
    "a duplicate option value names the row that has it first",
    [set({ "Questions!B16": "uk" })],
    ['Questions!B16 (ID): duplicate option value "uk": row 15 already uses it'],
  ],
  [
    "a knockout whose finding is not critical",
    [set({ "Questions!U6": "high" })],
    [
      "Questions!U6 (Finding severity): a knockout's finding must be critical (found high); set severity: critical, or remove the knockout",
    ],
  ],
  [
    "a finding without remediation",
    [set({ "Questions!W5": null })],
    ["Questions!W5 (Finding remediation): missing: this field is required (it takes text)"],
  ],
  [
    "a maturity question with three levels",
    [row("Questions", 32)],
    ["Questions row 28: a maturity question has exactly four levels, 0 to 3"],
  ],
  [
    "a maturity level above 3",
    [set({ "Questions!B32": 4 })],
    ["Questions!B32 (ID): a maturity level is 0, 1, 2 or 3"],
  ],
  [
    "a band that can never match",
    [set({ "Questions!L12": 0 })],
    [
      "Questions row 12: this band can never match: earlier bands already match every answer it covers (exactly 0); bands are tried in order and the first match wins",
    ],
  ],
  [
    "a section without questions",
    [row("Questions", 19, ["section", "empty", "Empty section"])],
    ["Questions row 19: a section needs at least one question"],
  ],
  [
    "a misspelt column heading",
    [set({ "Questions!S1": "Credt" })],
    [`Questions!S1: unknown column "Credt" (did you mean "Credit"?); the columns are ${COLUMNS}`],
  ],
  [
    "a column heading twice",
    [set({ "Questions!X1": "Credit" })],
    ['Questions!X1: the column "Credit" appears twice; column S already has it'],
  ],
  [
    "no Row type heading",
    [set({ "Questions!A1": null })],
    ['Questions row 1: row 1 must hold the column headings; "Row type" is missing'],
  ],
  [
    "a value under no heading",
    [set({ "Questions!Z5": "a note" })],
    [
      "Questions!Z5: this column has no heading, so its values would be lost; give it one of the documented headings, or clear it",
    ],
  ],
  [
    "the slug row missing",
    [row("Questionnaire", 2)],
    ["Questionnaire (slug): missing: add a row with Field slug and its Value"],
  ],
  [
    "a misspelt questionnaire field",
    [set({ "Questionnaire!A4": "tittle" })],
    [
      'Questionnaire!A4 (Field): unknown questionnaire field "tittle" (did you mean "title"?); the fields are slug, version, title, description, audience, changelog, thresholds.low, thresholds.medium, thresholds.high',
      "Questionnaire (title): missing: add a row with Field title and its Value",
    ],
  ],
  [
    "a questionnaire field given twice",
    [set({ "Questionnaire!A5": "title" })],
    [
      'Questionnaire!B5 (title): "title" is given twice; Questionnaire!B4 already gives it',
      "Questionnaire (description): missing: add a row with Field description and its Value",
    ],
  ],
  [
    "a version that is not MAJOR.MINOR.PATCH",
    [set({ "Questionnaire!B3": 1.1 })],
    [
      "Questionnaire!B3 (version): versions are MAJOR.MINOR.PATCH, e.g. 1.0.0 (no prefix or suffix)",
    ],
  ],
  [
    "thresholds out of order",
    [set({ "Questionnaire!B10": 80 })],
    [
      "Questionnaire!B10 (thresholds.high): thresholds fall from low to high: high (80) must be below medium (70)",
    ],
  ],
  [
    "an unknown audience",
    [set({ "Questionnaire!B6": "vendors" })],
    [
      'Questionnaire!B6 (audience): "vendors" is not allowed here; use one of model_api, cloud_infrastructure, data_supplier, any',
    ],
  ],
  [
    "several problems at once, in sheet and row order",
    [set({ "Questions!S21": 2, "Questions!G3": "perhaps", "Questionnaire!B3": "v1" })],
    [
      "Questionnaire!B3 (version): versions are MAJOR.MINOR.PATCH, e.g. 1.0.0 (no prefix or suffix)",
      'Questions!G3 (Required): "perhaps" is not yes or no',
      "Questions!S21 (Credit): credit is between 0 and 1",
    ],
  ],
];

test.each(BAD_ROWS)("XLSX with %s", async (_, edits, expected) => {
  const workbook = exampleWorkbook();
  for (const edit of edits) edit(workbook);
  const result = await importQuestionnaireSpreadsheet(await xlsxOf(workbook), { format: "xlsx" });
  expect(messages(result)).toEqual(expected);
});

test("the unedited base imports cleanly, so every error above comes from its edit", async () => {
  const result = await importQuestionnaireSpreadsheet(await xlsxOf(exampleWorkbook()), {
    format: "xlsx",
  });
  expect(result.ok && canonicalJson(result.questionnaire)).toBe(canonicalJson(example));
});

test("cells as Excel stores them are read as what the person typed", async () => {
  const workbook = exampleWorkbook();
  set({
    "Questions!C4": {
      richText: [
        { text: "Never, and our " },
        { text: "contract", font: { bold: true } },
        { text: " says so" },
      ],
    },
    "Questions!C8": { text: "Yes", hyperlink: "https://example.com" },
    "Questions!G3": true,
    "Questions!S5": "0.2",
    "Questions!Q3": " 5 ",
  })(workbook);
  // A label merged across Text and Help is read once, not copied into Help.
  const result = await importQuestionnaireSpreadsheet(await xlsxOf(workbook, ["Questions!C4:D4"]), {
    format: "xlsx",
  });
  expect(result.ok && canonicalJson(result.questionnaire)).toBe(canonicalJson(example));
});

test("a date Excel made of typed text is read back as the date the person typed", async () => {
  const workbook = exampleWorkbook();
  set({ "Questions!D4": new Date(Date.UTC(2025, 0, 31)) })(workbook);
  const result = await importQuestionnaireSpreadsheet(await xlsxOf(workbook), { format: "xlsx" });
  const question = result.ok ? result.questionnaire.sections[0]!.questions[0]! : undefined;
  expect(question && "options" in question && question.options[0]!.help).toBe("2025-01-31");
});

test("a CSV saved from Excel as a workbook (one sheet, metadata rows) imports too", async () => {
  const text = await readFile(path.join(FIXTURES, "example.csv"), "utf8");
  const parsed = parseCsv(text, { maxRows: 5000, maxColumns: 64 });
  if (!parsed.ok) throw new Error(parsed.message);
  const result = await importQuestionnaireSpreadsheet(
    await xlsxOf([{ name: "example", rows: parsed.rows }]),
    { format: "xlsx" },
  );
  expect(result.ok && canonicalJson(result.questionnaire)).toBe(canonicalJson(example));
});

test("a NUL or half a character in a cell is refused at that cell, in CSV and XLSX alike", async () => {
  const text = await readFile(path.join(FIXTURES, "example.csv"), "utf8");
  const nul = "example!C4: contains a NUL character (U+0000), which cannot be stored; remove it";
  // Row 4 is the title.
  const csv = await importQuestionnaireSpreadsheet(
    new TextEncoder().encode(
      text.replace("Example vendor assessment", "Example vendor\u0000 assessment"),
    ),
    { format: "csv", name: "example" },
  );
  expect(messages(csv)).toEqual([nul]);
  // XML cannot hold a NUL or half a surrogate pair: in XLSX they arrive escaped as _x0000_ and
  // _xD800_, which readers (Excel, exceljs) turn back into the character. The Help text of the
  // first question is on row 12.
  const escaped = text
    .replace("Example vendor assessment", "Example vendor_x0000_ assessment")
    .replace("Shown under the question.", "Shown under_xD800_ the question.");
  const parsed = parseCsv(escaped, { maxRows: 5000, maxColumns: 64 });
  if (!parsed.ok) throw new Error(parsed.message);
  const xlsx = await importQuestionnaireSpreadsheet(
    await xlsxOf([{ name: "example", rows: parsed.rows }]),
    { format: "xlsx" },
  );
  expect(messages(xlsx)).toEqual([
    nul,
    "example!D12: contains a broken character (half of a UTF-16 surrogate pair), which cannot be stored; retype that text",
  ]);
});

// ---------------------------------------------------------------------------------------
// CSV fixtures, committed as text: fixtures/spreadsheets/broken/<name>.csv. Errors name the
// sheet as Excel does when it opens a CSV: after the file.

const BROKEN_CSV: Record<string, string[]> = {
  "credit-out-of-range.csv": ["'credit-out-of-range'!S13 (Credit): credit is between 0 and 1"],
  "meta-missing-slug.csv": [
    "meta-missing-slug (slug): missing: add a row of type meta with ID slug and its value in Text",
  ],
  "meta-row-extra-cell.csv": [
    "'meta-row-extra-cell'!Q4 (Weight): a meta row has only ID (the field, e.g. title) and Text (its value); leave Weight blank",
  ],
  "semicolon-separated.csv": [`'semicolon-separated'!G12 (Required): "sometimes" is not yes or no`],
  "unclosed-quote.csv": [
    "unclosed-quote row 43: a quoted field is never closed: a double quote is missing",
  ],
  "formula-text.csv": [`'formula-text'!S13 (Credit): "=1/2" is not a number`],
};

test("every broken CSV fixture has its expected messages, and there is no other", async () => {
  const files = (await readdir(path.join(FIXTURES, "broken"))).sort();
  expect(files).toEqual(Object.keys(BROKEN_CSV).sort());
  for (const file of files) {
    const result = await importQuestionnaireSpreadsheetFile(path.join(FIXTURES, "broken", file));
    expect({ file, errors: messages(result) }).toEqual({ file, errors: BROKEN_CSV[file] });
  }
});

// ---------------------------------------------------------------------------------------
// Files that are not what they claim, or too big

function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

test.each<[string, () => Promise<Buffer> | Buffer, "xlsx" | "csv", string]>([
  [
    "a file over 5 MB",
    () => Buffer.alloc(5_000_001, 0x20),
    "csv",
    "Workbook: the file is 5.0 MB; the limit is 5.0 MB, far more than a questionnaire needs",
  ],
  [
    "a zip bomb: small file, huge content",
    () => zipOf([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(30_000_000) }]),
    "xlsx",
    "Workbook: not a readable XLSX file: it unpacks to more than 25 MB; a questionnaire needs far less",
  ],
  [
    "an archive whose directory understates a file's size",
    () =>
      zipOf([{ name: "xl/workbook.xml", data: Buffer.alloc(100_000, 0x61), declaredSize: 1_000 }]),
    "xlsx",
    "Workbook: not a readable XLSX file: a file inside the ZIP archive is not the size its directory declares",
  ],
  [
    "an old .xls workbook",
    () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    "xlsx",
    "Workbook: this is an old .xls workbook or a password-protected one; save it as an unprotected .xlsx",
  ],
  [
    "a CSV file renamed .xlsx",
    () => Buffer.from("Row type,ID,Text\r\n"),
    "xlsx",
    "Workbook: not an XLSX file (an XLSX file is a ZIP archive, and this is not one)",
  ],
  [
    "a ZIP archive that is not a workbook",
    () => zipOf([{ name: "hello.txt", data: Buffer.from("hello") }]),
    "xlsx",
    'Workbook: no sheet named "Questions"; the workbook has no sheets',
  ],
  [
    "a UTF-16 CSV",
    () => Buffer.from("\uFEFFRow type", "utf16le"),
    "csv",
    'Workbook: the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" instead',
  ],
  [
    "a CSV in a legacy code page",
    () => Buffer.from([0x52, 0x6f, 0x77, 0xe9, 0x0d, 0x0a]),
    "csv",
    'Workbook: the file is not UTF-8 text; save it as "CSV UTF-8 (Comma delimited)"',
  ],
  [
    "a sheet with more than 5,000 rows",
    async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet("Questions");
      sheet.getCell("A1").value = "Row type";
      sheet.getCell("A5002").value = "section";
      return Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer);
    },
    "xlsx",
    "Questions: more than 5,000 rows; a questionnaire needs far fewer (remove empty rows, or split it)",
  ],
])("refuses %s", async (_, make, format, message) => {
  const result = await importQuestionnaireSpreadsheet(await make(), { format });
  expect(messages(result)).toEqual([message]);
});

// ---------------------------------------------------------------------------------------
// Saving the imported version

async function libraryCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "assay-import-"));
  temporary.push(dir);
  await cp(path.join(process.cwd(), "questionnaires"), dir, { recursive: true });
  return dir;
}

function withVersion(questionnaire: Questionnaire, version: string, changes = {}): Questionnaire {
  return { ...structuredClone(questionnaire), version, ...changes };
}

test("a new version is written as <slug>/<version>.yaml and held to the library rules", async () => {
  const root = await libraryCopy();
  const latest = library.find(
    (candidate) => candidate.slug === "ai-model-vendor" && candidate.version === "1.1.0",
  )!;
  const saved = await saveQuestionnaireVersion(
    withVersion(latest, "1.1.1", { changelog: "Clearer wording." }),
    { root },
  );
  const file = path.join(root, "ai-model-vendor", "1.1.1.yaml");
  expect(saved).toEqual({ ok: true, file });
  const check = await checkQuestionnaireDir(root);
  // 1.1.0 was published before the library rules (decision 170); a new version made from it
  // is held to them, so the check names what to fix, in the new file only.
  expect(check.errors.length).toBeGreaterThan(0);
  for (const error of check.errors) {
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/\[library rule [a-z-]+\]$/);
  }
  expect(check.versions).toHaveLength(library.length);
});

test("an existing version is never overwritten, and the message says which version to use", async () => {
  const root = await libraryCopy();
  const file = path.join(root, "ai-model-vendor", "1.1.0.yaml");
  const before = await readFile(file, "utf8");
  const latest = library.find(
    (candidate) => candidate.slug === "ai-model-vendor" && candidate.version === "1.1.0",
  )!;
  const edited = structuredClone(latest);
  edited.sections[0]!.questions[0]!.weight = 5;
  expect(await saveQuestionnaireVersion(edited, { root })).toEqual({
    ok: false,
    errors: [
      `${file} already exists, and a published version never changes: set the version to 3.0.0 (a major bump from 2.3.0 covers these changes) and import again`,
    ],
  });
  expect(await saveQuestionnaireVersion(latest, { root })).toEqual({
    ok: false,
    errors: [`${file} already exists with exactly this content; there is nothing to import`],
  });
  expect(await readFile(file, "utf8")).toBe(before);
});

test("a bump too small for the changes is refused before anything is written", async () => {
  const root = await libraryCopy();
  const latest = library.find(
    (candidate) => candidate.slug === "ai-model-vendor" && candidate.version === "1.1.0",
  )!;
  const edited = withVersion(latest, "1.1.1");
  edited.sections[0]!.questions[0]!.weight = 5;
  const saved = await saveQuestionnaireVersion(edited, { root });
  expect(saved.ok).toBe(false);
  expect(saved.ok || saved.errors.join("\n")).toMatch(/\(1\.1\.0 → 1\.1\.1\)$/);
  await expect(readFile(path.join(root, "ai-model-vendor", "1.1.1.yaml"))).rejects.toThrow(
    /ENOENT/,
  );
});

test("a first version of a new slug goes into a new folder", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "assay-import-"));
  temporary.push(root);
  const questionnaire = buildQuestionnaire(
    questionnaireInput(
      [
        [
          yesNo("has-policy", {
            options: [
              { value: "yes", credit: 1 },
              {
                value: "no",
                credit: 0,
                finding: { severity: "high", title: "No policy", remediation: "Write one." },
              },
            ],
          }),
          textQuestion("notes"),
        ],
      ],
      { slug: "new-vendor" },
    ),
  );
  const saved = await saveQuestionnaireVersion(questionnaire, { root });
  expect(saved.ok).toBe(true);
  const text = await readFile(path.join(root, "new-vendor", "1.0.0.yaml"), "utf8");
  expect(text.split("\n").slice(0, 3)).toEqual([
    "# yaml-language-server: $schema=../schema.json",
    "slug: new-vendor",
    "version: 1.0.0",
  ]);
  await writeFile(path.join(root, "schema.json"), "{}");
  expect((await checkQuestionnaireDir(root)).errors).toEqual([]);
});
