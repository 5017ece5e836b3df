// A questionnaire version as spreadsheet rows, and back (docs/questionnaire-spreadsheet.md).
// A "Questionnaire" sheet holds the metadata as Field/Value rows; a "Questions" sheet holds one
// row per section, question, option, maturity level or band, in file order, each row saying
// what it is in its "Row type" cell. A CSV file is one sheet, so its metadata rows come first
// with row type "meta". Rows become the same plain object a YAML file parses to, and
// validateQuestionnaire judges it; every error is then mapped back from its path (e.g.
// `sections[2].questions[4].options[1].credit`) to the sheet, row and column it came from.
// Pure: the cells arrive already read (spreadsheet.server.ts does the file formats).
import { formatCondition, parseCondition } from "./spreadsheet-condition";
import { QUESTION_TYPE_LABELS, isChoiceQuestion } from "~/questionnaire/model";
import {
  DEFAULT_MATURITY_CREDITS,
  QUESTION_TYPES,
  QuestionSchema,
  type Band,
  type ChoiceOption,
  type Finding,
  type MaturityLevel,
  type Question,
  type QuestionType,
  type Questionnaire,
  type Section,
} from "~/questionnaire/definition";
import {
  closest,
  parsePath,
  textProblem,
  validateAll,
  type ValidationError,
} from "~/questionnaire/validate";

// ---------------------------------------------------------------------------------------
// Cells, sheets, errors

/** A cell as read: its value, or why the reader would not take it (a formula, an error value). */
export type Cell = string | number | boolean | null | { problem: string };
/** `rows[0]` is the sheet's row 1 and `rows[r][0]` its column A, as a person sees them. */
export type Sheet = { name: string; rows: ReadonlyArray<ReadonlyArray<Cell>> };

export type SpreadsheetError = {
  /** Absent for a problem with the workbook as a whole. */
  sheet?: string;
  /** 1-based, as Excel numbers rows. */
  row?: number;
  /** 1-based: 1 is column A. Absent when the column is not in the sheet or not relevant. */
  column?: number;
  /** The column heading (or, on the Questionnaire sheet, the field) the cell belongs to. */
  heading?: string;
  message: string;
  /** The path inside the questionnaire, for errors found by validation. */
  path?: string;
};

export type SpreadsheetImportResult =
  | { ok: true; questionnaire: Questionnaire }
  | {
      ok: false;
      /** At most `SPREADSHEET_LIMITS.maxErrors`, then one line counting the rest. */
      errors: SpreadsheetError[];
      /** How many problems there are: exact, whether or not all are listed. */
      total: number;
    };

export const QUESTIONNAIRE_SHEET = "Questionnaire";
export const QUESTIONS_SHEET = "Questions";

export const SPREADSHEET_LIMITS = {
  /** Rows per sheet, headings included; the largest library version needs about 250. */
  maxRows: 5_000,
  maxColumns: 64,
  /** Excel's own limit for one cell. */
  maxCellLength: 32_767,
  /** More errors than this are summarised: a wrong file gives thousands, and helps nobody. */
  maxErrors: 200,
} as const;

// ---------------------------------------------------------------------------------------
// Columns

export const ROW_TYPES = ["meta", "section", "question", "option", "level", "band"] as const;
export type RowType = (typeof ROW_TYPES)[number];
type ObjectRowType = Exclude<RowType, "meta">;

export type ColumnKey =
  | "rowType"
  | "id"
  | "text"
  | "help"
  | "type"
  | "answer"
  | "required"
  | "allowNA"
  | "evidence"
  | "unit"
  | "min"
  | "max"
  | "integer"
  | "exclusive"
  | "showIf"
  | "references"
  | "weight"
  | "scoredOnPresence"
  | "credit"
  | "knockout"
  | "findingSeverity"
  | "findingTitle"
  | "findingRemediation"
  | "findingReferences";

export type QuestionsColumn = {
  key: ColumnKey;
  heading: string;
  /** Other headings accepted on import: the format's field names. */
  aliases: readonly string[];
  /** Only in the full export: how answers are scored, never shown to vendors. */
  scoring: boolean;
  width: number;
  about: string;
};

/** The Questions sheet's columns, in export order. */
export const QUESTION_COLUMNS: readonly QuestionsColumn[] = [
  column("rowType", "Row type", 10, "section, question, option, level or band (meta in a CSV)"),
  column("id", "ID", 24, "section id · question id · option value · level number 0–3"),
  column("text", "Text", 60, "section title · question text · option label · level description"),
  column("help", "Help", 45, "section description · question help · option help"),
  column("type", "Type", 15, "question type, e.g. single choice (or single_choice)"),
  column("answer", "Answer", 30, "for a vendor answering in the spreadsheet; ignored on import"),
  column("required", "Required", 10, "yes or no (default yes)"),
  column("allowNA", "N/A allowed", 11, "yes or no (default no); N/A needs a justification", [
    "allowNA",
  ]),
  column("evidence", "Evidence", 12, "none, requested or required (default none)"),
  column("unit", "Unit", 10, "number questions: the unit, e.g. days"),
  column("min", "Min", 9, "number questions: smallest answer · bands: lower bound"),
  column("max", "Max", 9, "number questions: largest answer · bands: upper bound"),
  column("integer", "Whole numbers", 10, "number questions: yes for whole numbers only", [
    "integer",
  ]),
  column("exclusive", "Exclusive", 10, "multiple choice options: yes clears the other choices"),
  column("showIf", "Show if", 32, "condition, e.g. q1 = yes and q2 in (a, b); or JSON"),
  column("references", "References", 28, "framework references separated by ;"),
  column("weight", "Weight", 8, "sections 1–5 (default 1) · questions 0–5", [], true),
  column("scoredOnPresence", "Scored on presence", 10, "text, URL, evidence: yes", [], true),
  column("credit", "Credit", 8, "options, levels, bands: 0–1", [], true),
  column("knockout", "Knockout", 10, "options, levels, bands: yes for a knockout", [], true),
  column("findingSeverity", "Finding severity", 10, "low, medium, high or critical", [], true),
  column("findingTitle", "Finding title", 30, "the finding this answer opens", [], true),
  column("findingRemediation", "Finding remediation", 45, "what the vendor should do", [], true),
  column("findingReferences", "Finding references", 24, "references separated by ;", [], true),
];

