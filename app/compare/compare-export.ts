// The comparison as one table for CSV/XLSX: the overview, the section scores and every
// question, each vendor in two columns (value, credit). Pure.
import { type Column as ExportColumn } from "~/export/table-export";
import { formatScore } from "~/format";
import { type Comparison } from "./compare";

type Row = {
  part: string;
  item: string;
  detail: string;
  spread: number | null;
  cells: { value: string; credit: number | null }[];
};

export function comparisonExport(c: Comparison): { columns: ExportColumn<Row>[]; rows: Row[] } {
  const rows: Row[] = [];
  const overview: [string, (i: number) => string][] = [
    ["Questionnaire version", (i) => c.columns[i]!.version],
    ["Submitted", (i) => c.columns[i]!.submittedAt?.slice(0, 10) ?? ""],
    ["Overall score (current)", (i) => formatScore(c.columns[i]!.overall)],
    ["Overall score (submitted)", (i) => formatScore(c.columns[i]!.submittedOverall)],
    ["Residual tier", (i) => c.columns[i]!.residualTier ?? "Not scored"],
    ["Inherent tier", (i) => c.columns[i]!.inherentTier ?? ""],
    ["Risk rating", (i) => c.columns[i]!.riskRating ?? "None"],
    ["Knockouts", (i) => String(c.columns[i]!.knockouts)],
  ];
  for (const [item, value] of overview) {
    rows.push({
      part: "Overview",
      item,
      detail: "",
      spread: null,
      cells: c.columns.map((_, i) => ({ value: value(i), credit: null })),
    });
  }
  for (const s of c.sections) {
    rows.push({
      part: "Section score",
      item: s.title,
      detail: `In versions ${s.versions.join(", ")}`,
      spread: null,
      cells: s.cells.map((cell) => ({
        value: cell.present
          ? `${formatScore(cell.score)}${cell.tier ? ` (${cell.tier})` : ""}`
          : "Not in this version",
        credit: null,
      })),
    });
  }
  for (const q of c.questions) {
    rows.push({
      part: "Question",
      item: q.text,
      detail: `${q.sectionTitle} · ${q.questionId}`,
      spread: q.spread,
      cells: q.cells.map((cell) =>
        cell.present
          ? { value: cell.answer, credit: cell.credit }
          : { value: `Not in version ${cell.version}`, credit: null },
      ),
    });
  }
  const columns: ExportColumn<Row>[] = [
    { header: "Part", value: (r) => r.part, width: 16 },
    { header: "Item", value: (r) => r.item, width: 50 },
    { header: "Detail", value: (r) => r.detail, width: 30 },
    { header: "Credit spread", value: (r) => r.spread },
    ...c.columns.flatMap((col, i): ExportColumn<Row>[] => [
      {
        header: `${col.vendorName} (${col.version})`,
        value: (r) => r.cells[i]?.value ?? "",
        width: 30,
      },
      { header: `${col.vendorName} credit`, value: (r) => r.cells[i]?.credit ?? null },
    ]),
  ];
  return { columns, rows };
}
