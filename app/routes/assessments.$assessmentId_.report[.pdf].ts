// GET /assessments/:assessmentId/report.pdf — the printable report as a PDF, drawn on the server
// (docs/decisions/070-report-pdf.md). Same guard and content as the report page.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/db.server";
import { requireReportReader } from "~/reports/guard.server";
import { renderReportPdf } from "~/reports/report-pdf.server";
import { getAssessmentReport } from "~/reports/report.server";
import { attachmentDisposition } from "~/http/content-disposition";

const ParamsSchema = z.object({ assessmentId: z.string().uuid() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireReportReader(request, context);
  const parsed = ParamsSchema.safeParse(params);
  const report = parsed.success
    ? await getAssessmentReport(await getDb(), parsed.data.assessmentId)
    : null;
  if (!report) throw data("There is no such assessment.", { status: 404 });
  const pdf = await renderReportPdf(report);
  const slug =
    report.assessment.vendorName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "vendor";
  const fileName = `assessment-report-${slug}-${report.generatedAt.slice(0, 10)}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": attachmentDisposition(fileName),
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
