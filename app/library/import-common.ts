// What the importers into a draft share (docs/decisions/232-spreadsheet-import-into-draft.md): turning a
// template's own numbering or wording into the format's ids, and the shape of what an import
// gives back. Pure.
import { IdSchema } from "~/questionnaire/definition";
import { asOrganisationReference, referenceProblem } from "~/questionnaire/references";

/** Where a problem or note is: a spreadsheet cell, or a place in an imported JSON file. */
export type ImportLocation = {
  sheet?: string;
  /** 1-based, as Excel numbers rows. */
  row?: number;
  /** 1-based: 1 is column A. */
  column?: number;
  heading?: string;
  /** The path inside the questionnaire, when the problem is about the document. */
  path?: string;
  /** For imports from JSON (VSAQ): the item, e.g. `questionnaire[0].items[3]` and its id. */
  item?: string;
};

/** Something the importer changed or left out, so the team can check it in the builder. */
export type ImportNote = ImportLocation & {
  message: string;
  /** Needs a person's confirmation (an organisation-defined reference, a guessed type). */
  confirm?: boolean;
};

export type ImportProblem = ImportLocation & { message: string };

/**
 * What an import gives back: a document in the questionnaire format (a plain object, as a
 * YAML file parses to), which may still have problems for the team to fix in the builder; every
 * problem with where it is and what to do; and notes on what the importer changed. `ok: false`
 * when nothing could be read: then there is no document and nothing may be saved.
 */
export type DraftImport =
  | {
      ok: true;
      document: Record<string, unknown>;
      problems: ImportProblem[];
      notes: ImportNote[];
      /** Organisation-defined references the importer made, for the team to confirm. */
      organisationReferences: string[];
    }
  | { ok: false; problems: ImportProblem[] };

const MAX_ID_LENGTH = 60;

/**
 * A stable id from a template's numbering or wording: "2.1" → "q-2-1" (with the given prefix
 * when it would start with a digit), "Yes" → "yes", "Données à caractère personnel" →
 * "donnees-a-caractere-personnel". The same text always gives the same id. Undefined when
 * nothing usable is left (only punctuation).
 */
export function slugify(text: string, prefix: string): string | undefined {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (words === "") return undefined;
  const id = /^[a-z]/.test(words) ? words : `${prefix}-${words}`;
  const cut = id.length > MAX_ID_LENGTH ? id.slice(0, MAX_ID_LENGTH).replace(/-[^-]*$/, "") : id;
  const result = cut.replace(/-+$/, "");
  return IdSchema.safeParse(result).success ? result : undefined;
}

/** Whether a text is already a valid id of the format (then it is kept as it is). */
export function isId(text: string): boolean {
  return IdSchema.safeParse(text).success;
}

/** Gives out ids unique within one scope: a second "q-2-1" becomes "q-2-1-2". */
export class IdPool {
  private readonly used = new Set<string>();

  has(id: string): boolean {
    return this.used.has(id);
  }

  /** The id itself if free, else the first free `id-2`, `id-3`… */
  take(id: string): string {
    let candidate = id;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${id}-${n}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** Words a template uses for "not applicable" as an answer option. */
export function isNotApplicable(text: string): boolean {
  return /^(n\/?a|not applicable|non applicable|does not apply|na)$/i.test(text.trim());
}

export type ReferenceReading = { references: string[]; converted: Array<[string, string]> };

/**
 * Reads a list of references, keeping the valid ones and turning each reference to a framework
 * Assay does not know (or with no framework at all) into an organisation-defined one
 * (docs/decisions/230-organisation-defined-references.md). A malformed ID of a known framework
 * is kept as written, for the validator to explain.
 */
export function readReferences(items: readonly string[]): ReferenceReading {
  const references: string[] = [];
  const converted: Array<[string, string]> = [];
  for (const item of items) {
    const text = item.trim();
    if (text === "") continue;
    const problem = referenceProblem(text);
    const unknown =
      problem !== undefined && /^(unknown framework|".*" is not a reference)/.test(problem);
    const organisation = unknown ? asOrganisationReference(text) : undefined;
    if (organisation) {
      converted.push([text, organisation]);
      if (!references.includes(organisation)) references.push(organisation);
    } else if (!references.includes(text)) {
      references.push(text);
    }
  }
  return { references, converted };
}

/** Plain text from VSAQ's HTML snippets and similar: tags dropped, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/**
 * An import's notes as the draft keeps them (one line each, "Confirm: " first for those needing
 * a person's judgement), and where each is: `Sheet!B5 (ID): …` or `questionnaire[0].items[3]: …`.
 */
export function draftNotes(imported: Extract<DraftImport, { ok: true }>): string[] {
  return imported.notes.map(
    (note) => `${note.confirm ? "Confirm: " : ""}${formatLocation(note)}${note.message}`,
  );
}

/** `Sheet!B5 (ID): `, `Sheet row 5: `, `Sheet (slug): `, `questionnaire[0].items[3]: ` or "". */
export function formatLocation(location: ImportLocation): string {
  if (location.item) return `${location.item}: `;
  if (location.sheet === undefined) return location.path ? `${location.path}: ` : "";
  const sheet = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(location.sheet)
    ? location.sheet
    : `'${location.sheet.replace(/'/g, "''")}'`;
  const heading = location.heading ? ` (${location.heading})` : "";
  if (location.row === undefined) return `${location.sheet}${heading}: `;
  if (location.column === undefined) return `${location.sheet} row ${location.row}: `;
  return `${sheet}!${columnName(location.column)}${location.row}${heading}: `;
}

function columnName(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
