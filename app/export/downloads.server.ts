// The CSV/XLSX downloads of the app's staff tables: for each, its columns (columns.server.ts)
// and every matching row (the page's filters and sorting, not only its page). Routes
// call these when `?export=csv|xlsx` is present; tableDownload neutralises formulas.
import { data } from "@remix-run/node";
import { type ResultView } from "~/assessments/result-view";
import { listAuditEvents } from "~/audit/audit.server";
import { type Db } from "~/db.server";
import { listLibrary } from "~/library/sync.server";
import { listUsers } from "~/users/users.server";
import { type VendorListQuery } from "~/vendors/schemas";
import { searchVendors } from "~/vendors/vendors.server";
import {
  AUDIT_COLUMNS,
  LIBRARY_COLUMNS,
  SECTION_SCORE_COLUMNS,
  USER_COLUMNS,
  VENDOR_COLUMNS,
  WHY_THIS_SCORE_COLUMNS,
} from "./columns.server";
import { type ExportFormat, requestedExport } from "./table-export";
import { tableDownload } from "./table-export.server";

/** An upper bound, not a page: an export holds every matching row up to this many. */
export const EXPORT_MAX_ROWS = 100_000;

/**
 * The format asked for with `?export=`; missing or unknown is a 400. The downloads are
 * resource routes beside their pages (`<ExportLinks path=…>`): a page route's loader cannot
 * answer a document request with a file. `otherwise` is the format when none is asked for.
 */
export function requireExportFormat(
  request: Request,
  { otherwise }: { otherwise?: ExportFormat } = {},
): ExportFormat {
  const requested = requestedExport(new URL(request.url));
  if ("error" in requested) throw data(requested.error, { status: 400 });
  const format = requested.format ?? otherwise;
  if (!format) throw data("Add export=csv or export=xlsx.", { status: 400 });
  return format;
}

export async function vendorsDownload(db: Db, query: VendorListQuery, format: ExportFormat) {
  const { vendors } = await searchVendors(db, { ...query, page: 1, pageSize: EXPORT_MAX_ROWS });
  return tableDownload(format, "Vendors", VENDOR_COLUMNS, vendors);
}

export async function usersDownload(db: Db, format: ExportFormat) {
  const users = await listUsers(db);
  return tableDownload(format, "Users", USER_COLUMNS, users);
}

export async function auditDownload(db: Db, action: string | undefined, format: ExportFormat) {
  const { events } = await listAuditEvents(db, { action, limit: EXPORT_MAX_ROWS });
  return tableDownload(format, "Audit log", AUDIT_COLUMNS, events);
}

export async function libraryDownload(db: Db, format: ExportFormat) {
  const rows = (await listLibrary(db)).flatMap(({ versions }) => versions);
  return tableDownload(format, "Questionnaires", LIBRARY_COLUMNS, rows);
}

/** The result page's two tables: section scores and "why this score", chosen with `?table=`. */
export async function resultDownload(
  view: ResultView,
  vendorName: string,
  table: "sections" | "why",
  format: ExportFormat,
) {
  return table === "sections"
    ? tableDownload(format, `${vendorName} section scores`, SECTION_SCORE_COLUMNS, view.sections)
    : tableDownload(format, `${vendorName} why this score`, WHY_THIS_SCORE_COLUMNS, view.why);
}
