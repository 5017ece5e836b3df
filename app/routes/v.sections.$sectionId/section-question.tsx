// The parts of the vendor's section page that re-render alone: the status line, the error
// summary and one question (memoised, so a keystroke, a save or a conflict re-renders that
// question alone).
import { Form } from "@remix-run/react";
import { memo } from "react";
import { revisionName } from "~/assessments/answer-form";
import { type SaveConflict, type SaveStore, useSaveStatus } from "~/assessments/use-autosave";
import { AnswerField, type UploadedFile } from "~/components/answer-field";
import { ErrorSummary } from "~/components/form";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";

/**
 * "Saving…", "All changes saved." or what went wrong: the only part a save re-renders page-wide.
 * Before the page is hydrated nothing saves by itself yet, and it says how answers are saved.
 */
export function SaveStatusLine({
  store,
  continueLabel,
}: {
  store: SaveStore;
  continueLabel: string;
}) {
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

export function SectionErrorSummary({
  saveErrors,
  serverErrors,
  questions,
  refusals,
}: {
  saveErrors: Record<string, string>;
  serverErrors: Record<string, string | undefined>;
  questions: Map<string, Question>;
  /** How many times a save the vendor asked for ("Save and continue") was refused. */
  refusals: number;
}) {
  const clientErrors = Object.fromEntries(
    Object.entries(saveErrors).map(([id, message]) => [
      `q-${id}`,
      `${questions.get(id)?.text ?? id}: ${message}`,
    ]),
  );
  // Focus moves to the summary when the vendor's own submission is refused (the server's
  // errors, or "Save and continue" with a save refused), never for an autosave's refusal
  // while they are still typing (decision 366).
  const submitted = Object.entries(serverErrors)
    .map(([k, v]) => `${k}:${v ?? ""}`)
    .join("|");
  return (
    <ErrorSummary
      errors={{ ...serverErrors, ...clientErrors }}
      focusWhen={`${refusals}|${submitted}`}
    />
  );
}

export type StoredAnswer = {
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
export const SectionQuestion = memo(function SectionQuestion({
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

/** Answers kept on this device that were not saved before the vendor left. */
export function RestorablePanel({
  count,
  onRestore,
  onDiscard,
}: {
  count: number;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  if (count === 0) return null;
  return (
    <div className="panel" role="alert">
      <p>You have {count} answer(s) on this device that were not saved before you left.</p>
      <div className="actions">
        <button type="button" onClick={onRestore}>
          Restore and save them
        </button>
        <button type="button" className="button--secondary" onClick={onDiscard}>
          Discard them
        </button>
      </div>
    </div>
  );
}

/** Carried-over answers shown and still waiting for the vendor, confirmed together (decision 206). */
export function CarriedOverPanel({
  count,
  leaving,
  onSubmit,
}: {
  count: number;
  leaving: boolean;
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
}) {
  if (count === 0) return null;
  return (
    <section className="panel" aria-labelledby="carried-title">
      <h2 id="carried-title">Answers from your previous assessment</h2>
      <p>
        {count === 1 ? "1 answer in this section was" : `${count} answers in this section were`}{" "}
        carried over from your previous assessment. Check each below: confirm it or change it. If
        they are all still right, confirm them together; each stays changeable.
      </p>
      <Form method="post" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="confirm-all" />
        <button type="submit" className="button--secondary" disabled={leaving}>
          Confirm all carried-over answers in this section
        </button>
      </Form>
    </section>
  );
}
