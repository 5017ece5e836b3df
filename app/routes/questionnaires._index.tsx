import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { getDb } from "~/db.server";
import { AUDIENCE_LABELS } from "~/questionnaire/labels";
import { listLibrary } from "~/library/sync.server";
import { listDrafts } from "~/authoring/drafts.server";

export const meta: MetaFunction = () => [
  { title: "Questionnaires — Assay" },
  {
    name: "description",
    content: "The questionnaire library: every questionnaire and its versions.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:read" }, context);
  const db = await getDb();
  return {
    library: await listLibrary(db),
    drafts: await listDrafts(db),
    canImport: can(user, "settings:manage"),
    canAuthor: can(user, "questionnaires:author"),
  };
}

const ORIGIN_LABELS: Record<string, string> = {
  library: "Built-in library",
  authored: "Written in Assay",
};

export default function LibraryPage() {
  const { library, drafts, canImport, canAuthor } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Questionnaires</h1>
      <p className="lede">
        The versioned questionnaire library. Published versions never change; assessments pin the
        version they were sent with.
      </p>
      {canAuthor || canImport ? (
        <p className="actions">
          {canAuthor ? <Link to="/questionnaires/drafts/new">New questionnaire</Link> : null}
          {canImport ? (
            <Link to="/questionnaires/import">Import a questionnaire from a spreadsheet</Link>
          ) : null}
        </p>
      ) : null}
      {drafts.length > 0 ? (
        <section className="panel" aria-labelledby="drafts-title">
          <h2 id="drafts-title">Drafts</h2>
          <ul>
            {drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/questionnaires/drafts/${d.id}`}>{d.title || "Untitled draft"}</Link>{" "}
                <span className="hint">
                  {d.slug ? <code>{d.slug}</code> : null} · started from {d.origin} · changed{" "}
                  <DateTime value={d.updatedAt} />
                  {d.updatedByName ? ` by ${d.updatedByName}` : ""}
                  {d.approvalRequestedAt ? ` · ${d.approvalVersion} awaits approval` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {library.length === 0 ? (
        <p>No questionnaires are recorded yet.</p>
      ) : (
        <ExportLinks what="the library" path="/questionnaires/export" />
      )}
      {library.map(({ slug, versions }) => {
        const latest = versions[0]!;
        return (
          <section className="panel" key={slug} aria-labelledby={`q-${slug}`}>
            <h2 id={`q-${slug}`}>{latest.title}</h2>
            <p className="hint">
              <code>{slug}</code> · for {AUDIENCE_LABELS[latest.audience]} ·{" "}
              {ORIGIN_LABELS[latest.origin] ?? latest.origin}
            </p>
            <ScrollRegion label={`Versions of ${latest.title}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col" className="num">
                      Questions
                    </th>
                    <th scope="col">Recorded</th>
                    <th scope="col">Used by</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v, index) => (
                    <tr key={v.id}>
                      <th scope="row">
                        {v.version}
                        {index === 0 ? " (latest)" : ""}
                        {v.retired ? " (retired)" : ""}
                      </th>
                      <td className="num">{v.questionCount}</td>
                      <td>
                        <DateTime value={v.recordedAt} />
                      </td>
                      <td>
                        {v.assessmentCount === 0 ? (
                          "No assessments"
                        ) : (
                          <Link to={`/assessments?version=${v.id}`}>
                            {v.assessmentCount === 1
                              ? "1 assessment"
                              : `${v.assessmentCount} assessments`}
                            <span className="visually-hidden"> on version {v.version}</span>
                          </Link>
                        )}
                      </td>
                      <td className="actions">
                        <Link to={`/questionnaires/${slug}/${v.version}`}>
                          Preview<span className="visually-hidden"> version {v.version}</span>
                        </Link>
                        {versions[index + 1] ? (
                          <Link
                            to={`/questionnaires/${slug}/diff?from=${versions[index + 1]!.version}&to=${v.version}`}
                          >
                            Changes since {versions[index + 1]!.version}
                          </Link>
                        ) : null}
                        {canAuthor && v.origin === "authored" ? (
                          <Form method="post" action={`/questionnaires/versions/${v.id}`}>
                            {index === 0 ? (
                              <button type="submit" name="intent" value="new-draft">
                                Edit as a new version
                                <span className="visually-hidden"> of {latest.title}</span>
                              </button>
                            ) : null}
                            <button
                              type="submit"
                              name="intent"
                              value={v.retired ? "restore" : "retire"}
                              className="button--secondary"
                            >
                              {v.retired ? "Restore" : "Retire"}
                              <span className="visually-hidden"> version {v.version}</span>
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
        );
      })}
    </>
  );
}
