// Every stylesheet is well formed: a rule left open (a missing "}") silently nests all the rules
// after it inside that selector, so they never apply. This once hid the country list's
// "[hidden] → display: none" rule, and keyboard users tabbed through every filtered-out country.
import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";

const dir = new URL("./", import.meta.url);
const sheets = readdirSync(dir).filter((name) => name.endsWith(".css"));

/** Where a style rule opens inside another style rule (only at-rules may hold rules). */
function nestedRules(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const stack: boolean[] = []; // true: an at-rule block (@media, @supports, @page…)
  const problems: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{") {
      const prelude = text.slice(start, i).trim();
      if (stack.length > 0 && stack.at(-1) === false)
        problems.push(`"${prelude.slice(0, 60)}" opens inside another rule`);
      stack.push(prelude.startsWith("@"));
      start = i + 1;
    } else if (text[i] === "}") {
      if (stack.pop() === undefined)
        problems.push(`an extra "}" near "${text.slice(start, i).trim().slice(0, 60)}"`);
      start = i + 1;
    } else if (text[i] === ";") start = i + 1;
  }
  if (stack.length > 0) problems.push(`${stack.length} rule(s) never closed`);
  return problems;
}

test("there are stylesheets to check", () => {
  expect(sheets).toContain("app.css");
});

test.each(sheets)("%s: every rule is closed, none nested inside another", (name) => {
  expect(nestedRules(readFileSync(new URL(name, dir), "utf8"))).toEqual([]);
});

test("the check finds a rule left open", () => {
  expect(nestedRules(".a { color: red;\n.b { display: none; }\n")).toEqual([
    '".b" opens inside another rule',
    "1 rule(s) never closed",
  ]);
  expect(nestedRules("@media print { .a { color: red; } }")).toEqual([]);
});
