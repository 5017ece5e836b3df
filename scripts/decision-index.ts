// docs/decisions/README.md, the index of decision records, is generated from the records
// themselves: `npm run decisions:index` writes it, `npm run lint` runs this with --check and
// fails when a record lacks its Date or Status line or the index is out of date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import prettier from "prettier";

export type DecisionRecord = {
  file: string;
  number: string;
  title: string;
  date: string;
  status: string;
};

const RECORD_FILE = /^(\d{3})-[\w-]+\.md$/;

/** One record's number, title, date and status, or what is wrong with its head. */
export function readRecord(
  file: string,
  text: string,
): DecisionRecord | { file: string; problem: string } {
  const number = RECORD_FILE.exec(file)?.[1];
  if (!number) return { file, problem: "a record's file name is NNN-title.md" };
  const lines = text.split("\n");
  const heading = /^# (\d{3}) — (.+)$/.exec(lines[0] ?? "");
  if (!heading || heading[1] !== number) {
    return { file, problem: `the first line must be "# ${number} — <title>"` };
  }
  const head = lines.slice(1, 8);
  const date = head.map((line) => /^Date: (\d{4}-\d{2}-\d{2})$/.exec(line)?.[1]).find(Boolean);
  const status = head
    .map((line) => /^Status: (accepted|superseded by \d{3})$/.exec(line)?.[1])
    .find(Boolean);
  if (!date) return { file, problem: 'missing "Date: YYYY-MM-DD" under the title' };
  if (!status)
    return { file, problem: 'missing "Status: accepted" (or "superseded by NNN") under the title' };
  return { file, number, title: heading[2]!, date, status };
}

export function renderIndex(records: DecisionRecord[]): string {
  const numbers = new Set(records.map((record) => record.number));
  const rows = records.map((record) => {
    const status = record.status.replace(/\d{3}$/, (by) => {
      const target = records.find((other) => other.number === by);
      return target && numbers.has(by) ? `[${by}](${target.file})` : by;
    });
    return `| [${record.number}](${record.file}) | ${record.title.replace(/\|/g, "\\|")} | ${record.date} | ${status} |`;
  });
  return [
    "# Decision records",
    "",
    "Why Assay is the way it is: one record per real decision, each with its context, the",
    "decision and its consequences. A record that a later one replaces stays, marked",
    '"superseded by NNN". Code comments cite records by path or as "decision NNN".',
    "",
    "Write a new record as `NNN-title.md` with `Date:` and `Status:` lines under its title,",
    "then run `npm run decisions:index` to regenerate this page (`npm run lint` checks it).",
    "",
    "| #   | Decision | Date | Status |",
    "| --- | -------- | ---- | ------ |",
    ...rows,
    "",
  ].join("\n");
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const folder = path.join(root, "docs", "decisions");
  const files = readdirSync(folder)
    .filter((file) => file !== "README.md" && file.endsWith(".md"))
    .sort();
  const read = files.map((file) => readRecord(file, readFileSync(path.join(folder, file), "utf8")));
  const problems = read.filter(
    (entry): entry is { file: string; problem: string } => "problem" in entry,
  );
  for (const { file, problem } of problems) console.error(`docs/decisions/${file}: ${problem}`);
  if (problems.length > 0) process.exit(1);
  const indexPath = path.join(folder, "README.md");
  // Formatted as `npm run format` would, so the two never fight over the table's columns.
  const index = await prettier.format(renderIndex(read as DecisionRecord[]), {
    ...(await prettier.resolveConfig(indexPath)),
    filepath: indexPath,
  });
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(indexPath, "utf8");
    } catch {
      // missing: reported below
    }
    if (current !== index) {
      console.error(
        "docs/decisions/README.md does not match the records: run `npm run decisions:index` and commit it (after a rebase conflict in it, take either side and run it again).",
      );
      process.exit(1);
    }
    return;
  }
  writeFileSync(indexPath, index);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main();
