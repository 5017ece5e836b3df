import ExcelJS from "exceljs";
import { formatCsv } from "~/library/spreadsheet-csv";
import { type Cell, type Column, type ExportFormat, cellText, neutralise } from "./table-export";
import { attachmentDisposition } from "~/http/content-disposition";

const TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function tableCsv<Row>(columns: Column<Row>[], rows: readonly Row[]): Buffer {
  const lines = [
    columns.map((c) => neutralise(c.header)),
    ...rows.map((row) => columns.map((c) => cellText(c.value(row)))),
  ];
  // The byte order mark is how Excel knows a CSV file is UTF-8.
  return Buffer.from(`\uFEFF${formatCsv(lines)}`, "utf8");
}

function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "string") return neutralise(cell);
  return cell;
}

export async function tableXlsx<Row>(
  sheetName: string,
  columns: Column<Row>[],
  rows: readonly Row[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Assay";
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, " ").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: neutralise(c.header),
    width: c.width ?? Math.min(60, Math.max(12, c.header.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => xlsxValue(c.value(row))));
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/** The table as a download; `name` becomes the file name (with today's date) and sheet name. */
export async function tableDownload<Row>(
  format: ExportFormat,
  name: string,
  columns: Column<Row>[],
  rows: readonly Row[],
  now: Date = new Date(),
): Promise<Response> {
  const body = format === "csv" ? tableCsv(columns, rows) : await tableXlsx(name, columns, rows);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "export";
  const fileName = `${slug}-${now.toISOString().slice(0, 10)}.${format}`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": attachmentDisposition(fileName),
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
    },
  });
}
