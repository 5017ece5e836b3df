// The questionnaire's own fields and one section's, for the builder. Inputs commit on blur (and
// on change for selects), so typing never re-checks the whole draft per keystroke.
import { useState } from "react";
import { AUDIENCES } from "~/questionnaire/definition";
import { AUDIENCE_LABELS } from "~/questionnaire/labels";
import { QUESTION_TYPE_LABELS } from "~/questionnaire/model";
import { type DraftDoc, type DraftSection, fieldId, questionTypes } from "./builder-model";

type Problems = Map<string, string[]>;

function Messages({ problems, path }: { problems: Problems; path: string }) {
  const messages = problems.get(path);
  if (!messages?.length) return null;
  return (
    <ul className="field-error" id={`${fieldId(path)}-problems`}>
      {messages.map((m) => (
        <li key={m}>
          <span className="visually-hidden">Problem: </span>
          {m}
        </li>
      ))}
    </ul>
  );
}

function Text({
  label,
  path,
  value,
  problems,
  onCommit,
  multiline = false,
  type = "text",
  hint,
}: {
  label: string;
  path: string;
  value: unknown;
  problems: Problems;
  onCommit: (value: string) => void;
  multiline?: boolean;
  type?: string;
  hint?: string;
}) {
  const id = fieldId(path);
  const invalid = !!problems.get(path)?.length;
  const props = {
    id,
    defaultValue: value === undefined || value === null ? "" : String(value),
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${id}-problems` : undefined,
    onBlur: (event: { target: { value: string } }) => onCommit(event.target.value),
  };
  return (
    <div className={`field${invalid ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="hint">{hint}</p> : null}
      <Messages problems={problems} path={path} />
      {multiline ? (
        <textarea rows={3} {...props} />
      ) : (
        <input type={type} step={type === "number" ? "any" : undefined} {...props} />
      )}
    </div>
  );
}

const num = (value: string) => (value.trim() === "" ? undefined : Number(value));

export function QuestionnaireFields({
  doc,
  problems,
  onChange,
}: {
  doc: DraftDoc;
  problems: Problems;
  onChange: (doc: DraftDoc) => void;
}) {
  const set = (key: string, value: unknown) => onChange({ ...doc, [key]: value });
  const thresholds = (doc.thresholds ?? {}) as Record<string, unknown>;
  return (
    <div>
      <h2 id="editor-title" tabIndex={-1}>
        Title, audience and tiers
      </h2>
      <Messages problems={problems} path="" />
      <Text
        label="Title"
        path="title"
        value={doc.title}
        problems={problems}
        onCommit={(v) => set("title", v)}
      />
      <Text
        label="Slug"
        path="slug"
        hint="The questionnaire's stable id, e.g. hosting-review; it cannot change once published."
        value={doc.slug}
        problems={problems}
        onCommit={(v) => set("slug", v)}
      />
      <Text
        label="Description"
        path="description"
        multiline
        value={doc.description}
        problems={problems}
        onCommit={(v) => set("description", v)}
      />
      <div className="field">
        <label htmlFor={fieldId("audience")}>Sent to</label>
        <Messages problems={problems} path="audience" />
        <select
          id={fieldId("audience")}
          value={String(doc.audience ?? "any")}
          onChange={(e) => set("audience", e.target.value)}
        >
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {AUDIENCE_LABELS[a]}
            </option>
          ))}
        </select>
      </div>
      <Text
        label="What changed in this version"
        path="changelog"
        value={doc.changelog}
        problems={problems}
        onCommit={(v) => set("changelog", v)}
      />
      <fieldset>
        <legend>Tier thresholds (scores at or above)</legend>
        <Messages problems={problems} path="thresholds" />
        {(["low", "medium", "high"] as const).map((tier) => (
          <Text
            key={tier}
            label={`${tier[0]!.toUpperCase()}${tier.slice(1)} from`}
            path={`thresholds.${tier}`}
            type="number"
            value={thresholds[tier] ?? { low: 85, medium: 70, high: 50 }[tier]}
            problems={problems}
            onCommit={(v) =>
              set("thresholds", { low: 85, medium: 70, high: 50, ...thresholds, [tier]: num(v) })
            }
          />
        ))}
      </fieldset>
    </div>
  );
}

export function SectionFields({
  index,
  count,
  section,
  problems,
  onChange,
  onMove,
  onRemove,
  onAddQuestion,
}: {
  index: number;
  count: number;
  section: DraftSection;
  problems: Problems;
  onChange: (section: DraftSection) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  onAddQuestion: (type: string) => void;
}) {
  const [type, setType] = useState("yes_no");
  const path = `sections[${index}]`;
  const set = (key: string, value: unknown) => onChange({ ...section, [key]: value });
  return (
    <div>
      <h2 id="editor-title" tabIndex={-1}>
        Section {index + 1}: {String(section.title || section.id || "")}
      </h2>
      <Messages problems={problems} path={path} />
      <Text
        label="Section title"
        path={`${path}.title`}
        value={section.title}
        problems={problems}
        onCommit={(v) => set("title", v)}
      />
      <Text
        label="Section id"
        path={`${path}.id`}
        value={section.id}
        problems={problems}
        onCommit={(v) => set("id", v)}
      />
      <Text
        label="Description (optional)"
        path={`${path}.description`}
        multiline
        value={section.description}
        problems={problems}
        onCommit={(v) => set("description", v === "" ? undefined : v)}
      />
      <Text
        label="Section weight (1–5)"
        path={`${path}.weight`}
        type="number"
        value={section.weight ?? 1}
        problems={problems}
        onCommit={(v) => set("weight", num(v))}
      />
      <p className="hint">{section.questions?.length ?? 0} questions in this section.</p>
      <Messages problems={problems} path={`${path}.questions`} />
      <div className="inline-form">
        <div className="field">
          <label htmlFor="new-question-type">New question&apos;s type</label>
          <select id="new-question-type" value={type} onChange={(e) => setType(e.target.value)}>
            {questionTypes().map((t) => (
              <option key={t} value={t}>
                {QUESTION_TYPE_LABELS[t as keyof typeof QUESTION_TYPE_LABELS] ??
                  t.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="button" onClick={() => onAddQuestion(type)}>
            Add a question to this section
          </button>
        </div>
      </div>
      <p className="actions">
        <button
          type="button"
          className="button--secondary"
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
        >
          Move section up
        </button>
        <button
          type="button"
          className="button--secondary"
          disabled={index >= count - 1}
          onClick={() => onMove(index + 1)}
        >
          Move section down
        </button>
        <button type="button" className="button--secondary" onClick={onRemove}>
          Delete section
        </button>
      </p>
    </div>
  );
}
