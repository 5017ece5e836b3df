// Autosave for the answering page (docs/design.md, "Reliability rules"): each answer is saved
// shortly after typing stops, on change and blur, and when the page is hidden; failures are
// retried; anything not yet confirmed by the server is kept in localStorage and offered back on
// return.
//
// What a save changes on screen lives in a small store outside React state, in slices: the
// status line subscribes to the status, which changes on every save; the page to the errors
// and conflicts, which change only when a save is refused, and then hands each (memoised)
// question its own. A save re-renders the status line, never the whole section
// (docs/decisions/082-vendor-page-rendering.md).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { type Conflict } from "~/components/answer-field";
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

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "retrying"; message: string }
  | { kind: "attention"; message: string };

export type SaveConflict = Conflict & { mine: Answer | null };

type SaveState = {
  status: SaveStatus;
  /** Per question id: why the server refused the answer. */
  errors: Record<string, string>;
  conflicts: Record<string, SaveConflict>;
};

type Pending = { answer: Answer | null; comment: string; baseRevision: number };

export type SaveStore = {
  get(): SaveState;
  subscribe(listener: () => void): () => void;
};

const DEBOUNCE_MS = 800;
const INITIAL_STATE: SaveState = { status: { kind: "idle" }, errors: {}, conflicts: {} };
const storageKey = (assessmentId: string) => `assay:unsaved:${assessmentId}`;

function readStore(assessmentId: string): Record<string, Pending> {
  try {
    return JSON.parse(localStorage.getItem(storageKey(assessmentId)) ?? "{}") as Record<
      string,
      Pending
    >;
  } catch {
    return {};
  }
}

function writeStore(assessmentId: string, store: Record<string, Pending>) {
  try {
    if (Object.keys(store).length === 0) localStorage.removeItem(storageKey(assessmentId));
    else localStorage.setItem(storageKey(assessmentId), JSON.stringify(store));
  } catch {
    // Storage full or disabled: saving to the server still works.
  }
}

