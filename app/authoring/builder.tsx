// The questionnaire builder: an outline of sections and questions on the side, one item edited
// at a time, and every problem of the whole draft listed at once with a link to its field. The
// list comes from checkDraft, the same function publishing runs (decision 220); it runs after
// edits settle, not per keystroke, so a 300-question draft stays responsive
// (docs/decisions/221-questionnaire-builder.md).
import { useFetcher } from "@remix-run/react";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { explainCondition } from "~/questionnaire/conditions";
import { type Condition, type Questionnaire } from "~/questionnaire/definition";
import { checkDraft } from "./draft-check";
import {
  type DraftDoc,
  type DraftQuestion,
  type DraftSection,
  fieldId,
  move,
  moveToSection,
  questionTemplate,
  type Selection,
  selectionFor,
  selectionPath,
  unusedQuestionId,
} from "./builder-model";
import { QuestionEditor } from "./question-editor";
import { QuestionnaireFields, SectionFields } from "./builder-fields";

type Props = {
  initial: DraftDoc;
  revision: number;
  reservedSlugs: string[];
  previous: Questionnaire | null;
  canEdit: boolean;
  /** A path to open and focus first, e.g. from a problem listed on the import page. */
  initialPath?: string | null;
};

const SETTLE_MS = 250;

