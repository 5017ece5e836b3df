// GET /assessments/:assessmentId/oscal.json — the assessment as an OSCAL Assessment Results
// document (docs/integrations.md, docs/decisions/218-oscal-export.md). Same readers as the
// report: it carries the answers and the findings.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { attachmentDisposition } from "~/http/content-disposition";
import { requireReportReader } from "~/reports/guard.server";
import { getOscalInput, toOscalAssessmentResults } from "~/reports/oscal.server";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireReportReader(request, context);
  const parsed = ParamsSchema.safeParse(params);
  const input = parsed.success
    ? await getOscalInput(await getDb(), parsed.data.assessmentId)
    : null;
  if (!input) throw data("There is no such assessment.", { status: 404 });
  const slug =
    input.assessment.vendorName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "vendor";
  return new Response(JSON.stringify(toOscalAssessmentResults(input), null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": attachmentDisposition(
        `oscal-assessment-results-${slug}-${input.generatedAt.toISOString().slice(0, 10)}.json`,
      ),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
