// The CSV/XLSX downloads of the app's staff tables: for each, the columns as the page shows
// them and every matching row (the page's filters and sorting, not only its page). Routes
// call these when `?export=csv|xlsx` is present; tableDownload neutralises formulas.
import { data } from "@remix-run/node";
import { listAssessments } from "~/assessments/assessments.server";
import { STATUS_LABELS } from "~/assessments/status";
import { type AssessmentStatus } from "~/assessments/status";
import { listAuditEvents } from "~/audit/audit.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { describeChange } from "~/components/audit-table";
import { type Db } from "~/db.server";
import { AUDIENCE_LABELS } from "~/questionnaire/labels";
import { listLibrary } from "~/library/sync.server";
import { type ResultView } from "~/assessments/result-view";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS } from "~/scoring/risk";
import { USER_STATUS_LABELS } from "~/users/users";
import { listUsers } from "~/users/users.server";
import { type VendorListQuery } from "~/vendors/schemas";
import { VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";
import { searchVendors } from "~/vendors/vendors.server";
import { type Column, type ExportFormat, requestedExport } from "./table-export";
import { tableDownload } from "./table-export.server";

/** An upper bound, not a page: an export holds every matching row up to this many. */
export const EXPORT_MAX_ROWS = 100_000;

/**
 * The format asked for with `?export=`; missing or unknown is a 400. The downloads are
 * resource routes beside their pages (`<ExportLinks path=…>`): a page route's loader cannot
 * answer a document request with a file.
 */
export function requireExportFormat(request: Request): ExportFormat {
  const requested = requestedExport(new URL(request.url));
  if ("error" in requested) throw data(requested.error, { status: 400 });
  if (!requested.format) throw data("Add export=csv or export=xlsx.", { status: 400 });
  return requested.format;
}

export async function vendorsDownload(db: Db, query: VendorListQuery, format: ExportFormat) {
  const { vendors } = await searchVendors(db, { ...query, page: 1, pageSize: EXPORT_MAX_ROWS });
  type Row = (typeof vendors)[number];
  const columns: Column<Row>[] = [
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
  return tableDownload(format, "Vendors", columns, vendors);
}

export async function assessmentsDownload(
  db: Db,
  filter: { status?: AssessmentStatus; questionnaireVersionId?: string },
  format: ExportFormat,
) {
  const rows = await listAssessments(db, filter);
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    { header: "Vendor", value: (a) => a.vendorName, width: 30 },
    { header: "Questionnaire", value: (a) => a.questionnaireTitle, width: 40 },
    { header: "Version", value: (a) => a.questionnaireVersion },
    { header: "Status", value: (a) => STATUS_LABELS[a.status] },
    { header: "Due", value: (a) => a.dueDate },
    { header: "Overdue", value: (a) => a.overdue },
    { header: "Created", value: (a) => a.createdAt, width: 20 },
    { header: "Id", value: (a) => a.id, width: 38 },
  ];
  return tableDownload(format, "Assessments", columns, rows);
}

export async function usersDownload(db: Db, format: ExportFormat) {
  const users = await listUsers(db);
  type Row = (typeof users)[number];
  const columns: Column<Row>[] = [
    { header: "Name", value: (u) => u.name, width: 24 },
    { header: "Email", value: (u) => u.email, width: 30 },
    { header: "Role", value: (u) => ROLE_LABELS[u.role] },
    { header: "Status", value: (u) => USER_STATUS_LABELS[u.status] },
    { header: "Last sign-in", value: (u) => u.lastLoginAt, width: 20 },
    { header: "Added", value: (u) => u.createdAt, width: 20 },
  ];
  return tableDownload(format, "Users", columns, users);
}

export async function auditDownload(db: Db, action: string | undefined, format: ExportFormat) {
  const { events } = await listAuditEvents(db, { action, limit: EXPORT_MAX_ROWS });
  type Row = (typeof events)[number];
  const columns: Column<Row>[] = [
    { header: "When", value: (e) => e.at, width: 20 },
    { header: "Who", value: (e) => e.actorLabel, width: 28 },
    { header: "What", value: (e) => e.action, width: 24 },
    { header: "Target type", value: (e) => e.targetType },
    { header: "Target id", value: (e) => e.targetId, width: 38 },
    { header: "Change", value: (e) => describeChange(e.before, e.after), width: 60 },
    { header: "Detail", value: (e) => (e.detail ? JSON.stringify(e.detail) : null), width: 40 },
  ];
  return tableDownload(format, "Audit log", columns, events);
}

export async function libraryDownload(db: Db, format: ExportFormat) {
  const rows = (await listLibrary(db)).flatMap(({ versions }) => versions);
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    { header: "Questionnaire", value: (v) => v.title, width: 40 },
    { header: "Slug", value: (v) => v.slug, width: 28 },
    { header: "Version", value: (v) => v.version },
    { header: "For", value: (v) => AUDIENCE_LABELS[v.audience], width: 28 },
    { header: "Questions", value: (v) => v.questionCount },
    { header: "Assessments", value: (v) => v.assessmentCount },
    { header: "Recorded", value: (v) => v.recordedAt, width: 20 },
  ];
  return tableDownload(format, "Questionnaires", columns, rows);
}

/** The result page's two tables: section scores and "why this score", chosen with `?table=`. */
export async function resultDownload(
  view: ResultView,
  vendorName: string,
  table: "sections" | "why",
  format: ExportFormat,
) {
  if (table === "sections") {
    type Row = ResultView["sections"][number];
    const columns: Column<Row>[] = [
      { header: "Section", value: (s) => s.title, width: 40 },
      { header: "Weight", value: (s) => s.weight },
      { header: "Score", value: (s) => s.score },
    ];
    return tableDownload(format, `${vendorName} section scores`, columns, view.sections);
  }
  type Row = ResultView["why"][number];
  const columns: Column<Row>[] = [
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
  return tableDownload(format, `${vendorName} why this score`, columns, view.why);
}
