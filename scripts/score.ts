// Scores an answers file against a questionnaire file, for authors testing their scoring
// before publishing (docs/scoring.md). Prints the full result as JSON, or a report with --table.
// Usage: tsx scripts/score.ts <questionnaire.yaml> <answers.json> [--profile profile.json]
//          [--as-of YYYY-MM-DD] [--verified id,id] [--table]
// Exit codes: 0 scored; 1 a file is missing or invalid; 2 wrong usage.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatFileError, readQuestionnaireFile } from "~/library/files.server";
import { parseAnswersFile } from "~/scoring/answers-file";
import { parseCalendarDate } from "~/scoring/dates";
import { score } from "~/scoring/engine";
import { type VendorProfile } from "~/scoring/risk";
import { VendorProfileSchema } from "~/scoring/vendor-profile";
import { formatScoreTable } from "~/scoring/score-table";

const USAGE = `Usage: score <questionnaire.yaml> <answers.json> [--profile profile.json] [--as-of YYYY-MM-DD] [--verified id,id] [--table]
  --profile   vendor profile JSON: { "dataAccess": "none" | "business" | "confidential" | "training_or_model",
              "criticality": "low" | "medium" | "high" }; without it there is no inherent tier or risk rating
  --as-of     the date date answers are judged at (default: today, UTC)
  --verified  question ids whose findings are all verified, for the current score
  --table     a readable report instead of JSON
The answers file format is in docs/scoring.md.`;

function fail(code: number, ...messages: string[]): never {
  for (const message of messages) console.error(message);
  process.exit(code);
}

let args: ReturnType<typeof parseCommandLine>;
try {
  args = parseCommandLine();
} catch (error) {
  fail(2, (error as Error).message, "", USAGE);
}

function parseCommandLine() {
  return parseArgs({
    allowPositionals: true,
    options: {
      profile: { type: "string" },
      "as-of": { type: "string" },
      verified: { type: "string" },
      table: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [questionnaireFile, answersFile, ...extra] = args.positionals;
if (!questionnaireFile || !answersFile || extra.length > 0) fail(2, USAGE);

const asOf = args.values["as-of"] ?? new Date().toISOString().slice(0, 10);
if (parseCalendarDate(asOf) === null) {
  fail(2, `--as-of must be a real date written YYYY-MM-DD, got "${asOf}"`);
}

const { questionnaire, errors } = await readQuestionnaireFile(path.resolve(questionnaireFile));
if (!questionnaire) fail(1, ...errors.map((error) => formatFileError(error)));

const answersJson = await readJson(answersFile);
const parsed = parseAnswersFile(answersJson, questionnaire, { asOf });
if (!parsed.ok) {
  fail(
    1,
    ...parsed.errors.map(
      (error) =>
        `${answersFile}${error.questionId ? ` "${error.questionId}"` : ""}: ${error.message}`,
    ),
    `\n✗ ${parsed.errors.length} problem(s) in ${answersFile}`,
  );
}

let profile: VendorProfile | null = null;
if (args.values.profile) {
  const profileFile = args.values.profile;
  const result = VendorProfileSchema.safeParse(await readJson(profileFile));
  if (!result.success) {
    fail(
      1,
      ...result.error.issues.map((issue) => {
        const at = issue.path.length > 0 ? issue.path.join(".") : "(file)";
        const detail =
          issue.code === "invalid_enum_value"
            ? `${JSON.stringify(issue.received)} is not allowed; use one of ${issue.options.join(", ")}`
            : issue.code === "unrecognized_keys"
              ? `unknown field(s) ${issue.keys.join(", ")}; a profile has dataAccess and criticality`
              : issue.message === "Required"
                ? "missing"
                : issue.message;
        return `${profileFile} ${at}: ${detail}`;
      }),
    );
  }
  profile = result.data;
}

const verifiedQuestionIds = (args.values.verified ?? "")
  .split(",")
  .map((id) => id.trim())
  .filter((id) => id !== "");
const result = score(questionnaire, parsed.answers, profile, { asOf, verifiedQuestionIds });
process.stdout.write(
  args.values.table ? formatScoreTable(result) : `${JSON.stringify(result, null, 2)}\n`,
);

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    fail(1, `${file}: cannot read the file: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    fail(1, `${file}: not valid JSON: ${(error as Error).message}`);
  }
}
