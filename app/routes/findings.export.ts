// The findings register as CSV or XLSX: every match of the page's filters and sorting.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requestedExport } from "~/export/table-export";
import { tableDownload } from "~/export/table-export.server";
import { listRegister, parseRegisterQuery, type RegisterRow } from "~/findings/register.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";

export const COLUMNS = [
  { header: "Title", value: (r: RegisterRow) => r.title, width: 50 },
  { header: "Severity", value: (r: RegisterRow) => SEVERITY_LABELS[r.severity] },
  { header: "Status", value: (r: RegisterRow) => FINDING_STATUS_LABELS[r.status], width: 24 },
  { header: "Overdue", value: (r: RegisterRow) => r.overdue },
  { header: "Due date", value: (r: RegisterRow) => r.dueDate },
  { header: "Opened", value: (r: RegisterRow) => r.createdAt },
  { header: "Vendor", value: (r: RegisterRow) => r.vendorName, width: 30 },
  { header: "Questionnaire", value: (r: RegisterRow) => r.questionnaire, width: 30 },
  { header: "Question", value: (r: RegisterRow) => r.questionId },
  { header: "References", value: (r: RegisterRow) => r.references.join(", "), width: 30 },
  { header: "Owner", value: (r: RegisterRow) => r.ownerName },
  { header: "Risk accepted until", value: (r: RegisterRow) => r.acceptanceExpiresOn },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "findings:read" });
  const url = new URL(request.url);
  const query = parseRegisterQuery(url);
  const exported = requestedExport(url);
  if ("error" in exported) throw data(exported.error, { status: 400 });
  const { rows } = await listRegister(await getDb(), query, user.id, { all: true });
  return tableDownload(exported.format ?? "csv", "Findings", COLUMNS, rows);
}
