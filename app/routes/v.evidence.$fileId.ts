// A vendor's own evidence file: download (GET) or remove (POST), only within their assessment.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { evidenceDownload, getEvidenceFile, removeEvidence } from "~/assessments/evidence.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { sectionPath } from "~/assessments/section-parts";

const ParamsSchema = z.object({ fileId: z.string().uuid() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const parsed = ParamsSchema.safeParse(params);
  const file = parsed.success
    ? await getEvidenceFile(vendor.db, vendor.assessmentId, parsed.data.fileId)
    : null;
  if (!file) throw data("There is no such file.", { status: 404 });
  return evidenceDownload(file, request);
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such file.", { status: 404 });
  const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
  const result = await removeEvidence(vendor.db, vendor, questionnaire, parsed.data.fileId);
  if (request.headers.get("accept")?.includes("application/json")) {
    return Response.json(result, { status: result.ok ? 200 : result.status });
  }
  const section = result.ok
    ? questionnaire.sections.find((s) => s.questions.some((q) => q.id === result.questionId))
    : undefined;
  // The part of the section that holds the question (decision 320).
  return redirectWithToast(section && result.ok ? sectionPath(section, result.questionId) : "/v", {
    kind: result.ok ? "success" : "error",
    message: result.ok ? "File removed." : result.message,
  });
}