function column(
  key: ColumnKey,
  heading: string,
  width: number,
  about: string,
  aliases: readonly string[] = [],
  scoring = false,
): QuestionsColumn {
  return { key, heading, aliases, scoring, width, about };
}

/** The columns an export writes: every column, or for vendors those without scoring. */
export function exportedColumns(options: ExportOptions = {}): QuestionsColumn[] {
  return QUESTION_COLUMNS.filter((candidate) => !(options.forVendor && candidate.scoring));
}

type Kind =
  | "text"
  | "token"
  | "lower"
  | "number"
  | "boolean"
  | "list"
  | "condition"
  | "questionType"
  | "level";
type FieldSpec = { field: string; kind: Kind };

const OUTCOME_FIELDS: Partial<Record<ColumnKey, FieldSpec>> = {
  credit: { field: "credit", kind: "number" },
  knockout: { field: "knockout", kind: "boolean" },
  findingSeverity: { field: "finding.severity", kind: "lower" },
  findingTitle: { field: "finding.title", kind: "text" },
  findingRemediation: { field: "finding.remediation", kind: "text" },
  findingReferences: { field: "finding.references", kind: "list" },
};

// Which column fills which field of which kind of row. A filled cell in a column its row type
// does not use is an error, so nothing typed into the sheet is silently dropped.
const ROW_FIELDS: Record<ObjectRowType, Partial<Record<ColumnKey, FieldSpec>>> = {
  section: {
    id: { field: "id", kind: "token" },
    text: { field: "title", kind: "text" },
    help: { field: "description", kind: "text" },
    weight: { field: "weight", kind: "number" },
  },
  question: {
    id: { field: "id", kind: "token" },
    text: { field: "text", kind: "text" },
    help: { field: "help", kind: "text" },
    type: { field: "type", kind: "questionType" },
    required: { field: "required", kind: "boolean" },
    allowNA: { field: "allowNA", kind: "boolean" },
    evidence: { field: "evidence", kind: "lower" },
    unit: { field: "unit", kind: "text" },
    min: { field: "min", kind: "number" },
    max: { field: "max", kind: "number" },
    integer: { field: "integer", kind: "boolean" },
    showIf: { field: "showIf", kind: "condition" },
    references: { field: "references", kind: "list" },
    weight: { field: "weight", kind: "number" },
    scoredOnPresence: { field: "scoredOnPresence", kind: "boolean" },
  },
  option: {
    id: { field: "value", kind: "token" },
    text: { field: "label", kind: "text" },
    help: { field: "help", kind: "text" },
    exclusive: { field: "exclusive", kind: "boolean" },
    ...OUTCOME_FIELDS,
  },
  level: {
    id: { field: "level", kind: "level" },
    text: { field: "description", kind: "text" },
    ...OUTCOME_FIELDS,
  },
  band: {
    min: { field: "min", kind: "number" },
    max: { field: "max", kind: "number" },
    ...OUTCOME_FIELDS,
  },
};

const CHILD_LISTS = { option: "options", level: "levels", band: "bands" } as const;

// The fields each question type has, read from the schema itself, so a column that a type
// does not use (a unit on a yes/no question) is caught with a plain message.
const QUESTION_TYPE_FIELDS = new Map<QuestionType, ReadonlySet<string>>(
  QUESTION_TYPES.map((type) => [
    type,
    new Set(Object.keys(QuestionSchema.optionsMap.get(type)?.shape ?? {})),
  ]),
);

type MetaField = { key: string; kind: Kind; scoring: boolean; required: boolean; about: string };

export const META_FIELDS: readonly MetaField[] = [
  meta("slug", "token", "lower-case words joined by hyphens; the folder name"),
  meta("version", "token", "MAJOR.MINOR.PATCH; a new version for every change"),
  meta("title", "text", "the questionnaire's title"),
  meta("description", "text", "who it is for and what it covers"),
  meta("audience", "lower", "model_api, cloud_infrastructure, data_supplier or any"),
  meta("changelog", "text", "one line: what changed in this version"),
  threshold("low", "score at or above which the tier is Low"),
  threshold("medium", "score at or above which it is Medium"),
  threshold("high", "at or above: High; below: Critical"),
];

function meta(key: string, kind: Kind, about: string): MetaField {
  return { key, kind, scoring: false, required: true, about };
}

// Thresholds are optional (defaults 85/70/50) and say how scores map to tiers: staff only.
function threshold(tier: string, about: string): MetaField {
  return { key: `thresholds.${tier}`, kind: "number", scoring: true, required: false, about };
}

const QUESTIONNAIRE_COLUMNS = ["Field", "Value", "About"] as const;

// ---------------------------------------------------------------------------------------
// Export: questionnaire → rows

export type ExportOptions = {
  /**
   * A copy to send to a vendor: no weights, credits, knockouts, findings, bands or
   * thresholds, which would tell the vendor how to score well. It cannot be imported.
   */
  forVendor?: boolean;
};

