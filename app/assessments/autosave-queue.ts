// The answering page's save queue as a pure reducer: what to save, when, and what the page
// says about it. No React, no timers, no fetch, no localStorage: `step` takes the state and
// one event and returns the next state with the effects the shell (use-autosave.ts) carries
// out — send a request, keep or forget the copy on this device, start a timer. Every rule of
// autosave lives here and is unit-tested (docs/decisions/110-autosave-reducer.md).
//
// One request per question at a time: an edit made while a save is on its way waits for its
// response and then goes with the new revision, so a follow-up never looks like a colleague's
// conflict. A copy on this device is forgotten when the server confirms that very value
// (compared by value, not by request order).
import { type Answer } from "~/questionnaire/model";

export type AnswerValue = { answer: Answer | null; comment: string };

/** The server's answer when it refused a save as stale: the colleague's value. */
export type Conflict = AnswerValue & { revision: number; updatedBy: string | null };
export type SaveConflict = Conflict & { mine: Answer | null };

/** What is kept on this device for a question until the server confirms it. */
export type Pending = AnswerValue & { baseRevision: number };

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "retrying"; message: string }
  | { kind: "attention"; message: string };

/** How a save request ended, as the shell read it from the response (or its absence). */
export type Outcome =
  | { kind: "saved"; revision: number }
  | { kind: "conflict"; current: Conflict }
  | { kind: "invalid"; message: string }
  | { kind: "closed"; message: string }
  /** Refused for a reason the vendor must act on (signed out, forbidden): kept, not retried. */
  | { kind: "refused"; message: string }
  /** The server is briefly unavailable (503): retried, after `retryAfterMs` when it said. */
  | { kind: "unavailable"; retryAfterMs?: number }
  /** No response: offline, or the server unreachable. */
  | { kind: "offline" };

type Entry = {
  /** The server's value as far as this page knows, and its revision. */
  server: AnswerValue;
  revision: number;
  /** The newest value not yet confirmed by the server (also kept on the device). */
  local: AnswerValue | null;
  /** The request on its way, if any. */
  sending: AnswerValue | null;
  /** Typing: a save is due when the debounce timer fires. */
  typing: boolean;
  /** The last attempt did not reach the server (or it was unavailable): retried later. */
  waiting: boolean;
  error: string | null;
  conflict: SaveConflict | null;
};

export type QueueState = {
  /** What the server held when the page loaded (or was last reloaded), per question. */
  loaded: Record<string, AnswerValue & { revision: number }>;
  entries: Record<string, Entry>;
  status: SaveStatus;
  /** Something was saved since the page loaded: "All changes saved." rather than the intro. */
  savedOnce: boolean;
  closed: string | null;
  refused: string | null;
  /** Why saves wait for a retry: the connection, or the server said it is unavailable. */
  waitReason: "offline" | "unavailable";
  retryDelayMs: number;
  retryScheduled: boolean;
  /** Copies on this device from an earlier visit that differ from the server: offered back. */
  restorable: Record<string, Pending>;
};

export type Effect =
  | {
      type: "send";
      questionId: string;
      answer: Answer | null;
      comment: string;
      baseRevision: number;
      keepalive: boolean;
    }
  | { type: "schedule"; questionId: string; delayMs: number }
  | { type: "keep"; questionId: string; pending: Pending }
  | { type: "forget"; questionId: string }
  | { type: "retry"; delayMs: number }
  /** The revision the no-JavaScript form field should carry now. */
  | { type: "revision"; questionId: string; revision: number };

export type QueueEvent =
  /** Copies found on this device when the page opened. */
  | { type: "found"; stored: Record<string, Pending> }
  /** New data from the server (a revalidation): newer revisions replace what the page knew. */
  | { type: "loaded"; saved: Record<string, AnswerValue & { revision: number }> }
  /** A keystroke in a text field: save once typing pauses. */
  | { type: "typed"; questionId: string }
  /**
   * The question's value as the form holds it now, to be saved if it changed (a choice, a blur,
   * the debounce timer, "Save and continue"). `force` saves it even when unchanged (confirming
   * a carried-over answer); `keepalive` lets the request outlive the page.
   */
  | { type: "read"; questionId: string; value: AnswerValue; force?: boolean; keepalive?: boolean }
  | { type: "response"; questionId: string; outcome: Outcome }
  /** The retry timer fired, or the browser is back online. */
  | { type: "retry" }
  | { type: "restore" }
  | { type: "discard" }
  /** "Keep my answer" in a conflict: save this value over the colleague's. */
  | { type: "keepMine"; questionId: string; value: AnswerValue }
  /** "Use their answer": the colleague's value stands; nothing of ours is pending. */
  | { type: "useTheirs"; questionId: string }
  /** The answer changed on the server through another path (an evidence upload). */
  | { type: "revised"; questionId: string; revision: number };

