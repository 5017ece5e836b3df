// A published version as its YAML file, in the library's layout: an authored questionnaire can be
// kept in git or moved into the library this way (docs/decisions/220-authored-questionnaires.md).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { attachmentDisposition } from "~/http/content-disposition";
import { questionnaireYaml } from "~/library/spreadsheet.server";
import { getQuestionnaireVersion } from "~/library/sync.server";
import { IdSchema, SemverSchema } from "~/questionnaire/definition";

const ParamsSchema = z.object({ slug: IdSchema, version: SemverSchema });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:read" }, context);
  const parsed = ParamsSchema.safeParse(params);
  const stored = parsed.success
    ? await getQuestionnaireVersion(await getDb(), parsed.data.slug, parsed.data.version)
    : null;
  if (!stored) throw data("There is no such questionnaire version.", { status: 404 });
  return new Response(questionnaireYaml(stored.questionnaire), {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": attachmentDisposition(`${stored.slug}-${stored.version}.yaml`),
      "Cache-Control": "private, no-store",
    },
  });
}
