// The printable assessment report's content, shared by the page and the PDF so the two never
// disagree. Pure: the loader builds it (report.server.ts), the page and the PDF render it.
import { type EvidenceItem } from "~/assessments/evidence-view";
import { type ResultView } from "~/assessments/result-view";
import { type Severity } from "~/questionnaire/definition";
import { formatScore } from "~/format";
import { type VendorProfile } from "~/scoring/risk";

export type ScoreLine = {
  overall: number | null;
  residualTier: string | null;
  inherentTier: string | null;
  riskRating: string | null;
  knockouts: number;
  asOf: string;
  engineVersion: string;
  computedAt: string;
  verifiedQuestionCount: number;
};

export type ReportFinding = {
  /** Null for a finding the engine opened that the register does not track yet. */
  id: string | null;
  title: string;
  severity: Severity;
  /** Null when not tracked yet. */
  status: string | null;
  dueDate: string | null;
  questionId: string;
  questionText: string;
  references: string[];
  knockout: boolean;
};

/** An evidence file (of an answer, or of a finding's fix) with the question it belongs to. */
export type ReportEvidence = EvidenceItem & { questionText: string };

export type AssessmentReport = {
  generatedAt: string;
  assessment: {
    id: string;
    status: string;
    dueDate: string;
    createdAt: string;
    sentAt: string | null;
    submittedAt: string | null;
    vendorName: string;
    questionnaireTitle: string;
    questionnaireVersion: string;
  };
  /** "submitted" (stored), "provisional" (not submitted: a preview) or "unstored". */
  basis: "submitted" | "provisional" | "unstored";
  profile: VendorProfile;
  view: ResultView;
  scores: { submitted: ScoreLine | null; current: ScoreLine | null };
  findings: ReportFinding[];
  evidence: ReportEvidence[];
};

export const FINDING_STATUS_TEXT: Record<string, string> = {
  open: "Open",
  in_progress: "In progress",
  fixed_by_vendor: "Fixed by vendor, awaiting verification",
  verified: "Verified",
  risk_accepted: "Risk accepted",
  reopened: "Reopened",
};

export function findingStatusText(status: string | null): string {
  return status === null ? "Not tracked yet" : (FINDING_STATUS_TEXT[status] ?? status);
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function severityText(severity: Severity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

/** "72.4 out of 100 · Medium residual · High risk", or "Not scored". */
export function scoreLineText(line: ScoreLine | null): string {
  if (!line) return "None";
  if (line.overall === null) return "Not scored";
  const parts = [`${formatScore(line.overall)} out of 100`];
  if (line.residualTier) parts.push(`${line.residualTier} residual tier`);
  if (line.inherentTier) parts.push(`${line.inherentTier} inherent tier`);
  if (line.riskRating) parts.push(`${line.riskRating} risk rating`);
  parts.push(line.knockouts === 1 ? "1 knockout" : `${line.knockouts} knockouts`);
  return parts.join(" · ");
}

/** The evidence files grouped by question (in the order of their first file), a fix's files apart. */
export function evidenceGroups(
  evidence: ReportEvidence[],
): { key: string; title: string; files: ReportEvidence[] }[] {
  const groups = new Map<string, { key: string; title: string; files: ReportEvidence[] }>();
  for (const file of evidence) {
    const key = file.findingId ? `fix/${file.findingId}` : `answer/${file.questionId}`;
    const title = file.findingId
      ? `Evidence of a fix, for ${file.questionText}`
      : file.questionText;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, title, files: [] }));
    group.files.push(file);
  }
  return [...groups.values()];
}
