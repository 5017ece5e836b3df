// Questionnaire spreadsheets as files: XLSX through exceljs, CSV as UTF-8 text, and the YAML
// version file an import becomes. The mapping between rows and the questionnaire is pure and
// lives in spreadsheet.ts; this module turns bytes into cells and cells into bytes, and treats
// every uploaded file as hostile: size caps before parsing, the ZIP inspected before exceljs
// inflates it, formulas never evaluated (docs/decisions/031-spreadsheet-formulas-refused.md).
import { access, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { Document, isMap, isScalar, isSeq, visit } from "yaml";
import { z } from "zod";
import {
  checkVersionBump,
  compareVersions,
  diffVersions,
  nextVersion,
  requiredBump,
} from "~/questionnaire/diff";
import {
  QUESTIONNAIRE_DIR,
  contentHash,
  loadQuestionnaireLibrary,
  readQuestionnaireFile,
} from "./files.server";
import { QUESTION_TYPE_LABELS, isChoiceQuestion, isPresenceType } from "~/questionnaire/model";
import {
  DEFAULT_MATURITY_CREDITS,
  QUESTION_TYPES,
  SEVERITIES,
  EVIDENCE_REQUIREMENTS,
  type Band,
  type ChoiceOption,
  type Finding,
  type MaturityLevel,
  type Question,
  type Questionnaire,
} from "~/questionnaire/definition";
import {
  QUESTIONNAIRE_SHEET,
  ROW_TYPES,
  SPREADSHEET_LIMITS,
  columnLetter,
  exportedColumns,
  questionnaireFromSheets,
  questionnaireToSheets,
  questionnaireToSingleSheet,
  type Cell,
  type ColumnKey,
  type ExportOptions,
  type QuestionsColumn,
  type Sheet,
  type SpreadsheetError,
  type SpreadsheetImportResult,
} from "./spreadsheet";
import { formatCsv, parseCsv } from "./spreadsheet-csv";
import { spreadsheetToDraft } from "./spreadsheet-draft";
import type { DraftImport } from "./import-common";
import { checkArchive } from "./spreadsheet-zip.server";

export const SpreadsheetFormatSchema = z.enum(["xlsx", "csv"]);
export type SpreadsheetFormat = z.infer<typeof SpreadsheetFormatSchema>;

export const SpreadsheetImportOptionsSchema = z
  .object({
    format: SpreadsheetFormatSchema,
    /**
     * What Excel calls the one sheet of a CSV file: the file name without its extension.
     * Errors name it, so they match what the person sees. Default "Questions".
     */
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type SpreadsheetImportOptions = z.input<typeof SpreadsheetImportOptionsSchema>;

export const SPREADSHEET_FILE_LIMITS = {
  /** The largest library version exports to about 30 kB. */
  maxFileBytes: 5_000_000,
  maxUncompressedBytes: 25_000_000,
  maxArchiveEntries: 200,
} as const;

// ---------------------------------------------------------------------------------------
// Import

export async function importQuestionnaireSpreadsheet(
  buffer: Uint8Array,
  options: SpreadsheetImportOptions,
): Promise<SpreadsheetImportResult> {
  const { format, name } = SpreadsheetImportOptionsSchema.parse(options);
  if (buffer.byteLength > SPREADSHEET_FILE_LIMITS.maxFileBytes) return tooLarge(buffer.byteLength);
  const read = format === "csv" ? readCsvSheets(buffer, name) : await readXlsxSheets(buffer);
  return read.ok
    ? questionnaireFromSheets(read.sheets)
    : { ok: false, errors: read.errors, total: read.errors.length };
}

/**
 * An uploaded spreadsheet → a draft document with notes and the problems left
 * (spreadsheet-draft.ts, docs/decisions/232-spreadsheet-import-into-draft.md). A file that cannot be
 * read at all gives `ok: false` and no document, so nothing is saved.
 */
export async function importSpreadsheetDraft(
  buffer: Uint8Array,
  options: SpreadsheetImportOptions,
): Promise<DraftImport> {
  const { format, name } = SpreadsheetImportOptionsSchema.parse(options);
  if (buffer.byteLength > SPREADSHEET_FILE_LIMITS.maxFileBytes) {
    return { ok: false, problems: tooLarge(buffer.byteLength).errors };
  }
  const read = format === "csv" ? readCsvSheets(buffer, name) : await readXlsxSheets(buffer);
  if (!read.ok) return { ok: false, problems: read.errors };
  return spreadsheetToDraft(read.sheets, { name });
}

type SheetsRead = { ok: true; sheets: Sheet[] } | { ok: false; errors: SpreadsheetError[] };

function readCsvSheets(buffer: Uint8Array, name = "Questions"): SheetsRead {
  const sheetName = name.slice(0, 31); // Excel's longest sheet name
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return fileError('the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" instead');
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return fileError('the file is not UTF-8 text; save it as "CSV UTF-8 (Comma delimited)"');
  }
  const parsed = parseCsv(text, {
    maxRows: SPREADSHEET_LIMITS.maxRows,
    maxColumns: SPREADSHEET_LIMITS.maxColumns,
  });
  if (!parsed.ok) {
    return { ok: false, errors: [{ sheet: sheetName, row: parsed.row, message: parsed.message }] };
  }
  return { ok: true, sheets: [{ name: sheetName, rows: parsed.rows }] };
}

async function readXlsxSheets(buffer: Uint8Array): Promise<SheetsRead> {
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0])) {
    return fileError(
      "this is an old .xls workbook or a password-protected one; save it as an unprotected .xlsx",
    );
  }
  if (!startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) {
    return fileError("not an XLSX file (an XLSX file is a ZIP archive, and this is not one)");
  }
  const archive = checkArchive(buffer, {
    maxEntries: SPREADSHEET_FILE_LIMITS.maxArchiveEntries,
    maxUncompressedBytes: SPREADSHEET_FILE_LIMITS.maxUncompressedBytes,
  });
  if (!archive.ok) return fileError(archive.message);

  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer ("Buffer" in its own declarations).
    const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    await workbook.xlsx.load(bytes as ArrayBuffer);
  } catch (error) {
    return fileError(`not a readable XLSX file: ${(error as Error).message.split("\n")[0]}`);
  }
  const sheets: Sheet[] = [];
  const errors: SpreadsheetError[] = [];
  for (const worksheet of workbook.worksheets) {
    // Checked before reading cells, so a sheet with a million rows is never turned into arrays.
    if (worksheet.rowCount > SPREADSHEET_LIMITS.maxRows) {
      errors.push({
        sheet: worksheet.name,
        message: `more than ${SPREADSHEET_LIMITS.maxRows.toLocaleString("en")} rows; a questionnaire needs far fewer (remove empty rows, or split it)`,
      });
      continue;
    }
    const rows: Cell[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        if (columnNumber > SPREADSHEET_LIMITS.maxColumns) {
          if (readCell(cell) !== null) {
            errors.push({
              sheet: worksheet.name,
              row: rowNumber,
              column: columnNumber,
              message: `a value beyond column ${SPREADSHEET_LIMITS.maxColumns}, where no questionnaire column is; clear it`,
            });
          }
          return;
        }
        cells[columnNumber - 1] = readCell(cell);
      });
      rows[rowNumber - 1] = Array.from(cells, (cell) => cell ?? null);
    });
    sheets.push({ name: worksheet.name, rows: Array.from(rows, (row) => row ?? []) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, sheets };
}

