// A spreadsheet → a draft document, tolerating what real templates contain
// (docs/decisions/232-spreadsheet-import-into-draft.md; docs/questionnaire-spreadsheet.md, "Importing into a
// draft"). The strict reading in spreadsheet.ts refuses a template's own numbering as ids, option
// values written as labels, sub-headings, extra columns and unknown frameworks; here a first pass
// rewrites those cells into the documented layout, in place (so every row and column keeps its
// address) and with a note for each change, and then the strict reader and the validator judge
// the result: what remains is reported all at once, at its cell. Pure.
import { formatCondition, parseCondition } from "./spreadsheet-condition";
import {
  IdPool,
  isId,
  isNotApplicable,
  readReferences,
  slugify,
  type DraftImport,
  type ImportNote,
} from "./import-common";
import {
  QUESTIONNAIRE_SHEET,
  QUESTIONS_SHEET,
  QUESTION_COLUMNS,
  escapeText,
  readQuestionnaireSheets,
  sheetProblems,
  unstorableCells,
  type Cell,
  type ColumnKey,
  type Sheet,
} from "./spreadsheet";
import { QUESTION_TYPE_LABELS } from "~/questionnaire/model";
import {
  ConditionSchema,
  QUESTION_TYPES,
  type Condition,
  type QuestionType,
} from "~/questionnaire/definition";
import { validateAll } from "~/questionnaire/validate";

export type SpreadsheetDraftOptions = {
  /** The file name without its extension: the title and slug when the sheet gives none. */
  name?: string;
};

/** Sheets → a draft document with its problems and notes, or why nothing could be read. */
export function spreadsheetToDraft(
  sheets: readonly Sheet[],
  options: SpreadsheetDraftOptions = {},
): DraftImport {
  const unstorable = unstorableCells(sheets);
  if (unstorable.length > 0) return { ok: false, problems: unstorable };
  const metaSheet = sheets.find((sheet) => sameName(sheet.name, QUESTIONNAIRE_SHEET));
  const others = sheets.filter((sheet) => sheet !== metaSheet);
  const questionsSheet =
    others.find((sheet) => sameName(sheet.name, QUESTIONS_SHEET)) ??
    (others.length === 1 ? others[0] : undefined);
  if (!questionsSheet) {
    return {
      ok: false,
      problems: [
        {
          message: `no sheet named "${QUESTIONS_SHEET}"; the workbook has ${sheets.map((sheet) => `"${sheet.name}"`).join(", ") || "no sheets"}. Name the sheet with the questions "${QUESTIONS_SHEET}"`,
        },
      ],
    };
  }
  const tolerant = new TolerantSheet(questionsSheet);
  const normalised = tolerant.normalise();
  const rewritten = sheets.map((sheet) => (sheet === questionsSheet ? normalised : sheet));
  const reading = readQuestionnaireSheets(rewritten);
  if (reading.fatal) return { ok: false, problems: reading.errors };

  const notes = [...tolerant.notes];
  const defaulted = fillMetadata(reading.input, options.name, reading.questionsSheet, notes);
  const readingErrors = reading.errors.filter(
    (error) =>
      !(error.row === undefined && error.heading && defaulted.has(error.heading)) ||
      !error.message.startsWith("missing:"),
  );
  if (reading.unscored) {
    notes.push({
      sheet: reading.questionsSheet,
      message:
        "there is no Weight or Credit column, so nothing is scored yet; set weights and credits in the builder",
    });
  }
  const validation = validateAll(reading.input);
  const problems = sheetProblems(
    { ...reading, errors: readingErrors },
    validation.ok ? [] : validation.errors,
    rewritten,
  );
  return {
    ok: true,
    document: reading.input,
    problems,
    notes,
    organisationReferences: [...tolerant.organisationReferences],
  };
}

