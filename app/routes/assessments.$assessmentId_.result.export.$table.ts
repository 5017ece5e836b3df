// GET /assessments/:assessmentId/result/export/(sections|why)?export=csv|xlsx — the result
// page's tables as the page shows them.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { requireExportFormat, resultDownload } from "~/export/downloads.server";
import { getResultPage } from "~/assessments/scores.server";

const ParamsSchema = z.object({
  assessmentId: z.string().uuid(),
  table: z.enum(["sections", "why"]),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const format = requireExportFormat(request);
  const parsed = ParamsSchema.safeParse(params);
  const page = parsed.success ? await getResultPage(await getDb(), parsed.data.assessmentId) : null;
  if (!page) throw data("There is no such assessment.", { status: 404 });
  return resultDownload(page.view, page.summary.vendorName, parsed.data!.table, format);
}