// exceljs gives a cell's value in one of several shapes; formulas and error values are refused
// rather than trusted (decision 031), dates become ISO text, rich text becomes plain text.
function readCell(cell: ExcelJS.Cell): Cell {
  if (cell.type === ExcelJS.ValueType.Merge) return null; // the merged range's value is in its first cell
  const value = cell.value as unknown;
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if ("formula" in record || "sharedFormula" in record) {
      const formula = typeof record.formula === "string" ? `=${record.formula}` : "a formula";
      return {
        problem: `contains a formula (${formula}); type the value itself, because formulas are never evaluated on import`,
      };
    }
    if ("error" in record) {
      return { problem: `contains the error value ${String(record.error)}; type the value itself` };
    }
    if (Array.isArray(record.richText)) return richText(record.richText);
    if ("text" in record) {
      const text = record.text;
      if (typeof text === "string") return text;
      if (typeof text === "object" && text !== null && Array.isArray((text as never)["richText"])) {
        return richText((text as { richText: unknown[] }).richText);
      }
    }
  }
  return { problem: "holds a value of a kind the importer does not read; type plain text" };
}

function richText(runs: readonly unknown[]): string {
  return runs
    .map((run) =>
      typeof run === "object" &&
      run !== null &&
      typeof (run as { text?: unknown }).text === "string"
        ? (run as { text: string }).text
        : "",
    )
    .join("");
}

