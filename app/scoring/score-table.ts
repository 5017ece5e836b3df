// A score result as a plain-text report (`npm run score -- … --table`): what a questionnaire
// author reads to check their weights and bands. The questions are sorted by the overall
// points they cost, which answers "why is this vendor High?" first.
import { formatCredit, formatScore } from "~/format";
import { type ScoreResult } from "./engine";

export function formatScoreTable(result: ScoreResult): string {
  const { questionnaire } = result;
  const lines: string[] = [
    `${questionnaire.title} — ${questionnaire.slug} ${questionnaire.version}`,
    `Engine ${result.engineVersion}, dates judged on ${result.asOf}${
      result.verifiedQuestionIds.length > 0
        ? `; current score with ${result.verifiedQuestionIds.length} verified question(s)`
        : ""
    }`,
    "",
    ...table([
      ["Overall score", formatScore(result.overall)],
      ["Residual tier", result.residualTier ?? "none", result.residualRule],
      ["Inherent tier", result.inherentTier ?? "none (no vendor profile given)"],
      ["Risk rating", result.riskRating ?? "none"],
    ]),
    "",
    "Sections",
    ...table([
      ["  Section", "W", "Score", "Σw·c / Σw"],
      ...result.sections.map((section) => [
        `  ${section.title} (${section.sectionId})`,
        String(section.weight),
        formatScore(section.score),
        `${formatNumber(section.earned)} / ${formatNumber(section.possible)}`,
      ]),
    ]),
    "",
  ];

  lines.push(
    result.knockouts.length === 0 ? "Knockouts: none" : `Knockouts (${result.knockouts.length})`,
  );
  for (const knockout of result.knockouts)
    lines.push(`  ${knockout.questionId}: ${knockout.findingKey}`);
  lines.push("");

  lines.push(
    result.findings.length === 0 ? "Findings: none" : `Findings (${result.findings.length})`,
  );
  lines.push(
    ...table(
      result.findings.map((finding) => [
        `  ${finding.severity}${finding.knockout ? " (knockout)" : ""}${finding.verified ? " (verified)" : ""}`,
        finding.questionId,
        finding.title,
      ]),
    ),
  );
  lines.push("");

  const questions = result.questions
    .map((question, order) => ({ question, order }))
    .sort((a, b) => b.question.overallLost - a.question.overallLost || a.order - b.order)
    .map(({ question }) => question);
  lines.push("Questions, by overall points lost");
  lines.push(
    ...table([
      ["  Question", "Applies", "W", "w", "Credit", "Earned / possible", "Lost", "Rule"],
      ...questions.map((question) => [
        `  ${question.questionId}`,
        question.applicability,
        String(question.sectionWeight),
        String(question.weight),
        question.credit === null ? "–" : formatCredit(question.credit),
        question.credit === null
          ? "–"
          : `${formatNumber(question.pointsEarned)} / ${formatNumber(question.pointsPossible)}`,
        question.credit === null ? "–" : question.overallLost.toFixed(1),
        question.rule,
      ]),
    ]),
  );

  if (result.warnings.length > 0) {
    lines.push("", `Warnings (${result.warnings.length})`);
    for (const warning of result.warnings)
      lines.push(`  ${warning.questionId}: ${warning.message}`);
  }
  return `${lines.join("\n")}\n`;
}

// Columns padded to their widest cell; the last column is left ragged.
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      if (index < row.length - 1) widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index < row.length - 1 ? cell.padEnd(widths[index] ?? 0) : cell))
      .join("  ")
      .trimEnd(),
  );
}

function formatNumber(value: number): string {
  return String(Number(value.toFixed(3)));
}
