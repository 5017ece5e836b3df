// README's Performance figures are generated from a results file (decision 263): the block
// between the markers must be exactly what the generator makes of the file it names, so a
// figure edited by hand, or a results file changed without regenerating, fails here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { END, figuresMarkdown, replaceFigures, START } from "./readme";

const root = path.resolve(import.meta.dirname, "..");

test("README's figures are what `npm run bench:readme` makes of the results file they name", () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const block = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END));
  const file = block.match(/From `(bench\/results\/[^`]+\.json)`/)?.[1];
  expect(file, "the block names its results file").toBeDefined();
  const results = JSON.parse(readFileSync(path.join(root, file!), "utf8"));
  expect(block.trim()).toBe(figuresMarkdown(results, file!).trim());
});

test("regenerating replaces only the block between the markers", () => {
  const readme = `# Title\n\n## Performance\n\nBefore.\n\n${START}\n\nold | figures\n\n${END}\n\nAfter.\n`;
  expect(replaceFigures(readme, "new figures")).toBe(
    `# Title\n\n## Performance\n\nBefore.\n\n${START}\n\nnew figures\n\n${END}\n\nAfter.\n`,
  );
  expect(() => replaceFigures("# No markers\n", "x")).toThrow(/no .* block/);
});