export const DEBOUNCE_MS = 800;
export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 30_000;

const EMPTY: AnswerValue = { answer: null, comment: "" };

const MESSAGES = {
  conflict: "A colleague changed an answer you were editing. Choose which to keep.",
  invalid: "Some answers need attention.",
  offline:
    "Not saved yet: you seem to be offline. Your answers are kept on this device and will be saved when the connection returns.",
  unavailable:
    "Not saved yet: the service is briefly unavailable. Your answers are kept on this device and will be saved as soon as it is back.",
};

export function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  return (
    JSON.stringify([a.answer ?? null, a.comment]) === JSON.stringify([b.answer ?? null, b.comment])
  );
}

export function initialState(saved: QueueState["loaded"]): QueueState {
  return {
    loaded: saved,
    entries: {},
    status: { kind: "idle" },
    savedOnce: false,
    closed: null,
    refused: null,
    waitReason: "offline",
    retryDelayMs: FIRST_RETRY_MS,
    retryScheduled: false,
    restorable: {},
  };
}

function entryOf(state: QueueState, id: string): Entry {
  const existing = state.entries[id];
  if (existing) return existing;
  const loaded = state.loaded[id];
  return {
    server: loaded ? { answer: loaded.answer ?? null, comment: loaded.comment } : EMPTY,
    revision: loaded?.revision ?? 0,
    local: null,
    sending: null,
    typing: false,
    waiting: false,
    error: null,
    conflict: null,
  };
}

/** A mutable draft of one step: entries are copied on first change, effects collected. */
class Draft {
  entries: Record<string, Entry>;
  effects: Effect[] = [];
  patch: Partial<QueueState> = {};
  constructor(readonly state: QueueState) {
    this.entries = state.entries;
  }
  get(id: string): Entry {
    return this.entries[id] ?? entryOf(this.state, id);
  }
  set(id: string, change: Partial<Entry>) {
    if (this.entries === this.state.entries) this.entries = { ...this.entries };
    this.entries[id] = { ...this.get(id), ...change };
  }
  /** Sends the question's local value now, unless a request is already on its way. */
  send(id: string, keepalive = false, baseRevision?: number) {
    const entry = this.get(id);
    if (!entry.local || entry.sending || entry.conflict) return;
    this.set(id, { sending: entry.local, waiting: false });
    this.effects.push({
      type: "send",
      questionId: id,
      answer: entry.local.answer,
      comment: entry.local.comment,
      baseRevision: baseRevision ?? entry.revision,
      keepalive,
    });
  }
  keepLocal(id: string, value: AnswerValue) {
    const entry = this.get(id);
    this.set(id, { local: value });
    this.effects.push({
      type: "keep",
      questionId: id,
      pending: { ...value, baseRevision: entry.revision },
    });
  }
  forgetLocal(id: string) {
    this.set(id, { local: null });
    this.effects.push({ type: "forget", questionId: id });
  }
  scheduleRetry(delayMs?: number) {
    const current = { ...this.state, ...this.patch };
    if (current.retryScheduled) return;
    const delay = delayMs ?? current.retryDelayMs;
    this.patch.retryScheduled = true;
    this.patch.retryDelayMs = Math.min(current.retryDelayMs * 2, MAX_RETRY_MS);
    this.effects.push({ type: "retry", delayMs: delay });
  }
  finish(): { state: QueueState; effects: Effect[] } {
    const next: QueueState = { ...this.state, ...this.patch, entries: this.entries };
    const status = statusOf(next);
    next.status = sameStatus(status, this.state.status) ? this.state.status : status;
    const unchanged =
      next.entries === this.state.entries &&
      next.status === this.state.status &&
      Object.keys(this.patch).every(
        (key) => this.patch[key as keyof QueueState] === this.state[key as keyof QueueState],
      );
    return { state: unchanged ? this.state : next, effects: this.effects };
  }
}

