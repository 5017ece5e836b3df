// CSV/XLSX downloads of the smaller tables on record pages (a vendor's contacts and history,
// an assessment's recipients, progress and activity, a finding's history), so every table in
// the app can be exported. Each table checks the same permission as the page that shows it.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getAssessmentForStaff } from "~/assessments/assessments.server";
import { listAuditEvents } from "~/audit/audit.server";
import { type Permission } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { describeChange } from "~/components/audit-table";
import { type Db, getDb, schema } from "~/db.server";
import { EXPORT_MAX_ROWS, requireExportFormat } from "~/export/downloads.server";
import { type Column } from "~/export/table-export";
import { tableDownload } from "~/export/table-export.server";
import { getFinding, getFindingThread } from "~/findings/findings.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";

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
  type Row = (typeof events)[number];
  const columns: Column<Row>[] = [
    { header: "When", value: (e) => e.at, width: 20 },
    { header: "Who", value: (e) => e.actorLabel, width: 28 },
    { header: "What", value: (e) => e.action, width: 24 },
    { header: "Change", value: (e) => describeChange(e.before, e.after), width: 60 },
  ];
  return { columns, rows: events };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such table.", { status: 404 });
  const { table, id } = parsed.data;
  await requireUser(request, { permission: PERMISSIONS[table] });
  const format = requireExportFormat(request);
  const db = await getDb();
  const send = <Row>(name: string, columns: Column<Row>[], rows: readonly Row[]) =>
    tableDownload(format, name, columns, rows);

  if (table === "vendor-contacts" || table === "vendor-history") {
    const [vendor] = await db
      .select({ id: schema.vendors.id, name: schema.vendors.name })
      .from(schema.vendors)
      .where(eq(schema.vendors.id, id));
    if (!vendor) throw notFound();
    if (table === "vendor-history") {
      const { columns, rows } = await history(db, "vendor", id);
      return send(`${vendor.name} history`, columns, rows);
    }
    const contacts = await db
      .select()
      .from(schema.vendorContacts)
      .where(eq(schema.vendorContacts.vendorId, id))
      .orderBy(asc(schema.vendorContacts.name));
    type Row = (typeof contacts)[number];
    const columns: Column<Row>[] = [
      { header: "Name", value: (c) => c.name, width: 28 },
      { header: "Email", value: (c) => c.email, width: 36 },
      { header: "Role", value: (c) => c.role, width: 28 },
    ];
    return send(`${vendor.name} contacts`, columns, contacts);
  }

  if (table === "finding-history") {
    const found = await getFinding(db, id);
    if (!found) throw notFound();
    const { events } = await getFindingThread(db, id);
    type Row = (typeof events)[number];
    const columns: Column<Row>[] = [
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
    return send("Finding history", columns, events);
  }

  const assessment = await getAssessmentForStaff(db, id);
  if (!assessment) throw notFound();
  const name = `${assessment.summary.vendorName} ${table.replace("assessment-", "")}`;
  if (table === "assessment-history") {
    const { columns, rows } = await history(db, "assessment", id);
    return send(name, columns, rows);
  }
  if (table === "assessment-recipients") {
    type Row = (typeof assessment.recipients)[number];
    const columns: Column<Row>[] = [
      { header: "Recipient", value: (r) => r.name, width: 28 },
      { header: "Email", value: (r) => r.email, width: 36 },
      { header: "Invited by", value: (r) => r.invitedBy },
      { header: "Link expires", value: (r) => r.expiresAt },
      { header: "Revoked", value: (r) => r.revokedAt },
      { header: "Last sent", value: (r) => r.lastSentAt },
      { header: "First opened", value: (r) => r.firstOpenedAt },
      { header: "Last opened", value: (r) => r.lastOpenedAt },
    ];
    return send(name, columns, assessment.recipients);
  }
  type Row = (typeof assessment.progress)[number];
  const columns: Column<Row>[] = [
    { header: "Section", value: (p) => p.title, width: 40 },
    { header: "Answered", value: (p) => p.answered },
    { header: "Applicable", value: (p) => p.applicable },
    { header: "Problems", value: (p) => p.problems },
  ];
  return send(name, columns, assessment.progress);
}
