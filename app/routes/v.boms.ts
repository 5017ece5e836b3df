// A CycloneDX BOM sent from a supplier list on the answering page (decisions 253, 331). With
// JavaScript the page posts here with fetch and gets the draft rows as JSON to fill the table
// for review; without it, the file is still read and kept, and the toast says what was found.
import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { cleanName } from "~/assessments/evidence.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { getEnv } from "~/env.server";
import { streamMultipartUpload, uploadRefusal } from "~/http/multipart.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { discardUpload } from "~/storage/upload.server";
import { importBomUpload } from "~/supply-chain/bom-upload.server";

const FieldsSchema = z.object({ questionId: z.string().min(1).max(64) });

export async function loader() {
  return Response.json(
    { message: "POST a CycloneDX JSON file here." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const wantsJson = request.headers.get("accept")?.includes("application/json") ?? false;
  const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
  const sectionOf = (questionId: string) =>
    questionnaire.sections.find((s) => s.questions.some((q) => q.id === questionId))?.id;
  async function refuse(status: number, message: string, questionId?: string) {
    if (wantsJson) return Response.json({ ok: false, message }, { status });
    const section = questionId ? sectionOf(questionId) : undefined;
    return redirectWithToast(section ? `/v/sections/${section}#question-${questionId}` : "/v", {
      kind: "error",
      message,
    });
  }
  // The same streamed path as answer evidence (decision 193); the BOM's own limits are
  // checked once it is stored (bom-upload.server.ts).
  const read = await streamMultipartUpload(request, {
    maxFileBytes: MAX_EVIDENCE_BYTES,
    cleanName,
  });
  if (!read.ok) {
    const refusal = uploadRefusal(read.problem);
    return refuse(refusal.status, refusal.message);
  }
  const fields = FieldsSchema.safeParse({ questionId: read.form.get("questionId") });
  if (!fields.success || !read.upload) {
    await discardUpload(read.upload ?? undefined);
    return refuse(400, "Choose a CycloneDX JSON file to upload.", fields.data?.questionId);
  }
  const questionId = fields.data.questionId;
  const result = await importBomUpload(vendor.db, vendor, questionnaire, {
    questionId,
    upload: read.upload,
  });
  if (!result.ok) return refuse(result.status, result.message, questionId);
  if (wantsJson) return Response.json(result);
  const section = sectionOf(questionId);
  return redirectWithToast(section ? `/v/sections/${section}#question-${questionId}` : "/v", {
    kind: "success",
    message: `${result.file.fileName} is kept with your answer. It lists ${result.rows.length} ${result.rows.length === 1 ? "supplier" : "suppliers"}; add them to the table (the page fills it for you when JavaScript is on).`,
  });
}
