import { expect, test } from "vitest";
import {
  type AnswerValue,
  conflictsOf,
  DEBOUNCE_MS,
  type Effect,
  errorsOf,
  FIRST_RETRY_MS,
  initialState,
  type QueueEvent,
  type QueueState,
  settled,
  step,
} from "./autosave-queue";

const v = (value: string, comment = ""): AnswerValue => ({
  answer: { kind: "value", value },
  comment,
});

/** Runs events in order; returns the last state and every effect, in order. */
function run(state: QueueState, ...events: QueueEvent[]) {
  const effects: Effect[] = [];
  for (const event of events) {
    const next = step(state, event);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

const sends = (effects: Effect[]) =>
  effects
    .filter((e): e is Extract<Effect, { type: "send" }> => e.type === "send")
    .map(({ questionId, answer, baseRevision }) => ({ questionId, answer, baseRevision }));

const fresh = () => initialState({ q1: { ...v("old"), revision: 3 } });

test("a choice is sent at once against the loaded revision, kept on the device until confirmed, then saved", () => {
  let { state, effects } = run(fresh(), { type: "read", questionId: "q1", value: v("new") });
  expect(sends(effects)).toEqual([{ questionId: "q1", answer: v("new").answer, baseRevision: 3 }]);
  expect(effects).toContainEqual({
    type: "keep",
    questionId: "q1",
    pending: { ...v("new"), baseRevision: 3 },
  });
  expect(state.status).toEqual({ kind: "saving" });
  ({ state, effects } = run(state, {
    type: "response",
    questionId: "q1",
    outcome: { kind: "saved", revision: 4 },
  }));
  expect(effects).toEqual([
    { type: "revision", questionId: "q1", revision: 4 },
    { type: "forget", questionId: "q1" },
  ]);
  expect(state.status).toEqual({ kind: "saved" });
  expect(settled(state, ["q1"])).toEqual({ settled: true, saved: true });
});

test("an unchanged answer is not sent; typing waits for a pause and says it is saving", () => {
  expect(run(fresh(), { type: "read", questionId: "q1", value: v("old") }).effects).toEqual([]);
  const typing = run(fresh(), { type: "typed", questionId: "q1" });
  expect(typing.effects).toEqual([{ type: "schedule", questionId: "q1", delayMs: DEBOUNCE_MS }]);
  expect(typing.state.status).toEqual({ kind: "saving" });
  expect(settled(typing.state, ["q1"]).settled).toBe(false);
  // Typed and then put back as it was: nothing to save, and nothing claims otherwise.
  const back = run(typing.state, { type: "read", questionId: "q1", value: v("old") });
  expect(back.effects).toEqual([]);
  expect(back.state.status).toEqual({ kind: "idle" });
});

test("an edit made while a save is on its way goes after it, with the new revision, and only the newest copy is forgotten", () => {
  // Two boxes ticked quickly: the second value waits for the first response.
  let { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("a") },
    { type: "read", questionId: "q1", value: v("a+b") },
  );
  expect(sends(effects)).toHaveLength(1);
  ({ state, effects } = run(state, {
    type: "response",
    questionId: "q1",
    outcome: { kind: "saved", revision: 4 },
  }));
  // "a" was confirmed but the device holds "a+b": not forgotten, sent next on revision 4.
  expect(effects).not.toContainEqual({ type: "forget", questionId: "q1" });
  expect(sends(effects)).toEqual([{ questionId: "q1", answer: v("a+b").answer, baseRevision: 4 }]);
  expect(state.status).toEqual({ kind: "saving" });
  ({ state, effects } = run(state, {
    type: "response",
    questionId: "q1",
    outcome: { kind: "saved", revision: 5 },
  }));
  expect(effects).toContainEqual({ type: "forget", questionId: "q1" });
  expect(state.status).toEqual({ kind: "saved" });
});

test("changed and changed back while a save is on its way: the old value is saved again after it", () => {
  const { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("new") },
    { type: "read", questionId: "q1", value: v("old") },
    { type: "response", questionId: "q1", outcome: { kind: "saved", revision: 4 } },
  );
  expect(sends(effects).map((s) => [s.answer, s.baseRevision])).toEqual([
    [v("new").answer, 3],
    [v("old").answer, 4],
  ]);
  expect(state.status).toEqual({ kind: "saving" });
});