// ---------------------------------------------------------------------------------------
// Export

const HEADER_FILL = "FF1F3A5F";
const SECTION_FILL = "FFDCE6F1";
const ANSWER_FILL = "FFFFF8DC";
const NOT_ANSWERED_FILL = "FFF2F2F2";
const YES_NO_LIST = '"yes,no"';

/**
 * The questionnaire as an XLSX workbook: a Questionnaire sheet and a Questions sheet with
 * headings explained in notes, wrapped text, a frozen heading row, an Answer column with
 * dropdowns for choice and maturity questions, and print settings for answering on paper.
 * The full export re-imports to the same questionnaire; `forVendor` leaves the scoring out.
 */
export async function exportQuestionnaireXlsx(
  questionnaire: Questionnaire,
  options: ExportOptions = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Assay";
  workbook.title = `${questionnaire.title} ${questionnaire.version}`;
  const [metaSheet, questionsSheet] = questionnaireToSheets(questionnaire, options);
  addMetaSheet(workbook, metaSheet!);
  addQuestionsSheet(workbook, questionsSheet!, questionnaire, options);
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/** The questionnaire as one CSV sheet (metadata rows first), UTF-8 with a byte order mark. */
export function exportQuestionnaireCsv(questionnaire: Questionnaire): Buffer {
  const sheet = questionnaireToSingleSheet(questionnaire);
  const rows = sheet.rows.map((row) =>
    row.map((cell) => (typeof cell === "object" && cell !== null ? null : cell)),
  );
  // The byte order mark is how Excel knows a CSV file is UTF-8 rather than the local code page.
  return Buffer.from(`\uFEFF${formatCsv(rows as Array<Array<string | number | null>>)}`, "utf8");
}

function addMetaSheet(workbook: ExcelJS.Workbook, sheet: Sheet): void {
  const worksheet = workbook.addWorksheet(QUESTIONNAIRE_SHEET, {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: { orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  worksheet.columns = [
    { key: "field", width: 20 },
    { key: "value", width: 80 },
    { key: "about", width: 50 },
  ];
  sheet.rows.forEach((cells, index) => {
    const row = worksheet.getRow(index + 1);
    cells.forEach((cell, column) => {
      row.getCell(column + 1).value = xlsxValue(cell);
    });
    row.alignment = { vertical: "top", wrapText: true };
    if (index === 0) styleHeader(row);
    else {
      row.getCell(1).font = { bold: true };
      row.getCell(3).font = { color: { argb: "FF595959" }, italic: true };
    }
  });
}

function addQuestionsSheet(
  workbook: ExcelJS.Workbook,
  sheet: Sheet,
  questionnaire: Questionnaire,
  options: ExportOptions,
): void {
  const columns = exportedColumns(options);
  const letter = (key: ColumnKey) => columnLetterOf(columns, key);
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: {
      orientation: "landscape",
      paperSize: 9, // A4
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:1",
    },
  });
  worksheet.columns = columns.map((candidate) => ({ key: candidate.key, width: candidate.width }));
  sheet.rows.forEach((cells, index) => {
    const row = worksheet.getRow(index + 1);
    cells.forEach((cell, column) => {
      row.getCell(column + 1).value = xlsxValue(cell);
    });
    row.alignment = { vertical: "top", wrapText: true };
  });

  const header = worksheet.getRow(1);
  styleHeader(header);
  columns.forEach((candidate, index) => {
    header.getCell(index + 1).note = candidate.about;
  });
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };

  // Group the rows as the sheet has them (by Row type), pairing each question row with its
  // question, to style them and attach the answer dropdowns.
  const answer = letter("answer");
  const text = letter("text");
  const questions = questionnaire.sections.flatMap((section) => section.questions);
  const groups: Array<{ question: Question; row: number; children: number[] }> = [];
  sheet.rows.forEach((cells, index) => {
    const rowNumber = index + 1;
    const rowType = cells[0];
    if (rowType === "section") {
      const row = worksheet.getRow(rowNumber);
      row.font = { bold: true, size: 12 };
      for (let column = 1; column <= columns.length; column++) {
        row.getCell(column).fill = solid(SECTION_FILL);
      }
    } else if (rowType === "question") {
      groups.push({ question: questions[groups.length]!, row: rowNumber, children: [] });
    } else if (index > 0) {
      groups.at(-1)?.children.push(rowNumber);
    }
  });
  for (const { question, row, children } of groups) {
    const questionRow = worksheet.getRow(row);
    questionRow.getCell(text).font = { bold: true };
    const answerCell = questionRow.getCell(answer);
    answerCell.fill = solid(question.type === "multiple_choice" ? NOT_ANSWERED_FILL : ANSWER_FILL);
    const range = `$${text}$${children[0]}:$${text}$${children.at(-1)}`;
    const validation = answerValidation(question, range);
    if (validation) answerCell.dataValidation = validation;
    if (question.type === "date") answerCell.numFmt = "yyyy-mm-dd";
    for (const child of children) {
      const childRow = worksheet.getRow(child);
      childRow.getCell(text).alignment = { vertical: "top", wrapText: true, indent: 2 };
      const childAnswer = childRow.getCell(answer);
      if (question.type === "multiple_choice") {
        childAnswer.fill = solid(ANSWER_FILL);
        childAnswer.dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [YES_NO_LIST],
          showInputMessage: true,
          promptTitle: "Does this apply?",
          prompt: "Choose yes for every option that applies.",
        };
      } else {
        childAnswer.fill = solid(NOT_ANSWERED_FILL);
      }
    }
  }
  // A vendor answers; only an author editing the full export needs dropdowns for the format.
  if (!options.forVendor) addEditingDropdowns(worksheet, columns, sheet.rows.length);
}

