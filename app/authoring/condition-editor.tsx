// The show-if condition of one question, built from the format's operators with pickers at
// every level: "equals" and "one of" on an earlier question's answers, and "not", "all" and
// "any" holding further conditions, nested as deep as the author needs; the format's own JSON
// stays available for pasting. The sentence under it is the explanation the vendor's page and
// the preview use (explainCondition). Every control is a labelled native one, so the whole
// editor works by keyboard (docs/decisions/311-condition-pickers.md).
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

type Kind = "equals" | "oneOf" | "not" | "all" | "any";
type Mode = "none" | Kind | "advanced";

type Node = Record<string, unknown>;

const KIND_LABELS: Record<Kind, string> = {
  equals: "An earlier answer is…",
  oneOf: "An earlier answer is one of…",
  not: "Not: a condition does not hold",
  all: "All of several conditions hold",
  any: "Any of several conditions holds",
};

function kindOf(value: unknown): Kind | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const key = keys[0] as Kind;
  return key in KIND_LABELS ? key : null;
}

/** Whether the pickers can show this condition, at every level; otherwise it is edited as JSON. */
function pickable(value: unknown): boolean {
  const kind = kindOf(value);
  if (!kind) return false;
  const inner = (value as Node)[kind];
  if (kind === "equals" || kind === "oneOf")
    return !!inner && typeof inner === "object" && typeof (inner as Node).question === "string";
  if (kind === "not") return pickable(inner);
  return Array.isArray(inner) && inner.length > 0 && inner.every(pickable);
}

