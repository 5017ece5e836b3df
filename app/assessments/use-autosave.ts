// Autosave for the answering page (DESIGN.md, Reliability rules): each answer is saved shortly
// after typing stops, on change and blur, and when the page is hidden; failures are retried;
// anything not yet confirmed by the server is kept in localStorage and offered back on return.
import { useCallback, useEffect, useRef, useState } from "react";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/schema";
import { type Conflict } from "~/components/answer-field";
import { questionIdOf, readAnswer, readComment, revisionName } from "./answer-form";

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "retrying"; message: string }
  | { kind: "attention"; message: string };

type Pending = { answer: Answer | null; comment: string; baseRevision: number };

const DEBOUNCE_MS = 800;
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

export function useAutosave({
  assessmentId,
  questions,
  saved: initialSaved,
  formRef,
  onAnswerChange,
}: {
  assessmentId: string;
  questions: Map<string, Question>;
  /** What the server holds now, per question: the baseline for "has this changed?". */
  saved: Record<string, { answer: Answer | null; comment: string; revision: number }>;
  formRef: React.RefObject<HTMLFormElement | null>;
  onAnswerChange: (questionId: string, answer: Answer | null) => void;
}) {
  const revisions = useRef<Record<string, number>>(
    Object.fromEntries(Object.entries(initialSaved).map(([id, s]) => [id, s.revision])),
  );
  const lastSaved = useRef<Record<string, string>>(
    Object.fromEntries(
      Object.entries(initialSaved).map(([id, s]) => [id, JSON.stringify([s.answer, s.comment])]),
    ),
  );
  const timers = useRef<Map<string, ReturnType<typeof setTimeout>>>(new Map());
  const inFlight = useRef<Map<string, Promise<boolean>>>(new Map());
  const retryDelay = useRef(2000);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflicts, setConflicts] = useState<Record<string, Conflict & { mine: Answer | null }>>(
    {},
  );
  const [restorable, setRestorable] = useState<Record<string, Pending>>({});

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
          const latest = readStore(assessmentId)[questionId];
          return latest
            ? post(
                questionId,
                { ...latest, baseRevision: revisions.current[questionId] ?? 0 },
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- send is stable for the page's life
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
      const store = readStore(assessmentId);
      if (result.ok) {
        revisions.current[questionId] = result.revision;
        lastSaved.current[questionId] = JSON.stringify([pending.answer, pending.comment]);
        // The no-JavaScript path posts this field: keep it at the latest revision.
        const field = formRef.current?.querySelector<HTMLInputElement>(
          `input[name="${revisionName(questionId)}"]`,
        );
        if (field) field.value = String(result.revision);
        // Only forget the local copy if nothing newer was typed meanwhile.
        if (JSON.stringify(store[questionId]) === JSON.stringify(pending)) delete store[questionId];
        writeStore(assessmentId, store);
        setErrors(({ [questionId]: _, ...rest }) => rest);
        retryDelay.current = 2000;
        // "All changes saved" only once nothing else is waiting or on its way.
        const othersBusy =
          [...inFlight.current.keys()].some((id) => id !== questionId) || timers.current.size > 0;
        setStatus(othersBusy ? { kind: "saving" } : { kind: "saved", at: new Date() });
        return true;
      } else if (result.kind === "conflict") {
        setConflicts((c) => ({ ...c, [questionId]: { ...result.current, mine: pending.answer } }));
        setStatus({
          kind: "attention",
          message: "A colleague changed an answer you were editing. Choose which to keep.",
        });
      } else {
        delete store[questionId];
        writeStore(assessmentId, store);
        setErrors((e) => ({ ...e, [questionId]: result.message }));
        setStatus({
          kind: "attention",
          message: result.kind === "closed" ? result.message : "Some answers need attention.",
        });
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
        const latest = readStore(assessmentId)[questionId];
        if (latest) void post(questionId, latest);
      }, delay);
      return false;
    }
  }

  const saveNow = useCallback(
    (questionId: string, options?: { keepalive?: boolean }) => {
      const timer = timers.current.get(questionId);
      if (timer) clearTimeout(timer);
      timers.current.delete(questionId);
      const question = questions.get(questionId);
      const form = formRef.current;
      if (!question || !form) return Promise.resolve(true);
      const data = new FormData(form);
      const pending: Pending = {
        answer: readAnswer(question, data),
        comment: readComment(question, data),
        baseRevision: revisions.current[questionId] ?? 0,
      };
      const store = readStore(assessmentId);
      const running = inFlight.current.get(questionId);
      if (running && JSON.stringify(store[questionId]) === JSON.stringify(pending)) return running;
      store[questionId] = pending;
      writeStore(assessmentId, store);
      return post(questionId, pending, options);
    },
    [assessmentId, formRef, post, questions],
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

  // One listener for the whole form: typing schedules a save, a change or blur saves now.
  const handlers = {
    onInput(event: React.FormEvent<HTMLFormElement>) {
      const id = questionIdOf((event.target as unknown as HTMLInputElement).name ?? "");
      if (id) schedule(id);
    },
    onChange(event: React.FormEvent<HTMLFormElement>) {
      const target = event.target as unknown as HTMLInputElement;
      const id = questionIdOf(target.name ?? "");
      if (!id) return;
      const question = questions.get(id);
      if (question && formRef.current)
        onAnswerChange(id, readAnswer(question, new FormData(formRef.current)));
      if (target.type === "radio" || target.type === "checkbox") saveNow(id);
    },
    onBlur(event: React.FocusEvent<HTMLFormElement>) {
      const id = questionIdOf((event.target as unknown as HTMLInputElement).name ?? "");
      if (id && timers.current.has(id)) saveNow(id);
    },
  };

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

  // Answers typed earlier but never confirmed by the server are offered back.
  useEffect(() => {
    const store = readStore(assessmentId);
    const mine = Object.fromEntries(Object.entries(store).filter(([id]) => questions.has(id)));
    if (Object.keys(mine).length > 0) setRestorable(mine);
    function onOnline() {
      for (const [id, pending] of Object.entries(readStore(assessmentId)))
        if (questions.has(id)) void post(id, pending);
    }
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [assessmentId, questions, post]);

  /** Saves everything still waiting and resolves to whether all of it is saved. */
  async function flushAll(onlyIds?: string[]): Promise<boolean> {
    // Anything that differs from what the server holds is saved now, including answers
    // typed before the page became interactive.
    const form = formRef.current;
    const data = form ? new FormData(form) : null;
    const ids = onlyIds ?? [...questions.keys()];
    const changed = ids.filter((id) => {
      const question = questions.get(id);
      if (!question || !data) return false;
      const now = JSON.stringify([readAnswer(question, data), readComment(question, data)]);
      return now !== (lastSaved.current[id] ?? JSON.stringify([null, ""]));
    });
    const waiting = [...new Set([...timers.current.keys(), ...changed])].map((id) => saveNow(id));
    const results = await Promise.all([...waiting, ...inFlight.current.values()]);
    return results.every(Boolean) && Object.keys(conflicts).length === 0;
  }

  function restore() {
    for (const [id, pending] of Object.entries(restorable)) void post(id, pending);
    setRestorable({});
  }
  function discardRestorable() {
    const store = readStore(assessmentId);
    for (const id of Object.keys(restorable)) delete store[id];
    writeStore(assessmentId, store);
    setRestorable({});
  }

  function keepMine(questionId: string) {
    const conflict = conflicts[questionId];
    if (!conflict) return;
    revisions.current[questionId] = conflict.revision;
    setConflicts(({ [questionId]: _, ...rest }) => rest);
    saveNow(questionId);
  }
  function acceptTheirs(questionId: string) {
    const conflict = conflicts[questionId];
    if (!conflict) return;
    revisions.current[questionId] = conflict.revision;
    const store = readStore(assessmentId);
    delete store[questionId];
    writeStore(assessmentId, store);
    setConflicts(({ [questionId]: _, ...rest }) => rest);
    return conflict;
  }

  return {
    status,
    errors,
    conflicts,
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
