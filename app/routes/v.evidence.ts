// Evidence uploads from the answering page. With JavaScript the page posts here with fetch and
// gets JSON; without it, the per-question upload form posts here and comes back to the section.
import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { cleanName, uploadEvidence } from "~/assessments/evidence.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { getEnv } from "~/env.server";
import { streamMultipartUpload, uploadRefusal } from "~/http/multipart.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { sectionPath } from "~/assessments/section-parts";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { discardUpload } from "~/storage/upload.server";

const FieldsSchema = z.object({ questionId: z.string().min(1).max(64) });

export async function loader() {
  return Response.json(
    { message: "POST a file here." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const wantsJson = request.headers.get("accept")?.includes("application/json") ?? false;
  const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
  const sectionOf = (questionId: string) =>
    questionnaire.sections.find((s) => s.questions.some((q) => q.id === questionId));
  async function reply(
    status: number,
    body: { ok: boolean; message?: string },
    questionId?: string,
  ) {
    if (wantsJson) return Response.json(body, { status });
    const section = questionId ? sectionOf(questionId) : undefined;
    // The part of the section that holds the question (decision 320).
    return redirectWithToast(section ? sectionPath(section, questionId) : "/v", {
      kind: body.ok ? "success" : "error",
      message: body.ok ? "File uploaded." : (body.message ?? "The file could not be uploaded."),
    });
  }
  // The file streams into storage as it arrives, checked, counted and hashed on the way
  // (docs/decisions/193-uploads-stream-to-storage.md); past 25 MB nothing is kept.
  const read = await streamMultipartUpload(request, {
    maxFileBytes: MAX_EVIDENCE_BYTES,
    cleanName,
  });
  if (!read.ok) {
    const refusal = uploadRefusal(read.problem);
    return reply(refusal.status, { ok: false, message: refusal.message });
  }
  const fields = FieldsSchema.safeParse({ questionId: read.form.get("questionId") });
  if (!fields.success || !read.upload) {
    await discardUpload(read.upload ?? undefined);
    return reply(400, { ok: false, message: "Choose a file to upload." }, fields.data?.questionId);
  }
  if (!read.upload.ok)
    return reply(
      read.upload.status,
      { ok: false, message: read.upload.message },
      fields.data.questionId,
    );
  const result = await uploadEvidence(vendor.db, vendor, questionnaire, {
    questionId: fields.data.questionId,
    upload: read.upload,
  });
  if (!result.ok)
    return reply(result.status, { ok: false, message: result.message }, fields.data.questionId);
  if (wantsJson) return Response.json(result);
  return reply(200, { ok: true }, fields.data.questionId);
}