function answerValidation(question: Question, choices: string): ExcelJS.DataValidation | undefined {
  const prompt = (promptTitle: string, text: string) => ({
    showInputMessage: true,
    promptTitle,
    prompt: question.allowNA ? `${text} Or N/A, with the reason.` : text,
  });
  switch (question.type) {
    case "yes_no":
    case "single_choice":
    case "maturity":
      return {
        type: "list",
        allowBlank: true,
        formulae: [choices],
        // N/A with a reason must stay possible, so a typed answer warns instead of failing.
        showErrorMessage: true,
        errorStyle: "warning",
        error: "Choose one of the listed answers.",
        ...prompt("Your answer", "Choose one answer from the list."),
      };
    case "multiple_choice":
      return {
        type: "custom",
        allowBlank: true,
        formulae: ["TRUE"],
        ...prompt("Your answer", "Choose yes in the rows below for every option that applies."),
      };
    case "number":
      return {
        type: question.integer ? "whole" : "decimal",
        operator: "between",
        allowBlank: true,
        formulae: [question.min ?? -1e15, question.max ?? 1e15],
        showErrorMessage: true,
        errorStyle: "warning",
        error: `Give a number${question.integer ? " (whole)" : ""} in ${question.unit}.`,
        ...prompt("Your answer", `A number in ${question.unit}.`),
      };
    case "date":
      return {
        type: "custom",
        allowBlank: true,
        formulae: ["TRUE"],
        ...prompt("Your answer", "A date, e.g. 2025-01-31."),
      };
    case "url":
      return {
        type: "custom",
        allowBlank: true,
        formulae: ["TRUE"],
        ...prompt("Your answer", "A web address, starting https://"),
      };
    case "evidence":
      return {
        type: "custom",
        allowBlank: true,
        formulae: ["TRUE"],
        ...prompt("Your answer", "The name of the file you send with this spreadsheet."),
      };
    default:
      return undefined;
  }
}