/** The two sheets of an XLSX export: Questionnaire (Field/Value/About) and Questions. */
export function questionnaireToSheets(
  questionnaire: Questionnaire,
  options: ExportOptions = {},
): Sheet[] {
  const metaRows = META_FIELDS.filter((field) => !(options.forVendor && field.scoring)).map(
    (field) => [field.key, metaValue(questionnaire, field), field.about],
  );
  return [
    { name: QUESTIONNAIRE_SHEET, rows: [[...QUESTIONNAIRE_COLUMNS], ...metaRows] },
    {
      name: QUESTIONS_SHEET,
      rows: questionRows(questionnaire, exportedColumns(options), options),
    },
  ];
}

/** One sheet for CSV: the metadata as `meta` rows first, then the Questions rows. */
export function questionnaireToSingleSheet(
  questionnaire: Questionnaire,
  name: string = QUESTIONS_SHEET,
): Sheet {
  const columns = exportedColumns();
  const metaRows = META_FIELDS.map((field) =>
    toRow(columns, { rowType: "meta", id: field.key, text: metaValue(questionnaire, field) }),
  );
  const [header, ...rows] = questionRows(questionnaire, columns, {});
  return { name, rows: [header!, ...metaRows, ...rows] };
}

function metaValue(questionnaire: Questionnaire, field: MetaField): Cell {
  const [key, sub] = field.key.split(".") as [keyof Questionnaire, string | undefined];
  const value = sub
    ? (questionnaire[key] as Record<string, unknown>)[sub]
    : (questionnaire[key] as unknown);
  return typeof value === "number" ? value : escapeText(String(value));
}

function questionRows(
  questionnaire: Questionnaire,
  columns: readonly QuestionsColumn[],
  options: ExportOptions,
): Cell[][] {
  const rows: Cell[][] = [columns.map((candidate) => candidate.heading)];
  for (const section of questionnaire.sections) {
    rows.push(toRow(columns, sectionCells(section)));
    for (const question of section.questions) {
      rows.push(toRow(columns, questionCells(question)));
      if (isChoiceQuestion(question)) {
        for (const option of question.options) rows.push(toRow(columns, optionCells(option)));
      } else if (question.type === "maturity") {
        for (const level of question.levels) rows.push(toRow(columns, levelCells(level)));
      } else if ((question.type === "number" || question.type === "date") && !options.forVendor) {
        for (const band of question.bands) rows.push(toRow(columns, bandCells(band)));
      }
    }
  }
  return rows;
}

type RowCells = Partial<Record<ColumnKey, Cell>>;

function toRow(columns: readonly QuestionsColumn[], cells: RowCells): Cell[] {
  return columns.map((candidate) => cells[candidate.key] ?? null);
}

function sectionCells(section: Section): RowCells {
  return {
    rowType: "section",
    id: section.id,
    text: escapeText(section.title),
    help: optionalText(section.description),
    weight: section.weight,
  };
}

function questionCells(question: Question): RowCells {
  const cells: RowCells = {
    rowType: "question",
    id: question.id,
    text: escapeText(question.text),
    help: optionalText(question.help),
    type: QUESTION_TYPE_LABELS[question.type],
    required: yesNo(question.required),
    allowNA: yesNo(question.allowNA),
    showIf: question.showIf ? escapeText(formatCondition(question.showIf)) : null,
    references: joinList(question.references),
    weight: question.weight,
  };
  if ("evidence" in question) cells.evidence = question.evidence;
  if (question.type === "number") {
    cells.unit = escapeText(question.unit);
    cells.min = question.min ?? null;
    cells.max = question.max ?? null;
    cells.integer = yesNo(question.integer);
  }
  if ("scoredOnPresence" in question) cells.scoredOnPresence = yesNo(question.scoredOnPresence);
  return cells;
}

function optionCells(option: ChoiceOption): RowCells {
  return {
    rowType: "option",
    id: option.value,
    text: escapeText(option.label),
    help: optionalText(option.help),
    exclusive: "exclusive" in option && option.exclusive ? "yes" : null,
    credit: option.credit ?? null,
    ...outcomeCells(option),
  };
}

function levelCells(level: MaturityLevel): RowCells {
  return {
    rowType: "level",
    id: level.level,
    text: escapeText(level.description),
    // Default credits (0, ⅓, ⅔, 1) stay blank: they read better than 0.3333333333333333.
    credit: level.credit === DEFAULT_MATURITY_CREDITS[level.level] ? null : level.credit,
    ...outcomeCells(level),
  };
}

function bandCells(band: Band): RowCells {
  return {
    rowType: "band",
    min: band.min ?? null,
    max: band.max ?? null,
    credit: band.credit,
    ...outcomeCells(band),
  };
}

function outcomeCells(outcome: { knockout: boolean; finding?: Finding }): RowCells {
  const { finding } = outcome;
  return {
    knockout: outcome.knockout ? "yes" : null,
    findingSeverity: finding?.severity ?? null,
    findingTitle: finding ? escapeText(finding.title) : null,
    findingRemediation: finding ? escapeText(finding.remediation) : null,
    findingReferences: finding ? joinList(finding.references) : null,
  };
}

function optionalText(text: string | undefined): Cell {
  return text === undefined || text.trim() === "" ? null : escapeText(text);
}

function joinList(items: readonly string[]): Cell {
  return items.length > 0 ? items.join("; ") : null;
}

function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}

