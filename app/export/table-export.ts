// Tables as CSV or XLSX downloads. Every exported table goes through here so that formula
// injection is neutralised in one place: a text cell starting with = + - @ (or a tab or
// carriage return, which some readers strip before one of those) gets a leading apostrophe,
// so a spreadsheet shows it as text and never evaluates it (docs/design.md, "Security rules").
import { z } from "zod";
import { unstorableReason } from "~/forms/input";

export type Cell = string | number | boolean | Date | null | undefined;
export type Column<Row> = { header: string; value: (row: Row) => Cell; width?: number };

const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const DANGEROUS_START = /^[=+\-@\t\r]/;

/** A text cell made safe for spreadsheets; numbers, dates and booleans are left as values. */
export function neutralise(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}

/** The requested export format from `?export=csv|xlsx`, null when none, or an error message. */
export function requestedExport(url: URL): { format: ExportFormat | null } | { error: string } {
  const raw = url.searchParams.get("export");
  if (raw === null || raw === "") return { format: null };
  // The schema is made here, not at the top of the module: the export links' browser code
  // imports this module, and a schema made on import would bring zod to every list page.
  const parsed = z.enum(EXPORT_FORMATS).safeParse(raw);
  if (!parsed.success && unstorableReason(raw))
    return { error: `export: ${unstorableReason(raw)}.` };
  return parsed.success
    ? { format: parsed.data }
    : { error: `Unknown export format “${raw}”: use csv or xlsx.` };
}

/** The export link for the current list: the same filters and sorting, plus `export=`. */
export function exportHref(search: string, format: ExportFormat): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  params.set("export", format);
  return `?${params.toString()}`;
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  if (typeof cell === "number") return String(cell);
  return neutralise(cell);
}
