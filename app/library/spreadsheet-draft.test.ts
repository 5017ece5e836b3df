// The import into a draft: a template as a team writes it becomes a document in the format,
// with notes on what changed and every remaining problem at once
// (docs/decisions/232-spreadsheet-import-into-draft.md).
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { isId, slugify } from "./import-common";
import { formatSpreadsheetError, type Cell, type Sheet } from "./spreadsheet";
import { parseCsv } from "./spreadsheet-csv";
import { spreadsheetToDraft } from "./spreadsheet-draft";
import ExcelJS from "exceljs";
import { importQuestionnaireSpreadsheet, importSpreadsheetDraft } from "./spreadsheet.server";
import { validateQuestionnaire } from "~/questionnaire/validate";

const CISA = path.join(
  import.meta.dirname,
  "fixtures",
  "import",
  "cisa-ict-scrm-vendor-template.csv",
);

async function cisaSheet(): Promise<Sheet> {
  const parsed = parseCsv(await readFile(CISA, "utf8"), { maxRows: 5000, maxColumns: 64 });
  if (!parsed.ok) throw new Error(parsed.message);
  return { name: "CISA", rows: parsed.rows };
}

function draftOf(sheets: Sheet[]) {
  const draft = spreadsheetToDraft(sheets, { name: "cisa-ict-scrm-vendor-template" });
  if (!draft.ok) throw new Error(draft.problems.map(formatSpreadsheetError).join("\n"));
  return draft;
}

test("the CISA template as a team writes it: refused by the strict check, imported into a draft with no problem left", async () => {
  const strict = await importQuestionnaireSpreadsheet(await readFile(CISA), {
    format: "csv",
    name: "cisa-ict-scrm-vendor-template",
  });
  expect(strict.ok).toBe(false);
  expect(!strict.ok && strict.total).toBe(29);

  const draft = draftOf([await cisaSheet()]);
  expect(draft.problems.map(formatSpreadsheetError)).toEqual([]);
  const valid = validateQuestionnaire(draft.document);
  expect(valid.ok).toBe(true);
  if (!valid.ok) return;
  const q = valid.questionnaire;
  // Sub-headings became sections titled after the heading they sit under; the first section's
  // instruction line became its description.
  expect(q.sections.map((section) => section.id)).toEqual([
    "section-1",
    "section-2-general",
    "section-2-ict-supply-chain-management",
    "section-3-secure-development",
    "section-3-product-integrity",
    "section-4-policies",
    "section-4-access-and-network",
    "section-4-incidents",
  ]);
  expect(q.sections[1]!.title).toBe("Supply chain management and supplier governance: General");
  expect(q.sections[1]!.weight).toBe(3);
  expect(q.sections[0]!.description).toMatch(
    /^Affirmative answers backed by current documentation/,
  );
  // The template's numbering became stable ids; Yes/No/Alternate became option values and
  // N/A the format's N/A.
  const q21 = q.sections[1]!.questions[0]!;
  expect(q21).toMatchObject({ id: "q-2-1", type: "single_choice", allowNA: true, weight: 3 });
  expect(
    q21.type === "single_choice" && q21.options.map((o) => [o.value, o.label, o.credit]),
  ).toEqual([
    ["yes", "Yes", 1],
    ["no", "No", 0],
    ["alternate", "Alternate", 0.5],
  ]);
  // A follow-up's condition written with the numbering reads with the draft's ids.
  expect(q.sections[1]!.questions[1]).toMatchObject({
    id: "q-2-1-1",
    type: "long_text",
    showIf: { equals: { question: "q-2-1", value: "yes" } },
  });
  // Unknown frameworks became organisation references, each listed for confirmation.
  expect(draft.organisationReferences).toEqual([
    "ORG:NIST-SP-800-161",
    "ORG:ISO-9001",
    "ORG:ISO-27001:A.5.20",
    "ORG:NIST-SSDF:PO.1",
    "ORG:SLSA:L2",
    "ORG:ISO-27001:A.5.1",
    "ORG:CIS-Controls:1",
  ]);
  expect(draft.notes.filter((note) => note.confirm).map(formatSpreadsheetError)).toContain(
    'CISA!H12 (References): "NIST-SP-800-161" is not a framework Assay knows: kept as the organisation reference ORG:NIST-SP-800-161; confirm it',
  );
  // The extra column is ignored with a note, not refused.
  expect(draft.notes.map(formatSpreadsheetError)).toContain(
    'CISA!K1 (CISA category): the column "CISA category" is not part of the questionnaire format and was ignored',
  );
  // What was not given is filled in, and said.
  expect(q).toMatchObject({
    slug: "cisa-ict-supply-chain-vendor-template",
    version: "1.0.0",
    audience: "any",
  });
  // The same file gives the same draft: ids are stable.
  expect(draftOf([await cisaSheet()]).document).toEqual(draft.document);
});