// Dropdowns for the columns that take one of a few words, so an author editing the full export
// picks valid values. Warnings, not errors: the import accepts more spellings than the lists.
function addEditingDropdowns(
  worksheet: ExcelJS.Worksheet,
  columns: readonly QuestionsColumn[],
  rowCount: number,
): void {
  const lists: Partial<Record<ColumnKey, readonly string[]>> = {
    rowType: ROW_TYPES.slice(1),
    type: QUESTION_TYPES.map((type) => QUESTION_TYPE_LABELS[type]),
    required: ["yes", "no"],
    allowNA: ["yes", "no"],
    evidence: EVIDENCE_REQUIREMENTS,
    integer: ["yes", "no"],
    exclusive: ["yes", "no"],
    scoredOnPresence: ["yes", "no"],
    knockout: ["yes", "no"],
    findingSeverity: SEVERITIES,
  };
  columns.forEach((candidate, index) => {
    const list = lists[candidate.key];
    if (!list) return;
    for (let row = 2; row <= rowCount; row++) {
      const cell = worksheet.getRow(row).getCell(index + 1);
      if (candidate.key !== "rowType" && (cell.value === null || cell.value === undefined)) {
        continue;
      }
      cell.dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`"${list.join(",")}"`],
        showErrorMessage: true,
        errorStyle: "warning",
        error: `Use one of: ${list.join(", ")}.`,
      };
    }
  });
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: "FFFFFFFF" } };
  row.eachCell({ includeEmpty: false }, (cell) => {
    cell.fill = solid(HEADER_FILL);
    cell.alignment = { vertical: "middle", wrapText: true };
  });
}

function solid(argb: string): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb } };
}

function columnLetterOf(columns: readonly { key: ColumnKey }[], key: ColumnKey): string {
  return columnLetter(columns.findIndex((candidate) => candidate.key === key) + 1);
}

// OOXML stores characters XML cannot carry as _xHHHH_, and exceljs decodes that pattern when
// reading (ECMA-376 Part 1, 22.9.2.19 ST_Xstring). So text that already contains it, or a
// control character, is encoded here, and every string comes back exactly as written.
function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (typeof cell !== "string") return typeof cell === "object" ? null : cell;
  return cell.replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1").replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\r\uFFFE\uFFFF]/g,
    (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}

// ---------------------------------------------------------------------------------------
// The version file

/**
 * The YAML an author would write: the schema-comment first, fields in the documented order,
 * and defaults left out (the content hash covers the validated form, so it is the same).
 */
export function questionnaireYaml(questionnaire: Questionnaire): string {
  const document = new Document(authorForm(questionnaire));
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      const key = pair.key.value;
      if ((key === "references" || key === "values") && isSeq(pair.value)) pair.value.flow = true;
      if ((key === "equals" || key === "oneOf") && isMap(pair.value)) pair.value.flow = true;
    },
    Scalar(_, scalar) {
      // YAML 1.1 readers take bare yes/no as booleans; quoting keeps every reader on "yes".
      if (
        typeof scalar.value === "string" &&
        /^(yes|no|on|off|y|n|true|false)$/i.test(scalar.value)
      ) {
        scalar.type = "QUOTE_DOUBLE";
      } else if (typeof scalar.value === "string" && scalar.value.length > 80) {
        scalar.type = "BLOCK_FOLDED"; // long prose wraps at 100 columns, as in the library
      }
    },
  });
  const yaml = document.toString({
    lineWidth: 100,
    minContentWidth: 40,
    flowCollectionPadding: false,
  });
  return `# yaml-language-server: $schema=../schema.json\n${yaml}`;
}