test("offline: kept on the device, retried after a growing delay, saved when a retry gets through", () => {
  let { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("new") },
    { type: "response", questionId: "q1", outcome: { kind: "offline" } },
  );
  expect(effects).toContainEqual({ type: "retry", delayMs: FIRST_RETRY_MS });
  expect(effects).not.toContainEqual({ type: "forget", questionId: "q1" });
  expect(state.status).toMatchObject({ kind: "retrying", message: /you seem to be offline/ });
  expect(settled(state, ["q1"])).toEqual({ settled: true, saved: false });
  ({ state, effects } = run(
    state,
    { type: "retry" },
    { type: "response", questionId: "q1", outcome: { kind: "offline" } },
  ));
  expect(sends(effects)).toHaveLength(1);
  expect(effects).toContainEqual({ type: "retry", delayMs: FIRST_RETRY_MS * 2 });
  ({ state, effects } = run(
    state,
    { type: "retry" },
    { type: "response", questionId: "q1", outcome: { kind: "saved", revision: 4 } },
  ));
  expect(effects).toContainEqual({ type: "forget", questionId: "q1" });
  expect(state.status).toEqual({ kind: "saved" });
  expect(state.retryDelayMs).toBe(FIRST_RETRY_MS);
});

test("a 503 is a retry after the time the server asked for, with its own words, never an error", () => {
  const { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("new") },
    { type: "response", questionId: "q1", outcome: { kind: "unavailable", retryAfterMs: 5_000 } },
  );
  expect(effects).toContainEqual({ type: "retry", delayMs: 5_000 });
  expect(state.status).toMatchObject({ kind: "retrying", message: /briefly unavailable/ });
  expect(errorsOf(state)).toEqual({});
  // Edits meanwhile do not start a second timer.
  const more = run(
    state,
    { type: "read", questionId: "q2", value: v("x") },
    { type: "response", questionId: "q2", outcome: { kind: "unavailable" } },
  );
  expect(more.effects.filter((e) => e.type === "retry")).toEqual([]);
  const retried = run(more.state, { type: "retry" });
  expect(sends(retried.effects).map((s) => s.questionId)).toEqual(["q1", "q2"]);
});

test("a conflict with a colleague's value asks which to keep; keeping mine saves it over theirs", () => {
  const theirs = { ...v("theirs"), revision: 4, updatedBy: "Sam" };
  let { state } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("mine") },
    { type: "response", questionId: "q1", outcome: { kind: "conflict", current: theirs } },
  );
  expect(conflictsOf(state)).toEqual({ q1: { ...theirs, mine: v("mine").answer } });
  expect(state.status).toMatchObject({ kind: "attention", message: /Choose which to keep/ });
  expect(settled(state, ["q1"])).toEqual({ settled: true, saved: false });
  // Nothing more is sent for it until a choice is made, even if it is edited.
  const edited = run(state, { type: "read", questionId: "q1", value: v("mine 2") });
  expect(sends(edited.effects)).toEqual([]);
  expect(conflictsOf(edited.state).q1?.mine).toEqual(v("mine 2").answer);
  const kept = run(edited.state, { type: "keepMine", questionId: "q1", value: v("mine 2") });
  state = kept.state;
  expect(sends(kept.effects)).toEqual([
    { questionId: "q1", answer: v("mine 2").answer, baseRevision: 4 },
  ]);
  expect(conflictsOf(state)).toEqual({});
  ({ state } = run(state, {
    type: "response",
    questionId: "q1",
    outcome: { kind: "saved", revision: 5 },
  }));
  expect(state.status).toEqual({ kind: "saved" });
});

test("'Use their answer' ends the conflict, forgets my copy and clears the red status", () => {
  const theirs = { ...v("theirs"), revision: 4, updatedBy: "Sam" };
  const { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("mine") },
    { type: "response", questionId: "q1", outcome: { kind: "conflict", current: theirs } },
    { type: "useTheirs", questionId: "q1" },
  );
  expect(conflictsOf(state)).toEqual({});
  expect(effects.slice(-2)).toEqual([
    { type: "revision", questionId: "q1", revision: 4 },
    { type: "forget", questionId: "q1" },
  ]);
  expect(state.status.kind).not.toBe("attention");
  // Their value is now the baseline: typing it again is no change.
  expect(run(state, { type: "read", questionId: "q1", value: v("theirs") }).effects).toEqual([]);
});

test("a 409 that carries my own value is a save whose response was lost: saved, no conflict", () => {
  const { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("mine") },
    {
      type: "response",
      questionId: "q1",
      outcome: { kind: "conflict", current: { ...v("mine"), revision: 4, updatedBy: "Me" } },
    },
  );
  expect(conflictsOf(state)).toEqual({});
  expect(effects).toContainEqual({ type: "forget", questionId: "q1" });
  expect(state.status).toEqual({ kind: "saved" });
  // The next edit goes against the revision the server has.
  const next = run(state, { type: "read", questionId: "q1", value: v("more") });
  expect(sends(next.effects)[0]?.baseRevision).toBe(4);
});

test("copies on the device that the server already holds are dropped without a word; others are offered back", () => {
  const state = initialState({
    q1: { ...v("saved"), revision: 2 },
    q2: { ...v("saved"), revision: 2 },
  });
  const { state: found, effects } = run(state, {
    type: "found",
    stored: {
      q1: { ...v("saved"), baseRevision: 1 },
      q2: { ...v("unsaved"), baseRevision: 2 },
    },
  });
  expect(effects).toEqual([{ type: "forget", questionId: "q1" }]);
  expect(Object.keys(found.restorable)).toEqual(["q2"]);
});