// The questionnaire fields a draft can do without at first: the import fills them in, says so,
// and the team changes them in the builder. The version is set when the draft is published.
function fillMetadata(
  input: Record<string, unknown>,
  name: string | undefined,
  sheet: string,
  notes: ImportNote[],
): Set<string> {
  const defaulted = new Set<string>();
  const fill = (key: string, value: string, why: string) => {
    const current = input[key];
    if (typeof current === "string" && current.trim() !== "") return;
    input[key] = value;
    defaulted.add(key);
    notes.push({ sheet, heading: key, message: `${key} was not given: set to "${value}" ${why}` });
  };
  const fileTitle = name?.trim() ? name.trim() : "Imported questionnaire";
  fill("title", fileTitle, "(the file name); change it in the builder");
  const title = String(input.title);
  fill("slug", slugify(title, "q") ?? "imported-questionnaire", "(from the title)");
  fill("version", "1.0.0", "(a draft's version is chosen when it is published)");
  fill("description", title, "(the title); say who it is for and what it covers");
  fill("audience", "any", "(for every kind of supplier)");
  fill("changelog", `Imported from ${name?.trim() ? name.trim() : "a spreadsheet"}.`, "");
  return defaulted;
}

// ---------------------------------------------------------------------------------------

type Kind =
  "meta" | "section" | "question" | "option" | "level" | "band" | "subheading" | "note" | "other";

const SUBHEADING_WORDS = new Set([
  "heading",
  "subheading",
  "sub-heading",
  "sub heading",
  "subsection",
  "sub-section",
  "sub section",
  "category",
  "subcategory",
  "sub-category",
  "group",
]);

// Other headings teams give the columns: accepted as the documented one, with a note.
const HEADING_ALIASES: Partial<Record<ColumnKey, readonly string[]>> = {
  id: ["Number", "No", "No.", "#", "Ref", "Question number", "Numbering"],
  text: ["Question", "Question text", "Title", "Label"],
  type: ["Answer type", "Response type", "Question type"],
  help: ["Guidance", "Description"],
};

// Types written in a team's own words.
const TYPE_WORDS: ReadonlyArray<[RegExp, QuestionType]> = [
  [/^(yes\s*\/\s*no(\s*\/\s*n\/?a)?|yes-no|y\/n|boolean)$/i, "yes_no"],
  [/^(choice|dropdown|drop-down|select one|pick one|radio|single)$/i, "single_choice"],
  [/^(select all|checkboxes|check all|multi|multiple|multi-select)$/i, "multiple_choice"],
  [/^(text|free text|free-text|comment|comments|explanation|paragraph)$/i, "long_text"],
  [/^(line|short answer|one line)$/i, "short_text"],
  [/^(file|upload|attachment|document|evidence)$/i, "evidence"],
  [/^(link|website)$/i, "url"],
];

class TolerantSheet {
  readonly notes: ImportNote[] = [];
  readonly organisationReferences = new Set<string>();
  private readonly rows: Cell[][];
  private readonly columns = new Map<ColumnKey, number>();
  private readonly sectionIds = new IdPool();
  private readonly questionIds = new IdPool();
  /** A question's id as written → its id in the draft. */
  private readonly questionIdMap = new Map<string, string>();
  /** Per question (draft id): an option as written (id or label, lower-case) → its value. */
  private readonly optionMaps = new Map<string, Map<string, string>>();

  constructor(private readonly sheet: Sheet) {
    this.rows = sheet.rows.map((row) => [...row]);
  }

  normalise(): Sheet {
    if (this.rows.length === 0) return this.sheet;
    this.readHeader();
    if (!this.columns.has("rowType") || !this.columns.has("text")) {
      return { name: this.sheet.name, rows: this.rows }; // the strict reader explains
    }
    const kinds = this.rows.map((row, index) => (index === 0 ? "other" : this.kindOf(row, index)));
    this.rewrite(kinds);
    return { name: this.sheet.name, rows: this.rows };
  }

  private readHeader(): void {
    const header = this.rows[0]!;
    const known = new Map<string, ColumnKey>();
    for (const column of QUESTION_COLUMNS) {
      for (const name of [column.heading, ...column.aliases])
        known.set(normalise(name), column.key);
    }
    const aliases = new Map<string, ColumnKey>();
    for (const [key, names] of Object.entries(HEADING_ALIASES)) {
      for (const name of names) aliases.set(normalise(name), key as ColumnKey);
    }
    header.forEach((cell, index) => {
      if (isBlank(cell) || typeof cell === "object") return;
      const heading = text(cell).trim();
      const key = known.get(normalise(heading));
      if (key) {
        if (!this.columns.has(key)) this.columns.set(key, index);
        return;
      }
      const alias = aliases.get(normalise(heading));
      if (alias && !this.columns.has(alias)) {
        const documented = QUESTION_COLUMNS.find((column) => column.key === alias)!.heading;
        header[index] = documented;
        this.columns.set(alias, index);
        this.note(1, index, heading, `the column "${heading}" was read as "${documented}"`);
        return;
      }
      // Not part of the format: ignored, with a note, rather than refusing the file.
      for (const row of this.rows) if (index < row.length) row[index] = null;
      this.note(
        1,
        index,
        heading,
        `the column "${heading}" is not part of the questionnaire format and was ignored`,
      );
    });
  }

