import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { describeAnswer } from "~/assessments/answer-words";
import {
  loadVendorWorkspace,
  requireVendorSession,
  submissionProblems,
  type SubmitProblem,
  submitAssessment,
} from "~/assessments/respond.server";
import { evidenceFilesByQuestion } from "~/assessments/evidence-refs.server";
import { isOpenForAnswers } from "~/assessments/status";
import { ErrorSummary } from "~/components/form";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { sectionPath } from "~/assessments/section-parts";

export const meta: MetaFunction = () => [
  { title: "Check your answers — Assay" },
  {
    name: "description",
    content: "Check your answers before you submit your security assessment.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request, context);
  const { questionnaire, stored, answers } = await loadVendorWorkspace(
    vendor.db,
    vendor.assessmentId,
    context,
  );
  const visible = visibleQuestionIds(questionnaire, answers);
  const sections = questionnaire.sections.map((section) => ({
    id: section.id,
    title: section.title,
    rows: section.questions
      .filter((q) => visible.has(q.id))
      .map((q) => ({
        id: q.id,
        // The part of a long section that holds the question (decision 320).
        href: sectionPath(section, q.id),
        text: q.text,
        answer: describeAnswer(q, stored[q.id]?.answer ?? null),
        comment: stored[q.id]?.comment ?? "",
        carriedOver: stored[q.id]?.carriedOver ?? false,
      })),
  }));
  const carriedOver = new Set(
    Object.entries(stored)
      .filter(([, s]) => s.carriedOver)
      .map(([id]) => id),
  );
  const problems = submissionProblems(
    questionnaire,
    answers,
    carriedOver,
    await evidenceFilesByQuestion(vendor.db, vendor.assessmentId),
  );
  const needsFile = new Set(problems.filter((p) => p.kind === "evidence").map((p) => p.questionId));
  return {
    open: isOpenForAnswers(vendor.status),
    sections: sections.map((section) => ({
      ...section,
      rows: section.rows.map((row) => ({ ...row, needsFile: needsFile.has(row.id) })),
    })),
    problems: problems.map((p) => ({ key: problemKey(p), message: p.message })),
    unconfirmed: problems.filter((p) => p.kind === "answer" && carriedOver.has(p.questionId))
      .length,
    missingFiles: needsFile.size,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const result = await submitAssessment(vendor.db, vendor);
  if (!result.ok) {
    if ("closed" in result) return data({ errors: { form: result.closed } }, { status: 409 });
    const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
    const sectionOf = new Map(questionnaire.sections.map((s) => [s.id, s]));
    return data(
      {
        errors: Object.fromEntries(result.problems.map((p) => [problemKey(p), p.message])),
        // Each problem links to the question on its section page, where it can be answered or
        // its file uploaded.
        links: Object.fromEntries(
          result.problems.map((p) => [
            problemKey(p),
            sectionOf.has(p.sectionId)
              ? sectionPath(sectionOf.get(p.sectionId)!, p.questionId)
              : `/v/sections/${p.sectionId}#question-${p.questionId}`,
          ]),
        ),
      },
      { status: 400 },
    );
  }
  throw await redirectWithToast("/v", {
    message: "Thank you. Your answers were submitted; a receipt is on its way by email.",
  });
}

/** One error per question and kind: a question can lack both a confirmation and its file. */
function problemKey(problem: SubmitProblem): string {
  return `${problem.kind === "evidence" ? "evidence" : "answer"}-${problem.questionId}`;
}

export default function CheckAnswersPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const links: Record<string, string> = actionData && "links" in actionData ? actionData.links : {};
  return (
    <>
      <p>
        <Link to="/v">Back to all sections</Link>
      </p>
      <h1>{page.open ? "Check your answers before submitting" : "Your submitted answers"}</h1>
      <ErrorSummary errors={errors} links={links} />
      {page.sections.map((section) => (
        <section key={section.id} className="panel" aria-labelledby={`check-${section.id}`}>
          <h2 id={`check-${section.id}`}>{section.title}</h2>
          <dl className="check-answers">
            {section.rows.map((row) => (
              <div key={row.id} className="check-answers__row" id={`answer-${row.id}`}>
                <dt>{row.text}</dt>
                <dd>
                  {row.answer}
                  {row.comment ? <span className="hint"> — comment: {row.comment}</span> : null}
                  {row.carriedOver && page.open ? (
                    <strong className="hint"> — carried over, please confirm</strong>
                  ) : null}
                  {row.needsFile && page.open ? (
                    <strong className="hint"> — a supporting file is required</strong>
                  ) : null}
                </dd>
                {page.open ? (
                  <dd>
                    <Link to={row.href}>
                      Change<span className="visually-hidden"> the answer to “{row.text}”</span>
                    </Link>
                  </dd>
                ) : null}
              </div>
            ))}
          </dl>
        </section>
      ))}
      {page.open ? (
        <section className="panel">
          <h2>Submit your answers</h2>
          {page.problems.length > 0 ? (
            <p>
              {page.problems.length - page.unconfirmed - page.missingFiles > 0
                ? `${page.problems.length - page.unconfirmed - page.missingFiles} required question(s) still need an answer. `
                : null}
              {page.unconfirmed > 0
                ? `${page.unconfirmed} answer(s) carried over from your previous assessment still need you to confirm or change them. `
                : null}
              {page.missingFiles > 0
                ? `${page.missingFiles} answer(s) need a supporting file before you can submit. `
                : null}
              Submitting will list them.
            </p>
          ) : (
            <p>
              Once submitted, answers are locked. We will contact you if anything needs clarifying.
            </p>
          )}
          <Form method="post">
            <button type="submit" disabled={navigation.state !== "idle"}>
              {navigation.state === "submitting" ? "Submitting…" : "Submit answers"}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
