import { existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNMEASURED_SECONDS, measuredSeconds, specFiles, splitSpecs } from "./e2e-shards.mjs";

describe("splitSpecs", () => {
  it("puts the two longest journeys in different shards and balances the rest", () => {
    const seconds = { "a.spec.ts": 200, "b.spec.ts": 190, "c.spec.ts": 20, "d.spec.ts": 10 };
    const [first, second] = splitSpecs(
      ["e2e/a.spec.ts", "e2e/b.spec.ts", "e2e/c.spec.ts", "e2e/d.spec.ts"],
      seconds,
      2,
    );
    // 200 + 10 against 190 + 20.
    expect(first).toEqual(["e2e/a.spec.ts", "e2e/d.spec.ts"]);
    expect(second).toEqual(["e2e/b.spec.ts", "e2e/c.spec.ts"]);
  });

  it("counts a file with no measured time as UNMEASURED_SECONDS", () => {
    const groups = splitSpecs(
      ["e2e/new.spec.ts", "e2e/old.spec.ts"],
      { "old.spec.ts": UNMEASURED_SECONDS + 1 },
      2,
    );
    expect(groups).toEqual([["e2e/old.spec.ts"], ["e2e/new.spec.ts"]]);
  });

  it("leaves out empty shards and refuses a shard count that is not a whole number ≥ 1", () => {
    expect(splitSpecs(["e2e/only.spec.ts"], {}, 3)).toEqual([["e2e/only.spec.ts"]]);
    expect(() => splitSpecs(["e2e/a.spec.ts"], {}, 0)).toThrow(/shards must be ≥ 1/);
    expect(() => splitSpecs(["e2e/a.spec.ts"], {}, 1.5)).toThrow(/shards must be ≥ 1/);
  });

  it("runs every file exactly once, keeps the given order in each shard, and no shard is longer than the ideal share plus the longest file", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        (names, durations, shards) => {
          const files = names.map((n) => `e2e/${n}.spec.ts`);
          const seconds = Object.fromEntries(names.map((n, i) => [`${n}.spec.ts`, durations[i]!]));
          const groups = splitSpecs(files, seconds, shards);
          expect(groups.length).toBeLessThanOrEqual(shards);
          expect(groups.flat().sort()).toEqual([...files].sort());
          for (const group of groups) expect(group).toEqual(files.filter((f) => group.includes(f)));
          const weight = (f: string) => seconds[path.basename(f)]!;
          const total = files.reduce((t, f) => t + weight(f), 0);
          const longest = Math.max(...files.map(weight));
          for (const group of groups)
            expect(group.reduce((t, f) => t + weight(f), 0)).toBeLessThanOrEqual(
              total / shards + longest,
            );
        },
      ),
    );
  });
});

describe("e2e/durations.json", () => {
  it("names only spec files that exist, and measures every one of them", () => {
    const seconds = measuredSeconds();
    const files = specFiles().map((f) => path.basename(f));
    for (const name of Object.keys(seconds))
      expect(existsSync(path.join("e2e", name)), name).toBe(true);
    expect(files.filter((f) => !(f in seconds))).toEqual([]);
  });
});
