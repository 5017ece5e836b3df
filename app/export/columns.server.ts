// Every exported table's columns, in one place: what a CSV/XLSX download of each staff table
// holds, typed on the rows of the query that fills it. The downloads (downloads.server.ts and
// the `*.export.ts` routes) pair a query with one of these; tableDownload neutralises formulas.
// The comparison's columns depend on the vendors compared and are built in
// compare/compare-export.ts (docs/decisions/161-status-groups-and-export-columns.md).
import { type getAssessmentForStaff } from "~/assessments/assessments.server";
import { type ResultView } from "~/assessments/result-view";
import { type AssessmentStatus, STATUS_LABELS } from "~/assessments/status";
import { type listAuditEvents } from "~/audit/audit.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { describeChangeText } from "~/audit/describe";
import { type DiffRow } from "~/compare/compare";
import { type TrendPoint } from "~/compare/compare.server";
import { type PortfolioAssessmentRow } from "~/dashboard/filters";
import { type Figure } from "~/dashboard/figures";
import { type getFindingThread } from "~/findings/findings.server";
import { type RegisterRow } from "~/findings/register.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";
import { AUDIENCE_LABELS } from "~/questionnaire/labels";
import { type listLibrary } from "~/library/sync.server";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS } from "~/scoring/risk";
import { USER_STATUS_LABELS } from "~/users/users";
import { type listUsers } from "~/users/users.server";
import { VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";
import { type searchVendors } from "~/vendors/vendors.server";
import { type Column } from "./table-export";

type RowOf<T extends readonly unknown[]> = T[number];
type Rows<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export const VENDOR_COLUMNS: Column<RowOf<Rows<typeof searchVendors>["vendors"]>>[] = [
  { header: "Vendor", value: (v) => v.name, width: 30 },
  { header: "Website", value: (v) => v.website, width: 30 },
  { header: "Category", value: (v) => VENDOR_CATEGORY_LABELS[v.category], width: 20 },
  { header: "Data access", value: (v) => DATA_ACCESS_LABELS[v.dataAccess], width: 28 },
  { header: "Criticality", value: (v) => CRITICALITY_LABELS[v.criticality] },
  { header: "Inherent risk", value: (v) => v.inherentTier },
  { header: "Owner", value: (v) => v.ownerName, width: 20 },
  { header: "Added", value: (v) => v.createdAt, width: 20 },
  { header: "Archived", value: (v) => v.archivedAt, width: 20 },
  { header: "Id", value: (v) => v.id, width: 38 },
];

/** The assessments behind a dashboard number (/assessments?… opened from the dashboard). */
export const PORTFOLIO_COLUMNS: Column<PortfolioAssessmentRow>[] = [
  { header: "Vendor", value: (r) => r.vendorName, width: 30 },
  { header: "Questionnaire", value: (r) => r.questionnaireTitle, width: 40 },
  { header: "Version", value: (r) => r.questionnaireVersion },
  { header: "Status", value: (r) => STATUS_LABELS[r.status as AssessmentStatus] ?? r.status },
  { header: "Due", value: (r) => r.dueDate },
  { header: "Submitted", value: (r) => r.submittedAt?.slice(0, 10) ?? "" },
  {
    header: "Current score",
    value: (r) => (r.overall === null ? null : Number(r.overall.toFixed(1))),
  },
  { header: "Residual tier", value: (r) => r.residualTier ?? "" },
  { header: "Risk rating", value: (r) => r.riskRating ?? "" },
  { header: "Knockouts", value: (r) => r.knockouts },
];

export const DASHBOARD_FIGURE_COLUMNS: Column<Figure>[] = [
  { header: "Section", value: (r) => r.section, width: 36 },
  { header: "Group", value: (r) => r.group, width: 36 },
  { header: "Count", value: (r) => r.count },
];

export const USER_COLUMNS: Column<RowOf<Rows<typeof listUsers>>>[] = [
  { header: "Name", value: (u) => u.name, width: 24 },
  { header: "Email", value: (u) => u.email, width: 30 },
  { header: "Role", value: (u) => ROLE_LABELS[u.role] },
  { header: "Status", value: (u) => USER_STATUS_LABELS[u.status] },
  { header: "Last sign-in", value: (u) => u.lastLoginAt, width: 20 },
  { header: "Added", value: (u) => u.createdAt, width: 20 },
];

type AuditRow = RowOf<Rows<typeof listAuditEvents>["events"]>;

export const AUDIT_COLUMNS: Column<AuditRow>[] = [
  { header: "When", value: (e) => e.at, width: 20 },
  { header: "Who", value: (e) => e.actorLabel, width: 28 },
  { header: "What", value: (e) => e.action, width: 24 },
  { header: "Target type", value: (e) => e.targetType },
  { header: "Target id", value: (e) => e.targetId, width: 38 },
  { header: "Change", value: (e) => describeChangeText(e.before, e.after), width: 60 },
  { header: "Detail", value: (e) => (e.detail ? JSON.stringify(e.detail) : null), width: 40 },
];

/** One record's history (a vendor's, an assessment's): the audit log without the target. */
export const RECORD_HISTORY_COLUMNS: Column<AuditRow>[] = [
  { header: "When", value: (e) => e.at, width: 20 },
  { header: "Who", value: (e) => e.actorLabel, width: 28 },
  { header: "What", value: (e) => e.action, width: 24 },
  { header: "Change", value: (e) => describeChangeText(e.before, e.after), width: 60 },
];

export const LIBRARY_COLUMNS: Column<RowOf<RowOf<Rows<typeof listLibrary>>["versions"]>>[] = [
  { header: "Questionnaire", value: (v) => v.title, width: 40 },
  { header: "Slug", value: (v) => v.slug, width: 28 },
  { header: "Version", value: (v) => v.version },
  { header: "For", value: (v) => AUDIENCE_LABELS[v.audience], width: 28 },
  { header: "Questions", value: (v) => v.questionCount },
  { header: "Assessments", value: (v) => v.assessmentCount },
  { header: "Recorded", value: (v) => v.recordedAt, width: 20 },
];

export const SECTION_SCORE_COLUMNS: Column<ResultView["sections"][number]>[] = [
  { header: "Section", value: (s) => s.title, width: 40 },
  { header: "Weight", value: (s) => s.weight },
  { header: "Score", value: (s) => s.score },
];

export const WHY_THIS_SCORE_COLUMNS: Column<ResultView["why"][number]>[] = [
  { header: "Question", value: (r) => r.text, width: 50 },
  { header: "Question id", value: (r) => r.questionId, width: 24 },
  { header: "Section", value: (r) => r.sectionTitle, width: 28 },
  { header: "Answer", value: (r) => r.answer, width: 40 },
  { header: "Rule that applied", value: (r) => r.rule, width: 50 },
  { header: "Points lost", value: (r) => r.overallLost },
  { header: "Credit", value: (r) => r.credit },
  { header: "Weight", value: (r) => r.weight },
  { header: "Section weight", value: (r) => r.sectionWeight },
  { header: "Knockout", value: (r) => r.knockout },
  { header: "References", value: (r) => r.references.join(", "), width: 30 },
];

export const FINDING_COLUMNS: Column<RegisterRow>[] = [
  { header: "Title", value: (r) => r.title, width: 50 },
  { header: "Severity", value: (r) => SEVERITY_LABELS[r.severity] },
  { header: "Status", value: (r) => FINDING_STATUS_LABELS[r.status], width: 24 },
  { header: "Overdue", value: (r) => r.overdue },
  { header: "Due date", value: (r) => r.dueDate },
  { header: "Opened", value: (r) => r.createdAt },
  { header: "Vendor", value: (r) => r.vendorName, width: 30 },
  { header: "Questionnaire", value: (r) => r.questionnaire, width: 30 },
  { header: "Question", value: (r) => r.questionId },
  { header: "References", value: (r) => r.references.join(", "), width: 30 },
  { header: "Owner", value: (r) => r.ownerName },
  { header: "Risk accepted until", value: (r) => r.acceptanceExpiresOn },
];

export const FINDING_HISTORY_COLUMNS: Column<RowOf<Rows<typeof getFindingThread>["events"]>>[] = [
  { header: "When", value: (e) => e.at, width: 20 },
  { header: "Who", value: (e) => e.actor, width: 28 },
  { header: "What", value: (e) => e.kind },
  {
    header: "From status",
    value: (e) => (e.fromStatus ? FINDING_STATUS_LABELS[e.fromStatus] : null),
  },
  {
    header: "To status",
    value: (e) => (e.toStatus ? FINDING_STATUS_LABELS[e.toStatus] : null),
  },
  {
    header: "From severity",
    value: (e) => (e.fromSeverity ? SEVERITY_LABELS[e.fromSeverity] : null),
  },
  {
    header: "To severity",
    value: (e) => (e.toSeverity ? SEVERITY_LABELS[e.toSeverity] : null),
  },
  { header: "Note", value: (e) => e.note, width: 60 },
];

export const VENDOR_CONTACT_COLUMNS: Column<{ name: string; email: string; role: string }>[] = [
  { header: "Name", value: (c) => c.name, width: 28 },
  { header: "Email", value: (c) => c.email, width: 36 },
  { header: "Role", value: (c) => c.role, width: 28 },
];

type StaffAssessment = NonNullable<Rows<typeof getAssessmentForStaff>>;

export const RECIPIENT_COLUMNS: Column<StaffAssessment["recipients"][number]>[] = [
  { header: "Recipient", value: (r) => r.name, width: 28 },
  { header: "Email", value: (r) => r.email, width: 36 },
  { header: "Invited by", value: (r) => r.invitedBy },
  { header: "Link expires", value: (r) => r.expiresAt },
  { header: "Revoked", value: (r) => r.revokedAt },
  { header: "Last sent", value: (r) => r.lastSentAt },
  { header: "First opened", value: (r) => r.firstOpenedAt },
  { header: "Last opened", value: (r) => r.lastOpenedAt },
];

export const PROGRESS_COLUMNS: Column<StaffAssessment["progress"][number]>[] = [
  { header: "Section", value: (p) => p.title, width: 40 },
  { header: "Answered", value: (p) => p.answered },
  { header: "Carried over, to confirm", value: (p) => p.toConfirm },
  { header: "Applicable", value: (p) => p.applicable },
  { header: "Problems", value: (p) => p.problems },
];

export const TREND_COLUMNS: Column<TrendPoint>[] = [
  { header: "Submitted", value: (p) => p.submittedOn },
  { header: "Questionnaire", value: (p) => p.title, width: 40 },
  { header: "Version", value: (p) => p.version },
  { header: "Score at submission", value: (p) => p.submittedOverall },
  { header: "Current score", value: (p) => p.currentOverall },
  { header: "Residual tier", value: (p) => p.residualTier ?? "" },
  { header: "Risk rating", value: (p) => p.riskRating ?? "" },
  { header: "Knockouts", value: (p) => p.knockouts },
];

export const TREND_DIFF_COLUMNS: Column<DiffRow>[] = [
  { header: "Question id", value: (r) => r.questionId, width: 28 },
  { header: "Question", value: (r) => r.text, width: 50 },
  { header: "Section", value: (r) => r.sectionTitle, width: 24 },
  { header: "Change", value: (r) => r.change },
  { header: "Before", value: (r) => r.before ?? "Not in that version", width: 40 },
  { header: "After", value: (r) => r.after ?? "Not in that version", width: 40 },
  { header: "Credit before", value: (r) => r.creditBefore },
  { header: "Credit after", value: (r) => r.creditAfter },
];
