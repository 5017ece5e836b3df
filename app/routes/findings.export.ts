// The findings register as CSV or XLSX: every match of the page's filters and sorting.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { FINDING_COLUMNS } from "~/export/columns.server";
import { requireExportFormat } from "~/export/downloads.server";
import { tableDownload } from "~/export/table-export.server";
import { listRegister, parseRegisterQuery } from "~/findings/register.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "findings:read" }, context);
  const query = parseRegisterQuery(new URL(request.url));
  const format = requireExportFormat(request, { otherwise: "csv" });
  const { rows } = await listRegister(await getDb(), query, user.id, { all: true });
  return tableDownload(format, "Findings", FINDING_COLUMNS, rows);
}
