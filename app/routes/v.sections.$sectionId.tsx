import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
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
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import {
  answerFieldErrors,
  answerFieldsSchema,
  readAnswer,
  readComment,
  revisionName,
  sameAnswer,
} from "~/assessments/answer-form";
import { formatDay } from "~/format";
import { getTeam } from "~/assessments/collaboration.server";
import { EARLY_INPUT_SCRIPT, replayEarlyInput, takeEarlyInput } from "~/assessments/early-input";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { saveSectionAnswers } from "~/assessments/section-save.server";
import { confirmCarriedOverInSection } from "~/assessments/confirm-carried.server";
import { redirectWithToast } from "~/http/toast.server";
import { isOpenForAnswers } from "~/assessments/status";
import { withoutScoring } from "~/questionnaire/vendor-copy";
import {
  type SaveConflict,
  type SaveStore,
  useAutosave,
  useSaveConflicts,
  useSaveErrors,
  useSaveStatus,
} from "~/assessments/use-autosave";
import { AnswerField, type UploadedFile } from "~/components/answer-field";
import { ErrorSummary } from "~/components/form";
import { VendorHeader } from "~/components/vendor-header";
import { getEnv } from "~/env.server";
import { parseForm } from "~/forms/parse";
import { requireSameOrigin } from "~/http/origin.server";
import { conditionQuestionIds, visibleQuestionIds } from "~/questionnaire/conditions";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { useNonce } from "~/nonce";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.section.title} — your assessment — Assay` : "Your assessment — Assay" },
  {
    name: "description",
    content: "Answer one section of your security assessment; answers save as you go.",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const workspace = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
  const index = workspace.questionnaire.sections.findIndex((s) => s.id === params.sectionId);
  if (index < 0) throw data("This section is not part of your assessment.", { status: 404 });
  const inSection = new Set(workspace.questionnaire.sections[index]!.questions.map((q) => q.id));
  // The same list as staff read, with the vendor's download links (decision 200).
  const files = await listEvidenceItems(vendor.db, [vendor.assessmentId], "vendor", {
    questionIds: [...inSection],
  });
  const team = await getTeam(vendor.db, vendor.assessmentId);
  const vendorCopy = {
    ...workspace.questionnaire,
    sections: workspace.questionnaire.sections.map((s) => ({
      ...s,
      questions: s.questions.map(withoutScoring),
    })),
  };
  return {
    sectionAssignee: team.sections[params.sectionId!]?.name ?? null,
    questionAssignees: Object.fromEntries(
      Object.entries(team.questions)
        .filter(([id]) => inSection.has(id))
        .map(([id, a]) => [id, a.name]),
    ),
    files,
    assessmentId: vendor.assessmentId,
    // Vendors never see weights, credits, knockouts or findings (docs/decisions/032).
    questionnaire: vendorCopy,
    section: vendorCopy.sections[index]!,
    sectionNumber: index + 1,
    sectionCount: workspace.questionnaire.sections.length,
    next: workspace.questionnaire.sections[index + 1]?.id ?? null,
    stored: workspace.stored,
    vendorName: workspace.summary.vendorName,
    dueDate: formatDay(workspace.summary.dueDate),
    recipientName: vendor.recipientName,
    open: isOpenForAnswers(vendor.status),
  };
}

// Without JavaScript, or before the page's JavaScript has taken over: every changed answer of
// the section is saved, each against the revision the page was loaded with, all or nothing
// (one transaction: a refused answer leaves every answer as it was, and the page says why).
// "Save and come back later" (intent=later) returns to the task list; "Save and continue" goes on.
export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const workspace = await loadVendorWorkspace(vendor.db, vendor.assessmentId);
  const index = workspace.questionnaire.sections.findIndex((s) => s.id === params.sectionId);
  if (index < 0) throw data("This section is not part of your assessment.", { status: 404 });
  const section = workspace.questionnaire.sections[index]!;
  const form = await request.formData();
  if (form.get("intent") === "confirm-all") {
    const confirmed = await confirmCarriedOverInSection(
      vendor.db,
      vendor,
      workspace.questionnaire,
      section.id,
    );
    if (!confirmed.ok)
      return data(
        {
          errors: { form: confirmed.message } as Record<string, string>,
          values: {} as Record<string, { answer: Answer | null; comment: string }>,
        },
        { status: 409 },
      );
    throw await redirectWithToast(`/v/sections/${section.id}`, {
      message: `${confirmed.confirmed.length} carried-over ${confirmed.confirmed.length === 1 ? "answer" : "answers"} confirmed. You can still change any of them.`,
    });
  }
  const fields = parseForm(
    answerFieldsSchema(section.questions).extend({
      // "Confirm this answer" on a carried-over answer: save it even though it did not change.
      confirm: z.string().max(64).optional(),
      intent: z.string().max(16).optional(),
    }),
    form,
  );
  if (!fields.success)
    return data(
      {
        errors: answerFieldErrors(fields.errors, section.questions),
        values: {} as Record<string, { answer: Answer | null; comment: string }>,
      },
      { status: 400 },
    );
  const { confirm, intent } = fields.data;
  const saves = [];
  for (const question of section.questions) {
    const answer = readAnswer(question, form);
    const comment = readComment(question, form);
    const stored = workspace.stored[question.id];
    if (
      sameAnswer(answer, stored?.answer) &&
      comment === (stored?.comment ?? "") &&
      !(confirm === question.id && stored?.carriedOver)
    )
      continue;
    const sent = fields.data[revisionName(question.id)] as number | undefined;
    const baseRevision = sent ?? stored?.revision ?? 0;
    saves.push({ questionId: question.id, answer, comment, baseRevision });
  }
  const result = await saveSectionAnswers(vendor.db, vendor, workspace.questionnaire, saves);
  if (!result.ok) {
    const texts = new Map(section.questions.map((q) => [q.id, q.text]));
    const errors: Record<string, string> = {};
    for (const { questionId, failure } of result.failures) {
      const text = texts.get(questionId) ?? questionId;
      errors[`q-${questionId}`] =
        failure.kind === "conflict"
          ? `${text}: ${failure.current.updatedBy ?? "a colleague"} changed this answer meanwhile — check it and save again`
          : `${text}: ${failure.message}`;
    }
    // The page shows what was sent, so that nothing typed is lost while it is corrected.
    const values = Object.fromEntries(
      saves.map(({ questionId, answer, comment }) => [questionId, { answer, comment }]),
    );
    return data({ errors, values }, { status: 400 });
  }
  if (typeof confirm === "string" && confirm)
    throw redirect(`/v/sections/${section.id}#question-${encodeURIComponent(confirm)}`);
  if (intent === "later") throw redirect("/v");
  const next = workspace.questionnaire.sections[index + 1];
  throw redirect(next ? `/v/sections/${next.id}` : "/v/check");
}

