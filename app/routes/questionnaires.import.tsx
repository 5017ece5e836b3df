import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { readMultipartForm } from "~/http/multipart.server";
import { listQuestions } from "~/questionnaire/model";
import { formatSpreadsheetError } from "~/library/spreadsheet";
import {
  importQuestionnaireSpreadsheet,
  questionnaireYaml,
  SPREADSHEET_FILE_LIMITS,
} from "~/library/spreadsheet.server";

export const meta: MetaFunction = () => [
  { title: "Import a questionnaire — Assay" },
  { name: "description", content: "Import a questionnaire from a file into the library." },
];

// Questionnaires are code: an import checks the spreadsheet and gives back the version file
// to add to questionnaires/<slug>/ (or `npm run questionnaires:import`); it never changes the
// library behind the reviewers' backs (docs/decisions/010-questionnaire-format.md).
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" }, context);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" });
  const upload = await readMultipartForm(request, {
    maxFileBytes: SPREADSHEET_FILE_LIMITS.maxFileBytes,
  });
  if (!upload.ok) {
    const message =
      upload.problem === "too-large"
        ? "The file is larger than 5 MB; a questionnaire spreadsheet is far smaller. Check you chose the right file."
        : "The upload could not be read. Choose the file and try again.";
    return data({ errors: { file: message }, result: null }, { status: 400 });
  }
  const form = upload.form;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return data({ errors: { file: "Choose an XLSX or CSV file" }, result: null }, { status: 400 });
  }
  const format = /\.csv$/i.test(file.name) ? "csv" : /\.xlsx$/i.test(file.name) ? "xlsx" : null;
  if (!format) {
    return data(
      { errors: { file: "The file must be an .xlsx or .csv spreadsheet" }, result: null },
      { status: 400 },
    );
  }
  const result = await importQuestionnaireSpreadsheet(new Uint8Array(await file.arrayBuffer()), {
    format,
    name: file.name.replace(/\.(csv|xlsx)$/i, ""),
  });
  if (!result.ok) {
    return data(
      {
        errors: { file: `${result.total} problem(s) in ${file.name}: see the list below` },
        result: {
          problems: result.errors.map(formatSpreadsheetError),
          total: result.total,
          yaml: null,
          summary: null,
        },
      },
      { status: 422 },
    );
  }
  const q = result.questionnaire;
  return {
    errors: {},
    result: {
      problems: [],
      total: 0,
      yaml: questionnaireYaml(q),
      summary: {
        slug: q.slug,
        version: q.version,
        title: q.title,
        questions: listQuestions(q).length,
        sections: q.sections.length,
      },
    },
  };
}

export default function ImportPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const result = actionData?.result;
  return (
    <>
      <p>
        <Link to="/questionnaires">Back to questionnaires</Link>
      </p>
      <h1>Import a questionnaire from a spreadsheet</h1>
      <p className="lede">
        Checks an XLSX or CSV file in the documented layout (docs/questionnaire-spreadsheet.md) and
        turns it into a version file for the library.
      </p>
      <p>
        To make a draft to finish in the builder instead, with a template&apos;s own numbering,
        options and columns tolerated:{" "}
        <Link to="/questionnaires/drafts/import">import into a draft</Link>.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" encType="multipart/form-data" className="panel">
        <TextField
          label="Spreadsheet"
          name="file"
          type="file"
          accept=".xlsx,.csv"
          hint=".xlsx or .csv, up to 5 MB. Export a version with scoring to get a starting point."
          error={errors.file}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Check the spreadsheet
        </button>
      </Form>
      {result && result.problems.length > 0 ? (
        <section className="panel" aria-labelledby="problems-title">
          <h2 id="problems-title">Problems to fix ({result.total})</h2>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {result?.summary && result.yaml ? (
        <section className="panel" aria-labelledby="ok-title">
          <h2 id="ok-title">
            {result.summary.title} {result.summary.version} is valid
          </h2>
          <p role="status">
            {result.summary.questions} questions in {result.summary.sections} sections. Save this as{" "}
            <code>
              questionnaires/{result.summary.slug}/{result.summary.version}.yaml
            </code>{" "}
            and restart Assay to publish it (the version bump is checked then).
          </p>
          <p>
            <a
              download={`${result.summary.version}.yaml`}
              href={`data:text/yaml;charset=utf-8,${encodeURIComponent(result.yaml)}`}
            >
              Download {result.summary.version}.yaml
            </a>
          </p>
          <details>
            <summary>Show the file</summary>
            <pre className="mail">{result.yaml}</pre>
          </details>
        </section>
      ) : null}
    </>
  );
}
