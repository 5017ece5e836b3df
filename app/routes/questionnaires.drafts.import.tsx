import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { describePlace } from "~/authoring/draft-check";
import { checkStoredDraft, createQuestionnaireDraft, getDraft } from "~/authoring/drafts.server";
import { ErrorSummary, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { readMultipartForm } from "~/http/multipart.server";
import { draftNotes, formatLocation, type DraftImport } from "~/library/import-common";
import { importSpreadsheetDraft, SPREADSHEET_FILE_LIMITS } from "~/library/spreadsheet.server";
import { vsaqToDraft } from "~/library/vsaq";

export const meta: MetaFunction = () => [
  { title: "Import into a draft — Assay" },
  {
    name: "description",
    content: "Start a questionnaire draft from a spreadsheet (XLSX, CSV) or a Google VSAQ file.",
  },
];

// A spreadsheet (XLSX, CSV) or a Google VSAQ JSON file becomes a draft, tolerating what real
// templates contain, with every change noted (docs/decisions/232-spreadsheet-import-into-draft.md,
// docs/decisions/233-vsaq-import.md). A file that cannot be read makes no draft.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:author" }, context);
  return null;
}

type Result = {
  draftId: string | null;
  title: string;
  notes: string[];
  problems: string[];
  /**
   * What publishing's own check says of the new draft (the library's rules and the slug), each
   * with its place and the path the builder opens at; null while the format's problems above
   * stop those rules from running.
   */
  rules: Array<{ path: string; place: string; message: string }> | null;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:author" });
  const upload = await readMultipartForm(request, {
    maxFileBytes: SPREADSHEET_FILE_LIMITS.maxFileBytes,
  });
  if (!upload.ok) {
    return data(
      { errors: { file: "The file is larger than 5 MB or could not be read" }, result: null },
      { status: 400 },
    );
  }
  const file = upload.form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data(
      { errors: { file: "Choose an XLSX, CSV or VSAQ JSON file" }, result: null },
      { status: 400 },
    );
  }
  const kind = /\.xlsx$/i.test(file.name)
    ? "xlsx"
    : /\.csv$/i.test(file.name)
      ? "csv"
      : /\.json$/i.test(file.name)
        ? "vsaq"
        : null;
  if (!kind) {
    return data(
      { errors: { file: "The file must be .xlsx, .csv or a VSAQ .json file" }, result: null },
      { status: 400 },
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = file.name.replace(/\.(xlsx|csv|json)$/i, "");
  const imported: DraftImport =
    kind === "vsaq"
      ? vsaqToDraft(bytes)
      : await importSpreadsheetDraft(bytes, { format: kind, name });
  if (!imported.ok) {
    return data(
      {
        errors: { file: `${file.name} could not be imported: see the reason below` },
        result: {
          draftId: null,
          title: file.name,
          notes: [],
          problems: imported.problems.map((p) => `${formatLocation(p)}${p.message}`),
          rules: null,
        } satisfies Result,
      },
      { status: 422 },
    );
  }
  const db = await getDb();
  const created = await createQuestionnaireDraft(db, {
    user,
    document: imported.document,
    origin: kind === "vsaq" ? "vsaq" : "spreadsheet",
    notes: draftNotes(imported),
  });
  if (!created.ok) {
    return data({ errors: { file: created.message }, result: null }, { status: created.status });
  }
  // The check publishing runs, on the draft as stored (docs/decisions/312-import-shows-publish-check.md).
  const draft = await getDraft(db, created.id);
  const check = draft ? await checkStoredDraft(db, draft) : null;
  const rules = check?.questionnaire
    ? check.problems.map((p) => ({
        path: p.path,
        place: describePlace(imported.document, p.path),
        message: p.message,
      }))
    : null;
  return {
    errors: {},
    result: {
      draftId: created.id,
      title: typeof imported.document.title === "string" ? imported.document.title : file.name,
      notes: draftNotes(imported),
      problems: imported.problems.map((p) => `${formatLocation(p)}${p.message}`),
      rules,
    } satisfies Result,
  };
}

export default function ImportDraftPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const result = actionData?.result;
  return (
    <>
      <p>
        <Link to="/questionnaires">Back to questionnaires</Link>
      </p>
      <h1>Import a questionnaire into a draft</h1>
      <p className="lede">
        A spreadsheet in the documented layout, or a template close to it (its own numbering,
        Yes/No/N/A options, sub-headings, extra columns), or a Google VSAQ questionnaire. The draft
        keeps a note of every change for you to check; fix what remains in the builder.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" encType="multipart/form-data" className="panel">
        <TextField
          label="File"
          name="file"
          type="file"
          accept=".xlsx,.csv,.json"
          hint=".xlsx or .csv (docs/questionnaire-spreadsheet.md), or VSAQ .json; up to 5 MB."
          error={errors.file}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Import into a draft
        </button>
      </Form>
      {result?.draftId ? (
        <section className="panel" aria-labelledby="created-title">
          <h2 id="created-title">Draft created: {result.title}</h2>
          <p role="status">
            {result.problems.length === 0 && result.rules?.length === 0
              ? "No problems left: check the notes, then publish it."
              : result.problems.length === 0
                ? `The file reads cleanly; ${result.rules?.length ?? 0} problem(s) of the library's rules are left to fix in the builder.`
                : `${result.problems.length} problem(s) left to fix in the builder.`}{" "}
            <Link to={`/questionnaires/drafts/${result.draftId}`}>Open the draft</Link>
          </p>
        </section>
      ) : null}
      {result && result.problems.length > 0 ? (
        <section className="panel" aria-labelledby="problems-title">
          <h2 id="problems-title">
            {result.draftId ? "Problems to fix" : "Why no draft was made"} ({result.problems.length}
            )
          </h2>
          <ul>
            {result.problems.map((problem, index) => (
              <li key={index}>{problem}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {result?.draftId ? (
        <section className="panel" aria-labelledby="rules-title">
          <h2 id="rules-title">
            Checks publishing runs
            {result.rules
              ? ` (${result.rules.length} problem${result.rules.length === 1 ? "" : "s"})`
              : ""}
          </h2>
          {result.rules === null ? (
            <p>
              The library&apos;s rules (findings, knockouts, tiers, references) run once the
              problems above are fixed; the builder lists them as soon as they can.
            </p>
          ) : result.rules.length === 0 ? (
            <p>The library&apos;s rules find nothing: the draft can be published as it is.</p>
          ) : (
            <ul>
              {result.rules.map((rule, index) => (
                <li key={index}>
                  <Link
                    to={`/questionnaires/drafts/${result.draftId}?at=${encodeURIComponent(rule.path)}`}
                  >
                    {rule.place}
                  </Link>
                  : {rule.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {result && result.notes.length > 0 ? (
        <section className="panel" aria-labelledby="notes-title">
          <h2 id="notes-title">What the import changed ({result.notes.length})</h2>
          <ul>
            {result.notes.map((note, index) => (
              <li key={index}>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
