// GET /admin/users/export?export=csv|xlsx — the users table.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat, usersDownload } from "~/export/downloads.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" }, context);
  return usersDownload(await getDb(), requireExportFormat(request));
}
