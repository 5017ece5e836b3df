// The vendor copy of the assessment's questionnaire version, at a URL carrying its content
// hash, cached by the browser for a year (docs/decisions/320). Only the vendor session whose
// assessment uses the version reads it; another hash is a 404.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { getAssessmentSummary, getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { requireVendorSession } from "~/assessments/respond.server";
import { vendorDefinitions } from "~/assessments/vendor-definitions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const summary = (await getAssessmentSummary(vendor.db, vendor.assessmentId))!;
  const questionnaire = await getPinnedQuestionnaire(vendor.db, summary.questionnaireVersionId);
  const definitions = vendorDefinitions(questionnaire);
  if (params.hash !== definitions.hash)
    throw data("These questions are not part of your assessment.", { status: 404 });
  return new Response(definitions.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // Private: behind the vendor's session. Immutable: the hash names the content.
      "Cache-Control": "private, max-age=31536000, immutable",
    },
  });
}
