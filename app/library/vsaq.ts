// A Google VSAQ questionnaire (https://github.com/google/vsaq, Apache-2.0; its JSON as in the
// repository's questionnaires/*.json) → a draft document in Assay's format, with notes on what
// was changed or could not be carried over (docs/decisions/233-vsaq-import.md). The file is
// untrusted: size, nesting and item counts are capped, every item is parsed with zod, and a
// file that cannot be read gives no document. Pure.
//
// VSAQ's items: `block` (a titled group, nestable), `info` (text), `radiogroup` and `checkgroup`
// (choices as `{ "choice_id": "label" }`), `yesno`, `check` (one checkbox), `line` and `box`
// (short and long text), `upload`, `tip` (advice; with `warn: "yes"` a finding, with `name`,
// `severity` and `why`) and `spacer`. `cond` is a boolean expression over choice and item ids
// with `&&`, `||`, `!` and parentheses, evaluated left to right without precedence.
import { z } from "zod";
import { IdPool, plainText, slugify, type DraftImport, type ImportNote } from "./import-common";
import { SEVERITIES, type Condition, type Severity } from "~/questionnaire/definition";
import { parsePath, validateAll } from "~/questionnaire/validate";

export const VSAQ_LIMITS = {
  maxBytes: 2_000_000,
  maxItems: 5_000,
  maxDepth: 20,
} as const;

const text = (max: number) => z.string().max(max);
const VsaqItemSchema = z
  .object({
    type: text(40),
    id: text(200).optional(),
    text: text(20_000).optional(),
    cond: text(4_000).optional(),
    items: z.array(z.unknown()).max(VSAQ_LIMITS.maxItems).optional(),
    choices: z
      .array(z.record(text(20_000)))
      .max(500)
      .optional(),
    warn: z.union([z.string(), z.boolean()]).optional(),
    name: text(2_000).optional(),
    why: text(20_000).optional(),
    severity: text(40).optional(),
    yes: text(2_000).optional(),
    no: text(2_000).optional(),
  })
  .passthrough();
type VsaqItem = z.infer<typeof VsaqItemSchema>;

const VsaqFileSchema = z
  .object({ questionnaire: z.array(z.unknown()).min(1, "the questionnaire list is empty") })
  .passthrough();

type Variable =
  | { kind: "choice"; question: string; value: string; type: "single" | "multiple" }
  | { kind: "check"; question: string }
  | { kind: "text"; question: string };

type Draft = {
  id: string;
  item: string;
  vsaqId?: string;
  question: Record<string, unknown>;
  options?: Array<Record<string, unknown>>;
  findings: Severity[];
};

type Section = {
  id: string;
  title: string;
  description: string[];
  conditions: string[];
  questions: Draft[];
};

/** VSAQ JSON (bytes or text) → a draft document, with its problems and notes. */
export function vsaqToDraft(input: Uint8Array | string): DraftImport {
  const read = readVsaq(input);
  if (!read.ok) return { ok: false, problems: [{ message: read.message }] };
  return new VsaqImport(read.items).run();
}

type VsaqRead = { ok: true; items: unknown[] } | { ok: false; message: string };

function readVsaq(input: Uint8Array | string): VsaqRead {
  const size = typeof input === "string" ? input.length : input.byteLength;
  if (size > VSAQ_LIMITS.maxBytes) {
    return {
      ok: false,
      message: `the file is larger than ${VSAQ_LIMITS.maxBytes / 1_000_000} MB; a VSAQ questionnaire is far smaller`,
    };
  }
  let source: string;
  try {
    source =
      typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return { ok: false, message: "the file is not UTF-8 text; a VSAQ questionnaire is JSON" };
  }
  // VSAQ's own files start with a licence header in // comments, which JSON does not allow.
  const json = source
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith("//"))
    .join("\n");
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
  const depth = nesting(parsed);
  if (depth > VSAQ_LIMITS.maxDepth * 3) {
    return { ok: false, message: `nested more than ${VSAQ_LIMITS.maxDepth} blocks deep` };
  }
  const file = VsaqFileSchema.safeParse(parsed);
  if (!file.success) {
    return {
      ok: false,
      message:
        'not a VSAQ questionnaire: expected an object with a "questionnaire" list of items (as in github.com/google/vsaq, questionnaires/*.json)',
    };
  }
  return { ok: true, items: file.data.questionnaire };
}

