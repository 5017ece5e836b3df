// Builds the printable assessment report from the stored score (getResultPage), the findings
// register and the evidence files. Findings are read from their table directly; while the
// register has no rows for an assessment (not yet reviewed), the engine's findings are listed
// as "not tracked yet" so the report never hides what the score found.
import { asc, eq } from "drizzle-orm";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { type Db, schema } from "~/db.server";
import { type Severity } from "~/questionnaire/definition";
import { type ScoreResult } from "~/scoring/engine";
import { getResultPage, getStoredScores, type StoredScore } from "~/assessments/scores.server";
import { type AssessmentReport, type ReportFinding, type ScoreLine, SEVERITY_RANK } from "./report";

function scoreLine(stored: StoredScore | undefined): ScoreLine | null {
  if (!stored) return null;
  const result: ScoreResult = stored.result;
  return {
    overall: result.overall,
    residualTier: result.residualTier,
    inherentTier: result.inherentTier,
    riskRating: result.riskRating,
    knockouts: result.knockouts.length,
    asOf: result.asOf,
    engineVersion: result.engineVersion,
    computedAt: stored.computedAt.toISOString(),
    verifiedQuestionCount: result.verifiedQuestionIds.length,
  };
}

/** The report, or null when there is no such assessment. */
export async function getAssessmentReport(
  db: Db,
  assessmentId: string,
  now: Date = new Date(),
): Promise<AssessmentReport | null> {
  const page = await getResultPage(db, assessmentId, now);
  if (!page) return null;
  const [stored, findingRows, evidenceRows] = await Promise.all([
    getStoredScores(db, assessmentId),
    db
      .select({
        id: schema.findings.id,
        title: schema.findings.title,
        severity: schema.findings.severity,
        status: schema.findings.status,
        dueDate: schema.findings.dueDate,
        questionId: schema.findings.questionId,
        references: schema.findings.references,
        knockout: schema.findings.knockout,
      })
      .from(schema.findings)
      .where(eq(schema.findings.assessmentId, assessmentId))
      .orderBy(asc(schema.findings.title), asc(schema.findings.id)),
    listEvidenceItems(db, [assessmentId], "staff", { kind: "all" }),
  ]);
  const { summary, view } = page;
  const questionText = new Map(
    [...view.why, ...view.notCounted].map((row) => [row.questionId, row.text]),
  );
  const textOf = (id: string) => questionText.get(id) ?? id;

  let findings: ReportFinding[] = findingRows.map((row) => ({
    ...row,
    severity: row.severity as Severity,
    questionText: textOf(row.questionId),
  }));
  if (findings.length === 0) {
    findings = view.findingsBySeverity.flatMap((group) =>
      group.findings.map((finding) => ({
        id: null,
        title: finding.title,
        severity: group.severity,
        status: null,
        dueDate: null,
        questionId: finding.questionId,
        questionText: finding.questionText,
        references: finding.references,
        knockout: finding.knockout,
      })),
    );
  }
  // Most severe first; a stable sort keeps the title order within a severity.
  findings.sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);

  return {
    generatedAt: now.toISOString(),
    assessment: {
      id: summary.id,
      status: summary.status,
      dueDate: summary.dueDate,
      createdAt: summary.createdAt.toISOString(),
      sentAt: summary.sentAt?.toISOString() ?? null,
      submittedAt: summary.submittedAt?.toISOString() ?? null,
      vendorName: summary.vendorName,
      questionnaireTitle: summary.questionnaireTitle,
      questionnaireVersion: summary.questionnaireVersion,
    },
    basis: page.basis,
    profile: page.profile,
    view,
    scores: { submitted: scoreLine(stored.submitted), current: scoreLine(stored.current) },
    findings,
    evidence: evidenceRows.map((row) => ({ ...row, questionText: textOf(row.questionId) })),
  };
}