// A cell starting = + - @ (or tab/CR, which some readers strip first) becomes a formula when
// someone edits it or opens the CSV (OWASP "CSV injection";
// docs/decisions/031-spreadsheet-formulas-refused.md). An apostrophe in front keeps it text, as
// Excel itself does. Text that already starts with an apostrophe gets another, so import can always
// drop exactly one and nothing is lost.
const FORMULA_START = /^[=+\-@\t\r']/;

export function escapeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function unescapeText(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

// ---------------------------------------------------------------------------------------
// Import: rows → questionnaire

type Location = { sheet?: string; row?: number; column?: number; heading?: string };
type RowRecord = { sheet: string; row: number; type: ObjectRowType; header: Header };
type Header = { columns: Map<ColumnKey, { index: number; heading: string }> };

export type SheetReading = {
  /** The questionnaire as a plain object, as a YAML file would parse to (defaults not applied). */
  input: Record<string, unknown>;
  errors: SpreadsheetError[];
  /** Where a validation path came from. */
  locate: (path: string) => Location;
  /** Sheets that could not be read at all (no headings, too big): validation there is noise. */
  unreadable: ReadonlySet<string>;
  /** No Weight and no Credit column: most likely a vendor copy, which has no scoring. */
  unscored: boolean;
  questionsSheet: string;
  /** Nothing could be read (no Questions sheet): validating would only list every field. */
  fatal: boolean;
  /** Option, level or band lists with a refused row: judging the rest as a whole is noise. */
  incomplete: ReadonlySet<string>;
};

/** Rows → validated questionnaire, or every problem with its sheet, row and column. */
export function questionnaireFromSheets(sheets: readonly Sheet[]): SpreadsheetImportResult {
  // A cell holding what is not storable text (a NUL, a control character) is refused at the
  // cell, before its value is turned into anything else and the message loses where it was.
  const unstorable = unstorableCells(sheets);
  if (unstorable.length > 0) return failure(unstorable);
  const reading = readQuestionnaireSheets(sheets);
  if (reading.fatal) return failure(reading.errors);
  const validation = validateAll(reading.input);
  if (validation.ok && reading.errors.length === 0) {
    return { ok: true, questionnaire: validation.questionnaire };
  }
  const sorted = sheetProblems(reading, validation.ok ? [] : validation.errors, sheets);
  if (reading.unscored) {
    sorted.unshift({
      sheet: reading.questionsSheet,
      message:
        "there is no Weight or Credit column, so nothing is scored; if this is a vendor copy (exported with --vendor), import the full export instead",
    });
  }
  return failure(sorted);
}

function failure(errors: SpreadsheetError[]): SpreadsheetImportResult {
  return { ok: false, errors: limitErrors(errors), total: errors.length };
}

/**
 * The reading's problems and validation's, each at its sheet, row and column, in sheet and row
 * order. Validation runs even when reading found problems, so one round of fixes covers both;
 * a validation error on a cell that already has a reading error would only repeat it.
 */
export function sheetProblems(
  reading: SheetReading,
  validationErrors: readonly ValidationError[],
  sheets: readonly Sheet[],
): SpreadsheetError[] {
  const errors = [...reading.errors];
  const seen = new Set(errors.map(locationKey));
  for (const error of validationErrors) {
    const location = reading.locate(error.path);
    if (seen.has(locationKey(location)) || reading.incomplete.has(error.path)) continue;
    if (location.sheet !== undefined && reading.unreadable.has(location.sheet)) continue;
    const message = pathsAsRows(error.message, error.path, reading.locate);
    errors.push({ ...location, message, path: error.path });
  }
  return sortErrors(errors, sheets);
}

export function unstorableCells(sheets: readonly Sheet[]): SpreadsheetError[] {
  const errors: SpreadsheetError[] = [];
  for (const sheet of sheets) {
    const problem = textProblem(sheet.name);
    if (problem) errors.push({ message: `a sheet name ${problem}` });
    sheet.rows.forEach((cells, index) =>
      cells.forEach((cell, column) => {
        const problem = typeof cell === "string" ? textProblem(cell) : null;
        if (problem)
          errors.push({ sheet: sheet.name, row: index + 1, column: column + 1, message: problem });
      }),
    );
  }
  return errors;
}

/** Reads the rows into the questionnaire's plain object, with the problems found on the way. */
export function readQuestionnaireSheets(sheets: readonly Sheet[]): SheetReading {
  const reader = new SheetReader();
  const metaSheet = sheets.find((sheet) => sameName(sheet.name, QUESTIONNAIRE_SHEET));
  const questionsSheet =
    sheets.find((sheet) => sameName(sheet.name, QUESTIONS_SHEET)) ??
    onlyOne(sheets.filter((sheet) => sheet !== metaSheet));
  if (!questionsSheet) {
    reader.fatal = true;
    reader.errors.push({
      message: `no sheet named "${QUESTIONS_SHEET}"; the workbook has ${sheets.map((sheet) => `"${sheet.name}"`).join(", ") || "no sheets"}`,
    });
    return reader.result();
  }
  if (metaSheet) reader.readMetaSheet(metaSheet);
  reader.readQuestionsSheet(questionsSheet, metaSheet);
  return reader.result();
}

class SheetReader {
  readonly errors: SpreadsheetError[] = [];
  private readonly input: Record<string, unknown> = {};
  private readonly sections: Array<Record<string, unknown>> = [];
  private readonly rows = new Map<string, RowRecord>();
  private readonly meta = new Map<string, Location>();
  private readonly unreadable = new Set<string>();
  // Sheets not read at all (too big, no headings), a subset of `unreadable`.
  private readonly unread = new Set<string>();
  private metaHome: string = QUESTIONS_SHEET;
  private questionsHome: string = QUESTIONS_SHEET;
  private unscored = false;
  private readonly incomplete = new Set<string>();
  private readonly reportedOnce = new Set<string>();
  fatal = false;

  result(): SheetReading {
    return {
      input: this.input,
      errors: this.errors,
      locate: (path) => this.locate(path),
      unreadable: this.unreadable,
      unscored: this.unscored,
      questionsSheet: this.questionsHome,
      fatal: this.fatal,
      incomplete: this.incomplete,
    };
  }

  readMetaSheet(sheet: Sheet): void {
    this.metaHome = sheet.name;
    if (!this.checkSize(sheet)) return;
    const headings = QUESTIONNAIRE_COLUMNS.map((heading) => ({
      key: heading.toLowerCase(),
      names: [heading],
    }));
    const header = this.readHeader(sheet, headings, ["field", "value"]);
    if (!header) return;
    const field = header.get("field")!;
    const value = header.get("value")!;
    sheet.rows.forEach((cells, index) => {
      if (index === 0 || cells.every(isBlank)) return;
      const row = index + 1;
      this.checkUnheaded(sheet, cells, row, header);
      const name = cells[field.index];
      if (isBlank(name)) {
        this.errors.push({
          ...at(sheet, row, field),
          message: "missing: name the field this row gives, e.g. title",
        });
        return;
      }
      this.readMetaField(sheet, row, name!, field, cells[value.index] ?? null, value);
    });
  }

  readQuestionsSheet(sheet: Sheet, metaSheet: Sheet | undefined): void {
    if (!metaSheet) this.metaHome = sheet.name;
    this.questionsHome = sheet.name;
    this.input.sections = this.sections;
    if (!this.checkSize(sheet)) return this.finishMeta();
    const specs = QUESTION_COLUMNS.map((candidate) => ({
      key: candidate.key,
      names: [candidate.heading, ...candidate.aliases],
    }));
    const columns = this.readHeader(sheet, specs, ["rowType", "id", "text"]);
    if (!columns) return this.finishMeta();
    const header: Header = { columns: columns as Header["columns"] };
    this.unscored = !columns.has("weight") && !columns.has("credit");

    let section: Record<string, unknown> | undefined;
    let sectionPath = "";
    let question: Record<string, unknown> | undefined;
    let questionPath = "";
    sheet.rows.forEach((cells, index) => {
      if (index === 0 || cells.every(isBlank)) return;
      const row = index + 1;
      this.checkUnheaded(sheet, cells, row, columns);
      const typeColumn = columns.get("rowType")!;
      const rawType = cells[typeColumn.index] ?? null;
      const rowType = this.readRowType(sheet, row, typeColumn, rawType);
      if (!rowType) return;
      if (rowType === "meta") {
        this.readMetaRow(sheet, row, cells, header);
        return;
      }
      if (rowType === "section") {
        section = { questions: [] };
        sectionPath = `sections[${this.sections.length}]`;
        this.sections.push(section);
        question = undefined;
        this.fillRow(sheet, row, cells, header, "section", section, sectionPath, undefined);
        return;
      }
      if (rowType === "question") {
        if (!section) {
          this.errors.push({
            ...at(sheet, row, typeColumn),
            message: "a question row must come after the section row it belongs to",
          });
          return;
        }
        const questions = section.questions as Array<Record<string, unknown>>;
        question = {};
        questionPath = `${sectionPath}.questions[${questions.length}]`;
        questions.push(question);
        const type = this.readQuestionType(sheet, row, cells, header);
        if (type) question.type = type;
        // An empty list makes validation say "needs at least two options" rather than "missing".
        if (type === "single_choice" || type === "multiple_choice") question.options = [];
        if (type === "maturity") question.levels = [];
        this.fillRow(sheet, row, cells, header, "question", question, questionPath, type);
        return;
      }
      if (!question) {
        this.errors.push({
          ...at(sheet, row, typeColumn),
          message: `${article(rowType)} ${rowType} row must come after the question row it belongs to`,
        });
        return;
      }
      const type = question.type as QuestionType | undefined;
      const list = CHILD_LISTS[rowType];
      if (type && !QUESTION_TYPE_FIELDS.get(type)?.has(list)) {
        const own = ["options", "levels", "bands"].find((candidate) =>
          QUESTION_TYPE_FIELDS.get(type)?.has(candidate),
        );
        if (own) this.incomplete.add(`${questionPath}.${own}`);
        this.errors.push({
          ...at(sheet, row, typeColumn),
          message: `${article(QUESTION_TYPE_LABELS[type])} ${QUESTION_TYPE_LABELS[type]} question has no ${rowType} rows; ${childRowsHint(type)}`,
        });
        return;
      }
      const children = (question[list] ??= []) as Array<Record<string, unknown>>;
      const child: Record<string, unknown> = {};
      const childPath = `${questionPath}.${list}[${children.length}]`;
      children.push(child);
      this.fillRow(sheet, row, cells, header, rowType, child, childPath, type);
    });
    this.finishMeta();
  }

  private checkSize(sheet: Sheet): boolean {
    if (sheet.rows.length > SPREADSHEET_LIMITS.maxRows) {
      this.unreadable.add(sheet.name);
      this.unread.add(sheet.name);
      this.errors.push({
        sheet: sheet.name,
        message: `more than ${SPREADSHEET_LIMITS.maxRows.toLocaleString("en")} rows; a questionnaire needs far fewer (remove empty rows, or split it)`,
      });
      return false;
    }
    return true;
  }

  private readHeader(
    sheet: Sheet,
    specs: ReadonlyArray<{ key: string; names: readonly string[] }>,
    required: readonly string[],
  ): Map<string, { index: number; heading: string }> | undefined {
    const byName = new Map<string, string>();
    for (const spec of specs) for (const name of spec.names) byName.set(normalise(name), spec.key);
    const found = new Map<string, { index: number; heading: string }>();
    const first = sheet.rows[0] ?? [];
    const before = this.errors.length;
    first.forEach((cell, index) => {
      if (isBlank(cell)) return;
      const location = { sheet: sheet.name, row: 1, column: index + 1 };
      if (isProblem(cell)) {
        this.errors.push({ ...location, message: cell.problem });
        return;
      }
      const heading = cellText(cell!).trim();
      const key = byName.get(normalise(heading));
      if (!key) {
        const suggestion = closest(
          heading,
          specs.map((spec) => spec.names[0]!),
        );
        this.errors.push({
          ...location,
          message: `unknown column "${heading}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; the columns are ${specs.map((spec) => spec.names[0]).join(", ")}`,
        });
        return;
      }
      const earlier = found.get(key);
      if (earlier) {
        this.errors.push({
          ...location,
          message: `the column "${heading}" appears twice; column ${columnLetter(earlier.index + 1)} already has it`,
        });
        return;
      }
      found.set(key, { index, heading });
    });
    const missing = required.filter((key) => !found.has(key));
    if (missing.length > 0) {
      const names = missing.map((key) => specs.find((spec) => spec.key === key)!.names[0]);
      this.errors.push({
        sheet: sheet.name,
        row: 1,
        message: `row 1 must hold the column headings; ${names.map((name) => `"${name}"`).join(", ")} ${names.length === 1 ? "is" : "are"} missing`,
      });
      this.unreadable.add(sheet.name);
      this.unread.add(sheet.name);
      return undefined;
    }
    // With a heading wrong, a whole column is unread: what validation would then say about
    // every row is noise until the heading is fixed. Row-level problems are still reported.
    if (this.errors.length > before) this.unreadable.add(sheet.name);
    return found;
  }

  // A value under no heading would be lost on import; say so once per column.
  private checkUnheaded(
    sheet: Sheet,
    cells: readonly Cell[],
    row: number,
    columns: Map<string, { index: number }>,
  ): void {
    const headed = new Set([...columns.values()].map((entry) => entry.index));
    cells.forEach((cell, index) => {
      if (isBlank(cell) || headed.has(index)) return;
      const header = sheet.rows[0]?.[index];
      if (!isBlank(header ?? null)) return; // an unknown heading is already reported
      const key = `${sheet.name}|unheaded|${index}`;
      if (this.reportedOnce.has(key)) return;
      this.reportedOnce.add(key);
      this.errors.push({
        sheet: sheet.name,
        row,
        column: index + 1,
        message:
          "this column has no heading, so its values would be lost; give it one of the documented headings, or clear it",
      });
    });
  }

  private readRowType(
    sheet: Sheet,
    row: number,
    typeColumn: { index: number; heading: string },
    raw: Cell,
  ): RowType | undefined {
    const location = at(sheet, row, typeColumn);
    if (isProblem(raw)) {
      this.errors.push({ ...location, message: raw.problem });
      return undefined;
    }
    if (isBlank(raw)) {
      this.errors.push({
        ...location,
        message: `missing: say what this row is: ${ROW_TYPES.slice(1).join(", ")}`,
      });
      return undefined;
    }
    const text = cellText(raw!).trim().toLowerCase();
    const rowType = ROW_TYPES.find((candidate) => candidate === text);
    if (!rowType) {
      const suggestion = closest(text, ROW_TYPES);
      this.errors.push({
        ...location,
        message: `unknown row type "${text}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; use one of ${ROW_TYPES.join(", ")}`,
      });
    }
    return rowType;
  }

  private readQuestionType(
    sheet: Sheet,
    row: number,
    cells: readonly Cell[],
    header: Header,
  ): QuestionType | undefined {
    const typeColumn = header.columns.get("type");
    const raw = typeColumn ? (cells[typeColumn.index] ?? null) : null;
    if (!typeColumn) return undefined; // validation says it is missing, at the row
    if (isBlank(raw)) {
      this.errors.push({
        ...at(sheet, row, typeColumn),
        message: `missing: every question needs a type, one of ${QUESTION_TYPES.map((type) => QUESTION_TYPE_LABELS[type]).join(", ")}`,
      });
      return undefined;
    }
    if (isProblem(raw)) {
      this.errors.push({ ...at(sheet, row, typeColumn), message: raw.problem });
      return undefined;
    }
    const text = cellText(raw!).trim().toLowerCase();
    const type = QUESTION_TYPES.find(
      (candidate) =>
        candidate === text.replace(/[\s-]+/g, "_") ||
        QUESTION_TYPE_LABELS[candidate].toLowerCase() === text,
    );
    if (!type) {
      const labels = QUESTION_TYPES.map((candidate) => QUESTION_TYPE_LABELS[candidate]);
      const suggestion = closest(text, labels);
      this.errors.push({
        ...at(sheet, row, typeColumn),
        message: `unknown question type "${cellText(raw!).trim()}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; use one of ${labels.join(", ")}`,
      });
    }
    return type;
  }

  private fillRow(
    sheet: Sheet,
    row: number,
    cells: readonly Cell[],
    header: Header,
    rowType: ObjectRowType,
    target: Record<string, unknown>,
    path: string,
    questionType: QuestionType | undefined,
  ): void {
    this.rows.set(path, { sheet: sheet.name, row, type: rowType, header });
    const fields = ROW_FIELDS[rowType];
    for (const [key, entry] of header.columns) {
      if (key === "rowType" || key === "answer") continue;
      const cell = cells[entry.index] ?? null;
      if (isBlank(cell)) continue;
      const location = at(sheet, row, entry);
      const spec = fields[key];
      if (!spec) {
        this.errors.push({
          ...location,
          message: `${article(rowType)} ${rowType} row has no ${entry.heading}; leave it blank`,
        });
        continue;
      }
      if (key === "type") continue; // read before the other fields
      const misplaced = misplacedField(rowType, spec.field, questionType);
      if (misplaced) {
        this.errors.push({ ...location, message: misplaced });
        continue;
      }
      const value = readCell(cell!, spec.kind);
      if ("problem" in value) {
        this.errors.push({ ...location, message: value.problem });
        continue;
      }
      setField(target, spec.field, value.value);
    }
    if (rowType === "question" && questionType) target.type = questionType;
  }

  private readMetaRow(sheet: Sheet, row: number, cells: readonly Cell[], header: Header): void {
    const id = header.columns.get("id")!;
    const text = header.columns.get("text")!;
    for (const [key, entry] of header.columns) {
      if (key === "rowType" || key === "answer" || key === "id" || key === "text") continue;
      if (!isBlank(cells[entry.index] ?? null)) {
        this.errors.push({
          ...at(sheet, row, entry),
          message: `a meta row has only ${id.heading} (the field, e.g. title) and ${text.heading} (its value); leave ${entry.heading} blank`,
        });
      }
    }
    const name = cells[id.index] ?? null;
    if (isBlank(name)) {
      this.errors.push({
        ...at(sheet, row, id),
        message: "missing: name the questionnaire field this row gives, e.g. title",
      });
      return;
    }
    this.readMetaField(sheet, row, name!, id, cells[text.index] ?? null, text);
  }

  private readMetaField(
    sheet: Sheet,
    row: number,
    name: NonNullable<Cell>,
    nameColumn: { index: number; heading: string },
    value: Cell,
    valueColumn: { index: number; heading: string },
  ): void {
    if (isProblem(name)) {
      this.errors.push({ ...at(sheet, row, nameColumn), message: name.problem });
      return;
    }
    const key = cellText(name).trim();
    const field = META_FIELDS.find((candidate) => normalise(candidate.key) === normalise(key));
    if (!field) {
      const keys = META_FIELDS.map((candidate) => candidate.key);
      const suggestion = closest(key, keys);
      this.errors.push({
        ...at(sheet, row, nameColumn),
        message: `unknown questionnaire field "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; the fields are ${keys.join(", ")}`,
      });
      return;
    }
    const location: Location = {
      sheet: sheet.name,
      row,
      column: valueColumn.index + 1,
      heading: field.key,
    };
    const earlier = this.meta.get(field.key);
    if (earlier) {
      this.errors.push({
        ...location,
        message: `"${field.key}" is given twice; ${reference(earlier)} already gives it`,
      });
      return;
    }
    this.meta.set(field.key, location);
    if (isBlank(value)) return; // reported as missing by validation, at this cell
    const read = readCell(value!, field.kind);
    if ("problem" in read) {
      this.errors.push({ ...location, message: read.problem });
      return;
    }
    setField(this.input, field.key, read.value);
  }

  // Required fields with no row at all: say how to add one, in this layout's terms.
  private finishMeta(): void {
    if (this.unread.has(this.metaHome)) return;
    const viaRows = !sameName(this.metaHome, QUESTIONNAIRE_SHEET);
    for (const field of META_FIELDS) {
      if (!field.required || this.meta.has(field.key)) continue;
      this.errors.push({
        sheet: this.metaHome,
        heading: field.key,
        message: viaRows
          ? `missing: add a row of type meta with ID ${field.key} and its value in Text`
          : `missing: add a row with Field ${field.key} and its Value`,
      });
    }
  }

  private locate(path: string): Location {
    const segments = parsePath(path);
    const head = segments[0];
    if (head !== "sections") {
      const key =
        head === "thresholds" && typeof segments[1] === "string"
          ? `thresholds.${segments[1]}`
          : String(head ?? "");
      return this.meta.get(key) ?? { sheet: this.metaHome, heading: key || undefined };
    }
    for (let length = segments.length; length > 0; length--) {
      const objectPath = formatSegments(segments.slice(0, length));
      const record = this.rows.get(objectPath);
      if (!record) continue;
      const rest = segments.slice(length);
      const rowLocation: Location = { sheet: record.sheet, row: record.row };
      if (rest.length === 0 || typeof rest[0] !== "string") return rowLocation;
      const field =
        rest[0] === "finding"
          ? `finding.${typeof rest[1] === "string" ? rest[1] : "severity"}`
          : rest[0];
      const key = (Object.keys(ROW_FIELDS[record.type]) as ColumnKey[]).find(
        (candidate) => ROW_FIELDS[record.type][candidate]!.field === field,
      );
      if (!key) return rowLocation;
      const entry = record.header.columns.get(key);
      const heading = entry?.heading ?? QUESTION_COLUMNS.find((c) => c.key === key)!.heading;
      return { ...rowLocation, column: entry ? entry.index + 1 : undefined, heading };
    }
    return { sheet: this.questionsHome };
  }
}

function misplacedField(
  rowType: ObjectRowType,
  field: string,
  questionType: QuestionType | undefined,
): string | undefined {
  if (!questionType) return undefined;
  const label = QUESTION_TYPE_LABELS[questionType];
  if (rowType === "question" && !QUESTION_TYPE_FIELDS.get(questionType)?.has(field)) {
    const having = QUESTION_TYPES.filter((type) => QUESTION_TYPE_FIELDS.get(type)?.has(field));
    const heading = QUESTION_COLUMNS.find(
      (candidate) => ROW_FIELDS.question[candidate.key]?.field === field,
    )!.heading;
    return having.length > QUESTION_TYPES.length / 2
      ? `${article(label)} ${label} question has no ${heading}; leave it blank`
      : `only ${having.map((type) => QUESTION_TYPE_LABELS[type]).join(" and ")} questions have ${heading}; leave it blank for ${article(label)} ${label} question`;
  }
  if (rowType === "option" && field === "exclusive" && questionType !== "multiple_choice") {
    return `only options of multiple choice questions can be exclusive; leave it blank for ${article(label)} ${label} question`;
  }
  return undefined;
}

function childRowsHint(type: QuestionType): string {
  const fields = QUESTION_TYPE_FIELDS.get(type);
  if (fields?.has("options")) return "its answers are option rows";
  if (fields?.has("levels")) return "its answers are level rows 0 to 3";
  if (fields?.has("bands")) return "it is scored by band rows";
  return "it has no rows below it";
}

type Read = { value: unknown } | { problem: string };
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function readCell(cell: NonNullable<Cell>, kind: Kind): Read {
  if (isProblem(cell)) return { problem: cell.problem };
  if (typeof cell === "string" && cell.length > SPREADSHEET_LIMITS.maxCellLength) {
    return {
      problem: `longer than ${SPREADSHEET_LIMITS.maxCellLength.toLocaleString("en")} characters, the most a cell holds`,
    };
  }
  const text = cellText(cell);
  switch (kind) {
    case "text":
      return { value: text };
    case "token":
    case "questionType":
      return { value: text.trim() };
    case "lower":
      return { value: text.trim().toLowerCase() };
    case "number": {
      if (typeof cell === "number") {
        return Number.isFinite(cell) ? { value: cell } : { problem: "is not a finite number" };
      }
      const trimmed = text.trim();
      return NUMBER.test(trimmed) && typeof cell === "string"
        ? { value: Number(trimmed) }
        : { problem: `"${trimmed}" is not a number` };
    }
    case "level": {
      const read = readCell(cell, "number");
      return "value" in read && ![0, 1, 2, 3].includes(read.value as number)
        ? { problem: "a maturity level is 0, 1, 2 or 3" }
        : read;
    }
    case "boolean": {
      if (typeof cell === "boolean") return { value: cell };
      const word = text.trim().toLowerCase();
      if (["yes", "y", "true", "1"].includes(word)) return { value: true };
      if (["no", "n", "false", "0"].includes(word)) return { value: false };
      return { problem: `"${text.trim()}" is not yes or no` };
    }
    case "list":
      return {
        value: text
          .split(/[;,\n]/)
          .map((item) => item.trim())
          .filter((item) => item !== ""),
      };
    case "condition": {
      const parsed = parseCondition(text);
      return parsed.ok
        ? { value: parsed.condition }
        : { problem: `cannot read the condition: ${parsed.message}` };
    }
  }
}

function cellText(cell: string | number | boolean): string {
  if (typeof cell === "string") return unescapeText(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell);
}

function isProblem(cell: Cell | undefined): cell is { problem: string } {
  return typeof cell === "object" && cell !== null;
}

function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  const [head, rest] = field.split(".") as [string, string | undefined];
  if (rest === undefined) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ??= {}) as Record<string, unknown>;
  inner[rest] = value;
}

