// The show-if condition of one question, built from the format's operators: "equals" and "one
// of" with pickers, anything nested (not, all, any) as the format's own JSON. The sentence under
// it is the explanation the preview and the vendor's page use (explainCondition).
import { useState } from "react";
import { type DraftQuestion } from "./builder-model";

type Props = {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  questions: DraftQuestion[];
  explain: (condition: unknown) => string;
  problems?: string[];
};

type Mode = "none" | "equals" | "oneOf" | "advanced";

function modeOf(value: unknown): Mode {
  if (!value || typeof value !== "object") return "none";
  if ("equals" in value) return "equals";
  if ("oneOf" in value) return "oneOf";
  return "advanced";
}

function answersOf(
  question: DraftQuestion | undefined,
): Array<{ value: string | number; label: string }> {
  if (!question) return [];
  if (Array.isArray(question.levels))
    return (question.levels as Array<{ level: number; description?: string }>).map((l) => ({
      value: l.level,
      label: `Level ${l.level}${l.description ? `: ${l.description}` : ""}`,
    }));
  if (Array.isArray(question.options))
    return (question.options as Array<{ value: string; label?: string }>).map((o) => ({
      value: o.value,
      label: o.label || (o.value === "yes" ? "Yes" : o.value === "no" ? "No" : o.value),
    }));
  return [];
}

export function ConditionEditor({ id, value, onChange, questions, explain, problems }: Props) {
  const [mode, setMode] = useState<Mode>(modeOf(value));
  const [json, setJson] = useState(value ? JSON.stringify(value, null, 2) : "");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const testable = questions.filter((q) => Array.isArray(q.options) || Array.isArray(q.levels));
  const current = value as
    | {
        equals?: { question: string; value: string | number };
        oneOf?: { question: string; values: Array<string | number> };
      }
    | undefined;
  const questionId = current?.equals?.question ?? current?.oneOf?.question ?? testable[0]?.id ?? "";
  const target = testable.find((q) => q.id === questionId);
  const answers = answersOf(target);

  function changeMode(next: Mode) {
    setMode(next);
    const first = testable[0];
    const firstAnswer = answersOf(first)[0]?.value;
    if (next === "none") onChange(undefined);
    else if (next === "equals" && first && firstAnswer !== undefined)
      onChange({ equals: { question: first.id, value: firstAnswer } });
    else if (next === "oneOf" && first && firstAnswer !== undefined)
      onChange({ oneOf: { question: first.id, values: [firstAnswer] } });
    else if (next === "advanced") setJson(value ? JSON.stringify(value, null, 2) : "");
  }

  const explanation = value ? `Shown only when ${explain(value)}.` : "Always shown.";
  return (
    <fieldset id={id} tabIndex={-1}>
      <legend>When to show this question</legend>
      {problems?.length ? (
        <ul className="field-error">
          {problems.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={`${id}-mode`}>Condition</label>
      <select
        id={`${id}-mode`}
        value={mode}
        onChange={(event) => changeMode(event.target.value as Mode)}
      >
        <option value="none">Always show it</option>
        <option value="equals" disabled={testable.length === 0}>
          When an earlier answer is…
        </option>
        <option value="oneOf" disabled={testable.length === 0}>
          When an earlier answer is one of…
        </option>
        <option value="advanced">Combined condition (not, all, any)</option>
      </select>
      {mode === "equals" || mode === "oneOf" ? (
        <>
          <label htmlFor={`${id}-question`}>Earlier question</label>
          <select
            id={`${id}-question`}
            value={questionId}
            onChange={(event) => {
              const q = testable.find((c) => c.id === event.target.value);
              const a = answersOf(q)[0]?.value ?? "";
              onChange(
                mode === "equals"
                  ? { equals: { question: event.target.value, value: a } }
                  : { oneOf: { question: event.target.value, values: [a] } },
              );
            }}
          >
            {testable.map((q) => (
              <option key={String(q.id)} value={String(q.id)}>
                {String(q.text || q.id)}
              </option>
            ))}
          </select>
          {mode === "equals" ? (
            <>
              <label htmlFor={`${id}-value`}>Answer</label>
              <select
                id={`${id}-value`}
                value={String(current?.equals?.value ?? "")}
                onChange={(event) => {
                  const picked = answers.find((a) => String(a.value) === event.target.value);
                  onChange({
                    equals: { question: questionId, value: picked?.value ?? event.target.value },
                  });
                }}
              >
                {answers.map((a) => (
                  <option key={String(a.value)} value={String(a.value)}>
                    {a.label}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <fieldset>
              <legend>Answers</legend>
              {answers.map((a) => {
                const values = current?.oneOf?.values ?? [];
                const checked = values.includes(a.value);
                return (
                  <div className="checkbox" key={String(a.value)}>
                    <input
                      type="checkbox"
                      id={`${id}-v-${a.value}`}
                      checked={checked}
                      onChange={() =>
                        onChange({
                          oneOf: {
                            question: questionId,
                            values: checked
                              ? values.filter((v) => v !== a.value)
                              : [...values, a.value],
                          },
                        })
                      }
                    />
                    <label htmlFor={`${id}-v-${a.value}`}>{a.label}</label>
                  </div>
                );
              })}
            </fieldset>
          )}
        </>
      ) : null}
      {mode === "advanced" ? (
        <>
          <label htmlFor={`${id}-json`}>Condition in the format&apos;s JSON</label>
          <p className="hint">
            e.g.{" "}
            {`{"all": [{"equals": {"question": "a", "value": "yes"}}, {"not": {"equals": {"question": "b", "value": "no"}}}]}`}
          </p>
          {jsonError ? <p className="field-error">{jsonError}</p> : null}
          <textarea
            id={`${id}-json`}
            rows={4}
            value={json}
            onChange={(event) => setJson(event.target.value)}
            onBlur={() => {
              try {
                onChange(json.trim() ? JSON.parse(json) : undefined);
                setJsonError(null);
              } catch {
                setJsonError(
                  "This is not valid JSON yet; the condition keeps its last valid value.",
                );
              }
            }}
          />
        </>
      ) : null}
      <p className="hint" aria-live="polite">
        {explanation}
      </p>
    </fieldset>
  );
}