const NO_FILES: UploadedFile[] = [];
const NO_ERRORS: Record<string, string | undefined> = {};

export default function SectionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // `revalidate` is the router's own method: the same function on every render.
  const { revalidate } = useRevalidator();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const [uploadMessages, setUploadMessages] = useState<
    Record<string, { ok: boolean; text: string }>
  >({});
  // An upload's or removal's result, announced page-wide (the question's own message may be
  // re-rendered as its answer changes), and focus back on the question's upload control.
  const [fileAnnouncement, setFileAnnouncement] = useState("");
  const focusAfterFiles = useRef<string | null>(null);
  const focusUploadControl = useCallback((questionId: string) => {
    document
      .querySelector<HTMLInputElement>(`input[type=file][form="upload-${CSS.escape(questionId)}"]`)
      ?.focus();
  }, []);
  useEffect(() => {
    // After the refreshed data has re-rendered the question.
    const questionId = focusAfterFiles.current;
    focusAfterFiles.current = null;
    if (questionId) focusUploadControl(questionId);
  }, [page.files, focusUploadControl]);
  // With JavaScript, uploads and removals go through fetch and the page refreshes its data;
  // without it, the same forms post normally and come back here.
  async function sendFileForm(
    event: React.FormEvent<HTMLFormElement>,
    questionId: string,
    done: string,
  ) {
    event.preventDefault();
    const form = event.currentTarget;
    setUploadMessages((m) => ({ ...m, [questionId]: { ok: true, text: "Uploading…" } }));
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const result = (await response.json()) as {
        ok: boolean;
        message?: string;
        revision?: number;
      };
      if (result.ok && result.revision) autosave.revised(questionId, result.revision);
      const text = result.ok ? done : (result.message ?? "That did not work.");
      setUploadMessages((m) => ({ ...m, [questionId]: { ok: result.ok, text } }));
      setFileAnnouncement(text);
      if (!result.ok) focusUploadControl(questionId);
      if (result.ok) {
        focusAfterFiles.current = questionId;
        form.reset();
        for (const input of document.querySelectorAll<HTMLInputElement>(
          `input[type=file][form="${form.id}"]`,
        ))
          input.value = "";
        revalidate();
      }
    } catch {
      const text = "The upload failed: check your connection and try again.";
      setUploadMessages((m) => ({ ...m, [questionId]: { ok: false, text } }));
      setFileAnnouncement(text);
      focusUploadControl(questionId);
    }
  }
  const formRef = useRef<HTMLFormElement>(null);
  const nonce = useNonce();
  const questions = useMemo(
    () => new Map(page.questionnaire.sections.flatMap((s) => s.questions).map((q) => [q.id, q])),
    [page.questionnaire],
  );
  // Only answers that conditions look at are kept in React state, so typing elsewhere never
  // re-renders the page.
  const controllers = useMemo(
    () =>
      new Set(
        page.questionnaire.sections
          .flatMap((s) => s.questions)
          .flatMap((q) => (q.showIf ? conditionQuestionIds(q.showIf) : [])),
      ),
    [page.questionnaire],
  );
  // Answers the section's form posted and the server refused (all or nothing): shown as sent.
  const sent = actionData?.values;
  const [answers, setAnswers] = useState<Record<string, Answer | undefined>>(() =>
    Object.fromEntries(
      [...Object.entries(page.stored), ...Object.entries(sent ?? {})].map(([id, s]) => [
        id,
        s.answer ?? undefined,
      ]),
    ),
  );
  const visible = useMemo(
    () => visibleQuestionIds(page.questionnaire, answers),
    [page.questionnaire, answers],
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
  // Hydrated: what was chosen or typed before now is saved like anything typed from now on
  // (early-input.ts, decision 111).
  useEffect(() => {
    const typed = takeEarlyInput();
    if (!formRef.current || !page.open) return;
    // Fields changed meanwhile tell the page (a tick on "not applicable", a condition's answer).
    replayEarlyInput(formRef.current, typed);
    // And whatever the form holds that the server does not (typed early, or sent and refused
    // before) is saved now.
    void autosave.flushAll(page.section.questions.map((q) => q.id));
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
  // Carried-over answers of this section still waiting for the vendor (decision 206).
  const toConfirm = page.section.questions.filter(
    (q) => visible.has(q.id) && page.stored[q.id]?.carriedOver,
  ).length;
  const continueLabel = page.next ? "Save and continue" : "Save and check your answers";
  // Two subscriptions for the page, not two per question: these change only when a save is
  // refused or conflicts, and then only that question's props differ.
  const saveErrors = useSaveErrors(autosave.store);
  const conflicts = useSaveConflicts(autosave.store);

  return (
    <>
      <VendorHeader
        title={page.questionnaire.title}
        vendorName={page.vendorName}
        dueDate={page.dueDate}
        recipientName={page.recipientName}
      />
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
      {Object.keys(autosave.restorable).length > 0 ? (
        <div className="panel" role="alert">
          <p>
            You have {Object.keys(autosave.restorable).length} answer(s) on this device that were
            not saved before you left.
          </p>
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                // Once saved (or refused), the page shows the server's answers again.
                void autosave.restore().then(() => revalidate());
              }}
            >
              Restore and save them
            </button>
            <button
              type="button"
              className="button--secondary"
              onClick={autosave.discardRestorable}
            >
              Discard them
            </button>
          </div>
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {fileAnnouncement}
      </p>
      {page.open && toConfirm > 0 ? (
        <section className="panel" aria-labelledby="carried-title">
          <h2 id="carried-title">Answers from your previous assessment</h2>
          <p>
            {toConfirm === 1
              ? "1 answer in this section was"
              : `${toConfirm} answers in this section were`}{" "}
            carried over from your previous assessment. Check each below: confirm it or change it.
            If they are all still right, confirm them together; each stays changeable.
          </p>
          <Form
            method="post"
            onSubmit={async (event) => {
              // Whatever is still being saved goes first, so confirming never overtakes an edit.
              event.preventDefault();
              const form = event.currentTarget;
              setLeaving(true);
              const saved = await autosave.flushAll(page.section.questions.map((q) => q.id));
              setLeaving(false);
              if (saved) submit(form);
            }}
          >
            <input type="hidden" name="intent" value="confirm-all" />
            <button type="submit" className="button--secondary" disabled={leaving}>
              Confirm all carried-over answers in this section
            </button>
          </Form>
        </section>
      ) : null}
      <SectionErrorSummary
        saveErrors={saveErrors}
        serverErrors={serverErrors}
        questions={questions}
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
          const saved = await autosave.flushAll(page.section.questions.map((q) => q.id));
          setLeaving(false);
          if (saved) navigate(later ? "/v" : page.next ? `/v/sections/${page.next}` : "/v/check");
        }}
      >
        {page.section.questions.map((question) => {
          const stored = page.stored[question.id];
          const shown = sent?.[question.id];
          return (
            <SectionQuestion
              key={`${question.id}-${stored?.revision ?? 0}`}
              question={question}
              stored={stored}
              shown={shown}
              visible={visible.has(question.id)}
              open={page.open}
              error={saveErrors[question.id] ?? serverErrors[`q-${question.id}`]}
              conflict={conflicts[question.id]}
              files={filesByQuestion.get(question.id) ?? NO_FILES}
              uploadMessage={uploadMessages[question.id]}
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
      {page.open
        ? page.section.questions
            .filter((q) => q.type === "evidence" || ("evidence" in q && q.evidence !== "none"))
            .map((question) => (
              <form
                key={`upload-${question.id}`}
                id={`upload-${question.id}`}
                method="post"
                action="/v/evidence"
                encType="multipart/form-data"
                onSubmit={(event) => void sendFileForm(event, question.id, "File uploaded.")}
              >
                <input type="hidden" name="questionId" value={question.id} />
              </form>
            ))
        : null}
      {page.open
        ? page.section.questions
            .filter((q) => q.type === "supplier_list")
            .map((question) => (
              // A CycloneDX file to fill the supplier table from (decision 331).
              <form
                key={`bom-${question.id}`}
                id={`bom-${question.id}`}
                method="post"
                action="/v/boms"
                encType="multipart/form-data"
              >
                <input type="hidden" name="questionId" value={question.id} />
              </form>
            ))
        : null}
      {page.open
        ? page.files.map((file) => (
            <form
              key={`remove-${file.id}`}
              id={`remove-${file.id}`}
              method="post"
              action={`/v/evidence/${file.id}`}
              onSubmit={(event) =>
                void sendFileForm(event, file.questionId, `${file.fileName} removed.`)
              }
            />
          ))
        : null}
    </>
  );
}

/**
 * "Saving…", "All changes saved." or what went wrong: the only part a save re-renders page-wide.
 * Before the page is hydrated nothing saves by itself yet, and it says how answers are saved.
 */
function SaveStatusLine({ store, continueLabel }: { store: SaveStore; continueLabel: string }) {
  const status = useSaveStatus(store);
  return (
    <p
      className={`save-status${status.kind === "attention" || status.kind === "retrying" ? " save-status--error" : ""}`}
      role="status"
      aria-live="polite"
    >
      {status.kind === "no-script"
        ? `Answers are saved when you choose “${continueLabel}” or “Save and come back later”.`
        : status.kind === "idle"
          ? "Answers are saved automatically as you go."
          : status.kind === "saving"
            ? "Saving…"
            : status.kind === "saved"
              ? "All changes saved."
              : status.message}
    </p>
  );
}

function SectionErrorSummary({
  saveErrors,
  serverErrors,
  questions,
}: {
  saveErrors: Record<string, string>;
  serverErrors: Record<string, string | undefined>;
  questions: Map<string, Question>;
}) {
  const clientErrors = Object.fromEntries(
    Object.entries(saveErrors).map(([id, message]) => [
      `q-${id}`,
      `${questions.get(id)?.text ?? id}: ${message}`,
    ]),
  );
  return <ErrorSummary errors={{ ...serverErrors, ...clientErrors }} />;
}

type StoredAnswer = {
  answer: Answer | null;
  comment: string;
  revision: number;
  updatedBy: string | null;
  carriedOver: boolean;
};

/**
 * One question of the section, memoised: the page passes stable props (the same objects and
 * callbacks from render to render), so a keystroke, a save or a conflict re-renders this
 * question alone.
 */
const SectionQuestion = memo(function SectionQuestion({
  question,
  stored,
  shown,
  visible,
  open,
  error,
  conflict,
  files,
  uploadMessage,
  assignedTo,
  onConfirm,
  onKeepMine,
  onUseTheirs,
}: {
  question: Question;
  stored: StoredAnswer | undefined;
  /** What the vendor sent, when the server refused the section's form: shown instead. */
  shown: { answer: Answer | null; comment: string } | undefined;
  visible: boolean;
  open: boolean;
  error: string | undefined;
  conflict: SaveConflict | undefined;
  files: UploadedFile[];
  uploadMessage: { ok: boolean; text: string } | undefined;
  assignedTo: string | null;
  onConfirm: (questionId: string) => Promise<boolean>;
  onKeepMine: (questionId: string) => void;
  onUseTheirs: (questionId: string) => void;
}) {
  return (
    <>
      <input type="hidden" name={revisionName(question.id)} value={stored?.revision ?? 0} />
      <AnswerField
        question={question}
        answer={shown ? shown.answer : (stored?.answer ?? null)}
        comment={shown ? shown.comment : (stored?.comment ?? "")}
        updatedBy={stored?.updatedBy ?? null}
        carriedOver={stored?.carriedOver ?? false}
        visible={visible}
        readOnly={!open}
        error={error}
        conflict={conflict}
        mine={conflict?.mine}
        onKeepMine={onKeepMine}
        files={files}
        uploadMessage={uploadMessage}
        assignedTo={assignedTo}
        onConfirm={open ? onConfirm : undefined}
        onUseTheirs={onUseTheirs}
        bomImport={open}
      />
    </>
  );
});
