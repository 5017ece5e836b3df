// The assessment report as a PDF, drawn server-side with pdfkit: pure JavaScript, no browser
// and no install scripts (docs/decisions/070-report-pdf.md). Same content as the page, from
// the same AssessmentReport. Text is drawn in embedded Noto fonts chosen per character
// (app/reports/pdf-fonts.server.ts, docs/decisions/201-report-pdf-fonts.md); only the SHA-256
// lines, plain hex, use the built-in Courier.
import PDFDocument from "pdfkit";
import { cellFont, fontRuns, registerReportFonts, type Weight } from "./pdf-fonts.server";
import { STATUS_LABELS, type AssessmentStatus } from "~/assessments/status";
import { formatBytes, formatCredit, formatInstant, formatPoints, formatScore } from "~/format";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS } from "~/scoring/risk";
import { fileTypeLabel } from "~/assessments/evidence-view";
import {
  type AssessmentReport,
  evidenceGroups,
  findingStatusText,
  scoreLineText,
  severityText,
} from "./report";

const MARGIN = 50;
const BODY = 10;
const SMALL = 8.5;

/** Renders the report; `compress: false` leaves the page streams readable (tests). */
export async function renderReportPdf(
  report: AssessmentReport,
  { compress = true }: { compress?: boolean } = {},
): Promise<Buffer> {
  const { assessment, view } = report;
  const title = `Assessment report: ${assessment.vendorName}`;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    compress,
    bufferPages: true,
    info: {
      Title: title,
      Author: "Assay",
      Subject: `${assessment.questionnaireTitle} ${assessment.questionnaireVersion}`,
      CreationDate: new Date(report.generatedAt),
    },
    lang: "en-GB",
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  registerReportFonts(doc);

  /** Text in the font chain, one run per font; `continued` leaves the line open for more. */
  const write = (
    text: string,
    weight: Weight,
    size: number,
    options: PDFKit.Mixins.TextOptions & { at?: { x: number; y: number } } = {},
  ) => {
    const { at, ...textOptions } = options;
    const runs = fontRuns(text, weight);
    runs.forEach((run, index) => {
      doc.font(run.font).fontSize(size);
      const more = index < runs.length - 1 || !!textOptions.continued;
      const runOptions = { width, ...textOptions, continued: more };
      if (index === 0 && at) doc.text(run.text, at.x, at.y, runOptions);
      else doc.text(run.text, runOptions);
    });
  };
  const heading = (text: string, size = 14) => {
    doc.moveDown(0.6);
    write(text, "bold", size);
    doc.moveDown(0.3);
  };
  const para = (text: string, options: { size?: number; bold?: boolean; mono?: boolean } = {}) => {
    if (options.mono)
      doc
        .font("Courier")
        .fontSize(options.size ?? BODY)
        .text(text, { width });
    else write(text, options.bold ? "bold" : "regular", options.size ?? BODY);
  };
  const field = (label: string, value: string) => {
    write(`${label}: `, "bold", BODY, { continued: true });
    write(value, "regular", BODY);
  };
  /** A table cell in one font of the chain. */
  const cell = (text: string, weight: Weight = "regular", type?: "TH") => {
    const { font, text: drawn } = cellFont(text, weight);
    return { text: drawn, font: { src: font }, ...(type ? { type } : {}) };
  };

  // Part 1: summary.
  write(title, "bold", 18);
  para(`${assessment.questionnaireTitle} ${assessment.questionnaireVersion}`, { size: 11 });
  doc.moveDown(0.5);
  if (report.basis === "provisional") {
    para(
      "Provisional: not submitted. The score is a preview from the answers saved so far and is not stored.",
      { bold: true },
    );
    doc.moveDown(0.3);
  }
  field("Status", STATUS_LABELS[assessment.status as AssessmentStatus] ?? assessment.status);
  field("Created", formatInstant(assessment.createdAt));
  field("Sent", formatInstant(assessment.sentAt));
  field("Submitted", formatInstant(assessment.submittedAt));
  field("Due", assessment.dueDate);
  field("Report generated", formatInstant(report.generatedAt));

  heading("Summary");
  field(
    "Overall score",
    `${formatScore(view.overall)}${view.overall === null ? "" : " out of 100"}`,
  );
  field("Residual tier", view.residualTier ?? "None (not scored)");
  para(view.residualRule, { size: SMALL });
  field("Inherent tier", view.inherentTier ?? "None");
  para(
    `Data access: ${DATA_ACCESS_LABELS[report.profile.dataAccess]}. Criticality: ${CRITICALITY_LABELS[report.profile.criticality]}.`,
    { size: SMALL },
  );
  field("Risk rating", view.riskRating ?? "None (not scored)");
  field("Submitted score", scoreLineText(report.scores.submitted));
  field("Current score", scoreLineText(report.scores.current));
  if (report.scores.current) {
    para(
      `The current score counts ${report.scores.current.verifiedQuestionCount} question(s) with verified remediation at full credit.`,
      { size: SMALL },
    );
  }
  field("Scored", `as of ${view.asOf} with engine ${view.engineVersion}`);
  heading("Knockouts", 12);
  if (view.knockouts.length === 0) para("None");
  for (const knockout of view.knockouts) {
    para(`- ${knockout.questionText}: ${knockout.findingTitle}`);
  }

  heading("Section scores", 12);
  doc.table({
    columnStyles: ["*", 60, 70],
    defaultStyle: { border: 0.5, padding: 4 },
    data: [
      [cell("Section", "bold", "TH"), cell("Weight", "bold", "TH"), cell("Score", "bold", "TH")],
      ...view.sections.map((section) => [
        cell(section.title),
        cell(String(section.weight)),
        cell(formatScore(section.score)),
      ]),
      [cell("Overall", "bold"), cell(""), cell(formatScore(view.overall), "bold")],
    ],
  });

  // Part 2: why this score.
  doc.addPage();
  heading("Why this score", 16);
  para(
    "Every question that counts, the ones that cost the most overall points first. Points lost = 100 x section weight x weight x (1 - credit) / the total possible.",
    { size: SMALL },
  );
  doc.moveDown(0.5);
  if (view.why.length === 0) para("No question counts towards the score.");
  view.why.forEach((row, index) => {
    write(`${index + 1}. ${row.text}`, "bold", BODY);
    para(
      `${row.sectionTitle} · ${row.questionId}${row.knockout ? " · Knockout" : ""} · ${formatPoints(row.overallLost)} points lost · credit ${formatCredit(row.credit)} · weight ${row.sectionWeight} × ${row.weight}`,
      { size: SMALL },
    );
    para(`Answer: ${row.answer}`, { size: SMALL });
    para(`Rule: ${row.rule}`, { size: SMALL });
    para(`References: ${row.references.length ? row.references.join(", ") : "none"}`, {
      size: SMALL,
    });
    doc.moveDown(0.4);
  });
  if (view.notCounted.length > 0) {
    heading(`Questions left out of the score (${view.notCounted.length})`, 12);
    for (const row of view.notCounted) para(`- ${row.text}: ${row.rule}`, { size: SMALL });
  }

  // Part 3: findings.
  doc.addPage();
  heading(`Findings (${report.findings.length})`, 16);
  if (report.findings.length === 0) para("No answer opened a finding.");
  for (const finding of report.findings) {
    write(
      `[${severityText(finding.severity)}] ${finding.title}${finding.knockout ? " (knockout)" : ""}`,
      "bold",
      BODY,
    );
    para(
      `Status: ${findingStatusText(finding.status)}${finding.dueDate ? ` · due ${finding.dueDate}` : ""}`,
      { size: SMALL },
    );
    para(`From: ${finding.questionText} (${finding.questionId})`, { size: SMALL });
    if (finding.references.length)
      para(`References: ${finding.references.join(", ")}`, { size: SMALL });
    doc.moveDown(0.4);
  }

  // Part 4: evidence.
  heading(`Evidence files (${report.evidence.length})`, 16);
  if (report.evidence.length === 0) para("No evidence files were uploaded.");
  for (const group of evidenceGroups(report.evidence)) {
    heading(group.title, 11);
    for (const file of group.files) {
      write(file.fileName, "bold", BODY);
      para(
        `${fileTypeLabel(file.contentType)} · ${formatBytes(file.size)} · uploaded ${file.uploadedBy ? `by ${file.uploadedBy} ` : ""}${formatInstant(file.uploadedAt)}`,
        { size: SMALL },
      );
      para(`SHA-256 ${file.sha256}`, { mono: true, size: SMALL });
      doc.moveDown(0.4);
    }
  }

  // Footer on every page: who, what, which page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    doc.page.margins.bottom = 0;
    doc.fillColor("#444444");
    write(
      `${assessment.vendorName} · ${assessment.questionnaireTitle} ${assessment.questionnaireVersion} · page ${i + 1} of ${range.count}`,
      "regular",
      7.5,
      { lineBreak: false, at: { x: MARGIN, y: doc.page.height - MARGIN + 15 } },
    );
    doc.fillColor("black");
  }
  doc.end();
  return done;
}