function authorForm(questionnaire: Questionnaire): Record<string, unknown> {
  return compact({
    slug: questionnaire.slug,
    version: questionnaire.version,
    title: questionnaire.title,
    description: questionnaire.description,
    audience: questionnaire.audience,
    changelog: questionnaire.changelog,
    thresholds: { ...questionnaire.thresholds },
    sections: questionnaire.sections.map((section) =>
      compact({
        id: section.id,
        title: section.title,
        description: section.description,
        weight: section.weight,
        questions: section.questions.map(questionForm),
      }),
    ),
  });
}

function questionForm(question: Question): Record<string, unknown> {
  return compact({
    id: question.id,
    type: question.type,
    text: question.text,
    help: question.help,
    unit: question.type === "number" ? question.unit : undefined,
    integer: question.type === "number" && question.integer ? true : undefined,
    min: question.type === "number" ? question.min : undefined,
    max: question.type === "number" ? question.max : undefined,
    weight: isPresenceType(question.type) && question.weight === 0 ? undefined : question.weight,
    scoredOnPresence:
      "scoredOnPresence" in question && question.scoredOnPresence ? true : undefined,
    required: question.required ? undefined : false,
    allowNA: question.allowNA ? true : undefined,
    evidence:
      "evidence" in question && question.evidence !== "none" ? question.evidence : undefined,
    references: question.references.length > 0 ? question.references : undefined,
    showIf: question.showIf,
    options: isChoiceQuestion(question)
      ? question.options.map((option) => optionForm(option, question.type === "yes_no"))
      : undefined,
    levels: question.type === "maturity" ? question.levels.map(levelForm) : undefined,
    bands:
      (question.type === "number" || question.type === "date") && question.bands.length > 0
        ? question.bands.map(bandForm)
        : undefined,
  });
}

const YES_NO_DEFAULT_LABELS: Record<string, string> = { yes: "Yes", no: "No" };

function optionForm(option: ChoiceOption, yesNo: boolean): Record<string, unknown> {
  return compact({
    value: option.value,
    // Only yes/no options have default labels; any other option must keep its own.
    label: yesNo && YES_NO_DEFAULT_LABELS[option.value] === option.label ? undefined : option.label,
    help: option.help,
    exclusive: "exclusive" in option && option.exclusive ? true : undefined,
    credit: option.credit,
    ...outcomeForm(option),
  });
}

function levelForm(level: MaturityLevel): Record<string, unknown> {
  return compact({
    level: level.level,
    description: level.description,
    credit: level.credit === DEFAULT_MATURITY_CREDITS[level.level] ? undefined : level.credit,
    ...outcomeForm(level),
  });
}

function bandForm(band: Band): Record<string, unknown> {
  return compact({ min: band.min, max: band.max, credit: band.credit, ...outcomeForm(band) });
}

