// Staff download of a vendor's evidence file: images and PDFs open inert in the browser, the rest
// downloads (docs/decisions/200-evidence-beside-answers.md).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { evidenceDownload, getEvidenceFile } from "~/assessments/evidence.server";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";

const ParamsSchema = z.object({ assessmentId: z.string().uuid(), fileId: z.string().uuid() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const parsed = ParamsSchema.safeParse(params);
  const file = parsed.success
    ? await getEvidenceFile(await getDb(), parsed.data.assessmentId, parsed.data.fileId)
    : null;
  if (!file) throw data("There is no such file.", { status: 404 });
  return evidenceDownload(file, request);
}
