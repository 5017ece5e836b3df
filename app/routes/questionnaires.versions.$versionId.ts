// Actions on one published version: start a draft of its next version, retire it from new
// assessments, or restore it (docs/decisions/220-authored-questionnaires.md).
import { type ActionFunctionArgs, data } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { createDraftFromVersion, setVersionRetired } from "~/authoring/drafts.server";
import { getDb } from "~/db.server";
import { parseForm, describeErrors } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";

const ActionSchema = z.object({ intent: z.enum(["new-draft", "retire", "restore"]) });

export async function loader() {
  throw data("Not found", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:author" });
  const versionId = z.string().uuid().safeParse(params.versionId);
  if (!versionId.success) throw data("There is no such questionnaire version.", { status: 404 });
  const parsed = parseForm(ActionSchema, await request.formData());
  if (!parsed.success) throw data(describeErrors(parsed.errors), { status: 400 });
  const db = await getDb();
  if (parsed.data.intent === "new-draft") {
    const created = await createDraftFromVersion(db, user, versionId.data);
    if (!created.ok) throw data(created.message, { status: created.status });
    throw await redirectWithToast(`/questionnaires/drafts/${created.id}`, {
      message: "Draft started from the published version. Publishing it makes the next version.",
    });
  }
  const retired = parsed.data.intent === "retire";
  const result = await setVersionRetired(db, user, versionId.data, retired);
  if (!result.ok) throw data(result.message, { status: result.status });
  throw await redirectWithToast("/questionnaires", {
    message: retired
      ? "Version retired: it is no longer offered for new assessments."
      : "Version restored: it is offered for new assessments again.",
  });
}
