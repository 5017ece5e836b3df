// A draft as the vendor will see it: the vendor's answering components (AnswerField, the
// vendor header, the section list) on the draft's questions without their scoring, one section
// at a time. Sandboxed: answers live in the browser only, conditions show and hide questions as
// on the real page, and nothing is saved or uploaded, so no assessment or vendor link is needed
// (docs/decisions/310-draft-preview-as-vendor.md).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { readAnswer } from "~/assessments/answer-form";
import { requireUser } from "~/auth/session.server";
import { checkStoredDraft, getDraft } from "~/authoring/drafts.server";
import { AnswerField } from "~/components/answer-field";
import { VendorHeader } from "~/components/vendor-header";
import { getDb } from "~/db.server";
import { formatDay } from "~/format";
import { parseQuery } from "~/forms/parse";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Questionnaire } from "~/questionnaire/definition";
import { type Answer } from "~/questionnaire/model";
import { withoutScoring } from "~/questionnaire/vendor-copy";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Preview as the vendor: ${data?.draft.title || "draft"} — Assay` },
  {
    name: "description",
    content:
      "See a questionnaire draft as vendors will answer it, section by section; nothing is saved.",
  },
];

const QuerySchema = z.object({ section: z.string().max(200).optional() });

/** How many days the preview's made-up due date lies ahead, as a typical request would. */
const PREVIEW_DUE_DAYS = 14;

/**
 * The preview's answers per draft, kept in the browser while the author moves between sections
 * (a condition on an earlier section's answer works as it will for the vendor). Never sent.
 */
const previewAnswers = new Map<string, Record<string, Answer | undefined>>();

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:read" }, context);
  const db = await getDb();
  const draft = await getDraft(db, params.draftId ?? "");
  if (!draft || draft.publishedAt) throw data("There is no such draft.", { status: 404 });
  const query = parseQuery(QuerySchema, new URL(request.url).searchParams);
  if (!query.success) throw data("The section is not valid.", { status: 400 });
  const check = await checkStoredDraft(db, draft);
  const base = { id: draft.id, title: draft.title };
  if (!check.questionnaire)
    return { draft: base, problems: check.problems.length, page: null } as const;
  // What the vendor's browser receives: the questions without their scoring.
  const questionnaire: Questionnaire = {
    ...check.questionnaire,
    sections: check.questionnaire.sections.map((s) => ({
      ...s,
      questions: s.questions.map(withoutScoring),
    })),
  };
  const sectionId = query.data.section ?? questionnaire.sections[0]?.id;
  const index = questionnaire.sections.findIndex((s) => s.id === sectionId);
  if (index < 0) throw data("This section is not part of the draft.", { status: 404 });
  return {
    draft: base,
    problems: check.problems.length,
    page: {
      questionnaire,
      index,
      dueDate: formatDay(new Date(Date.now() + PREVIEW_DUE_DAYS * 86_400_000)),
    },
  } as const;
}

export default function DraftPreviewPage() {
  const { draft, problems, page } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/questionnaires/drafts/${draft.id}`}>Back to the builder</Link>
      </p>
      <h1>
        Preview as the vendor <span className="hint">{draft.title || "Untitled draft"}</span>
      </h1>
      {page ? (
        <PreviewSection
          key={page.index}
          draftId={draft.id}
          questionnaire={page.questionnaire as Questionnaire}
          index={page.index}
          dueDate={page.dueDate}
          problems={problems}
        />
      ) : (
        <p className="panel" role="alert">
          This draft cannot be shown yet: {problems === 1 ? "1 problem" : `${problems} problems`} in
          its format must be fixed first.{" "}
          <Link to={`/questionnaires/drafts/${draft.id}`}>Fix them in the builder</Link>
        </p>
      )}
    </>
  );
}

