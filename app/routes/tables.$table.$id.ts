// CSV/XLSX downloads of the smaller tables on record pages (a vendor's contacts and history,
// an assessment's recipients, progress and activity, a finding's history), so every table in
// the app can be exported. Each table checks the same permission as the page that shows it.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getAssessmentForStaff } from "~/assessments/assessments.server";
import { listAuditEvents } from "~/audit/audit.server";
import { type Permission } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { type Db, getDb } from "~/db.server";
import { EXPORT_MAX_ROWS, requireExportFormat } from "~/export/downloads.server";
import { type Column } from "~/export/table-export";
import {
  FINDING_HISTORY_COLUMNS,
  PROGRESS_COLUMNS,
  RECIPIENT_COLUMNS,
  RECORD_HISTORY_COLUMNS,
  VENDOR_CONTACT_COLUMNS,
} from "~/export/columns.server";
import { tableDownload } from "~/export/table-export.server";
import { getFinding, getFindingThread } from "~/findings/findings.server";
import { getVendorName, listAllVendorContacts } from "~/vendors/vendors.server";

const ParamsSchema = z.object({
  table: z.enum([
    "vendor-contacts",
    "vendor-history",
    "assessment-recipients",
    "assessment-progress",
    "assessment-history",
    "finding-history",
  ]),
  id: z.string().uuid(),
});

type Table = z.infer<typeof ParamsSchema>["table"];

const PERMISSIONS: Record<Table, Permission> = {
  "vendor-contacts": "vendors:read",
  "vendor-history": "vendors:read",
  "assessment-recipients": "assessments:read",
  "assessment-progress": "assessments:read",
  "assessment-history": "assessments:read",
  "finding-history": "findings:read",
};

const notFound = () => data("There is no such record.", { status: 404 });

async function history(db: Db, type: "vendor" | "assessment", id: string) {
  const { events } = await listAuditEvents(db, { target: { type, id }, limit: EXPORT_MAX_ROWS });
  return events;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such table.", { status: 404 });
  const { table, id } = parsed.data;
  await requireUser(request, { permission: PERMISSIONS[table] }, context);
  const format = requireExportFormat(request);
  const db = await getDb();
  const send = <Row>(name: string, columns: Column<Row>[], rows: readonly Row[]) =>
    tableDownload(format, name, columns, rows);

  if (table === "vendor-contacts" || table === "vendor-history") {
    const vendor = await getVendorName(db, id);
    if (!vendor) throw notFound();
    if (table === "vendor-history") {
      const events = await history(db, "vendor", id);
      return send(`${vendor.name} history`, RECORD_HISTORY_COLUMNS, events);
    }
    const contacts = await listAllVendorContacts(db, id);
    return send(`${vendor.name} contacts`, VENDOR_CONTACT_COLUMNS, contacts);
  }

  if (table === "finding-history") {
    const found = await getFinding(db, id);
    if (!found) throw notFound();
    const { events } = await getFindingThread(db, id);
    return send("Finding history", FINDING_HISTORY_COLUMNS, events);
  }

  const assessment = await getAssessmentForStaff(db, id);
  if (!assessment) throw notFound();
  const name = `${assessment.summary.vendorName} ${table.replace("assessment-", "")}`;
  if (table === "assessment-history") {
    return send(name, RECORD_HISTORY_COLUMNS, await history(db, "assessment", id));
  }
  if (table === "assessment-recipients") {
    return send(name, RECIPIENT_COLUMNS, assessment.recipients);
  }
  return send(name, PROGRESS_COLUMNS, assessment.progress);
}
