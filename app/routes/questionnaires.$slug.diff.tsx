import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { SelectField } from "~/components/form";
import { getDb } from "~/db.server";
import { parseQuery } from "~/forms/parse";
import { type Change, diffVersions, requiredBump } from "~/questionnaire/diff";
import { IdSchema, SemverSchema } from "~/questionnaire/definition";
import { getQuestionnaireVersion, listLibrary } from "~/library/sync.server";

const QuerySchema = z.object({ from: SemverSchema.optional(), to: SemverSchema.optional() });

export const meta: MetaFunction = () => [
  { title: "Compare questionnaire versions — Assay" },
  { name: "description", content: "What changed between two versions of a questionnaire." },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:read" }, context);
  const slug = IdSchema.safeParse(params.slug);
  const db = await getDb();
  const group = slug.success
    ? (await listLibrary(db)).find((g) => g.slug === slug.data)
    : undefined;
  if (!group) throw data("There is no such questionnaire.", { status: 404 });
  const versions = group.versions.map((v) => v.version);
  const query = parseQuery(QuerySchema, request);
  if (!query.success) throw data("Choose two versions from the lists.", { status: 400 });
  const to = query.data.to ?? versions[0]!;
  const from = query.data.from ?? versions[1] ?? versions[0]!;
  const [older, newer] = await Promise.all([
    getQuestionnaireVersion(db, group.slug, from),
    getQuestionnaireVersion(db, group.slug, to),
  ]);
  if (!older || !newer)
    throw data(`Version ${!older ? from : to} of ${group.slug} does not exist.`, { status: 404 });
  const diff = diffVersions(older.questionnaire, newer.questionnaire);
  return {
    slug: group.slug,
    title: newer.questionnaire.title,
    versions,
    from,
    to,
    diff,
    bump: requiredBump(diff),
  };
}

function formatValue(value: Change["from"]): string {
  if (value === undefined || value === null) return "(none)";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "(none)";
  if (typeof value === "number") return String(Math.round(value * 1000) / 1000);
  return String(value);
}

function ChangeList({ changes }: { changes: Change[] }) {
  return (
    <ul>
      {changes.map((change, i) => (
        <li key={i}>
          {change.target ? <strong>{change.target}: </strong> : null}
          {change.aspect}
          {change.from !== undefined || change.to !== undefined ? (
            <>
              {" "}
              <del>{formatValue(change.from)}</del> → <ins>{formatValue(change.to)}</ins>
            </>
          ) : null}{" "}
          <span className={`tag bump-${change.bump}`}>{change.bump}</span>{" "}
          <span className="hint">({change.reason})</span>
        </li>
      ))}
    </ul>
  );
}

export default function DiffPage() {
  const { slug, title, versions, from, to, diff, bump } = useLoaderData<typeof loader>();
  const options = versions.map((v) => ({ value: v, label: v }));
  const { questions, sections } = diff;
  return (
    <>
      <p>
        <Link to="/questionnaires">Back to questionnaires</Link>
      </p>
      <h1>Changes to {title}</h1>
      <Form method="get" className="inline-form panel">
        <SelectField label="From version" name="from" defaultValue={from} options={options} />
        <SelectField label="To version" name="to" defaultValue={to} options={options} />
        <div className="field">
          <button type="submit">Compare</button>
        </div>
      </Form>
      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">
          {slug} {from} → {to}
        </h2>
        <p>
          {bump === "none"
            ? "No changes."
            : `These changes need at least a ${bump} version bump. Added: ${questions.added.length}, removed: ${questions.removed.length}, changed: ${questions.changed.length} questions.`}
        </p>
        {diff.questionnaire.length > 0 ? (
          <>
            <h3>Questionnaire</h3>
            <ChangeList changes={diff.questionnaire} />
          </>
        ) : null}
      </section>
      {sections.added.length + sections.removed.length + sections.changed.length > 0 ? (
        <section className="panel" aria-labelledby="sections-title">
          <h2 id="sections-title">Sections</h2>
          <ul>
            {sections.added.map((s) => (
              <li key={`a-${s.id}`}>Added: {s.title}</li>
            ))}
            {sections.removed.map((s) => (
              <li key={`r-${s.id}`}>Removed: {s.title}</li>
            ))}
            {sections.changed.map((s) => (
              <li key={`c-${s.id}`}>
                Changed: {s.title}
                <ChangeList changes={s.changes} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {questions.added.length > 0 ? (
        <section className="panel" aria-labelledby="added-title">
          <h2 id="added-title">Questions added ({questions.added.length})</h2>
          <ul>
            {questions.added.map((q) => (
              <li key={q.id}>
                <Link to={`/questionnaires/${slug}/${to}#question-${q.id}`}>{q.text}</Link>{" "}
                <span className="hint">({q.id})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {questions.removed.length > 0 ? (
        <section className="panel" aria-labelledby="removed-title">
          <h2 id="removed-title">Questions removed ({questions.removed.length})</h2>
          <ul>
            {questions.removed.map((q) => (
              <li key={q.id}>
                {q.text} <span className="hint">({q.id})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {questions.changed.length > 0 ? (
        <section className="panel" aria-labelledby="changed-title">
          <h2 id="changed-title">Questions changed ({questions.changed.length})</h2>
          {questions.changed.map((q) => (
            <div key={q.id}>
              <h3>
                <Link to={`/questionnaires/${slug}/${to}#question-${q.id}`}>{q.text}</Link>
              </h3>
              <ChangeList changes={q.changes} />
            </div>
          ))}
        </section>
      ) : null}
    </>
  );
}
