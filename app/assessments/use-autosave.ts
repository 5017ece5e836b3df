// Autosave for the answering page (docs/design.md, "Reliability rules"; decision 050): each
// answer is saved shortly after typing stops, on a choice and on blur, and when the page is
// hidden; failures are retried; anything not yet confirmed by the server is kept in
// localStorage and offered back on return.
//
// This hook is the shell around the pure queue in autosave-queue.ts (decision 110): it reads
// answers from the form, carries out the queue's effects (fetch, timers, localStorage) and feeds
// back what happened. What a save changes on screen is read from a small store outside React
// state, in slices: the status line subscribes to the status, the page to errors and conflicts,
// which change only when a save is refused, and then hands each (memoised) question its own. A
// save re-renders the status line, never the whole section (decision 082).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import {
  type AnswerValue,
  conflictsOf,
  type Effect,
  errorsOf,
  initialState,
  type Outcome,
  type Pending,
  type QueueEvent,
  type QueueState,
  type SaveConflict,
  type SaveStatus,
  settled,
  step,
} from "./autosave-queue";
import {
  commentName,
  fieldName,
  naName,
  naWhyName,
  questionIdOf,
  readAnswer,
  readComment,
  revisionName,
} from "./answer-form";

export type { SaveConflict, SaveStatus } from "./autosave-queue";

/** What the status line shows: the queue's status, or, before the page is hydrated, nothing
 * saves automatically yet ("no-script"). */
export type StatusLine = SaveStatus | { kind: "no-script" };

export type SaveStore = {
  get(): QueueState;
  subscribe(listener: () => void): () => void;
};

type Saved = Record<string, AnswerValue & { revision: number }>;

const storageKey = (assessmentId: string) => `assay:unsaved:${assessmentId}`;

function readStorage(assessmentId: string): Record<string, Pending> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(assessmentId)) ?? "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, Pending>) : {};
  } catch {
    return {};
  }
}

function writeStorage(assessmentId: string, change: (copies: Record<string, Pending>) => void) {
  try {
    const copies = readStorage(assessmentId);
    change(copies);
    if (Object.keys(copies).length === 0) localStorage.removeItem(storageKey(assessmentId));
    else localStorage.setItem(storageKey(assessmentId), JSON.stringify(copies));
  } catch {
    // Storage full or disabled: saving to the server still works.
  }
}

/**
 * One question's fields as form data, as the browser would submit them: a save reads only the
 * question it saves (its `#question-<id>` block) instead of serialising the whole section,
 * 300 questions, on each keystroke.
 */
function questionFormData(form: HTMLFormElement, questionId: string): FormData {
  const names = new Set([
    fieldName(questionId),
    naName(questionId),
    naWhyName(questionId),
    commentName(questionId),
  ]);
  const block = form.ownerDocument.getElementById(`question-${questionId}`);
  const scope: ParentNode = block && form.contains(block) ? block : form;
  const data = new FormData();
  // Supplier rows (supplier_list) have a field per cell: q:<id>:s:<row>:<field>.
  const rowPrefix = `q:${questionId}:s:`;
  for (const element of scope.querySelectorAll<
    HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement
  >("input[name], textarea[name], select[name]")) {
    if (
      !(names.has(element.name) || element.name.startsWith(rowPrefix)) ||
      element.form !== form ||
      element.matches(":disabled")
    )
      continue;
    if (
      element instanceof HTMLInputElement &&
      (element.type === "radio" || element.type === "checkbox") &&
      !element.checked
    )
      continue;
    data.append(element.name, element.value);
  }
  return data;
}

/** A save's response as the queue understands it; a 503 is "try again later", not an error. */
export async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 503 || response.status === 502 || response.status === 504) {
    const seconds = Number(response.headers.get("Retry-After"));
    return {
      kind: "unavailable",
      retryAfterMs:
        Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 120) * 1000 : undefined,
    };
  }
  if (response.status === 401 || response.status === 403)
    return {
      kind: "refused",
      message:
        "Not saved: your session has ended. Open the link from your invitation again; your answers are kept on this device.",
    };
  const result = (await response.json().catch(() => null)) as
    | { ok: true; revision: number }
    | { ok: false; kind: "conflict"; current: SaveConflict }
    | { ok: false; kind: "invalid" | "closed"; message: string }
    | null;
  if (!result) {
    // Not the endpoint's own answer (a proxy's, or the server's body limit).
    if (response.status === 413)
      return { kind: "invalid", message: "That answer is too long to save." };
    if (response.status >= 400 && response.status < 500)
      return { kind: "invalid", message: `This answer could not be saved (${response.status}).` };
    return { kind: "unavailable" };
  }
  if (result.ok) return { kind: "saved", revision: result.revision };
  if (result.kind === "conflict") return { kind: "conflict", current: result.current };
  return { kind: result.kind, message: result.message };
}