  private kindOf(row: readonly Cell[], index: number): Kind | "blank" {
    const kind = this.rowKind(row, index);
    // A sentence rather than a title is an instruction to the vendor: help, not a heading.
    return kind === "subheading" && isNoteLine(text(this.cell(row, "text")).trim()) ? "note" : kind;
  }

  private rowKind(row: readonly Cell[], index: number): Kind | "blank" {
    if (row.every(isBlank)) return "blank";
    const raw = this.cell(row, "rowType");
    const word = typeof raw === "object" && raw !== null ? "" : text(raw).trim().toLowerCase();
    if (["meta", "section", "question", "option", "level", "band"].includes(word)) {
      return word as Kind;
    }
    if (SUBHEADING_WORDS.has(word)) return "subheading";
    if (word === "choice" || word === "answer option") {
      this.set(index, "rowType", "option");
      this.note(
        index + 1,
        this.columns.get("rowType"),
        undefined,
        `row type "${word}" read as option`,
      );
      return "option";
    }
    // A row with only a title (and maybe a number) is a sub-heading, as templates write them.
    if (word === "" && !isBlank(this.cell(row, "text"))) {
      const others = [...this.columns.entries()].filter(
        ([key, column]) => key !== "text" && key !== "id" && !isBlank(row[column] ?? null),
      );
      if (others.length === 0) return "subheading";
    }
    return "other";
  }

  private rewrite(kinds: ReadonlyArray<Kind | "blank">): void {
    let parent: { row: number; id: string; title: string; weight: Cell; help: Cell } | undefined;
    let parentDropped = false;
    let question: { row: number; id: string } | undefined;
    let pendingHelp: string[] = [];
    const hasQuestionsUntilNextHeading = (from: number): boolean => {
      for (let index = from + 1; index < kinds.length; index++) {
        if (kinds[index] === "question") return true;
        if (kinds[index] === "section" || kinds[index] === "subheading") return false;
      }
      return false;
    };
    const conditions: number[] = [];

    for (let index = 1; index < this.rows.length; index++) {
      const kind = kinds[index];
      const row = this.rows[index]!;
      if (kind === "section") {
        const id = this.sectionId(index);
        parent = {
          row: index,
          id,
          title: text(this.cell(row, "text")).trim(),
          weight: this.cell(row, "weight"),
          help: this.cell(row, "help"),
        };
        question = undefined;
        // A section whose rows start with a sub-heading has no questions of its own: its
        // sub-headings become the sections, titled after it.
        const next = kinds.findIndex(
          (candidate, at) => at > index && candidate !== "blank" && candidate !== "note",
        );
        parentDropped =
          next > 0 && kinds[next] === "subheading" && hasQuestionsUntilNextHeading(next);
        if (parentDropped) {
          this.rows[index] = row.map(() => null);
          this.note(
            index + 1,
            undefined,
            undefined,
            `section "${parent.title}" has only sub-headings: each became a section titled "${parent.title}: …"`,
          );
        }
        continue;
      }
      if (kind === "note") {
        const title = text(this.cell(row, "text")).trim();
        {
          this.rows[index] = row.map(() => null);
          if (question) {
            this.appendHelp(question.row, title);
            this.note(
              index + 1,
              undefined,
              undefined,
              `the line "${short(title)}" became help of question row ${question.row + 1}`,
            );
          } else if (parent && !parentDropped) {
            this.appendHelp(parent.row, title);
            this.note(
              index + 1,
              undefined,
              undefined,
              `the line "${short(title)}" became the description of section row ${parent.row + 1}`,
            );
          } else {
            pendingHelp.push(title);
            this.note(
              index + 1,
              undefined,
              undefined,
              `the line "${short(title)}" became help of the next question`,
            );
          }
          continue;
        }
      }
      if (kind === "subheading") {
        const title = text(this.cell(row, "text")).trim();
        if (hasQuestionsUntilNextHeading(index) && parent) {
          this.subsection(index, title, parent, parentDropped);
          parentDropped = false; // only the first sub-section takes the description
          question = undefined;
        } else if (hasQuestionsUntilNextHeading(index)) {
          this.set(index, "rowType", "section");
          this.sectionId(index);
          this.note(index + 1, undefined, undefined, `sub-heading "${title}" became a section`);
        } else {
          this.rows[index] = row.map(() => null);
          if (question) {
            this.appendHelp(question.row, title);
            this.note(
              index + 1,
              undefined,
              undefined,
              `the line "${short(title)}" became help of question row ${question.row + 1}`,
            );
          } else {
            pendingHelp.push(title);
            this.note(
              index + 1,
              undefined,
              undefined,
              `the line "${short(title)}" became help of the next question`,
            );
          }
        }
        continue;
      }
      if (kind === "question") {
        const id = this.questionId(index);
        question = { row: index, id };
        if (pendingHelp.length > 0) {
          this.appendHelp(index, pendingHelp.join("\n\n"));
          pendingHelp = [];
        }
        this.references(index);
        if (!isBlank(this.cell(row, "showIf"))) conditions.push(index);
        this.options(index, kinds, id);
        continue;
      }
    }
    for (const index of conditions) this.condition(index);
  }