function modeOf(value: unknown): Mode {
  if (value === undefined || value === null) return "none";
  return pickable(value) ? kindOf(value)! : "advanced";
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

/** Questions a condition can test: those with options or levels. */
function testableOf(questions: DraftQuestion[]): DraftQuestion[] {
  return questions.filter((q) => Array.isArray(q.options) || Array.isArray(q.levels));
}

function firstLeaf(testable: DraftQuestion[]): Node | null {
  const first = testable[0];
  const answer = answersOf(first)[0]?.value;
  if (!first || answer === undefined) return null;
  return { equals: { question: first.id, value: answer } };
}

/**
 * A condition of `kind` made from `current` where it can be: a leaf keeps its question, "not"
 * wraps what was there, "all"/"any" keep their list or start it with what was there.
 */
export function conditionOfKind(
  kind: Kind,
  current: unknown,
  questions: DraftQuestion[],
): Node | null {
  const testable = testableOf(questions);
  const leaf = firstLeaf(testable);
  const currentKind = kindOf(current);
  const existing = current && pickable(current) ? (current as Node) : null;
  const leafQuestion =
    currentKind === "equals" || currentKind === "oneOf"
      ? ((existing?.[currentKind] as Node | undefined)?.question as string | undefined)
      : undefined;
  const target = testable.find((q) => q.id === leafQuestion) ?? testable[0];
  const answer = answersOf(target)[0]?.value;
  switch (kind) {
    case "equals":
      if (currentKind === "oneOf" && existing) {
        const inner = existing.oneOf as { question: string; values: unknown[] };
        return { equals: { question: inner.question, value: inner.values[0] ?? answer } };
      }
      return target && answer !== undefined
        ? { equals: { question: target.id, value: answer } }
        : null;
    case "oneOf":
      if (currentKind === "equals" && existing) {
        const inner = existing.equals as { question: string; value: unknown };
        return { oneOf: { question: inner.question, values: [inner.value] } };
      }
      return target && answer !== undefined
        ? { oneOf: { question: target.id, values: [answer] } }
        : null;
    case "not":
      if (existing && currentKind !== "not") return { not: existing };
      return leaf ? { not: leaf } : null;
    case "all":
    case "any": {
      if (existing && (currentKind === "all" || currentKind === "any"))
        return { [kind]: existing[currentKind] };
      const first = existing ?? leaf;
      return first ? { [kind]: [first] } : null;
    }
  }
}

export function ConditionEditor({ id, value, onChange, questions, explain, problems }: Props) {
  // The pickers follow the value; only "write it as JSON" is a choice of its own.
  const [advanced, setAdvanced] = useState(modeOf(value) === "advanced");
  const mode: Mode = advanced ? "advanced" : modeOf(value);
  const [json, setJson] = useState(value ? JSON.stringify(value, null, 2) : "");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const testable = testableOf(questions);

  function changeMode(next: Mode) {
    if (next === "none") {
      setAdvanced(false);
      onChange(undefined);
    } else if (next === "advanced") {
      setAdvanced(true);
      setJson(value ? JSON.stringify(value, null, 2) : "");
    } else {
      const made = conditionOfKind(next, pickable(value) ? value : undefined, questions);
      if (!made) return;
      setAdvanced(false);
      onChange(made);
    }
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
      {testable.length === 0 ? (
        <p className="hint" id={`${id}-mode-hint`}>
          Only questions with options or levels before this one can be tested; there are none yet.
        </p>
      ) : null}
      <select
        id={`${id}-mode`}
        value={mode}
        aria-describedby={testable.length === 0 ? `${id}-mode-hint` : undefined}
        onChange={(event) => changeMode(event.target.value as Mode)}
      >
        <option value="none">Always show it</option>
        {(Object.keys(KIND_LABELS) as Kind[]).map((kind) => (
          <option key={kind} value={kind} disabled={testable.length === 0}>
            {/* One string: an option's text is one node, or hydration does not match. */}
            {`When ${KIND_LABELS[kind].charAt(0).toLowerCase()}${KIND_LABELS[kind].slice(1)}`}
          </option>
        ))}
        <option value="advanced">Written in the format&apos;s JSON</option>
      </select>
      {mode !== "none" && mode !== "advanced" && pickable(value) ? (
        <ConditionNode
          id={`${id}-c`}
          value={value as Node}
          onChange={onChange}
          testable={testable}
          depth={0}
        />
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

/** One condition with its pickers; "not", "all" and "any" hold further ones. */
function ConditionNode({
  id,
  value,
  onChange,
  testable,
  depth,
  label,
}: {
  id: string;
  value: Node;
  onChange: (value: Node) => void;
  testable: DraftQuestion[];
  depth: number;
  /** Set for a nested condition: its legend and the picker of its kind. */
  label?: string;
}) {
  const kind = kindOf(value)!;
  const body = (() => {
    if (kind === "equals" || kind === "oneOf")
      return (
        <LeafPickers id={id} kind={kind} value={value} onChange={onChange} testable={testable} />
      );
    if (kind === "not")
      return (
        <ConditionNode
          id={`${id}-not`}
          value={value.not as Node}
          onChange={(inner) => onChange({ not: inner })}
          testable={testable}
          depth={depth + 1}
          label="The condition that must not hold"
        />
      );
    const children = value[kind] as Node[];
    const leaf = firstLeaf(testable);
    return (
      <>
        {children.map((child, i) => (
          <div key={i} className="condition-part">
            <ConditionNode
              id={`${id}-${i}`}
              value={child}
              onChange={(inner) =>
                onChange({ [kind]: children.map((old, j) => (j === i ? inner : old)) })
              }
              testable={testable}
              depth={depth + 1}
              label={`Condition ${i + 1} of ${children.length}`}
            />
            {children.length > 1 ? (
              <button
                type="button"
                className="button--secondary"
                onClick={() => onChange({ [kind]: children.filter((_, j) => j !== i) })}
              >
                Remove condition {i + 1}
                {depth > 0 ? <span className="visually-hidden"> at level {depth + 1}</span> : null}
              </button>
            ) : null}
          </div>
        ))}
        {leaf ? (
          <button
            type="button"
            className="button--secondary"
            onClick={() => onChange({ [kind]: [...children, leaf] })}
          >
            Add a condition{kind === "all" ? " that must also hold" : " that may hold instead"}
            {depth > 0 ? <span className="visually-hidden"> at level {depth + 1}</span> : null}
          </button>
        ) : null}
      </>
    );
  })();
  if (label === undefined) return <div className="condition-node">{body}</div>;
  return (
    <fieldset className="condition-node">
      <legend>{label}</legend>
      <label htmlFor={`${id}-kind`}>Kind of condition</label>
      <select
        id={`${id}-kind`}
        value={kind}
        onChange={(event) => {
          const made = conditionOfKind(event.target.value as Kind, value, testable);
          if (made) onChange(made);
        }}
      >
        {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {body}
    </fieldset>
  );
}

function LeafPickers({
  id,
  kind,
  value,
  onChange,
  testable,
}: {
  id: string;
  kind: "equals" | "oneOf";
  value: Node;
  onChange: (value: Node) => void;
  testable: DraftQuestion[];
}) {
  const inner = value[kind] as { question: string; value?: unknown; values?: unknown[] };
  const questionId = inner.question;
  const answers = answersOf(testable.find((q) => q.id === questionId));
  return (
    <>
      <label htmlFor={`${id}-question`}>Earlier question</label>
      <select
        id={`${id}-question`}
        value={questionId}
        onChange={(event) => {
          const q = testable.find((c) => c.id === event.target.value);
          const a = answersOf(q)[0]?.value ?? "";
          onChange(
            kind === "equals"
              ? { equals: { question: event.target.value, value: a } }
              : { oneOf: { question: event.target.value, values: [a] } },
          );
        }}
      >
        {testable.some((q) => q.id === questionId) ? null : (
          <option value={questionId}>{`${questionId} (not an earlier question)`}</option>
        )}
        {testable.map((q) => (
          <option key={String(q.id)} value={String(q.id)}>
            {String(q.text || q.id)}
          </option>
        ))}
      </select>
      {kind === "equals" ? (
        <>
          <label htmlFor={`${id}-value`}>Answer</label>
          <select
            id={`${id}-value`}
            value={String(inner.value ?? "")}
            onChange={(event) => {
              const picked = answers.find((a) => String(a.value) === event.target.value);
              onChange({
                equals: { question: questionId, value: picked?.value ?? event.target.value },
              });
            }}
          >
            {answers.some((a) => String(a.value) === String(inner.value ?? "")) ? null : (
              <option value={String(inner.value ?? "")}>
                {`${String(inner.value ?? "")} (not an answer of this question)`}
              </option>
            )}
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
            const values = inner.values ?? [];
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
  );
}
