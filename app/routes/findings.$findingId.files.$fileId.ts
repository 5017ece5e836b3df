// Staff download of a file the vendor uploaded as evidence for a finding's fix, only when the file
// belongs to that finding: images and PDFs open inert in the browser, the rest downloads
// (docs/decisions/200-evidence-beside-answers.md).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { evidenceDownload } from "~/assessments/evidence.server";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { getFindingEvidenceFile } from "~/findings/finding-evidence.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "findings:read" }, context);
  const file = await getFindingEvidenceFile(
    await getDb(),
    params.findingId ?? "",
    params.fileId ?? "",
  );
  if (!file) throw data("There is no such file.", { status: 404 });
  return evidenceDownload(file, request);
}