function nesting(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (depth > 200) return depth;
    if (typeof current === "object" && current !== null) {
      for (const child of Object.values(current)) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

const SEVERITY_WEIGHT: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 5 };

class VsaqImport {
  private readonly notes: ImportNote[] = [];
  private readonly sections: Section[] = [];
  private readonly sectionIds = new IdPool();
  private readonly questionIds = new IdPool();
  private readonly variables = new Map<string, Variable>();
  private readonly tips: Array<{ item: VsaqItem; at: string; after?: Draft }> = [];
  private readonly drafts = new Map<string, Draft>();
  private readonly pendingConditions: Array<{ draft: Draft; conditions: string[] }> = [];
  private pendingHelp: string[] = [];
  private count = 0;
  private title = "VSAQ questionnaire";

  constructor(private readonly top: unknown[]) {}

  run(): DraftImport {
    const items = this.parseItems(this.top, "questionnaire");
    // A file is usually one block holding everything: its text is the questionnaire's title.
    if (items.length === 1 && items[0]!.item.type === "block") {
      const [only] = items;
      if (only!.item.text) this.title = plainText(only!.item.text) || this.title;
      this.walk(this.parseItems(only!.item.items ?? [], `${only!.at}.items`), undefined, []);
    } else {
      this.walk(items, undefined, []);
    }
    if (this.count > VSAQ_LIMITS.maxItems) {
      return {
        ok: false,
        problems: [
          { message: `more than ${VSAQ_LIMITS.maxItems} items; a questionnaire needs far fewer` },
        ],
      };
    }
    this.flushHelp();
    this.attachTips();
    return this.finish();
  }

  private parseItems(raw: readonly unknown[], at: string): Array<{ item: VsaqItem; at: string }> {
    const items: Array<{ item: VsaqItem; at: string }> = [];
    raw.forEach((candidate, index) => {
      this.count++;
      const where = `${at}[${index}]`;
      const parsed = VsaqItemSchema.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        this.notes.push({
          item: where,
          message: `not imported: this item is not a VSAQ item (${issue.path.join(".") || "item"}: ${issue.message})`,
          confirm: true,
        });
        return;
      }
      items.push({ item: parsed.data, at: where });
    });
    return items;
  }

  private walk(
    items: ReadonlyArray<{ item: VsaqItem; at: string }>,
    parent: Section | undefined,
    conditions: readonly string[],
    depth = 1,
  ): void {
    let section = parent;
    for (const { item, at } of items) {
      if (this.count > VSAQ_LIMITS.maxItems) return;
      switch (item.type) {
        case "block": {
          if (depth > VSAQ_LIMITS.maxDepth) {
            this.notes.push({
              item: at,
              message: "not imported: blocks nested too deep",
              confirm: true,
            });
            break;
          }
          const title = plainText(item.text ?? "") || "Untitled section";
          const block = this.newSection(
            parent ? `${parent.title}: ${title}` : title,
            item.id ?? title,
            item.cond ? [...conditions, item.cond] : conditions,
          );
          this.walk(
            this.parseItems(item.items ?? [], `${at}.items`),
            block,
            block.conditions,
            depth + 1,
          );
          // Items after a nested block continue the enclosing one in a section of their own.
          section = undefined;
          break;
        }
        case "info":
          this.pendingHelp.push(plainText(item.text ?? ""));
          break;
        case "spacer":
          break;
        case "tip":
          this.tips.push({ item, at, after: section?.questions.at(-1) });
          break;
        case "radiogroup":
        case "checkgroup":
        case "yesno":
        case "check":
        case "line":
        case "box":
        case "upload": {
          section ??= this.continuation(parent, conditions);
          this.question(section, item, at);
          break;
        }
        default:
          this.notes.push({
            item: at,
            message: `not imported: VSAQ item type "${item.type}" has no counterpart; add it in the builder if it matters`,
            confirm: true,
          });
      }
    }
  }

  private newSection(title: string, idSource: string, conditions: readonly string[]): Section {
    const id = this.sectionIds.take(
      slugify(idSource.replace(/^block_/, ""), "section") ?? "section",
    );
    const section: Section = {
      id,
      title,
      description: [],
      conditions: [...conditions],
      questions: [],
    };
    this.flushHelp();
    this.sections.push(section);
    return section;
  }

  private continuation(parent: Section | undefined, conditions: readonly string[]): Section {
    const title = parent?.title ?? this.title;
    return this.newSection(title, `${parent?.id ?? "questions"}-continued`, conditions);
  }

  private question(section: Section, item: VsaqItem, at: string): void {
    const help = this.pendingHelp.filter((line) => line !== "");
    this.pendingHelp = [];
    let questionText = plainText(item.text ?? "");
    // VSAQ often asks the question in an info item and lists the choices without text.
    if (questionText === "" && help.length > 0) questionText = help.pop()!;
    if (questionText === "") {
      questionText = "(no question text in the VSAQ file)";
      this.notes.push({
        item: at,
        message: "the item has no text: write the question in the builder",
        confirm: true,
      });
    }
    if (section.questions.length === 0 && help.length > 0) {
      section.description.push(...help.splice(0));
    }
    const base =
      slugify(
        item.id ?? commonPrefix(item.choices) ?? questionText.split(/\s+/).slice(0, 6).join(" "),
        "q",
      ) ?? "question";
    const id = this.questionIds.take(base);
    const question: Record<string, unknown> = { id, text: questionText };
    if (help.length > 0) question.help = help.join("\n\n");
    const draft: Draft = { id, item: at, vsaqId: item.id, question, findings: [] };
    switch (item.type) {
      case "radiogroup":
      case "checkgroup": {
        const multiple = item.type === "checkgroup";
        // Choice ids repeat the question's (`office_ra_yes`): the option value is the rest.
        const prefix = item.id ?? commonPrefix(item.choices);
        question.type = multiple ? "multiple_choice" : "single_choice";
        const values = new IdPool();
        draft.options = (item.choices ?? []).flatMap((choice) =>
          Object.entries(choice).map(([choiceId, label]) => {
            const stripped =
              prefix && choiceId.startsWith(`${prefix}_`)
                ? choiceId.slice(prefix.length + 1)
                : choiceId;
            const value = values.take(
              slugify(stripped, "option") ?? slugify(label, "option") ?? "option",
            );
            this.variables.set(choiceId, {
              kind: "choice",
              question: id,
              value,
              type: multiple ? "multiple" : "single",
            });
            return { value, label: plainText(label) || value };
          }),
        );
        question.options = draft.options;
        break;
      }
      case "yesno":
      case "check": {
        question.type = "yes_no";
        draft.options = [
          {
            value: "yes",
            label: plainText(item.yes ?? "") || (item.type === "check" ? "Yes (ticked)" : "Yes"),
          },
          {
            value: "no",
            label: plainText(item.no ?? "") || (item.type === "check" ? "No (not ticked)" : "No"),
          },
        ];
        question.options = draft.options;
        if (item.id) this.variables.set(item.id, { kind: "check", question: id });
        break;
      }
      case "line":
      case "box":
      case "upload":
        question.type =
          item.type === "line" ? "short_text" : item.type === "box" ? "long_text" : "evidence";
        if (item.id) this.variables.set(item.id, { kind: "text", question: id });
        break;
    }
    question.weight = 0;
    const conditions = item.cond ? [...section.conditions, item.cond] : section.conditions;
    if (conditions.length > 0) this.pendingConditions.push({ draft, conditions });
    if (id !== base) {
      this.notes.push({
        item: at,
        message: `the question "${item.id ?? questionText}" has the id "${id}": "${base}" is taken by an earlier one`,
      });
    }
    section.questions.push(draft);
    this.drafts.set(id, draft);
  }

  private flushHelp(): void {
    const help = this.pendingHelp.filter((line) => line !== "");
    this.pendingHelp = [];
    if (help.length === 0) return;
    const last = this.sections.at(-1)?.questions.at(-1);
    if (last) {
      last.question.help = [last.question.help, ...help].filter(Boolean).join("\n\n");
    } else if (this.sections.at(-1)) {
      this.sections.at(-1)!.description.push(...help);
    }
  }

  // Tips: a warning tied to one answer becomes that answer's finding (the question is then
  // scored); advice becomes help; what cannot be tied to one answer is noted.
  private attachTips(): void {
    for (const { item, at, after } of this.tips) {
      const warning = item.warn === true || item.warn === "yes" || item.warn === "true";
      const advice = plainText(item.text ?? "");
      const target = item.cond ? this.answerOf(item.cond) : undefined;
      if (!warning) {
        const host = target ? this.drafts.get(target.question) : after;
        if (host && advice) {
          host.question.help = [host.question.help, advice].filter(Boolean).join("\n\n");
        } else if (advice) {
          this.notes.push({
            item: at,
            message: `not imported: the tip "${short(advice)}" belongs to no question`,
            confirm: true,
          });
        }
        continue;
      }
      const title = plainText(item.name ?? "") || short(advice) || "Warning from the VSAQ file";
      if (!target) {
        this.notes.push({
          item: at,
          message: `not imported: the warning "${title}" appears when "${item.cond ?? "(always)"}", which is not one answer of one question; add it as a finding in the builder`,
          confirm: true,
        });
        continue;
      }
      const draft = this.drafts.get(target.question)!;
      const option = draft.options?.find((candidate) => candidate.value === target.value);
      if (!option) continue;
      const severity = (SEVERITIES as readonly string[]).includes(item.severity ?? "")
        ? (item.severity as Severity)
        : "medium";
      if (option.finding) {
        this.notes.push({
          item: at,
          message: `not imported: a second warning on the same answer ("${title}")`,
          confirm: true,
        });
        continue;
      }
      option.finding = { severity, title: title.slice(0, 300), remediation: advice || title };
      draft.findings.push(severity);
    }
    for (const draft of this.drafts.values()) {
      if (draft.findings.length === 0 || !draft.options) continue;
      draft.question.weight = Math.max(
        ...draft.findings.map((severity) => SEVERITY_WEIGHT[severity]),
      );
      for (const option of draft.options) option.credit = option.finding ? 0 : 1;
      this.notes.push({
        item: draft.item,
        path: undefined,
        message: `scored from its warnings: weight ${String(draft.question.weight)}, answers with a warning earn 0 and the others 1; review in the builder`,
        confirm: true,
      });
    }
  }

  /** The one answer a tip's condition names: a choice, a ticked box (yes) or `!box` (no). */
  private answerOf(cond: string): { question: string; value: string } | undefined {
    const trimmed = cond.trim();
    const negated = trimmed.startsWith("!");
    const name = negated ? trimmed.slice(1).trim() : trimmed;
    if (!/^[\w./-]+$/.test(name)) return undefined;
    const read = this.variable(name);
    if (typeof read === "string" || !("equals" in read)) return undefined;
    const { question, value } = read.equals;
    const variable = this.variables.get(name.split("/")[0]!);
    if (!negated) return { question, value: String(value) };
    // "Not ticked" is the other answer of a yes/no question; "not chosen" names no one answer.
    return variable?.kind === "check"
      ? { question, value: value === "yes" ? "no" : "yes" }
      : undefined;
  }

  private finish(): DraftImport {
    for (const { draft, conditions } of this.pendingConditions) {
      const parts: Condition[] = [];
      for (const cond of conditions) {
        const read = this.condition(cond);
        if ("problem" in read) {
          this.notes.push({
            item: draft.item,
            message: `not imported: the condition "${cond}" (${read.problem}); the question is always shown until a condition is set in the builder`,
            confirm: true,
          });
          continue;
        }
        parts.push(read.condition);
      }
      if (parts.length === 1) draft.question.showIf = parts[0];
      else if (parts.length > 1) draft.question.showIf = { all: parts };
    }
    const sections = this.sections.filter((section) => section.questions.length > 0);
    for (const section of this.sections) {
      if (section.questions.length === 0 && section.description.length > 0) {
        this.notes.push({
          message: `section "${section.title}" had text but no questions; it was left out`,
          confirm: true,
        });
      }
    }
    const slug = slugify(this.title, "q") ?? "vsaq-questionnaire";
    const document: Record<string, unknown> = {
      slug,
      version: "1.0.0",
      title: this.title,
      description: `Imported from a Google VSAQ questionnaire: ${this.title}.`,
      audience: "any",
      changelog: "Imported from Google VSAQ.",
      sections: sections.map((section) => ({
        id: section.id,
        title: section.title,
        ...(section.description.length > 0
          ? { description: section.description.join("\n\n") }
          : {}),
        questions: section.questions.map((draft) => draft.question),
      })),
    };
    this.notes.unshift({
      message: `slug "${slug}", version 1.0.0 and audience "any" were set by the import; VSAQ ids became the format's (underscores as hyphens); questions without a warning are unscored (weight 0)`,
    });
    const validation = validateAll(document);
    const problems = validation.ok
      ? []
      : validation.errors.map((error) => ({
          path: error.path,
          item: this.itemAt(sections, error.path),
          message: error.message,
        }));
    return { ok: true, document, problems, notes: this.notes, organisationReferences: [] };
  }

  private itemAt(sections: readonly Section[], path: string): string | undefined {
    const [, section, , question] = parsePath(path);
    if (typeof section !== "number" || typeof question !== "number") return undefined;
    return sections[section]?.questions[question]?.item;
  }

  // VSAQ conditions evaluate left to right with no precedence: `a || b && c` is `(a || b) && c`.
  private condition(source: string): { condition: Condition } | { problem: string } {
    const tokens = source.match(/&&|\|\||!|\(|\)|[^\s&|!()]+/g) ?? [];
    let position = 0;
    const operand = (): Condition | string => {
      const token = tokens[position++];
      if (token === undefined) return "it ends too early";
      if (token === "!") {
        const inner = operand();
        return typeof inner === "string" ? inner : { not: inner };
      }
      if (token === "(") {
        const inner = expression();
        if (typeof inner === "string") return inner;
        if (tokens[position++] !== ")") return "a parenthesis is not closed";
        return inner;
      }
      return this.variable(token);
    };
    const expression = (): Condition | string => {
      let left = operand();
      while (typeof left !== "string" && (tokens[position] === "&&" || tokens[position] === "||")) {
        const operator = tokens[position++] === "&&" ? "all" : "any";
        const right = operand();
        if (typeof right === "string") return right;
        left =
          operator === "all"
            ? { all: "all" in left ? [...left.all, right] : [left, right] }
            : { any: "any" in left ? [...left.any, right] : [left, right] };
      }
      return left;
    };
    const result = expression();
    if (typeof result === "string") return { problem: result };
    if (position < tokens.length) return { problem: `unexpected "${tokens[position]}"` };
    return { condition: result };
  }

  private variable(name: string): Condition | string {
    if (name.startsWith("^"))
      return `it depends on whether the tip "${name.slice(1)}" is shown, which Assay cannot test`;
    const [id, value] = name.split("/") as [string, string | undefined];
    const variable = this.variables.get(id);
    if (!variable) return `no item has the id "${id}"`;
    if (variable.kind === "text") return `"${id}" is a text answer, which conditions cannot test`;
    if (variable.kind === "check") {
      const answer = value === undefined || /^(yes|checked|true)$/i.test(value) ? "yes" : "no";
      return { equals: { question: variable.question, value: answer } };
    }
    return { equals: { question: variable.question, value: variable.value } };
  }
}

function commonPrefix(
  choices: ReadonlyArray<Record<string, string>> | undefined,
): string | undefined {
  const ids = (choices ?? []).flatMap((choice) => Object.keys(choice));
  if (ids.length < 2) return undefined;
  let prefix = ids[0]!;
  for (const id of ids) while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/_+$/, "");
  return prefix.length >= 3 ? prefix : undefined;
}

function short(line: string): string {
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