function at(sheet: Sheet, row: number, entry: { index: number; heading?: string }): Location {
  return { sheet: sheet.name, row, column: entry.index + 1, heading: entry.heading };
}

function formatSegments(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

function normalise(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.toLowerCase();
}

function onlyOne<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) && !/^(yes|url)/i.test(word) ? "an" : "a";
}

// Validation messages name other parts of the file by path ("sections[0].questions[1] already
// uses it"); in a spreadsheet the person needs the row.
const PATH_IN_MESSAGE =
  /\b(sections\[\d+\](?:\.questions\[\d+\])?(?:\.(?:options|levels|bands)\[\d+\])?)|(?<![.\w])((?:options|levels|bands)\[\d+\])/g;

function pathsAsRows(message: string, path: string, locate: (path: string) => Location): string {
  const question = /^sections\[\d+\]\.questions\[\d+\]/.exec(path)?.[0];
  return message.replace(PATH_IN_MESSAGE, (match, absolute?: string, relative?: string) => {
    const target = absolute ?? (question ? `${question}.${relative}` : undefined);
    const row = target === undefined ? undefined : locate(target).row;
    return row === undefined ? match : `row ${row}`;
  });
}

function locationKey(location: Location | SpreadsheetError): string {
  return `${location.sheet ?? ""}|${location.row ?? ""}|${location.column ?? ""}|${location.row === undefined ? (location.heading ?? "") : ""}`;
}