export function Builder({
  initial,
  revision: initialRevision,
  reservedSlugs,
  previous,
  canEdit,
  initialPath = null,
}: Props) {
  const [doc, setDoc] = useState<DraftDoc>(initial);
  const [selection, setSelection] = useState<Selection>(() => {
    const wanted = initialPath === null ? null : selectionFor(initialPath);
    if (wanted?.kind === "question" && initial.sections?.[wanted.s]?.questions?.[wanted.q])
      return wanted;
    if (wanted?.kind === "section" && initial.sections?.[wanted.s]) return wanted;
    if (wanted?.kind === "questionnaire") return wanted;
    return initial.sections?.[0]?.questions?.length
      ? { kind: "question", s: 0, q: 0 }
      : { kind: "questionnaire" };
  });
  const [editorKey, setEditorKey] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [revision, setRevision] = useState(initialRevision);
  const focusPath = useRef<string | null>(initialPath);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; apply: () => void } | null>(null);
  const fetcher = useFetcher<{ ok: boolean; revision?: number; message?: string }>();

  const check = useMemo(
    () => checkDraft(doc, { reservedSlugs, previous }),
    [doc, reservedSlugs, previous],
  );
  const problems = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of check.problems) map.set(p.path, [...(map.get(p.path) ?? []), p.message]);
    return map;
  }, [check]);

  const update = useCallback((change: (d: DraftDoc) => DraftDoc) => {
    setDoc((d) => change(d));
    setDirty(true);
  }, []);
  const flush = useCallback(() => {
    if (!pending.current) return;
    clearTimeout(pending.current.timer);
    pending.current.apply();
    pending.current = null;
  }, []);

  const select = useCallback(
    (next: Selection, path?: string) => {
      flush();
      focusPath.current = path ?? null;
      setSelection(next);
      setEditorKey((k) => k + 1);
    },
    [flush],
  );
  useEffect(() => {
    const path = focusPath.current;
    focusPath.current = null;
    if (path === null) return;
    // The deepest element on the path that exists: a missing field's problem points at its parent.
    let at = path;
    for (;;) {
      const element = document.getElementById(fieldId(at));
      if (element) {
        element.focus();
        element.scrollIntoView({ block: "center" });
        return;
      }
      const shorter = at.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (shorter === at || !shorter) {
        document.getElementById("editor-title")?.focus();
        return;
      }
      at = shorter;
    }
  }, [selection, editorKey]);

  const sections = useMemo(() => doc.sections ?? [], [doc.sections]);
  const sel =
    selection.kind === "question" ? sections[selection.s]?.questions?.[selection.q] : undefined;
  const earlier = useMemo(() => {
    if (selection.kind !== "question") return [];
    const before: DraftQuestion[] = [];
    sections.forEach((section, s) =>
      (section.questions ?? []).forEach((q, i) => {
        if (s < selection.s || (s === selection.s && i < selection.q)) before.push(q);
      }),
    );
    return before;
  }, [sections, selection]);
  const explain = useCallback(
    (condition: unknown) => {
      try {
        return explainCondition(
          condition as Condition,
          (check.questionnaire ?? doc) as Questionnaire,
        );
      } catch {
        return "the condition is complete";
      }
    },
    [check.questionnaire, doc],
  );

  const onQuestionChange = useCallback(
    (values: DraftQuestion) => {
      if (selection.kind !== "question") return;
      const { s, q } = selection;
      const apply = () =>
        update((d) => ({
          ...d,
          sections: (d.sections ?? []).map((section, i) =>
            i !== s
              ? section
              : {
                  ...section,
                  questions: (section.questions ?? []).map((old, j) =>
                    j === q ? structuredClone(values) : old,
                  ),
                },
          ),
        }));
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = {
        apply,
        timer: setTimeout(() => {
          pending.current = null;
          apply();
        }, SETTLE_MS),
      };
    },
    [selection, update],
  );

  function setQuestions(s: number, change: (questions: DraftQuestion[]) => DraftQuestion[]) {
    update((d) => ({
      ...d,
      sections: (d.sections ?? []).map((section, i) =>
        i === s ? { ...section, questions: change(section.questions ?? []) } : section,
      ),
    }));
  }

  function addSection() {
    const n = sections.length;
    update((d) => ({
      ...d,
      sections: [
        ...(d.sections ?? []),
        { id: `section-${n + 1}`, title: "", weight: 1, questions: [] },
      ],
    }));
    select({ kind: "section", s: n }, `sections[${n}].title`);
  }

  function save() {
    flush();
    // The doc state may be one render behind the flush: read it through the setter.
    setDoc((current) => {
      fetcher.submit(
        { intent: "save", document: JSON.stringify(current), revision: String(revision) },
        { method: "post" },
      );
      return current;
    });
  }
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && fetcher.data.revision) {
      setRevision(fetcher.data.revision);
      setDirty(false);
    }
  }, [fetcher.state, fetcher.data]);

  const status =
    fetcher.state !== "idle"
      ? "Saving…"
      : fetcher.data && !fetcher.data.ok
        ? `Not saved: ${fetcher.data.message}`
        : dirty
          ? "Unsaved changes"
          : "All changes saved";

  return (
    <div className="builder">
      <div className="builder-bar">
        <p role="status" className="hint">
          {status}
        </p>
        {canEdit ? (
          <button type="button" onClick={save} disabled={fetcher.state !== "idle"}>
            Save draft
          </button>
        ) : null}
      </div>
      <ProblemList problems={check.problems} onGo={(path) => select(selectionFor(path), path)} />
      <div className="builder-columns">
        <Outline
          doc={doc}
          selection={selection}
          problems={check.problems}
          onSelect={select}
          onAddSection={canEdit ? addSection : undefined}
        />
        <section className="builder-main panel" aria-labelledby="editor-title">
          {selection.kind === "questionnaire" ? (
            <QuestionnaireFields
              key={editorKey}
              doc={doc}
              problems={problems}
              onChange={(d) => update(() => d)}
            />
          ) : null}
          {selection.kind === "section" && sections[selection.s] ? (
            <SectionFields
              key={editorKey}
              index={selection.s}
              count={sections.length}
              section={sections[selection.s]!}
              problems={problems}
              onChange={(section) =>
                update((d) => ({
                  ...d,
                  sections: (d.sections ?? []).map((old, i) => (i === selection.s ? section : old)),
                }))
              }
              onMove={(to) => {
                update((d) => ({ ...d, sections: move(d.sections ?? [], selection.s, to) }));
                select({ kind: "section", s: to });
              }}
              onRemove={() => {
                update((d) => ({
                  ...d,
                  sections: (d.sections ?? []).filter((_, i) => i !== selection.s),
                }));
                select({ kind: "questionnaire" });
              }}
              onAddQuestion={(type) => {
                const q = sections[selection.s]!.questions?.length ?? 0;
                setQuestions(selection.s, (qs) => [
                  ...qs,
                  questionTemplate(type, { id: unusedQuestionId(doc) }),
                ]);
                select(
                  { kind: "question", s: selection.s, q },
                  `sections[${selection.s}].questions[${q}].text`,
                );
              }}
            />
          ) : null}
          {selection.kind === "question" && sel ? (
            <>
              <QuestionEditor
                key={editorKey}
                question={sel}
                path={selectionPath(selection)}
                problems={problems}
                earlier={earlier}
                explain={explain}
                onChange={onQuestionChange}
                onTypeChange={(type) => {
                  flush();
                  setQuestions(selection.s, (qs) =>
                    qs.map((q, j) => (j === selection.q ? questionTemplate(type, q) : q)),
                  );
                  setEditorKey((k) => k + 1);
                }}
              />
              <p className="actions">
                <button
                  type="button"
                  className="button--secondary"
                  disabled={selection.q === 0}
                  onClick={() => {
                    flush();
                    setQuestions(selection.s, (qs) => move(qs, selection.q, selection.q - 1));
                    select({ ...selection, q: selection.q - 1 });
                  }}
                >
                  Move question up
                </button>
                <button
                  type="button"
                  className="button--secondary"
                  disabled={selection.q >= (sections[selection.s]?.questions?.length ?? 1) - 1}
                  onClick={() => {
                    flush();
                    setQuestions(selection.s, (qs) => move(qs, selection.q, selection.q + 1));
                    select({ ...selection, q: selection.q + 1 });
                  }}
                >
                  Move question down
                </button>
                <button
                  type="button"
                  className="button--secondary"
                  onClick={() => {
                    flush();
                    setQuestions(selection.s, (qs) => qs.filter((_, j) => j !== selection.q));
                    select({ kind: "section", s: selection.s });
                  }}
                >
                  Delete question
                </button>
              </p>
              {sections.length > 1 ? (
                <MoveToSection
                  sections={sections}
                  from={selection.s}
                  onMove={(to) => {
                    flush();
                    // Pending edits change a question's content, never how many a section
                    // holds: the moved question lands last in the target section.
                    const at = sections[to]?.questions?.length ?? 0;
                    update((d) => moveToSection(d, selection.s, selection.q, to));
                    select(
                      { kind: "question", s: to, q: at },
                      `sections[${to}].questions[${at}].text`,
                    );
                  }}
                />
              ) : null}
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}

function ProblemList({
  problems,
  onGo,
}: {
  problems: Array<{ path: string; message: string }>;
  onGo: (path: string) => void;
}) {
  if (problems.length === 0)
    return (
      <p className="panel" id="problems">
        No problems: this draft can be published.
      </p>
    );
  return (
    <section className="error-summary" aria-labelledby="problems-title" id="problems">
      <h2 id="problems-title">
        {problems.length === 1 ? "1 problem" : `${problems.length} problems`} to fix before
        publishing
      </h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.path}-${i}`}>
            <a
              href={`#${fieldId(p.path)}`}
              onClick={(event) => {
                event.preventDefault();
                onGo(p.path);
              }}
            >
              {p.path ? <code>{p.path}</code> : null} {p.message}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

const Outline = memo(function Outline({
  doc,
  selection,
  problems,
  onSelect,
  onAddSection,
}: {
  doc: DraftDoc;
  selection: Selection;
  problems: Array<{ path: string }>;
  onSelect: (s: Selection) => void;
  onAddSection?: () => void;
}) {
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const p of problems) {
      const key = selectionPath(selectionFor(p.path));
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return map;
  }, [problems]);
  const current = selectionPath(selection);
  const mark = (path: string) => {
    const n = counts.get(path);
    return n ? (
      <span className="tag bump-major"> {n === 1 ? "1 problem" : `${n} problems`}</span>
    ) : null;
  };
  return (
    <nav aria-label="Outline" className="builder-outline panel">
      <button
        type="button"
        className="button-link"
        aria-current={selection.kind === "questionnaire" ? "true" : undefined}
        onClick={() => onSelect({ kind: "questionnaire" })}
      >
        Title, audience and tiers{mark("")}
      </button>
      <ol>
        {(doc.sections ?? []).map((section, s) => (
          <li key={s}>
            <button
              type="button"
              className="button-link"
              aria-current={current === `sections[${s}]` ? "true" : undefined}
              onClick={() => onSelect({ kind: "section", s })}
            >
              {String(section.title || section.id || `Section ${s + 1}`)}
              {mark(`sections[${s}]`)}
            </button>
            <ol>
              {(section.questions ?? []).map((q, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="button-link"
                    aria-current={current === `sections[${s}].questions[${i}]` ? "true" : undefined}
                    onClick={() => onSelect({ kind: "question", s, q: i })}
                  >
                    {String(q.text || q.id || `Question ${i + 1}`).slice(0, 80)}
                    {mark(`sections[${s}].questions[${i}]`)}
                  </button>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {onAddSection ? (
        <button type="button" className="button--secondary" onClick={onAddSection}>
          Add a section
        </button>
      ) : null}
    </nav>
  );
});

/** Moving the question being edited to another section, by keyboard: a picker and a button. */
function MoveToSection({
  sections,
  from,
  onMove,
}: {
  sections: DraftSection[];
  from: number;
  onMove: (to: number) => void;
}) {
  const others = sections.map((section, i) => ({ section, i })).filter(({ i }) => i !== from);
  const [to, setTo] = useState(others[0]?.i ?? 0);
  const target = others.some(({ i }) => i === to) ? to : (others[0]?.i ?? 0);
  return (
    <fieldset className="move-to-section">
      <legend>Move this question to another section</legend>
      <label htmlFor="move-to-section">Section</label>
      <select
        id="move-to-section"
        value={target}
        onChange={(event) => setTo(Number(event.target.value))}
      >
        {others.map(({ section, i }) => (
          <option key={i} value={i}>
            {String(section.title || section.id || `Section ${i + 1}`)}
          </option>
        ))}
      </select>
      <button type="button" className="button--secondary" onClick={() => onMove(target)}>
        Move to that section
      </button>
      <p className="hint">It goes last in that section; move it up from there.</p>
    </fieldset>
  );
}
