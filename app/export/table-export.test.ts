import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "~/library/spreadsheet-csv";
import { cellText, exportHref, neutralise, requestedExport } from "./table-export";
import { tableCsv, tableXlsx } from "./table-export.server";

type Row = { name: string; score: number | null; when: Date };
const columns = [
  { header: "Name", value: (r: Row) => r.name },
  { header: "Score", value: (r: Row) => r.score },
  { header: "When", value: (r: Row) => r.when },
];
const when = new Date("2026-01-02T03:04:05Z");

describe("neutralise", () => {
  it.each(["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])("prefixes %j", (text) => {
    expect(neutralise(text)).toBe(`'${text}`);
  });
  it.each(["plain", "1-2", "a=b", "", "'quoted"])("leaves %j", (text) => {
    expect(neutralise(text)).toBe(text);
  });
  it("never leaves a dangerous first character", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(/^[=+\-@\t\r]/.test(neutralise(text))).toBe(false);
      }),
    );
  });
  it("keeps numbers as numbers, negative ones included", () => {
    expect(cellText(-3)).toBe("-3");
    expect(cellText(null)).toBe("");
    expect(cellText(true)).toBe("yes");
  });
});

describe("exports", () => {
  const rows: Row[] = [
    { name: '=HYPERLINK("http://evil.example","x")', score: 42.5, when },
    { name: "Acme, Inc.", score: null, when },
  ];

  it("CSV: a BOM, a heading row, neutralised text, quoted commas", () => {
    const text = tableCsv(columns, rows).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = parseCsv(text.slice(1), { maxRows: 10, maxColumns: 10 });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows[0]).toEqual(["Name", "Score", "When"]);
    expect(parsed.rows[1]![0]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(parsed.rows[1]![1]).toBe("42.5");
    expect(parsed.rows[2]).toEqual(["Acme, Inc.", "", "2026-01-02T03:04:05.000Z"]);
  });

  it("XLSX: text cells neutralised, numbers and dates typed, no formulas", async () => {
    const buffer = await tableXlsx("Findings: all/open", columns, rows);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Findings  all open");
    expect(sheet.getCell("A2").value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(sheet.getCell("B2").value).toBe(42.5);
    expect(sheet.getCell("C2").value).toEqual(when);
    sheet.eachRow((row) =>
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
    );
  });
});

describe("requestedExport and exportHref", () => {
  it("reads the format and refuses unknown ones", () => {
    expect(requestedExport(new URL("http://x/?export=csv"))).toEqual({ format: "csv" });
    expect(requestedExport(new URL("http://x/"))).toEqual({ format: null });
    expect(requestedExport(new URL("http://x/?export=pdf"))).toHaveProperty("error");
  });
  it("keeps filters, drops the page", () => {
    expect(exportHref("?q=a&page=3&sort=name", "xlsx")).toBe("?q=a&sort=name&export=xlsx");
  });
});
