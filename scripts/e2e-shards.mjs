// How `npm run test:e2e` splits the spec files between Playwright processes that run side by
// side, each with a server and a database of its own (docs/decisions/425-e2e-shards.md).
// Playwright's own `--shard` splits by test count in file order, which put the two longest
// journeys (about 3.5 minutes each) into one shard; this splits by each file's last measured
// seconds (e2e/durations.json), longest first, each into the shard with the least so far.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/** Seconds assumed for a spec file that has no measured duration yet. */
export const UNMEASURED_SECONDS = 30;

/**
 * Spec files (as given) in `shards` groups of about equal measured seconds. Deterministic:
 * ties go to the lower shard, and each group keeps the files' given order.
 * @param {string[]} files
 * @param {Record<string, number>} seconds by file name (the path's last part)
 * @param {number} shards
 * @returns {string[][]}
 */
export function splitSpecs(files, seconds, shards) {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be ≥ 1, got ${shards}`);
  const weight = (file) => {
    const measured = seconds[path.basename(file)];
    return typeof measured === "number" && measured >= 0 ? measured : UNMEASURED_SECONDS;
  };
  const order = files.map((file, index) => ({ file, index, weight: weight(file) }));
  order.sort((a, b) => b.weight - a.weight || a.index - b.index);
  const groups = Array.from({ length: shards }, () => ({ total: 0, members: [] }));
  for (const item of order) {
    let lightest = groups[0];
    for (const group of groups) if (group.total < lightest.total) lightest = group;
    lightest.total += item.weight;
    lightest.members.push(item);
  }
  return groups
    .map((group) => group.members.sort((a, b) => a.index - b.index).map((m) => m.file))
    .filter((group) => group.length > 0);
}

/** The spec files under `dir`, sorted, as paths relative to the repository root. */
export function specFiles(dir = "e2e") {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".spec.ts"))
    .sort()
    .map((name) => path.join(dir, name));
}

/** e2e/durations.json: seconds per spec file from a full run on the CI machine. */
export function measuredSeconds(file = "e2e/durations.json") {
  const parsed = JSON.parse(readFileSync(file, "utf8"));
  return parsed.seconds ?? {};
}
