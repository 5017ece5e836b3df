// One question on the vendor's answering page. Inputs are uncontrolled (the DOM holds what
// is typed), so typing re-renders nothing; the page reads answers from the form when it saves.
import { memo, useState } from "react";
import {
  commentName,
  describeAnswer,
  fieldName,
  naName,
  naWhyName,
} from "~/assessments/answer-form";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/schema";

export type Conflict = {
  answer: Answer | null;
  comment: string;
  revision: number;
  updatedBy: string | null;
};

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
};

const GROUPED = new Set(["yes_no", "single_choice", "multiple_choice", "maturity"]);

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
}: Props) {
  const [na, setNa] = useState(answer?.kind === "na");
  const id = `q-${question.id}`;
  const hintId = question.help ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const value = valueOf(answer);
  const disabled = readOnly || na;
  const label = (
    <>
      {question.text}
      {question.required ? "" : " (optional)"}
    </>
  );

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
                <span>
                  {option.label}
                  {option.help ? <span className="hint"> — {option.help}</span> : null}
                </span>
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
                <span>
                  Level {level.level}: {level.description}
                </span>
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
      case "evidence":
        return (
          <EvidenceList
            id={id}
            name={fieldName(question.id)}
            files={Array.isArray(value) ? (value as string[]) : []}
            disabled={disabled}
          />
        );
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
      {carriedOver ? (
        <p className="hint">
          Carried over from your previous assessment — please confirm or change it.
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {control}
      {question.allowNA ? (
        <div className="na">
          <label>
            <input
              type="checkbox"
              name={naName(question.id)}
              value="1"
              defaultChecked={answer?.kind === "na"}
              disabled={readOnly}
              onChange={(e) => setNa(e.currentTarget.checked)}
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
          <p>Their answer: {describeAnswer(question, conflict.answer)}</p>
          <p>Your answer: {describeAnswer(question, mine ?? null)}</p>
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

function EvidenceList({
  id,
  name,
  files,
  disabled,
}: {
  id: string;
  name: string;
  files: string[];
  disabled: boolean;
}) {
  return (
    <div>
      {files.map((file) => (
        <input key={file} type="hidden" name={name} value={file} />
      ))}
      <p id={id}>
        {files.length === 0 ? "No file uploaded yet." : `${files.length} file(s) uploaded.`}
      </p>
      {disabled ? null : <p className="hint">Upload files on the evidence step of this section.</p>}
    </div>
  );
}