  private subsection(
    index: number,
    title: string,
    parent: { id: string; title: string; weight: Cell; help: Cell },
    first: boolean,
  ): void {
    const row = this.rows[index]!;
    const written = text(this.cell(row, "id")).trim();
    const base = slugify(`${parent.id}-${written || title}`, "section") ?? "section";
    const id = this.sectionIds.take(base);
    this.set(index, "rowType", "section");
    this.set(index, "id", id);
    this.set(index, "text", escapeText(`${parent.title}: ${title}`));
    if (!isBlank(parent.weight) && this.columns.has("weight"))
      this.set(index, "weight", parent.weight);
    if (first && !isBlank(parent.help)) this.set(index, "help", parent.help);
    this.note(index + 1, undefined, undefined, `sub-heading "${title}" became section "${id}"`);
  }

  private sectionId(index: number): string {
    const row = this.rows[index]!;
    const written = text(this.cell(row, "id")).trim();
    const title = text(this.cell(row, "text")).trim();
    if (isId(written) && !this.sectionIds.has(written)) return this.sectionIds.take(written);
    const base = slugify(written, "section") ?? slugify(title, "section") ?? "section";
    const id = this.sectionIds.take(base);
    this.set(index, "id", id);
    this.note(
      index + 1,
      this.columns.get("id"),
      undefined,
      written
        ? `section "${written}" has the id "${id}" (ids are lower-case words joined by hyphens)`
        : `the section had no ID: it is "${id}", from its title`,
    );
    return id;
  }

  private questionId(index: number): string {
    const row = this.rows[index]!;
    const written = text(this.cell(row, "id")).trim();
    if (isId(written) && !this.questionIds.has(written)) {
      this.questionIdMap.set(written, written);
      return this.questionIds.take(written);
    }
    const title = text(this.cell(row, "text")).trim();
    const fromTitle = slugify(title.split(/\s+/).slice(0, 8).join(" "), "q");
    const base = slugify(written, "q") ?? fromTitle ?? "question";
    const id = this.questionIds.take(base);
    if (written && !this.questionIdMap.has(written)) this.questionIdMap.set(written, id);
    this.set(index, "id", id);
    this.note(
      index + 1,
      this.columns.get("id"),
      undefined,
      !written
        ? `the question had no ID: it is "${id}", from its text`
        : id === base
          ? `question "${written}" has the id "${id}"`
          : `question "${written}" has the id "${id}": "${base}" is used by an earlier row, check the numbering`,
    );
    return id;
  }

  private references(index: number): void {
    const row = this.rows[index]!;
    const cell = this.cell(row, "references");
    if (isBlank(cell) || typeof cell === "object") return;
    const reading = readReferences(text(cell).split(/[;,\n]/));
    if (reading.converted.length === 0) return;
    this.set(index, "references", reading.references.join("; "));
    for (const [written, organisation] of reading.converted) {
      this.organisationReferences.add(organisation);
      this.notes.push({
        ...this.at(index + 1, this.columns.get("references")),
        message: `"${written}" is not a framework Assay knows: kept as the organisation reference ${organisation}; confirm it`,
        confirm: true,
      });
    }
  }