function createSaveStore() {
  let state = INITIAL_STATE;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    update(change: (state: SaveState) => Partial<SaveState>) {
      const next = { ...state, ...change(state) };
      if (
        next.status === state.status &&
        next.errors === state.errors &&
        next.conflicts === state.conflicts
      )
        return;
      state = next;
      for (const listener of listeners) listener();
    },
  };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!Object.hasOwn(record, key)) return record;
  const { [key]: _, ...rest } = record;
  return rest;
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
  for (const element of scope.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    "input[name], textarea[name]",
  )) {
    if (!names.has(element.name) || element.form !== form || element.matches(":disabled")) continue;
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

export function useAutosave({
  assessmentId,
  questions,
  saved: initialSaved,
  formRef,
  watched,
  onAnswerChange,
}: {
  assessmentId: string;
  questions: Map<string, Question>;
  /** What the server holds now, per question: the baseline for "has this changed?". */
  saved: Record<string, { answer: Answer | null; comment: string; revision: number }>;
  formRef: React.RefObject<HTMLFormElement | null>;
  /** Questions whose answers the page needs as they change (conditions look at them). */
  watched: ReadonlySet<string>;
  onAnswerChange: (questionId: string, answer: Answer | null) => void;
}) {
  const revisions = useRef<Record<string, number>>(null as never);
  const lastSaved = useRef<Record<string, string>>(null as never);
  // Filled once, not on every render.
  if (revisions.current === null) {
    revisions.current = {};
    lastSaved.current = {};
    for (const [id, s] of Object.entries(initialSaved)) {
      revisions.current[id] = s.revision;
      lastSaved.current[id] = JSON.stringify([s.answer, s.comment]);
    }
  }
  const timers = useRef<Map<string, ReturnType<typeof setTimeout>>>(new Map());
  const inFlight = useRef<Map<string, Promise<boolean>>>(new Map());
  const retryDelay = useRef(2000);
  const [store] = useState(createSaveStore);
  const [restorable, setRestorable] = useState<Record<string, Pending>>({});
  // The latest props, for callbacks that stay the same for the page's life.
  const latest = useRef({ questions, watched, onAnswerChange });
  latest.current = { questions, watched, onAnswerChange };

  const setStatus = useCallback(
    (status: SaveStatus) =>
      store.update((s) =>
        // "Saving…" again is no change: the status line stays as it is.
        s.status.kind === "saving" && status.kind === "saving" ? {} : { status },
      ),
    [store],
  );

  const post = useCallback(
    (
      questionId: string,
      pending: Pending,
      options: { keepalive?: boolean } = {},
    ): Promise<boolean> => {
      // One request per question at a time: a retry or an "online" resend racing the first
      // would arrive with a stale revision and look like a colleague's conflict.
      const running = inFlight.current.get(questionId);
      if (running) {
        return running.then(() => {
          const stored = readStore(assessmentId)[questionId];
          return stored
            ? post(
                questionId,
                { ...stored, baseRevision: revisions.current[questionId] ?? 0 },
                options,
              )
            : true;
        });
      }
      const promise = send(questionId, pending, options);
      inFlight.current.set(questionId, promise);
      void promise.finally(() => {
        if (inFlight.current.get(questionId) === promise) inFlight.current.delete(questionId);
      });
      return promise;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- send only uses refs and the store
    [assessmentId],
  );

  // Returns whether the answer is now saved on the server.
  async function send(
    questionId: string,
    pending: Pending,
    { keepalive = false } = {},
  ): Promise<boolean> {
    setStatus({ kind: "saving" });
    try {
      const body = JSON.stringify({ questionId, ...pending });
      const response = await fetch("/v/answers", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        // keepalive lets a save finish when the page is left mid-request; browsers cap the
        // total keepalive body at 64 KB, so long texts go without it (localStorage covers them).
        keepalive: keepalive || body.length < 16_000,
      });
      const result = (await response.json()) as
        | { ok: true; revision: number }
        | { ok: false; kind: "conflict"; current: Conflict }
        | { ok: false; kind: "invalid" | "closed"; message: string };
      const local = readStore(assessmentId);
      if (result.ok) {
        revisions.current[questionId] = result.revision;
        lastSaved.current[questionId] = JSON.stringify([pending.answer, pending.comment]);
        // The no-JavaScript path posts this field: keep it at the latest revision.
        const field = formRef.current?.elements.namedItem(revisionName(questionId));
        if (field instanceof HTMLInputElement) field.value = String(result.revision);
        // Only forget the local copy if nothing newer was typed meanwhile.
        if (JSON.stringify(local[questionId]) === JSON.stringify(pending)) {
          delete local[questionId];
          writeStore(assessmentId, local);
        }
        retryDelay.current = 2000;
        // "All changes saved" only once nothing else is waiting or on its way.
        const othersBusy =
          [...inFlight.current.keys()].some((id) => id !== questionId) || timers.current.size > 0;
        store.update((s) => ({
          errors: without(s.errors, questionId),
          status: othersBusy
            ? s.status.kind === "saving"
              ? s.status
              : { kind: "saving" }
            : { kind: "saved", at: new Date() },
        }));
        return true;
      } else if (result.kind === "conflict") {
        store.update((s) => ({
          conflicts: { ...s.conflicts, [questionId]: { ...result.current, mine: pending.answer } },
          status: {
            kind: "attention",
            message: "A colleague changed an answer you were editing. Choose which to keep.",
          },
        }));
      } else {
        delete local[questionId];
        writeStore(assessmentId, local);
        store.update((s) => ({
          errors: { ...s.errors, [questionId]: result.message },
          status: {
            kind: "attention",
            message: result.kind === "closed" ? result.message : "Some answers need attention.",
          },
        }));
      }
      return false;
    } catch {
      // Offline or the server is unreachable: the answer stays in localStorage; try again later.
      setStatus({
        kind: "retrying",
        message:
          "Not saved yet: you seem to be offline. Your answers are kept on this device and will be saved when the connection returns.",
      });
      const delay = retryDelay.current;
      retryDelay.current = Math.min(delay * 2, 30_000);
      setTimeout(() => {
        const stored = readStore(assessmentId)[questionId];
        if (stored) void post(questionId, stored);
      }, delay);
      return false;
    }
  }

  const saveNow = useCallback(
    (questionId: string, options?: { keepalive?: boolean }) => {
      const timer = timers.current.get(questionId);
      if (timer) clearTimeout(timer);
      timers.current.delete(questionId);
      const question = latest.current.questions.get(questionId);
      const form = formRef.current;
      if (!question || !form) return Promise.resolve(true);
      const data = questionFormData(form, questionId);
      const pending: Pending = {
        answer: readAnswer(question, data),
        comment: readComment(question, data),
        baseRevision: revisions.current[questionId] ?? 0,
      };
      const local = readStore(assessmentId);
      const running = inFlight.current.get(questionId);
      if (running && JSON.stringify(local[questionId]) === JSON.stringify(pending)) return running;
      local[questionId] = pending;
      writeStore(assessmentId, local);
      return post(questionId, pending, options);
    },
    [assessmentId, formRef, post],
  );

  /** Saves the answer as it stands, changed or not: how a carried-over answer is confirmed. */
  const confirm = useCallback((questionId: string) => saveNow(questionId), [saveNow]);

  const schedule = useCallback(
    (questionId: string, delay = DEBOUNCE_MS) => {
      const existing = timers.current.get(questionId);
      if (existing) clearTimeout(existing);
      timers.current.set(
        questionId,
        setTimeout(() => saveNow(questionId), delay),
      );
    },
    [saveNow],
  );

  // One listener for the whole form: typing schedules a save, a choice or blur saves now.
  // `input` (not React's onChange) also reports a choice made in a question React has not
  // hydrated yet, and fires for radios and checkboxes as well as text.
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
        if (target.type === "radio" || target.type === "checkbox") void saveNow(id);
        else schedule(id);
      },
      onBlur(event: React.FocusEvent<HTMLFormElement>) {
        const id = questionIdOf((event.target as unknown as HTMLInputElement).name ?? "");
        if (id && timers.current.has(id)) void saveNow(id);
      },
    }),
    [formRef, saveNow, schedule],
  );

  // Leaving or hiding the page flushes every pending save (keepalive lets it finish).
  useEffect(() => {
    function flush() {
      for (const id of [...timers.current.keys()]) void saveNow(id, { keepalive: true });
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

  // Answers typed earlier but never confirmed by the server are offered back.
  useEffect(() => {
    const local = readStore(assessmentId);
    const mine = Object.fromEntries(Object.entries(local).filter(([id]) => questions.has(id)));
    if (Object.keys(mine).length > 0) setRestorable(mine);
    function onOnline() {
      for (const [id, pending] of Object.entries(readStore(assessmentId)))
        if (questions.has(id)) void post(id, pending);
    }
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [assessmentId, questions, post]);

  /** Saves everything still waiting and resolves to whether all of it is saved. */
  const flushAll = useCallback(
    async (onlyIds?: string[]): Promise<boolean> => {
      // Anything that differs from what the server holds is saved now, including answers
      // typed before the page became interactive.
      const form = formRef.current;
      const data = form ? new FormData(form) : null;
      const { questions } = latest.current;
      const ids = onlyIds ?? [...questions.keys()];
      const changed = ids.filter((id) => {
        const question = questions.get(id);
        if (!question || !data) return false;
        const now = JSON.stringify([readAnswer(question, data), readComment(question, data)]);
        return now !== (lastSaved.current[id] ?? JSON.stringify([null, ""]));
      });
      const waiting = [...new Set([...timers.current.keys(), ...changed])].map((id) => saveNow(id));
      const results = await Promise.all([...waiting, ...inFlight.current.values()]);
      return results.every(Boolean) && Object.keys(store.get().conflicts).length === 0;
    },
    [formRef, saveNow, store],
  );

  // The banner's buttons: not passed to memoised children, so they need not be stable.
  function restore() {
    for (const [id, pending] of Object.entries(restorable)) void post(id, pending);
    setRestorable({});
  }
  function discardRestorable() {
    const local = readStore(assessmentId);
    for (const id of Object.keys(restorable)) delete local[id];
    writeStore(assessmentId, local);
    setRestorable({});
  }

  const keepMine = useCallback(
    (questionId: string) => {
      const conflict = store.get().conflicts[questionId];
      if (!conflict) return;
      revisions.current[questionId] = conflict.revision;
      store.update((s) => ({ conflicts: without(s.conflicts, questionId) }));
      void saveNow(questionId);
    },
    [saveNow, store],
  );

  const acceptTheirs = useCallback(
    (questionId: string) => {
      const conflict = store.get().conflicts[questionId];
      if (!conflict) return;
      revisions.current[questionId] = conflict.revision;
      const local = readStore(assessmentId);
      delete local[questionId];
      writeStore(assessmentId, local);
      store.update((s) => ({ conflicts: without(s.conflicts, questionId) }));
      return conflict;
    },
    [assessmentId, store],
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
    revisions,
    flushAll,
    confirm,
  };
}

export function useSaveStatus(store: SaveStore): SaveStatus {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get().status,
    () => INITIAL_STATE.status,
  );
}

export function useSaveErrors(store: SaveStore): Record<string, string> {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get().errors,
    () => INITIAL_STATE.errors,
  );
}

export function useSaveConflicts(store: SaveStore): Record<string, SaveConflict> {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get().conflicts,
    () => INITIAL_STATE.conflicts,
  );
}
