// GET /admin/audit/export?export=csv|xlsx[&action=…] — every audit event matching the filter,
// not only the page on screen.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { auditDownload, requireExportFormat } from "~/export/downloads.server";
import { requireQuery } from "~/forms/parse";

const QuerySchema = z.object({
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/)
    .optional()
    .catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "audit:read" }, context);
  const format = requireExportFormat(request);
  const query = requireQuery(QuerySchema, request);
  return auditDownload(await getDb(), query.action, format);
}
