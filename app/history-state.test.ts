import { describe, expect, it } from "vitest";
import { HISTORY_STATE_SCRIPT } from "./history-state";

type State = Record<string, unknown> | null;

function run(state: State) {
  const calls: State[] = [];
  const history = {
    state,
    replaceState(next: State, title: string) {
      expect(title).toBe("");
      calls.push(next);
      this.state = next;
    },
  };
  new Function("window", HISTORY_STATE_SCRIPT)({ history });
  return { state: history.state, calls };
}

describe("the history state script", () => {
  it("gives a fresh entry a key and index 0 in one replaceState", () => {
    const { state, calls } = run(null);
    expect(calls).toHaveLength(1);
    expect(state).toEqual({ key: expect.stringMatching(/^[0-9a-v]+$/), idx: 0 });
  });

  it("gives two fresh entries different keys", () => {
    expect(run(null).state!.key).not.toBe(run(null).state!.key);
  });

  it("keeps a key scroll restoration already set and adds the index", () => {
    const { state } = run({ key: "abc" });
    expect(state).toEqual({ key: "abc", idx: 0 });
  });

  it("keeps the router's own state and index when only the key is missing", () => {
    const { state } = run({ usr: { from: "/v" }, idx: 3 });
    expect(state).toEqual({ usr: { from: "/v" }, idx: 3, key: expect.any(String) });
  });

  it("leaves an entry that has both alone (a reload, back or forward)", () => {
    const entry = { usr: null, key: "k1", idx: 2 };
    const { state, calls } = run(entry);
    expect(calls).toHaveLength(0);
    expect(state).toBe(entry);
  });

  it("treats index 0 as present", () => {
    expect(run({ key: "k", idx: 0 }).calls).toHaveLength(0);
  });
});
