import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigate,
  useRevalidator,
  useSubmit,
} from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EARLY_INPUT_SCRIPT, replayEarlyInput, takeEarlyInput } from "~/assessments/early-input";
import { loadSectionPage, saveSectionPage } from "~/assessments/section-page.server";
import { parsePartQuestions } from "~/assessments/section-parts";
import { useDefinitions } from "~/assessments/use-definitions";
import { useAutosave, useSaveConflicts, useSaveErrors } from "~/assessments/use-autosave";
import { type UploadedFile } from "~/components/answer-field";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Answer } from "~/questionnaire/model";
import { useNonce } from "~/nonce";
import { FileForms, PartsNav, useFileForms } from "./file-forms";
import {
  CarriedOverPanel,
  RestorablePanel,
  SaveStatusLine,
  SectionErrorSummary,
  SectionQuestion,
} from "./section-question";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.section.title} — your assessment — Assay` : "Your assessment — Assay" },
  {
    name: "description",
    content: "Answer one section of your security assessment; answers save as you go.",
  },
];

export function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadSectionPage(request, params.sectionId, context);
}

export function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  return saveSectionPage(request, params.sectionId);
}

const NO_FILES: UploadedFile[] = [];
const NO_ERRORS: Record<string, string | undefined> = {};

/** Each part (and section) is a page of its own: its state starts from its loader's data. */
export default function SectionRoute() {
  const page = useLoaderData<typeof loader>();
  return <SectionPage key={`${page.section.id}:${page.part}`} />;
}

function SectionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // `revalidate` is the router's own method: the same function on every render.
  const { revalidate } = useRevalidator();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  // Saves the vendor asked for that were refused: the error summary takes focus then.
  const [refusals, setRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const nonce = useNonce();
  // One part of a long section is shown, with JavaScript as without (decision 397): the
  // version's definitions (a cached asset, decision 320, preloaded by the document) are read for
  // the conditions, which look across the whole version.
  const all = useDefinitions(page.definitions);
  // The part's questions arrive as one JSON text (decision 418), read once per page.
  const shown = useMemo(() => parsePartQuestions(page.section.questions), [page.section.questions]);
  // A long section: its parts list shows, and "Save and continue" leads to the next part first.
  const inParts = page.parts > 1;
  const questions = useMemo(
    () => new Map((all ? all.sections.flatMap((s) => s.questions) : shown).map((q) => [q.id, q])),
    [all, shown],
  );
  // Only answers that conditions look at are kept in React state, so typing elsewhere never
  // re-renders the page.
  const controllers = useMemo(() => new Set(page.watched), [page.watched]);
  // Answers the section's form posted and the server refused (all or nothing): shown as sent.
  const sent = actionData?.values;
  const [answers, setAnswers] = useState<Record<string, Answer | undefined>>(() => ({
    ...page.elsewhere,
    ...Object.fromEntries(
      [...Object.entries(page.stored), ...Object.entries(sent ?? {})].map(([id, s]) => [
        id,
        s.answer ?? undefined,
      ]),
    ),
  }));
  const serverHidden = useMemo(() => new Set(page.hidden), [page.hidden]);
  const visible = useMemo(
    () =>
      all
        ? visibleQuestionIds(all, answers)
        : new Set(shown.map((q) => q.id).filter((id) => !serverHidden.has(id))),
    [all, answers, shown, serverHidden],
  );
  const onAnswerChange = useCallback(
    (questionId: string, answer: Answer | null) =>
      setAnswers((a) => ({ ...a, [questionId]: answer ?? undefined })),
    [],
  );
  const autosave = useAutosave({
    assessmentId: page.assessmentId,
    questions,
    saved: page.stored,
    formRef,
    watched: controllers,
    onAnswerChange,
  });
  const files = useFileForms(page.files, autosave.revised, revalidate);
  // Hydrated: what was chosen or typed before now is saved like anything typed from now on
  // (early-input.ts, decision 111).
  useEffect(() => {
    const typed = takeEarlyInput();
    if (!formRef.current || !page.open) return;
    // Fields changed meanwhile tell the page (a tick on "not applicable", a condition's answer).
    replayEarlyInput(formRef.current, typed);
    // And whatever the form holds that the server does not (typed early, or sent and refused
    // before) is saved now.
    void autosave.flushAll(shown.map((q) => q.id));
    // Once, for the page as it was first rendered.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const { acceptTheirs } = autosave;
  const onUseTheirs = useCallback(
    (questionId: string) => {
      acceptTheirs(questionId);
      revalidate();
    },
    [acceptTheirs, revalidate],
  );
  const filesByQuestion = useMemo(() => {
    const byQuestion = new Map<string, UploadedFile[]>();
    for (const file of page.files)
      byQuestion.set(file.questionId, [...(byQuestion.get(file.questionId) ?? []), file]);
    return byQuestion;
  }, [page.files]);
  const serverErrors: Record<string, string | undefined> = actionData?.errors ?? NO_ERRORS;
  const submit = useSubmit();
  // Carried-over answers shown here still waiting for the vendor (decision 206).
  const toConfirm = shown.filter((q) => visible.has(q.id) && page.stored[q.id]?.carriedOver).length;
  const nextPart = inParts && page.part < page.parts;
  const nextPath = nextPart
    ? `/v/sections/${page.section.id}?part=${page.part + 1}`
    : page.next
      ? `/v/sections/${page.next}`
      : "/v/check";
  const continueLabel = nextPart || page.next ? "Save and continue" : "Save and check your answers";
  // Two subscriptions for the page, not two per question: these change only when a save is
  // refused or conflicts, and then only that question's props differ.
  const saveErrors = useSaveErrors(autosave.store);
  const conflicts = useSaveConflicts(autosave.store);
  const flushShown = () => autosave.flushAll(shown.map((q) => q.id));

  return (
    <>
      <p>
        <Link to="/v">Back to all sections</Link>
      </p>
      <p className="hint">
        Section {page.sectionNumber} of {page.sectionCount}
      </p>
      <h1>{page.section.title}</h1>
      {page.section.description ? <p>{page.section.description}</p> : null}
      {page.sectionAssignee ? (
        <p className="hint">This section is assigned to {page.sectionAssignee}.</p>
      ) : null}
      {inParts ? (
        <PartsNav
          sectionId={page.section.id}
          part={page.part}
          parts={page.parts}
          first={page.firstNumber}
          last={page.firstNumber + shown.length - 1}
          total={page.questionCount}
        />
      ) : null}
      {page.parts > 1 ? (
        <link rel="preload" href={page.definitions} as="fetch" crossOrigin="anonymous" />
      ) : null}
      {/* Before the form: holds early input until the page has hydrated (decision 111). */}
      <script
        nonce={nonce}
        suppressHydrationWarning
        dangerouslySetInnerHTML={{ __html: EARLY_INPUT_SCRIPT }}
      />
      {page.open ? (
        <>
          <SaveStatusLine store={autosave.store} continueLabel={continueLabel} />
          <p className="panel answering-failed" role="alert">
            This page could not start saving as you go. Nothing you enter is lost: choose “
            {continueLabel}” or “Save and come back later” to save your answers.
          </p>
        </>
      ) : (
        <p className="panel">This assessment was submitted; answers are read-only.</p>
      )}
      <RestorablePanel
        count={Object.keys(autosave.restorable).length}
        // Once saved (or refused), the page shows the server's answers again.
        onRestore={() => void autosave.restore().then(() => revalidate())}
        onDiscard={autosave.discardRestorable}
      />
      <p className="visually-hidden" role="status">
        {files.announcement}
      </p>
      {page.open ? (
        <CarriedOverPanel
          count={toConfirm}
          leaving={leaving}
          onSubmit={async (event) => {
            // Whatever is still being saved goes first, so confirming never overtakes an edit.
            event.preventDefault();
            const form = event.currentTarget;
            setLeaving(true);
            const saved = await flushShown();
            setLeaving(false);
            if (saved) submit(form);
            else setRefusals((n) => n + 1);
          }}
        />
      ) : null}
      <SectionErrorSummary
        saveErrors={saveErrors}
        serverErrors={serverErrors}
        questions={questions}
        refusals={refusals}
      />
      <Form
        method="post"
        ref={formRef}
        noValidate
        {...(page.open ? autosave.handlers : {})}
        onSubmit={async (event) => {
          // With JavaScript every answer is already saved or saving: save what changed, wait
          // for all of it, then move on (or stay, with the status line saying what is wrong).
          event.preventDefault();
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          const later = submitter?.getAttribute("value") === "later";
          setLeaving(true);
          const saved = await flushShown();
          setLeaving(false);
          if (saved) navigate(later ? "/v" : nextPath);
          else setRefusals((n) => n + 1);
        }}
      >
        {/* Without JavaScript the action saves the part this form holds (decision 320). */}
        <input type="hidden" name="part" value={page.part} />
        {shown.map((question) => {
          const stored = page.stored[question.id];
          return (
            <SectionQuestion
              key={`${question.id}-${stored?.revision ?? 0}`}
              question={question}
              stored={stored}
              shown={sent?.[question.id]}
              visible={visible.has(question.id)}
              open={page.open}
              error={saveErrors[question.id] ?? serverErrors[`q-${question.id}`]}
              conflict={conflicts[question.id]}
              files={filesByQuestion.get(question.id) ?? NO_FILES}
              uploadMessage={files.messages[question.id]}
              assignedTo={page.questionAssignees[question.id] ?? null}
              onConfirm={autosave.confirm}
              onKeepMine={autosave.keepMine}
              onUseTheirs={onUseTheirs}
            />
          );
        })}
        {page.open ? (
          <div className="actions">
            <button type="submit" disabled={leaving}>
              {continueLabel}
            </button>
            <button
              type="submit"
              name="intent"
              value="later"
              className="button--secondary"
              disabled={leaving}
            >
              Save and come back later
            </button>
          </div>
        ) : null}
      </Form>
      {page.open ? <FileForms questions={shown} files={page.files} send={files.send} /> : null}
    </>
  );
}