function createSaveStore(
  saved: Saved,
  run: (effect: Effect, dispatch: (event: QueueEvent) => void) => void,
) {
  let state = initialState(saved);
  const listeners = new Set<() => void>();
  function dispatch(event: QueueEvent) {
    const next = step(state, event);
    if (next.state !== state) {
      state = next.state;
      for (const listener of listeners) listener();
    }
    for (const effect of next.effects) run(effect, dispatch);
  }
  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispatch,
    /** Resolves once these questions have nothing on its way: to whether they are all saved. */
    whenSettled(ids: string[]): Promise<boolean> {
      return new Promise((resolve) => {
        const check = () => {
          const result = settled(state, ids);
          if (!result.settled) return false;
          listeners.delete(listener);
          resolve(result.saved);
          return true;
        };
        const listener = () => void check();
        listeners.add(listener);
        check();
      });
    },
  };
}

export function useAutosave({
  assessmentId,
  questions,
  saved,
  formRef,
  watched,
  onAnswerChange,
}: {
  assessmentId: string;
  questions: Map<string, Question>;
  /** What the server holds now, per question: the baseline for "has this changed?". */
  saved: Saved;
  formRef: React.RefObject<HTMLFormElement | null>;
  /** Questions whose answers the page needs as they change (conditions look at them). */
  watched: ReadonlySet<string>;
  onAnswerChange: (questionId: string, answer: Answer | null) => void;
}) {
  const timers = useRef<Map<string, ReturnType<typeof setTimeout>>>(new Map());
  // The latest props, for callbacks that stay the same for the page's life.
  const latest = useRef({ questions, watched, onAnswerChange });
  latest.current = { questions, watched, onAnswerChange };

  /** The question's answer as the form holds it now. */
  const readValue = useCallback(
    (questionId: string): AnswerValue | null => {
      const question = latest.current.questions.get(questionId);
      const form = formRef.current;
      if (!question || !form) return null;
      const data = questionFormData(form, questionId);
      return { answer: readAnswer(question, data), comment: readComment(question, data) };
    },
    [formRef],
  );

  const [store] = useState(() =>
    createSaveStore(saved, (effect, dispatch) => {
      switch (effect.type) {
        case "send": {
          const { questionId, answer, comment, baseRevision, keepalive } = effect;
          const body = JSON.stringify({ questionId, answer, comment, baseRevision });
          fetch("/v/answers", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body,
            // keepalive lets a save finish when the page is left mid-request; browsers cap the
            // total keepalive body at 64 KB, so long texts go without it (localStorage covers them).
            keepalive: keepalive || body.length < 16_000,
          })
            .then(outcomeOf, (): Outcome => ({ kind: "offline" }))
            .then((outcome) => dispatch({ type: "response", questionId, outcome }));
          break;
        }
        case "schedule": {
          const existing = timers.current.get(effect.questionId);
          if (existing) clearTimeout(existing);
          timers.current.set(
            effect.questionId,
            setTimeout(() => {
              timers.current.delete(effect.questionId);
              const value = readValue(effect.questionId);
              if (value) dispatch({ type: "read", questionId: effect.questionId, value });
            }, effect.delayMs),
          );
          break;
        }
        case "keep":
          writeStorage(assessmentId, (copies) => void (copies[effect.questionId] = effect.pending));
          break;
        case "forget":
          writeStorage(assessmentId, (copies) => void delete copies[effect.questionId]);
          break;
        case "retry":
          setTimeout(() => dispatch({ type: "retry" }), effect.delayMs);
          break;
        case "revision": {
          // The no-JavaScript path posts this field: keep it at the latest revision.
          const field = formRef.current?.elements.namedItem(revisionName(effect.questionId));
          if (field instanceof HTMLInputElement) field.value = String(effect.revision);
          break;
        }
      }
    }),
  );

  /** Saves the question's answer now if it changed (or, with `force`, as it stands). */
  const saveNow = useCallback(
    (questionId: string, options: { force?: boolean; keepalive?: boolean } = {}) => {
      const timer = timers.current.get(questionId);
      if (timer) clearTimeout(timer);
      timers.current.delete(questionId);
      const value = readValue(questionId);
      if (value) store.dispatch({ type: "read", questionId, value, ...options });
    },
    [readValue, store],
  );

  // New data from the server (after an upload or "Use their answer"): newer revisions count.
  const firstSaved = useRef(saved);
  useEffect(() => {
    if (saved !== firstSaved.current) store.dispatch({ type: "loaded", saved });
  }, [saved, store]);

  /** Saves the answer as it stands, changed or not: how a carried-over answer is confirmed. */
  const confirm = useCallback(
    (questionId: string) => {
      saveNow(questionId, { force: true });
      return store.whenSettled([questionId]);
    },
    [saveNow, store],
  );

  // One listener for the whole form: typing schedules a save, a choice or blur saves now.
  // `input` (not React's onChange) also reports a choice replayed after hydration
  // (early-input.ts), and fires for radios and checkboxes as well as text.
  const handlers = useMemo(
    () => ({
      onInput(event: React.FormEvent<HTMLFormElement>) {
        const target = event.target as HTMLInputElement;
        const id = questionIdOf(target.name ?? "");
        if (!id) return;
        const { questions, watched, onAnswerChange } = latest.current;
        const question = questions.get(id);
        if (question && formRef.current && watched.has(id))
          onAnswerChange(id, readAnswer(question, questionFormData(formRef.current, id)));
        if (target.type === "radio" || target.type === "checkbox") saveNow(id);
        else store.dispatch({ type: "typed", questionId: id });
      },
      onBlur(event: React.FocusEvent<HTMLFormElement>) {
        const id = questionIdOf((event.target as unknown as HTMLInputElement).name ?? "");
        if (id && timers.current.has(id)) saveNow(id);
      },
    }),
    [formRef, saveNow, store],
  );

  // Leaving or hiding the page flushes every pending save (keepalive lets it finish).
  useEffect(() => {
    function flush() {
      for (const id of [...timers.current.keys()]) saveNow(id, { keepalive: true });
    }
    function onVisibility() {
      if (document.visibilityState === "hidden") flush();
    }
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [saveNow]);

  // Answers typed earlier but never confirmed by the server are offered back (unless the
  // server holds them already); back online, whatever waits is sent.
  useEffect(() => {
    const stored = Object.fromEntries(
      Object.entries(readStorage(assessmentId)).filter(([id]) => questions.has(id)),
    );
    if (Object.keys(stored).length > 0) store.dispatch({ type: "found", stored });
    const onOnline = () => store.dispatch({ type: "retry" });
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [assessmentId, questions, store]);

  /** Saves every changed answer of these questions; resolves to whether all of them are saved. */
  const flushAll = useCallback(
    (ids: string[]): Promise<boolean> => {
      for (const id of ids) saveNow(id);
      return store.whenSettled(ids);
    },
    [saveNow, store],
  );

  const restorable = useSyncExternalStore(
    store.subscribe,
    () => store.get().restorable,
    () => NOTHING_RESTORABLE,
  );

  // The banner's buttons: not passed to memoised children, so they need not be stable.
  function restore(): Promise<boolean> {
    const ids = Object.keys(store.get().restorable);
    store.dispatch({ type: "restore" });
    return store.whenSettled(ids);
  }
  function discardRestorable() {
    store.dispatch({ type: "discard" });
  }

  const keepMine = useCallback(
    (questionId: string) => {
      const value = readValue(questionId);
      if (value) store.dispatch({ type: "keepMine", questionId, value });
    },
    [readValue, store],
  );

  const acceptTheirs = useCallback(
    (questionId: string) => store.dispatch({ type: "useTheirs", questionId }),
    [store],
  );

  /** An upload or removal changed this question's answer on the server, to this revision. */
  const revised = useCallback(
    (questionId: string, revision: number) =>
      store.dispatch({ type: "revised", questionId, revision }),
    [store],
  );

  return {
    /** Subscribe with useSaveStatus, useSaveErrors and useSaveConflicts. */
    store: store as SaveStore,
    restorable,
    restore,
    discardRestorable,
    keepMine,
    acceptTheirs,
    handlers,
    revised,
    flushAll,
    confirm,
  };
}

const NOTHING_RESTORABLE: Record<string, Pending> = {};
const NO_SCRIPT: StatusLine = { kind: "no-script" };

/** The save status; "no-script" in the server's render and while hydrating. */
export function useSaveStatus(store: SaveStore): StatusLine {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get().status,
    () => NO_SCRIPT,
  );
}

/** A selector whose result keeps its identity while its content is the same. */
function useStableSlice<T extends Record<string, unknown>>(
  store: SaveStore,
  select: (state: QueueState) => T,
  same: (a: T, b: T) => boolean,
): T {
  const cache = useRef<{ state: QueueState; value: T } | null>(null);
  const get = () => {
    const state = store.get();
    const cached = cache.current;
    if (cached && cached.state === state) return cached.value;
    const value = select(state);
    const kept = cached && same(cached.value, value) ? cached.value : value;
    cache.current = { state, value: kept };
    return kept;
  };
  return useSyncExternalStore(store.subscribe, get, get);
}

function shallowSame<T>(a: Record<string, T>, b: Record<string, T>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

export function useSaveErrors(store: SaveStore): Record<string, string> {
  return useStableSlice(store, errorsOf, shallowSame);
}

export function useSaveConflicts(store: SaveStore): Record<string, SaveConflict> {
  return useStableSlice(store, conflictsOf, shallowSame);
}