  // The option rows under a question: values written as labels become ids, an N/A option
  // becomes the question's N/A, and a missing or unusual type is settled from the options.
  private options(
    questionRow: number,
    kinds: ReadonlyArray<Kind | "blank">,
    questionId: string,
  ): void {
    const values = new IdPool();
    const map = new Map<string, string>();
    this.optionMaps.set(questionId, map);
    const kept: string[] = [];
    let notApplicable = false;
    for (let index = questionRow + 1; index < kinds.length; index++) {
      const kind = kinds[index];
      if (kind === "blank") continue;
      if (kind !== "option") break;
      const row = this.rows[index]!;
      const written = text(this.cell(row, "id")).trim();
      const label = text(this.cell(row, "text")).trim();
      if (isNotApplicable(written || label)) {
        notApplicable = true;
        this.rows[index] = row.map(() => null);
        this.note(
          index + 1,
          undefined,
          undefined,
          `the option "${written || label}" became the question's N/A answer (N/A allowed, with a justification)`,
        );
        continue;
      }
      let value = written;
      if (!isId(written) || values.has(written)) {
        value = values.take(slugify(written, "option") ?? slugify(label, "option") ?? "option");
        this.set(index, "id", value);
        // "Yes" → "yes" needs no note; a value the team would not recognise does.
        if (value !== (written || label).toLowerCase()) {
          this.note(
            index + 1,
            this.columns.get("id"),
            undefined,
            `the option "${written || label}" has the value "${value}"`,
          );
        }
      } else {
        values.take(value);
      }
      if (!label && written) this.set(index, "text", escapeText(written));
      if (written) map.set(written.toLowerCase(), value);
      if (label) map.set(label.toLowerCase(), value);
      kept.push(value);
    }
    if (notApplicable) {
      this.ensureColumn("allowNA");
      this.set(questionRow, "allowNA", "yes");
    }
    this.settleType(questionRow, kept);
  }

  private settleType(index: number, options: readonly string[]): void {
    this.ensureColumn("type");
    const row = this.rows[index]!;
    const raw = this.cell(row, "type");
    const written = typeof raw === "object" && raw !== null ? undefined : text(raw).trim();
    const yesNo = options.length === 2 && options.includes("yes") && options.includes("no");
    let type = written ? readType(written) : undefined;
    if (written === undefined) return; // a formula: the strict reader explains
    if (written === "") {
      type = yesNo ? "yes_no" : options.length > 0 ? "single_choice" : "long_text";
      this.set(index, "type", QUESTION_TYPE_LABELS[type]);
      this.notes.push({
        ...this.at(index + 1, this.columns.get("type")),
        message: `the question had no type: it is ${QUESTION_TYPE_LABELS[type]}, from its ${options.length > 0 ? "options" : "lack of options"}; confirm it`,
        confirm: true,
      });
      return;
    }
    if (!type) return; // unknown: the strict reader says which types there are
    if (type === "yes_no" && options.length > 0 && !yesNo) {
      type = "single_choice";
      this.notes.push({
        ...this.at(index + 1, this.columns.get("type")),
        message: `a yes/no question has only a yes and a no option; with ${options
          .filter((option) => option !== "yes" && option !== "no")
          .map((option) => `"${option}"`)
          .join(", ")} it is a single choice question`,
      });
    } else if (
      QUESTION_TYPE_LABELS[type].toLowerCase() !== written.toLowerCase() &&
      type !== written
    ) {
      this.note(
        index + 1,
        this.columns.get("type"),
        undefined,
        `the type "${written}" was read as ${QUESTION_TYPE_LABELS[type]}`,
      );
    } else {
      return;
    }
    this.set(index, "type", QUESTION_TYPE_LABELS[type]);
  }

  // A condition written with the template's numbering and option labels ("2.1 = Yes") is
  // rewritten with the draft's ids and values.
  private condition(index: number): void {
    const row = this.rows[index]!;
    const cell = this.cell(row, "showIf");
    if (typeof cell === "object" && cell !== null) return;
    const written = text(cell).trim();
    const parsed = parseCondition(this.withDraftIds(written));
    const condition = parsed.ok ? ConditionSchema.safeParse(parsed.condition) : undefined;
    if (!condition?.success) return; // the strict reader explains
    const mapped = this.mapCondition(condition.data);
    const formatted = formatCondition(mapped);
    if (formatted === formatCondition(condition.data)) return;
    this.set(index, "showIf", escapeText(formatted));
    this.note(
      index + 1,
      this.columns.get("showIf"),
      undefined,
      `the condition "${written}" reads "${formatted}" with the draft's ids`,
    );
  }

