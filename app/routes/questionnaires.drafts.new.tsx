import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { createQuestionnaireDraft } from "~/authoring/drafts.server";
import { blankDocument, NewDraftSchema, readYamlDocument } from "~/authoring/new-draft";
import { ErrorSummary, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { formDataToObject, zodFieldErrors } from "~/forms/parse";
import { readMultipartForm } from "~/http/multipart.server";
import { redirectWithToast } from "~/http/toast.server";

export const meta: MetaFunction = () => [
  { title: "New questionnaire — Assay" },
  { name: "description", content: "Start writing a new security questionnaire." },
];

const MAX_YAML_BYTES = 2_000_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:author" }, context);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:author" });
  const upload = await readMultipartForm(request, { maxFileBytes: MAX_YAML_BYTES });
  if (!upload.ok)
    return data(
      { errors: { file: "The file is larger than 2 MB or could not be read" } },
      { status: 400 },
    );
  const parsed = NewDraftSchema.safeParse(formDataToObject(upload.form));
  if (!parsed.success) return data({ errors: zodFieldErrors(parsed.error) }, { status: 400 });
  let document: Record<string, unknown>;
  let origin: string;
  if (parsed.data.intent === "blank") {
    document = blankDocument(parsed.data);
    origin = "builder";
  } else {
    const file = upload.form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return data({ errors: { file: "Choose a YAML file" } }, { status: 400 });
    const read = readYamlDocument(await file.text());
    if (!read.ok) return data({ errors: { file: read.message } }, { status: 400 });
    document = read.document;
    origin = "yaml";
  }
  const created = await createQuestionnaireDraft(await getDb(), { user, document, origin });
  if (!created.ok) return data({ errors: { file: created.message } }, { status: created.status });
  throw await redirectWithToast(`/questionnaires/drafts/${created.id}`, {
    message: "Draft created. Fix the problems listed, then publish it.",
  });
}

export default function NewDraftPage() {
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/questionnaires">Back to questionnaires</Link>
      </p>
      <h1>New questionnaire</h1>
      <p className="lede">
        A questionnaire written here is a draft until you publish it. Published versions never
        change, exactly like the built-in library&apos;s.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" encType="multipart/form-data" className="panel">
        <h2>Start from a blank questionnaire</h2>
        <input type="hidden" name="intent" value="blank" />
        <TextField label="Title" name="title" error={errors.title} required />
        <TextField
          label="Slug"
          name="slug"
          hint="Its stable id: lower-case words joined by hyphens, e.g. hosting-review"
          error={errors.slug}
          required
        />
        <button type="submit">Create the draft</button>
      </Form>
      <Form method="post" encType="multipart/form-data" className="panel">
        <h2>Import a version file (YAML)</h2>
        <input type="hidden" name="intent" value="yaml" />
        <TextField
          label="YAML file"
          name="file"
          type="file"
          accept=".yaml,.yml"
          error={errors.file}
        />
        <button type="submit">Import into a draft</button>
      </Form>
    </>
  );
}
