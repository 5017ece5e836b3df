// One question on the vendor's answering page. Inputs are uncontrolled (the DOM holds what
// is typed), so typing re-renders nothing; the page reads answers from the form when it saves.
import { memo, useState } from "react";
import {
  commentName,
  describeAnswerWith,
  fieldName,
  naName,
  naWhyName,
} from "~/assessments/answer-form";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { type SupplierListValue } from "~/supply-chain/types";
// Loaded on demand in the browser (decision 360).
import { CountryPicker, SupplierTable, SupplyChainAnswerWords } from "./supply-chain-controls";
import { type EvidenceItem } from "~/assessments/evidence-view";
import { EvidenceFiles } from "./evidence-files";

export type Conflict = {
  answer: Answer | null;
  comment: string;
  revision: number;
  updatedBy: string | null;
};
// The vendor's files beside an answer: the shared list staff read too (decision 200).
export type UploadedFile = EvidenceItem;

type Props = {
  question: Question;
  answer: Answer | null;
  comment: string;
  updatedBy: string | null;
  carriedOver: boolean;
  visible: boolean;
  readOnly: boolean;
  error?: string;
  conflict?: Conflict;
  mine?: Answer | null;
  onKeepMine?: (questionId: string) => void;
  onUseTheirs?: (questionId: string) => void;
  files?: UploadedFile[];
  uploadMessage?: { ok: boolean; text: string };
  /** Who this question is assigned to, if anyone (static: from the loader). */
  assignedTo?: string | null;
  /** Saves the answer unchanged, confirming a carried-over one; resolves to whether it saved. Must be stable. */
  onConfirm?: (questionId: string) => Promise<boolean>;
  /** A supplier list offers "fill from a CycloneDX file" (the page renders its form; decision 331). */
  bomImport?: boolean;
};

const GROUPED = new Set([
  "yes_no",
  "single_choice",
  "multiple_choice",
  "maturity",
  "supplier_list",
  "countries",
]);

function valueOf(answer: Answer | null): unknown {
  return answer?.kind === "value" ? answer.value : undefined;
}

