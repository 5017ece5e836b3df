// Evidence uploads from the answering page. With JavaScript the page posts here with fetch and
// gets JSON; without it, the per-question upload form posts here and comes back to the section.
import { type ActionFunctionArgs } from "@remix-run/node";
import { uploadEvidence } from "~/assessments/evidence.server";
import { vendorQuestionUpload } from "~/assessments/vendor-upload.server";

export async function loader() {
  return Response.json(
    { message: "POST a file here." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  return vendorQuestionUpload(request, {
    noFile: "Choose a file to upload.",
    store: async (vendor, questionnaire, input) =>
      input.upload.ok
        ? uploadEvidence(vendor.db, vendor, questionnaire, { ...input, upload: input.upload })
        : { ok: false, status: input.upload.status, message: input.upload.message },
    success: () => "File uploaded.",
  });
}
