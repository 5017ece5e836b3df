// A version as a spreadsheet: the vendor copy (no scoring: weights and credits are the answer
// key) for vendors who insist on a spreadsheet, or the full, re-importable copy for authors.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { IdSchema, SemverSchema } from "~/questionnaire/definition";
import { exportQuestionnaireXlsx } from "~/library/spreadsheet.server";
import { getQuestionnaireVersion } from "~/library/sync.server";
import { attachmentDisposition } from "~/http/content-disposition";
import { requireQuery } from "~/forms/parse";

const ParamsSchema = z.object({ slug: IdSchema, version: SemverSchema });
const QuerySchema = z.object({ copy: z.enum(["vendor", "full"]).catch("vendor") });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:read" }, context);
  const parsed = ParamsSchema.safeParse(params);
  const stored = parsed.success
    ? await getQuestionnaireVersion(await getDb(), parsed.data.slug, parsed.data.version)
    : null;
  if (!stored) throw data("There is no such questionnaire version.", { status: 404 });
  const { copy } = requireQuery(QuerySchema, request);
  const bytes = await exportQuestionnaireXlsx(stored.questionnaire, {
    forVendor: copy === "vendor",
  });
  const name = `${stored.slug}-${stored.version}${copy === "vendor" ? "" : "-with-scoring"}.xlsx`;
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": attachmentDisposition(name),
      "Cache-Control": "private, no-store",
    },
  });
}