function PreviewSection({
  draftId,
  questionnaire,
  index,
  dueDate,
  problems,
}: {
  draftId: string;
  questionnaire: Questionnaire;
  index: number;
  dueDate: string;
  problems: number;
}) {
  const section = questionnaire.sections[index]!;
  const formRef = useRef<HTMLFormElement>(null);
  const [answers, setAnswers] = useState<Record<string, Answer | undefined>>(
    () => previewAnswers.get(draftId) ?? {},
  );
  const [note, setNote] = useState("");
  const visible = useMemo(
    () => visibleQuestionIds(questionnaire, answers),
    [questionnaire, answers],
  );
  // This section's answers as the vendor's page reads them, beside those given in other
  // sections of the preview.
  const read = useCallback(() => {
    if (!formRef.current) return;
    const form = new FormData(formRef.current);
    setAnswers((current) => {
      const next = { ...current };
      for (const q of section.questions) next[q.id] = readAnswer(q, form) ?? undefined;
      previewAnswers.set(draftId, next);
      return next;
    });
  }, [section, draftId]);
  const previous = questionnaire.sections[index - 1];
  const next = questionnaire.sections[index + 1];
  const hidden = section.questions.filter((q) => !visible.has(q.id)).length;
  return (
    <>
      <div className="panel">
        <p>
          This is the page vendors answer, with your draft&apos;s questions and without their
          scoring. Try answers: conditions show and hide questions as they will for the vendor.
          Nothing you enter here is saved or uploaded.
        </p>
        {problems > 0 ? (
          <p>
            The draft still has {problems === 1 ? "1 problem" : `${problems} problems`} to fix
            before it can be published.
          </p>
        ) : null}
      </div>
      <nav aria-label="Sections of the draft">
        <ol>
          {questionnaire.sections.map((s, i) => (
            <li key={s.id}>
              <Link
                to={`?section=${encodeURIComponent(s.id)}`}
                aria-current={i === index ? "page" : undefined}
              >
                {s.title}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <div className="vendor-preview">
        <VendorHeader
          title={questionnaire.title}
          vendorName="Your vendor"
          dueDate={dueDate}
          recipientName="the vendor's contact"
        />
        <p className="hint">
          Section {index + 1} of {questionnaire.sections.length}
        </p>
        <h2>{section.title}</h2>
        {section.description ? <p>{section.description}</p> : null}
        <p className="hint" role="status">
          {hidden === 0
            ? "Every question of this section is shown."
            : `${hidden} question(s) of this section are hidden by their conditions.`}
        </p>
        <form
          ref={formRef}
          noValidate
          onChange={read}
          onInput={read}
          onSubmit={(event) => {
            event.preventDefault();
            setNote("In the preview nothing is saved.");
          }}
        >
          {section.questions.map((question) => (
            <AnswerField
              key={question.id}
              question={question}
              answer={answers[question.id] ?? null}
              comment=""
              updatedBy={null}
              carriedOver={false}
              visible={visible.has(question.id)}
              readOnly={false}
            />
          ))}
          <div className="actions">
            <button type="submit">
              {next ? "Save and continue" : "Save and check your answers"}
            </button>
          </div>
        </form>
        {section.questions
          .filter((q) => q.type === "evidence" || ("evidence" in q && q.evidence !== "none"))
          .map((q) => (
            <form
              key={q.id}
              id={`upload-${q.id}`}
              onSubmit={(event) => {
                event.preventDefault();
                setNote("In the preview no file is uploaded.");
              }}
            />
          ))}
        <p role="status" className="hint">
          {note}
        </p>
      </div>
      <p className="actions">
        {previous ? (
          <Link to={`?section=${encodeURIComponent(previous.id)}`}>
            Previous section: {previous.title}
          </Link>
        ) : null}
        {next ? (
          <Link to={`?section=${encodeURIComponent(next.id)}`}>Next section: {next.title}</Link>
        ) : null}
        <Link to={`/questionnaires/drafts/${draftId}`}>Back to the builder</Link>
      </p>
    </>
  );
}