export const AnswerField = memo(function AnswerField({
  question,
  answer,
  comment,
  updatedBy,
  carriedOver,
  visible,
  readOnly,
  error,
  conflict,
  mine,
  onKeepMine,
  onUseTheirs,
  files = [],
  uploadMessage,
  assignedTo,
  onConfirm,
  bomImport = false,
}: Props) {
  const [na, setNa] = useState(answer?.kind === "na");
  // A carried-over answer stops asking for confirmation once confirmed or changed. Only this
  // question re-renders, once: setting the same state again is a no-op for React.
  const [carried, setCarried] = useState<"ask" | "confirming" | "confirmed" | "changed">("ask");
  const id = `q-${question.id}`;
  const hintId = question.help ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const value = valueOf(answer);
  const disabled = readOnly || na;
  // One text node (no separator comment for React to hydrate).
  const label = `${question.text}${question.required ? "" : " (optional)"}`;

  const control = (() => {
    switch (question.type) {
      case "yes_no":
      case "single_choice":
      case "multiple_choice": {
        const type = question.type === "multiple_choice" ? "checkbox" : "radio";
        const chosen = new Set(
          Array.isArray(value) ? value : value === undefined ? [] : [String(value)],
        );
        return (
          <div className="radios">
            {question.options.map((option, i) => (
              <label key={option.value}>
                <input
                  type={type}
                  name={fieldName(question.id)}
                  value={option.value}
                  id={i === 0 ? id : `${id}-${option.value}`}
                  defaultChecked={chosen.has(option.value)}
                  disabled={disabled}
                />
                {/* A bare text node where there is no help: one element fewer per option,
                    a few hundred on a long section. */}
                {option.help ? (
                  <span>
                    {option.label}
                    <span className="hint"> — {option.help}</span>
                  </span>
                ) : (
                  option.label
                )}
              </label>
            ))}
          </div>
        );
      }
      case "maturity":
        return (
          <div className="radios">
            {question.levels.map((level, i) => (
              <label key={level.level}>
                <input
                  type="radio"
                  name={fieldName(question.id)}
                  value={level.level}
                  id={i === 0 ? id : `${id}-${level.level}`}
                  defaultChecked={value === level.level}
                  disabled={disabled}
                />
                {`Level ${level.level}: ${level.description}`}
              </label>
            ))}
          </div>
        );
      case "long_text":
        return (
          <textarea
            id={id}
            name={fieldName(question.id)}
            rows={5}
            defaultValue={typeof value === "string" ? value : ""}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            disabled={disabled}
          />
        );
      case "countries":
        return (
          <CountryPicker
            id={id}
            name={fieldName(question.id)}
            legend={question.text}
            chosen={Array.isArray(value) ? (value as string[]) : []}
            disabled={disabled}
          />
        );
      case "supplier_list":
        return (
          <SupplierTable
            id={id}
            questionId={question.id}
            value={
              value && typeof value === "object" && !Array.isArray(value)
                ? (value as SupplierListValue)
                : null
            }
            disabled={disabled}
            bomImport={bomImport}
          />
        );
      case "evidence":
        // The answer is the list of uploaded files; the upload control below is the input.
        return (Array.isArray(value) ? (value as string[]) : []).map((fileId) => (
          <input key={fileId} type="hidden" name={fieldName(question.id)} value={fileId} />
        ));
      default: {
        const type =
          question.type === "number"
            ? "text"
            : question.type === "date"
              ? "date"
              : question.type === "url"
                ? "url"
                : "text";
        return (
          <span className="actions">
            <input
              id={id}
              name={fieldName(question.id)}
              type={type}
              inputMode={question.type === "number" ? "decimal" : undefined}
              defaultValue={value === undefined ? "" : String(value)}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              disabled={disabled}
              className={
                question.type === "number" || question.type === "date" ? "input--short" : undefined
              }
            />
            {question.type === "number" && question.unit ? <span>{question.unit}</span> : null}
          </span>
        );
      }
    }
  })();

  const body = (
    <>
      {question.help ? (
        <p className="hint" id={hintId}>
          {question.help}
        </p>
      ) : null}
      {carriedOver && carried !== "changed" ? (
        <div className="carried-over">
          {carried === "confirmed" ? (
            <p className="hint" role="status">
              Confirmed.
            </p>
          ) : (
            <>
              <p className="hint">
                <strong>Carried over</strong> from your previous assessment — please confirm or
                change it.
              </p>
              {readOnly ? null : (
                // Without JavaScript this submits the section and the action saves this answer
                // as it stands; with it, autosave saves just this answer.
                <button
                  type="submit"
                  name="confirm"
                  value={question.id}
                  className="button--secondary"
                  disabled={carried === "confirming"}
                  onClick={(event) => {
                    if (!onConfirm) return;
                    event.preventDefault();
                    setCarried("confirming");
                    void onConfirm(question.id).then((ok) => setCarried(ok ? "confirmed" : "ask"));
                  }}
                >
                  Confirm this answer<span className="visually-hidden">: {question.text}</span>
                </button>
              )}
            </>
          )}
        </div>
      ) : null}
      {assignedTo ? <p className="hint">Assigned to {assignedTo}.</p> : null}
      {error ? (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {control}
      {question.type === "evidence" || ("evidence" in question && question.evidence !== "none") ? (
        <Evidence
          questionId={question.id}
          inputId={question.type === "evidence" ? id : `${id}-file`}
          label={
            question.type === "evidence"
              ? null
              : `Supporting file (${"evidence" in question && question.evidence === "required" ? "required" : "optional"})`
          }
          files={files}
          readOnly={disabled}
          message={uploadMessage}
        />
      ) : null}
      {question.type === "supplier_list" && files.length > 0 ? (
        <EvidenceFiles
          files={files}
          label="CycloneDX files kept with this answer"
          action={
            disabled
              ? undefined
              : (file) => (
                  <button type="submit" form={`remove-${file.id}`} className="button-link">
                    Remove<span className="visually-hidden"> {file.fileName}</span>
                  </button>
                )
          }
        />
      ) : null}
      {question.allowNA ? (
        <div className="na">
          <label>
            <input
              type="checkbox"
              name={naName(question.id)}
              value="1"
              defaultChecked={answer?.kind === "na"}
              disabled={readOnly}
              // `input`, not React's onChange: it also reports a tick made before this question
              // was hydrated (the answering page hydrates questions as they are needed).
              onInput={(e) => setNa(e.currentTarget.checked)}
            />{" "}
            Not applicable to us
          </label>
          {na ? (
            <div className="field">
              <label htmlFor={`${id}-na-why`}>Why does this not apply?</label>
              <textarea
                id={`${id}-na-why`}
                name={naWhyName(question.id)}
                rows={2}
                defaultValue={answer?.kind === "na" ? answer.justification : ""}
                disabled={readOnly}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      <details className="comment" open={comment !== "" ? true : undefined}>
        <summary>Add a comment (optional)</summary>
        <label htmlFor={`${id}-comment`} className="visually-hidden">
          Comment on this answer
        </label>
        <textarea
          id={`${id}-comment`}
          name={commentName(question.id)}
          rows={2}
          defaultValue={comment}
          disabled={readOnly}
        />
      </details>
      {updatedBy ? <p className="hint">Last changed by {updatedBy}.</p> : null}
      {conflict ? (
        <div className="conflict" role="alert">
          <p>
            <strong>
              {conflict.updatedBy ?? "A colleague"} changed this answer while you were editing it.
            </strong>
          </p>
          <p>Their answer: {inWords(question, conflict.answer)}</p>
          <p>Your answer: {inWords(question, mine ?? null)}</p>
          <div className="actions">
            <button type="button" onClick={() => onKeepMine?.(question.id)}>
              Keep my answer
            </button>
            <button
              type="button"
              className="button--secondary"
              onClick={() => onUseTheirs?.(question.id)}
            >
              Use their answer
            </button>
          </div>
        </div>
      ) : null}
    </>
  );

  return (
    <div
      className={`question panel${error ? " question--error" : ""}`}
      id={`question-${question.id}`}
      hidden={!visible}
      onInput={
        carriedOver && carried === "ask"
          ? (event) => {
              // A changed answer is saved by autosave, which clears the flag on the server.
              if ((event.target as HTMLElement).getAttribute("name") !== "confirm")
                setCarried("changed");
            }
          : undefined
      }
    >
      {GROUPED.has(question.type) ? (
        <fieldset aria-describedby={describedBy}>
          <legend>{label}</legend>
          {body}
        </fieldset>
      ) : (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          {body}
        </div>
      )}
    </div>
  );
});

/** An answer in words; countries and supplier lists through the on-demand module (decision 360). */
function inWords(question: Question, answer: Answer | null) {
  return question.type === "countries" || question.type === "supplier_list" ? (
    <SupplyChainAnswerWords question={question} answer={answer} />
  ) : (
    describeAnswerWith(null, question, answer)
  );
}

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.txt,.csv,.md,.json";

/**
 * Files for a question. The file input and buttons belong to small forms outside the answer
 * form (the `form` attribute), so uploading works without JavaScript too.
 */
function Evidence({
  questionId,
  inputId,
  label,
  files,
  readOnly,
  message,
}: {
  questionId: string;
  inputId: string;
  label: string | null;
  files: UploadedFile[];
  readOnly: boolean;
  message?: { ok: boolean; text: string };
}) {
  return (
    <div className="evidence">
      {files.length > 0 ? (
        <EvidenceFiles
          files={files}
          label={`Files uploaded${label ? `: ${label}` : ""}`}
          action={
            readOnly
              ? undefined
              : (file) => (
                  <button type="submit" form={`remove-${file.id}`} className="button-link">
                    Remove<span className="visually-hidden"> {file.fileName}</span>
                  </button>
                )
          }
        />
      ) : (
        <p className="hint">No file uploaded yet.</p>
      )}
      {readOnly ? null : (
        <div className="field">
          {label ? <label htmlFor={inputId}>{label}</label> : null}
          <p className="hint" id={`${inputId}-types`}>
            PDF, image, Word, Excel, PowerPoint or text; up to 25 MB.
          </p>
          <span className="actions">
            <input
              type="file"
              id={inputId}
              name="file"
              form={`upload-${questionId}`}
              accept={ACCEPT}
              aria-describedby={`${inputId}-types`}
            />
            <button type="submit" form={`upload-${questionId}`} className="button--secondary">
              Upload<span className="visually-hidden"> file</span>
            </button>
          </span>
        </div>
      )}
      <p className={message?.ok === false ? "field-error" : "hint"} role="status">
        {message?.text ?? ""}
      </p>
    </div>
  );
}