function sameStatus(a: SaveStatus, b: SaveStatus): boolean {
  return (
    a.kind === b.kind && ("message" in a ? a.message : "") === ("message" in b ? b.message : "")
  );
}

/** What the status line says, derived from the queue: never "saved" while anything is not. */
export function statusOf(state: QueueState): SaveStatus {
  const entries = Object.values(state.entries);
  if (entries.some((e) => e.conflict)) return { kind: "attention", message: MESSAGES.conflict };
  if (state.closed) return { kind: "attention", message: state.closed };
  if (state.refused && entries.some((e) => e.local && !e.sending))
    return { kind: "attention", message: state.refused };
  if (entries.some((e) => e.error)) return { kind: "attention", message: MESSAGES.invalid };
  if (entries.some((e) => e.waiting && e.local))
    return { kind: "retrying", message: MESSAGES[state.waitReason] };
  if (entries.some((e) => e.sending || e.typing || e.local)) return { kind: "saving" };
  return state.savedOnce ? { kind: "saved" } : { kind: "idle" };
}

export function step(
  state: QueueState,
  event: QueueEvent,
): { state: QueueState; effects: Effect[] } {
  const draft = new Draft(state);
  switch (event.type) {
    case "found": {
      const restorable: Record<string, Pending> = {};
      for (const [id, pending] of Object.entries(event.stored)) {
        // A copy the server already holds is stale, not unsaved work: dropped without a word.
        if (sameValue(pending, draft.get(id).server))
          draft.effects.push({ type: "forget", questionId: id });
        else restorable[id] = pending;
      }
      draft.patch.restorable = restorable;
      break;
    }
    case "loaded": {
      draft.patch.loaded = event.saved;
      for (const [id, saved] of Object.entries(event.saved)) {
        const entry = state.entries[id];
        if (!entry || entry.sending || saved.revision < entry.revision) continue;
        // Equal revisions too: after `revised` the page knew the revision but not the value.
        if (saved.revision === entry.revision && sameValue(saved, entry.server)) continue;
        // An edit not yet saved keeps the revision it was made on, so that sending it meets the
        // newer value as a conflict to choose, rather than overwriting it unseen.
        if (entry.local && !sameValue(entry.local, saved)) continue;
        draft.set(id, {
          server: { answer: saved.answer ?? null, comment: saved.comment },
          revision: saved.revision,
        });
        if (entry.local) draft.forgetLocal(id);
      }
      break;
    }
    case "typed": {
      if (!draft.get(event.questionId).typing) draft.set(event.questionId, { typing: true });
      draft.effects.push({ type: "schedule", questionId: event.questionId, delayMs: DEBOUNCE_MS });
      break;
    }
    case "read": {
      const id = event.questionId;
      const entry = draft.get(id);
      if (entry.typing) draft.set(id, { typing: false });
      const latest = entry.local ?? entry.server;
      if (!event.force && sameValue(event.value, latest)) {
        // Nothing new. Put back to what the server holds, a refused value's error goes.
        if (entry.error && !entry.local && !entry.sending) draft.set(id, { error: null });
        break;
      }
      if (entry.conflict) {
        // Edited while a conflict waits for a choice: the choice shows this value as "mine".
        draft.keepLocal(id, event.value);
        draft.set(id, { conflict: { ...entry.conflict, mine: event.value.answer } });
        break;
      }
      draft.keepLocal(id, event.value);
      draft.send(id, event.keepalive ?? false);
      break;
    }
    case "response": {
      const id = event.questionId;
      const entry = draft.get(id);
      const sent = entry.sending;
      if (!sent) break;
      const outcome = event.outcome;
      if (
        outcome.kind === "saved" ||
        // The server holds exactly what we sent: a save whose response was lost committed,
        // and the retry met our own value. Nothing to choose; it is saved.
        (outcome.kind === "conflict" && sameValue(outcome.current, sent))
      ) {
        const revision = outcome.kind === "saved" ? outcome.revision : outcome.current.revision;
        draft.set(id, { server: sent, revision, sending: null, waiting: false, error: null });
        draft.effects.push({ type: "revision", questionId: id, revision });
        draft.patch.savedOnce = true;
        draft.patch.retryDelayMs = FIRST_RETRY_MS;
        draft.patch.refused = null;
        const local = draft.get(id).local;
        if (local && sameValue(local, sent)) draft.forgetLocal(id);
        else if (local) draft.send(id);
        break;
      }
      draft.set(id, { sending: null });
      switch (outcome.kind) {
        case "conflict": {
          const mine = draft.get(id).local ?? sent;
          draft.set(id, { conflict: { ...outcome.current, mine: mine.answer } });
          break;
        }
        case "invalid": {
          draft.set(id, { error: outcome.message });
          // The refused value is not kept; a newer edit is sent.
          const local = draft.get(id).local;
          if (local && sameValue(local, sent)) draft.forgetLocal(id);
          else draft.send(id);
          break;
        }
        case "closed":
          draft.patch.closed = outcome.message;
          draft.forgetLocal(id);
          break;
        case "refused":
          draft.patch.refused = outcome.message;
          break;
        case "unavailable":
        case "offline":
          draft.set(id, { waiting: true });
          draft.patch.waitReason = outcome.kind;
          draft.scheduleRetry(outcome.kind === "unavailable" ? outcome.retryAfterMs : undefined);
          break;
      }
      break;
    }
    case "retry": {
      draft.patch.retryScheduled = false;
      for (const [id, entry] of Object.entries(state.entries))
        if (entry.waiting && entry.local) draft.send(id);
      break;
    }
    case "restore": {
      for (const [id, pending] of Object.entries(state.restorable)) {
        const value = { answer: pending.answer, comment: pending.comment };
        if (sameValue(value, draft.get(id).server)) {
          draft.effects.push({ type: "forget", questionId: id });
          continue;
        }
        draft.set(id, { local: value });
        // Against the revision it was typed on: if the server moved on since, that is a real
        // conflict (unless it moved on to this very value, which the response handles).
        draft.send(id, false, pending.baseRevision);
      }
      draft.patch.restorable = {};
      break;
    }
    case "discard": {
      for (const id of Object.keys(state.restorable))
        draft.effects.push({ type: "forget", questionId: id });
      draft.patch.restorable = {};
      break;
    }
    case "keepMine": {
      const id = event.questionId;
      const conflict = draft.get(id).conflict;
      if (!conflict) break;
      draft.set(id, {
        conflict: null,
        server: { answer: conflict.answer, comment: conflict.comment },
        revision: conflict.revision,
      });
      draft.keepLocal(id, event.value);
      draft.send(id);
      break;
    }
    case "revised": {
      const id = event.questionId;
      if (event.revision > draft.get(id).revision) draft.set(id, { revision: event.revision });
      break;
    }
    case "useTheirs": {
      const id = event.questionId;
      const conflict = draft.get(id).conflict;
      if (!conflict) break;
      draft.set(id, {
        conflict: null,
        server: { answer: conflict.answer, comment: conflict.comment },
        revision: conflict.revision,
        error: null,
        waiting: false,
      });
      draft.effects.push({ type: "revision", questionId: id, revision: conflict.revision });
      draft.forgetLocal(id);
      break;
    }
  }
  return draft.finish();
}

/** Per question: why the server refused its answer. */
export function errorsOf(state: QueueState): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [id, entry] of Object.entries(state.entries))
    if (entry.error) errors[id] = entry.error;
  return errors;
}

export function conflictsOf(state: QueueState): Record<string, SaveConflict> {
  const conflicts: Record<string, SaveConflict> = {};
  for (const [id, entry] of Object.entries(state.entries))
    if (entry.conflict) conflicts[id] = entry.conflict;
  return conflicts;
}

/** Whether these questions have nothing on its way or due, and so whether they are all saved. */
export function settled(state: QueueState, ids: string[]): { settled: boolean; saved: boolean } {
  let saved = true;
  for (const id of ids) {
    const entry = state.entries[id];
    if (!entry) continue;
    if (entry.sending || entry.typing) return { settled: false, saved: false };
    if (entry.local || entry.error || entry.conflict) saved = false;
  }
  return { settled: true, saved: saved && !state.closed };
}
