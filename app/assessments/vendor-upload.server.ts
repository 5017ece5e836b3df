// One file posted from the answering page for one question: answer evidence (/v/evidence) or a
// CycloneDX BOM for a supplier list (/v/boms). With JavaScript the page posts with fetch and gets
// JSON; without it, the question's own form posts and comes back to the part of the section
// that holds the question (decision 320) with a toast.
import { z } from "zod";
import { cleanName } from "~/assessments/evidence.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { sectionPath } from "~/assessments/section-parts";
import { getEnv } from "~/env.server";
import { streamMultipartUpload, uploadRefusal } from "~/http/multipart.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { type Questionnaire } from "~/questionnaire/definition";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { discardUpload, type CheckedUpload } from "~/storage/upload.server";

const FieldsSchema = z.object({ questionId: z.string().min(1).max(64) });

type Stored<T> = ({ ok: true } & T) | { ok: false; status: number; message: string };
type Vendor = Awaited<ReturnType<typeof requireVendorSession>>;

export async function vendorQuestionUpload<T extends object>(
  request: Request,
  steps: {
    /** What to say when the form came without a file. */
    noFile: string;
    /** Keeps the file for the question (or refuses it, discarding it). */
    store: (
      vendor: Vendor,
      questionnaire: Questionnaire,
      input: { questionId: string; upload: CheckedUpload },
    ) => Promise<Stored<T>>;
    /** The toast after a success, for a browser without JavaScript. */
    success: (result: { ok: true } & T) => string;
  },
): Promise<Response> {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const wantsJson = request.headers.get("accept")?.includes("application/json") ?? false;
  const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
  const back = (questionId: string | undefined) => {
    const section = questionId
      ? questionnaire.sections.find((s) => s.questions.some((q) => q.id === questionId))
      : undefined;
    return section ? sectionPath(section, questionId) : "/v";
  };
  const refuse = (status: number, message: string, questionId?: string) =>
    wantsJson
      ? Response.json({ ok: false, message }, { status })
      : redirectWithToast(back(questionId), { kind: "error", message });
  // The file streams into storage as it arrives, checked, counted and hashed on the way
  // (docs/decisions/193-uploads-stream-to-storage.md); past 25 MB nothing is kept.
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
    return refuse(400, steps.noFile, fields.data?.questionId);
  }
  const { questionId } = fields.data;
  const result = await steps.store(vendor, questionnaire, { questionId, upload: read.upload });
  if (!result.ok) return refuse(result.status, result.message, questionId);
  if (wantsJson) return Response.json(result);
  return redirectWithToast(back(questionId), { kind: "success", message: steps.success(result) });
}