test("restoring sends each copy against the revision it was typed on; a discarded copy is forgotten", () => {
  const state = run(initialState({ q1: { ...v("saved"), revision: 2 } }), {
    type: "found",
    stored: {
      q1: { ...v("unsaved"), baseRevision: 2 },
      q2: { ...v("new"), baseRevision: 0 },
    },
  }).state;
  const restored = run(state, { type: "restore" });
  expect(sends(restored.effects)).toEqual([
    { questionId: "q1", answer: v("unsaved").answer, baseRevision: 2 },
    { questionId: "q2", answer: v("new").answer, baseRevision: 0 },
  ]);
  expect(restored.state.restorable).toEqual({});
  const discarded = run(state, { type: "discard" });
  expect(discarded.effects).toEqual([
    { type: "forget", questionId: "q1" },
    { type: "forget", questionId: "q2" },
  ]);
  expect(discarded.state.restorable).toEqual({});
});

test("a refused answer shows its reason and is not kept; a newer edit is sent, putting it back clears the error", () => {
  let { state, effects } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("bad") },
    { type: "response", questionId: "q1", outcome: { kind: "invalid", message: "Too long" } },
  );
  expect(errorsOf(state)).toEqual({ q1: "Too long" });
  expect(effects).toContainEqual({ type: "forget", questionId: "q1" });
  expect(state.status).toEqual({ kind: "attention", message: "Some answers need attention." });
  ({ state } = run(state, { type: "read", questionId: "q1", value: v("old") }));
  expect(errorsOf(state)).toEqual({});
  ({ state, effects } = run(
    state,
    { type: "read", questionId: "q1", value: v("good") },
    { type: "response", questionId: "q1", outcome: { kind: "saved", revision: 4 } },
  ));
  expect(state.status).toEqual({ kind: "saved" });
});

test("a closed assessment says so and keeps nothing; a signed-out vendor is told and the copy kept", () => {
  const closed = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("late") },
    { type: "response", questionId: "q1", outcome: { kind: "closed", message: "Closed." } },
  );
  expect(closed.state.status).toEqual({ kind: "attention", message: "Closed." });
  expect(closed.effects).toContainEqual({ type: "forget", questionId: "q1" });
  expect(settled(closed.state, ["q1"]).saved).toBe(false);
  const refused = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("x") },
    { type: "response", questionId: "q1", outcome: { kind: "refused", message: "Signed out." } },
  );
  expect(refused.state.status).toEqual({ kind: "attention", message: "Signed out." });
  expect(refused.effects).not.toContainEqual({ type: "forget", questionId: "q1" });
});

test("confirming saves an unchanged answer, once", () => {
  const { effects } = run(fresh(), {
    type: "read",
    questionId: "q1",
    value: v("old"),
    force: true,
  });
  expect(sends(effects)).toEqual([{ questionId: "q1", answer: v("old").answer, baseRevision: 3 }]);
});

test("keepalive reaches the request when the page is being left", () => {
  const { effects } = run(fresh(), {
    type: "read",
    questionId: "q1",
    value: v("bye"),
    keepalive: true,
  });
  expect(effects.find((e) => e.type === "send")).toMatchObject({ keepalive: true });
});

test("newer data from the server moves the baseline, but never under an unsaved edit", () => {
  let { state } = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("mine") },
    { type: "response", questionId: "q1", outcome: { kind: "offline" } },
  );
  ({ state } = run(state, { type: "loaded", saved: { q1: { ...v("colleague"), revision: 7 } } }));
  // Still sent against revision 3: the server will say a colleague changed it.
  expect(sends(run(state, { type: "retry" }).effects)[0]?.baseRevision).toBe(3);
  // Without an edit the baseline follows the server.
  const clean = run(
    fresh(),
    { type: "read", questionId: "q1", value: v("a") },
    { type: "response", questionId: "q1", outcome: { kind: "saved", revision: 4 } },
    { type: "revised", questionId: "q1", revision: 6 },
  ).state;
  expect(sends(run(clean, { type: "read", questionId: "q1", value: v("b") }).effects)[0]).toEqual({
    questionId: "q1",
    answer: v("b").answer,
    baseRevision: 6,
  });
  const reloaded = run(clean, {
    type: "loaded",
    saved: { q1: { ...v("upload"), revision: 6 } },
  }).state;
  expect(run(reloaded, { type: "read", questionId: "q1", value: v("upload") }).effects).toEqual([]);
});

test("the state keeps its identity when an event changes nothing", () => {
  const state = fresh();
  expect(step(state, { type: "read", questionId: "q1", value: v("old") }).state).toBe(state);
  expect(
    step(state, { type: "response", questionId: "q1", outcome: { kind: "offline" } }).state,
  ).toBe(state);
});
