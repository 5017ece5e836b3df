// A remediation file the vendor uploaded for a finding, only for a shared finding of the session's
// own assessment: images and PDFs open inert in the browser, the rest downloads
// (docs/decisions/200-evidence-beside-answers.md).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { evidenceDownload } from "~/assessments/evidence.server";
import { requireVendorSession } from "~/assessments/respond.server";
import { getFindingEvidenceFile, getVendorFindingRow } from "~/findings/finding-evidence.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const finding = await getVendorFindingRow(vendor.db, vendor.assessmentId, params.findingId ?? "");
  const file = finding
    ? await getFindingEvidenceFile(vendor.db, finding.id, params.fileId ?? "")
    : null;
  if (!file) throw data("There is no such file.", { status: 404 });
  return evidenceDownload(file, request);
}