  // Numbering such as "2.1" is not a name the condition syntax reads: each question id as the
  // template wrote it is replaced by the draft's id, longest first.
  private withDraftIds(condition: string): string {
    const numbered = [...this.questionIdMap.keys()]
      .filter((written) => !isId(written))
      .sort((a, b) => b.length - a.length);
    let result = condition;
    for (const written of numbered) {
      const escaped = written.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      result = result.replace(
        new RegExp(`(?<![\\w.-])${escaped}(?![\\w.-])`, "g"),
        this.questionIdMap.get(written)!,
      );
    }
    return result;
  }

  private mapCondition(condition: Condition): Condition {
    const question = (id: string) => this.questionIdMap.get(id) ?? id;
    const value = (id: string, raw: string | number) => {
      if (typeof raw === "number") return raw;
      return this.optionMaps.get(question(id))?.get(raw.toLowerCase()) ?? raw;
    };
    if ("equals" in condition) {
      const { question: id, value: raw } = condition.equals;
      return { equals: { question: question(id), value: value(id, raw) } };
    }
    if ("oneOf" in condition) {
      const { question: id, values } = condition.oneOf;
      return { oneOf: { question: question(id), values: values.map((raw) => value(id, raw)) } };
    }
    if ("not" in condition) return { not: this.mapCondition(condition.not) };
    if ("all" in condition) return { all: condition.all.map((item) => this.mapCondition(item)) };
    return { any: condition.any.map((item) => this.mapCondition(item)) };
  }

  private appendHelp(index: number, addition: string): void {
    this.ensureColumn("help");
    const current = text(this.cell(this.rows[index]!, "help")).trim();
    this.set(index, "help", escapeText(current ? `${current}\n\n${addition}` : addition));
  }

  // A column the rewrite needs and the sheet lacks is added after the last one.
  private ensureColumn(key: ColumnKey): void {
    if (this.columns.has(key)) return;
    const header = this.rows[0]!;
    const index = Math.max(header.length, ...this.rows.map((row) => row.length));
    header[index] = QUESTION_COLUMNS.find((column) => column.key === key)!.heading;
    this.columns.set(key, index);
  }

  private cell(row: readonly Cell[], key: ColumnKey): Cell {
    const index = this.columns.get(key);
    return index === undefined ? null : (row[index] ?? null);
  }

  private set(index: number, key: ColumnKey, value: Cell): void {
    const column = this.columns.get(key);
    if (column === undefined) return;
    const row = this.rows[index]!;
    while (row.length < column) row.push(null);
    row[column] = value;
  }

  private at(row: number, column: number | undefined): ImportNote & { message: "" } {
    const heading =
      column === undefined ? undefined : text(this.rows[0]?.[column] ?? null).trim() || undefined;
    return {
      sheet: this.sheet.name,
      row,
      column: column === undefined ? undefined : column + 1,
      heading,
      message: "",
    };
  }

  private note(
    row: number,
    column: number | undefined,
    heading: string | undefined,
    message: string,
  ): void {
    const location = this.at(row, column);
    this.notes.push({ ...location, heading: heading ?? location.heading, message });
  }
}

function readType(written: string): QuestionType | undefined {
  const lower = written.toLowerCase();
  const exact = QUESTION_TYPES.find(
    (type) =>
      type === lower.replace(/[\s-]+/g, "_") || QUESTION_TYPE_LABELS[type].toLowerCase() === lower,
  );
  if (exact) return exact;
  return TYPE_WORDS.find(([pattern]) => pattern.test(written))?.[1];
}

function text(cell: Cell): string {
  if (cell === null || typeof cell === "object") return "";
  if (typeof cell === "string") return cell.startsWith("'") ? cell.slice(1) : cell;
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell);
}

function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

function normalise(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9#]/g, "");
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.toLowerCase();
}

/** A sentence (an instruction to the vendor) rather than a title. */
function isNoteLine(line: string): boolean {
  return line.length > 80 || /[.:!]$/.test(line);
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