function sortErrors(errors: SpreadsheetError[], sheets: readonly Sheet[]): SpreadsheetError[] {
  const order = (name: string | undefined): number =>
    name === undefined ? -1 : sheets.findIndex((sheet) => sheet.name === name);
  return errors
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        order(a.error.sheet) - order(b.error.sheet) ||
        // Within a sheet: rows top to bottom, then what concerns the sheet as a whole.
        (a.error.row ?? Infinity) - (b.error.row ?? Infinity) ||
        (a.error.column ?? 0) - (b.error.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ error }) => error);
}

function limitErrors(errors: SpreadsheetError[]): SpreadsheetError[] {
  const max = SPREADSHEET_LIMITS.maxErrors;
  if (errors.length <= max) return errors;
  return [
    ...errors.slice(0, max),
    { message: `… and ${errors.length - max} more problems (${errors.length} in all), not listed` },
  ];
}

// ---------------------------------------------------------------------------------------
// Error text

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** `Questions!S14 (Credit): …`, `Questions row 14: …`, `Questionnaire (slug): …`. */
export function formatSpreadsheetError(error: SpreadsheetError): string {
  return `${reference(error)}${error.heading ? ` (${error.heading})` : ""}: ${error.message}`;
}

function reference(location: Location | SpreadsheetError): string {
  if (location.sheet === undefined) return "Workbook";
  if (location.row === undefined) return location.sheet;
  if (location.column === undefined) return `${location.sheet} row ${location.row}`;
  // Excel quotes sheet names that are not plain words: 'My sheet'!A1.
  const sheet = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(location.sheet)
    ? location.sheet
    : `'${location.sheet.replace(/'/g, "''")}'`;
  return `${sheet}!${columnLetter(location.column)}${location.row}`;
}
