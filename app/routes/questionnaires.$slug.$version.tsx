import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { QuestionPreview } from "~/components/question-preview";
import { getDb } from "~/db.server";
import { explainVisibility } from "~/questionnaire/conditions";
import { AUDIENCE_LABELS } from "~/questionnaire/labels";
import { listQuestions } from "~/questionnaire/model";
import { IdSchema, SemverSchema } from "~/questionnaire/definition";
import { getQuestionnaireVersion } from "~/library/sync.server";

const ParamsSchema = z.object({ slug: IdSchema, version: SemverSchema });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.questionnaire.title} ${data.questionnaire.version} — Assay`
      : "Questionnaire — Assay",
  },
  {
    name: "description",
    content:
      "One version of a security questionnaire: its sections, questions, scoring and references.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:read" }, context);
  const parsed = ParamsSchema.safeParse(params);
  const stored = parsed.success
    ? await getQuestionnaireVersion(await getDb(), parsed.data.slug, parsed.data.version)
    : null;
  if (!stored) throw data("There is no such questionnaire version.", { status: 404 });
  const { questionnaire } = stored;
  const visibility = Object.fromEntries(
    listQuestions(questionnaire).map(({ question }) => [
      question.id,
      explainVisibility(question, questionnaire),
    ]),
  );
  return {
    questionnaire,
    visibility,
    contentHash: stored.contentHash,
    questionCount: stored.questionCount,
  };
}

export default function PreviewPage() {
  const { questionnaire, visibility, contentHash, questionCount } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/questionnaires">Back to questionnaires</Link>
      </p>
      <h1>
        {questionnaire.title} <span className="hint">version {questionnaire.version}</span>
      </h1>
      <section className="panel">
        <p>{questionnaire.description}</p>
        <dl className="summary">
          <dt>For</dt>
          <dd>{AUDIENCE_LABELS[questionnaire.audience]}</dd>
          <dt>Questions</dt>
          <dd>
            {questionCount} in {questionnaire.sections.length} sections
          </dd>
          <dt>This version</dt>
          <dd>{questionnaire.changelog}</dd>
          <dt>Tiers</dt>
          <dd>
            Low ≥ {questionnaire.thresholds.low}, Medium ≥ {questionnaire.thresholds.medium}, High ≥{" "}
            {questionnaire.thresholds.high}, otherwise Critical
          </dd>
          <dt>Content hash</dt>
          <dd>
            <code>{contentHash.slice(0, 16)}…</code>
          </dd>
        </dl>
        <p className="actions">
          <a
            href={`/questionnaires/${questionnaire.slug}/${questionnaire.version}/export?copy=vendor`}
          >
            Download for vendors (XLSX, no scoring)
          </a>
          <a
            href={`/questionnaires/${questionnaire.slug}/${questionnaire.version}/export?copy=full`}
          >
            Download with scoring (XLSX, re-importable)
          </a>
          <a href={`/questionnaires/${questionnaire.slug}/${questionnaire.version}/yaml`}>
            Download the version file (YAML)
          </a>
        </p>
        <p className="hint">
          This is how vendors see the questionnaire, read-only. Conditions are explained under each
          question; scoring is shown to staff only.
        </p>
      </section>
      <nav aria-label="Sections" className="panel">
        <h2>Sections</h2>
        <ol>
          {questionnaire.sections.map((section) => (
            <li key={section.id}>
              <a href={`#section-${section.id}`}>{section.title}</a> ({section.questions.length}{" "}
              questions, weight {section.weight})
            </li>
          ))}
        </ol>
      </nav>
      {questionnaire.sections.map((section) => (
        <section
          key={section.id}
          id={`section-${section.id}`}
          aria-labelledby={`section-${section.id}-title`}
        >
          <h2 id={`section-${section.id}-title`}>{section.title}</h2>
          {section.description ? <p>{section.description}</p> : null}
          {section.questions.map((question) => (
            <QuestionPreview
              key={question.id}
              question={question}
              section={section}
              visibility={visibility[question.id] ?? ""}
            />
          ))}
        </section>
      ))}
    </>
  );
}
