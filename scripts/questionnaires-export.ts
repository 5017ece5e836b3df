// Exports a questionnaire version from the library as a spreadsheet.
// Usage: tsx scripts/questionnaires-export.ts <slug> <version> [--out file.xlsx|file.csv]
//        [--vendor] [--force] [--dir questionnaires]
// The full export (default) carries the scoring and re-imports to the same version; --vendor
// leaves out weights, credits, knockouts, findings, bands and thresholds, for sending to a
// vendor (docs/decisions/032-vendor-copy-without-scoring.md). XLSX only for --vendor.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  QUESTIONNAIRE_DIR,
  formatFileError,
  readQuestionnaireVersion,
} from "~/library/files.server";
import { exportQuestionnaireCsv, exportQuestionnaireXlsx } from "~/library/spreadsheet.server";

const USAGE =
  "Usage: questionnaires-export <slug> <version> [--out file.xlsx|file.csv] [--vendor] [--force] [--dir questionnaires]\ne.g. questionnaires-export ai-model-vendor 1.1.0 --vendor";

let args: {
  slug: string;
  version: string;
  out?: string;
  vendor: boolean;
  force: boolean;
  dir?: string;
};
try {
  const { values, positionals } = parseArgs({
    options: {
      out: { type: "string" },
      vendor: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      dir: { type: "string" },
    },
    allowPositionals: true,
  });
  const [slug, version, ...rest] = positionals;
  if (!slug || !version || rest.length > 0) throw new Error("give a slug and a version");
  args = { slug, version, ...values };
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const suffix = args.vendor ? "-vendor" : "";
const out = path.resolve(args.out ?? `${args.slug}-${args.version}${suffix}.xlsx`);
const format = path.extname(out).toLowerCase();
if (format !== ".xlsx" && format !== ".csv") {
  console.error(`--out must end in .xlsx or .csv\n${USAGE}`);
  process.exit(2);
}
if (format === ".csv" && args.vendor) {
  console.error("a vendor copy is XLSX only: it is meant to be read and answered in Excel");
  process.exit(2);
}

const root = args.dir ? path.resolve(args.dir) : QUESTIONNAIRE_DIR;
const { questionnaire, errors } = await readQuestionnaireVersion(args.slug, args.version, root);
if (!questionnaire) {
  for (const error of errors) console.error(formatFileError(error));
  process.exit(1);
}

const data =
  format === ".csv"
    ? exportQuestionnaireCsv(questionnaire)
    : await exportQuestionnaireXlsx(questionnaire, { forVendor: args.vendor });
try {
  // Without --force an existing file is kept: it may be a copy someone has filled in.
  await writeFile(out, data, { flag: args.force ? "w" : "wx" });
} catch (error) {
  const exists = (error as NodeJS.ErrnoException).code === "EEXIST";
  console.error(
    exists
      ? `${path.relative(process.cwd(), out)} already exists; choose another --out, or add --force to replace it`
      : `cannot write ${out}: ${(error as Error).message}`,
  );
  process.exit(1);
}
console.log(
  `✓ ${path.relative(process.cwd(), out)}: ${questionnaire.slug} ${questionnaire.version}, ${
    args.vendor
      ? "vendor copy without scoring"
      : "full export with scoring (for staff; use --vendor for a copy to send to a vendor)"
  }`,
);
