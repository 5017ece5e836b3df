// The assessment report as a PDF, drawn server-side with pdfkit: pure JavaScript, no browser
// and no install scripts (docs/decisions/070-report-pdf.md). Same content as the page, from
// the same AssessmentReport. The built-in Helvetica and Courier need no font files but only
// cover Windows-1252, so other characters are replaced (pdfSafe).
import PDFDocument from "pdfkit";
import { STATUS_LABELS, type AssessmentStatus } from "~/assessments/status";
import { formatBytes, formatCredit, formatInstant, formatPoints } from "~/format";
import { formatScore } from "~/scoring/engine";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS } from "~/scoring/risk";
import { fileTypeLabel } from "~/assessments/evidence-view";
import {
  type AssessmentReport,
  evidenceGroups,
  findingStatusText,
  scoreLineText,
  severityText,
} from "./report";

// Windows-1252's characters beyond Latin-1 (the 0x80–0x9F block).
const CP1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard PDF fonts can draw: anything outside Windows-1252 becomes "?". */
export function pdfSafe(text: string): string {
  let out = "";
  for (const char of text.normalize("NFC")) {
    const code = char.codePointAt(0)!;
    if (char === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) {
      out += char;
    } else if (CP1252_EXTRA.has(char)) {
      out += char;
    } else if (char === "\u2212") {
      out += "-";
    } else if (char === "\t") {
      out += " ";
    } else {
      out += "?";
    }
  }
  return out;
}

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
      Title: pdfSafe(title),
      Author: "Assay",
      Subject: pdfSafe(`${assessment.questionnaireTitle} ${assessment.questionnaireVersion}`),
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

  const heading = (text: string, size = 14) => {
    doc.moveDown(0.6).font("Helvetica-Bold").fontSize(size).text(pdfSafe(text), { width });
    doc.moveDown(0.3).font("Helvetica").fontSize(BODY);
  };
  const para = (text: string, options: { size?: number; bold?: boolean; mono?: boolean } = {}) => {
    doc
      .font(options.mono ? "Courier" : options.bold ? "Helvetica-Bold" : "Helvetica")
      .fontSize(options.size ?? BODY)
      .text(pdfSafe(text), { width });
  };
  const field = (label: string, value: string) => {
    doc
      .font("Helvetica-Bold")
      .fontSize(BODY)
      .text(`${pdfSafe(label)}: `, { continued: true });
    doc.font("Helvetica").text(pdfSafe(value), { width });
  };

  // Part 1: summary.
  doc.font("Helvetica-Bold").fontSize(18).text(pdfSafe(title), { width });
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
      [
        { text: "Section", type: "TH", font: { src: "Helvetica-Bold" } },
        { text: "Weight", type: "TH", font: { src: "Helvetica-Bold" } },
        { text: "Score", type: "TH", font: { src: "Helvetica-Bold" } },
      ],
      ...view.sections.map((section) => [
        pdfSafe(section.title),
        String(section.weight),
        formatScore(section.score),
      ]),
      [
        { text: "Overall", font: { src: "Helvetica-Bold" } },
        "",
        { text: formatScore(view.overall), font: { src: "Helvetica-Bold" } },
      ],
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
    doc
      .font("Helvetica-Bold")
      .fontSize(BODY)
      .text(pdfSafe(`${index + 1}. ${row.text}`), { width });
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
    doc
      .font("Helvetica-Bold")
      .fontSize(BODY)
      .text(
        pdfSafe(
          `[${severityText(finding.severity)}] ${finding.title}${finding.knockout ? " (knockout)" : ""}`,
        ),
        { width },
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
      doc.font("Helvetica-Bold").fontSize(BODY).text(pdfSafe(file.fileName), { width });
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
    doc
      .font("Helvetica")
      .fontSize(7.5)
      .fillColor("#444444")
      .text(
        pdfSafe(
          `${assessment.vendorName} · ${assessment.questionnaireTitle} ${assessment.questionnaireVersion} · page ${i + 1} of ${range.count}`,
        ),
        MARGIN,
        doc.page.height - MARGIN + 15,
        { width, lineBreak: false },
      );
    doc.fillColor("black");
  }
  doc.end();
  return done;
}