function outcomeForm(outcome: { knockout: boolean; finding?: Finding }): Record<string, unknown> {
  const { finding } = outcome;
  return {
    knockout: outcome.knockout ? true : undefined,
    finding: finding
      ? compact({
          severity: finding.severity,
          title: finding.title,
          remediation: finding.remediation,
          references: finding.references.length > 0 ? finding.references : undefined,
        })
      : undefined,
  };
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export type SaveResult = { ok: true; file: string } | { ok: false; errors: string[] };

/**
 * Writes `<root>/<slug>/<version>.yaml`, never over an existing file, and only when the new
 * version's bump is large enough against its neighbours, so the library stays valid. The file
 * is read back and must validate to the same content hash, or it is removed again.
 * `format` lets the caller run the repository's formatter (Prettier) over the YAML first.
 */
export async function saveQuestionnaireVersion(
  questionnaire: Questionnaire,
  options: { root?: string; format?: (yaml: string, file: string) => Promise<string> } = {},
): Promise<SaveResult> {
  const root = options.root ?? QUESTIONNAIRE_DIR;
  const file = path.join(root, questionnaire.slug, `${questionnaire.version}.yaml`);
  const siblings = await publishedVersions(root, questionnaire.slug);
  if (await exists(file)) {
    return { ok: false, errors: [alreadyPublished(file, questionnaire, siblings)] };
  }
  const errors: string[] = [];
  const previous = siblings
    .filter((other) => compareVersions(other.version, questionnaire.version) < 0)
    .at(-1);
  const next = siblings.find((other) => compareVersions(other.version, questionnaire.version) > 0);
  for (const [older, newer] of [
    [previous, questionnaire],
    [questionnaire, next],
  ] as const) {
    if (!older || !newer) continue;
    for (const problem of checkVersionBump(older, newer)) {
      errors.push(`${problem.path}: ${problem.message} (${older.version} → ${newer.version})`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const yaml = questionnaireYaml(questionnaire);
  const text = options.format ? await options.format(yaml, file) : yaml;
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: "wx" }); // wx: fail rather than overwrite, even in a race
  } catch (error) {
    return { ok: false, errors: [`cannot write ${file}: ${(error as Error).message}`] };
  }
  const reread = await readQuestionnaireFile(file);
  if (!reread.questionnaire || contentHash(reread.questionnaire) !== contentHash(questionnaire)) {
    await unlink(file);
    return {
      ok: false,
      errors: [
        "the YAML written did not read back as the same questionnaire, so it was removed; this is a bug in the importer",
        ...reread.errors.map((error) => `${error.path}: ${error.message}`),
      ],
    };
  }
  return { ok: true, file };
}

async function publishedVersions(root: string, slug: string): Promise<Questionnaire[]> {
  if (!(await exists(path.join(root, slug)))) return [];
  const library = await loadQuestionnaireLibrary(root);
  return library.versions
    .map((version) => version.questionnaire)
    .filter((candidate) => candidate.slug === slug)
    .sort((a, b) => compareVersions(a.version, b.version));
}

function alreadyPublished(
  file: string,
  questionnaire: Questionnaire,
  siblings: readonly Questionnaire[],
): string {
  const existing = siblings.find((other) => other.version === questionnaire.version);
  const latest = siblings.at(-1);
  if (existing && contentHash(existing) === contentHash(questionnaire)) {
    return `${file} already exists with exactly this content; there is nothing to import`;
  }
  const base = `${file} already exists, and a published version never changes`;
  if (!latest) return `${base}: set a new version and import again`;
  const bump = requiredBump(diffVersions(latest, questionnaire));
  const suggestion = bump === "none" ? undefined : nextVersion(latest.version, bump);
  return suggestion
    ? `${base}: set the version to ${suggestion} (a ${bump} bump from ${latest.version} covers these changes) and import again`
    : `${base}: set a new version and import again`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Imports a .xlsx or .csv file from disk: the format from its extension, a CSV's sheet name
 * from its file name (as Excel shows it), and an oversized file refused before it is read.
 */
export async function importQuestionnaireSpreadsheetFile(
  file: string,
): Promise<SpreadsheetImportResult> {
  const extension = path.extname(file).toLowerCase();
  const format = { ".xlsx": "xlsx", ".csv": "csv" }[extension] as SpreadsheetFormat | undefined;
  if (!format) {
    return fileError(
      extension === ".xls"
        ? "this is an old .xls workbook; save it as .xlsx"
        : `cannot import a "${extension || "(no extension)"}" file: use .xlsx or .csv`,
    );
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    return fileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (size > SPREADSHEET_FILE_LIMITS.maxFileBytes) return tooLarge(size);
  return importQuestionnaireSpreadsheet(await readFile(file), {
    format,
    name: path.basename(file, path.extname(file)),
  });
}

// ---------------------------------------------------------------------------------------

function fileError(message: string): { ok: false; errors: SpreadsheetError[]; total: number } {
  return { ok: false, errors: [{ message }], total: 1 };
}

function startsWith(buffer: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((byte, index) => buffer[index] === byte);
}

function tooLarge(bytes: number): { ok: false; errors: SpreadsheetError[]; total: number } {
  const megabytes = (count: number) => `${(count / 1_000_000).toFixed(1)} MB`;
  return fileError(
    `the file is ${megabytes(bytes)}; the limit is ${megabytes(SPREADSHEET_FILE_LIMITS.maxFileBytes)}, far more than a questionnaire needs`,
  );
}