test("what the importer cannot settle is reported all at once, at its cell; fixing exactly those leaves none", async () => {
  const sheet = await cisaSheet();
  const rows = sheet.rows.map((row) => [...row]) as Cell[][];
  const header = rows[0] as string[];
  const col = (heading: string) => header.indexOf(heading);
  const rowOf = (id: string) => rows.findIndex((row) => row[0] === "question" && row[1] === id);
  rows[rowOf("2.3") + 1]![col("Credit")] = "2"; // a credit above 1
  rows[rowOf("3.2")]![col("Type")] = "sometimes"; // an unknown type
  rows[rowOf("4.6.1")]![col("Show if")] = "4.66 = Yes"; // a question that does not exist
  rows[rowOf("4.7")]![col("Weight")] = "9"; // a weight out of range
  const draft = draftOf([{ ...sheet, rows }]);
  expect(draft.problems.map(formatSpreadsheetError)).toEqual([
    "CISA!J36 (Credit): credit is between 0 and 1",
    expect.stringMatching(/^CISA!E53 \(Type\): unknown question type "sometimes"/),
    expect.stringMatching(
      /^CISA!G108 \(Show if\): cannot read the condition: expected a question id, but found "4\.66"/,
    ),
    "CISA!I109 (Weight): weights are whole numbers 0–5",
  ]);
  rows[rowOf("2.3") + 1]![col("Credit")] = "1";
  rows[rowOf("3.2")]![col("Type")] = "yes/no";
  rows[rowOf("4.6.1")]![col("Show if")] = "4.6 = Yes";
  rows[rowOf("4.7")]![col("Weight")] = "5";
  expect(draftOf([{ ...sheet, rows }]).problems).toEqual([]);
});

test("a hostile or unreadable sheet gives no document, so nothing is half-saved", () => {
  const nul = spreadsheetToDraft([
    {
      name: "Questions",
      rows: [
        ["Row type", "ID", "Text"],
        ["section", "a", "A\u0000"],
      ],
    },
  ]);
  expect(nul.ok).toBe(false);
  expect(!nul.ok && nul.problems.map(formatSpreadsheetError)).toEqual([
    "Questions!C2: contains a NUL character (U+0000), which cannot be stored; remove it",
  ]);
  const none = spreadsheetToDraft([
    { name: "One", rows: [] },
    { name: "Two", rows: [] },
  ]);
  expect(none.ok).toBe(false);
  expect(!none.ok && none.problems[0]!.message).toMatch(/^no sheet named "Questions"/);
  // No headings at all: a document with the problem, never a crash.
  const empty = spreadsheetToDraft([{ name: "Questions", rows: [["just", "words"]] }]);
  expect(empty.ok && empty.problems.map(formatSpreadsheetError)).toEqual([
    expect.stringMatching(/^Questions row 1: row 1 must hold the column headings/),
  ]);
});

test("property: any numbering or wording gives a valid id or none, the same every time, and a valid id stays itself", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (text) => {
      const id = slugify(text, "q");
      if (id !== undefined) expect(isId(id)).toBe(true);
      expect(slugify(text, "q")).toBe(id);
      if (id !== undefined) expect(slugify(id, "q")).toBe(id);
    }),
  );
  expect(slugify("2.1", "q")).toBe("q-2-1");
  expect(slugify("N/A", "option")).toBe("n-a");
  expect(slugify("Données & accès", "q")).toBe("donnees-and-acces");
});

test("property: whatever cells a sheet holds, the import gives a document or a reason, and never throws", () => {
  const cell = fc.oneof(
    fc.constantFrom(
      "section",
      "question",
      "option",
      "sub-heading",
      "Yes",
      "N/A",
      "2.1",
      "yes/no",
      "",
      "1",
    ),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.constant(null),
  );
  const header = [
    "Row type",
    "ID",
    "Text",
    "Type",
    "Show if",
    "References",
    "Weight",
    "Credit",
    "Extra",
  ];
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { maxLength: header.length }), { maxLength: 25 }),
      (body) => {
        const draft = spreadsheetToDraft([{ name: "Questions", rows: [header, ...body] }]);
        if (draft.ok) {
          for (const problem of draft.problems) expect(problem.message.length).toBeGreaterThan(0);
          expect(typeof draft.document).toBe("object");
        }
      },
    ),
    { numRuns: 200 },
  );
});

test("the same template saved as XLSX imports to the same draft; a file that is not one gives a reason and no document", async () => {
  const sheet = await cisaSheet();
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet("Questions");
  for (const row of sheet.rows) worksheet.addRow(row.map((cell) => (cell === "" ? null : cell)));
  const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
  const fromXlsx = await importSpreadsheetDraft(xlsx, {
    format: "xlsx",
    name: "cisa-ict-scrm-vendor-template",
  });
  const fromCsv = await importSpreadsheetDraft(await readFile(CISA), {
    format: "csv",
    name: "cisa-ict-scrm-vendor-template",
  });
  expect(fromXlsx.ok && fromCsv.ok).toBe(true);
  expect(fromXlsx.ok && fromXlsx.document).toEqual(fromCsv.ok && fromCsv.document);
  const notXlsx = await importSpreadsheetDraft(new TextEncoder().encode("slug,title\n"), {
    format: "xlsx",
  });
  expect(notXlsx).toEqual({
    ok: false,
    problems: [
      { message: "not an XLSX file (an XLSX file is a ZIP archive, and this is not one)" },
    ],
  });
});
