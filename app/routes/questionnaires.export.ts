// GET /questionnaires/export?export=csv|xlsx — the library: one row per version.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { libraryDownload, requireExportFormat } from "~/export/downloads.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:read" }, context);
  return libraryDownload(await getDb(), requireExportFormat(request));
}
