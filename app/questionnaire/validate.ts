// Validates a parsed questionnaire file: the zod schema first, then the rules that need the
// whole document. Every error names a path inside the file, in the form
// `sections[2].questions[4].options[1].credit`, and says what to do in an author's words.
// Pure: the caller reads and parses the YAML.
import { z } from "zod";
import { conditionQuestionIds } from "./conditions";
import { referenceProblem } from "./references";
import {
  QUESTION_TYPE_LABELS,
  isChoiceQuestion,
  isConditionable,
  isScored,
  listQuestions,
  type QuestionEntry,
} from "./model";
import {
  DEFAULT_THRESHOLDS,
  IdSchema,
  QUESTION_TYPES,
  QuestionSchema,
  QuestionnaireSchema,
  ThresholdsSchema,
  type Band,
  type ChoiceOption,
  type Condition,
  type Finding,
  type MaturityLevel,
  type Question,
  type Questionnaire,
} from "./definition";

export type ValidationError = { path: string; message: string };
export type ValidationResult =
  { ok: true; questionnaire: Questionnaire } | { ok: false; errors: ValidationError[] };

export function validateQuestionnaire(input: unknown): ValidationResult {
  // Text the database cannot store (a NUL) or that is not text at all is refused first, with
  // where it is: otherwise it passes the schema and fails only when the version is recorded.
  const unstorable = textProblems(input);
  if (unstorable.length > 0) return { ok: false, errors: unstorable };
  const parsed = QuestionnaireSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: dedupe(parsed.error.issues.flatMap((issue) => describeIssue(issue, input))),
    };
  }
  const errors = checkSemantics(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, questionnaire: parsed.data };
}

/**
 * Every problem at once: the schema's errors and, even when there are some, the rules over the
 * whole document, judged on the parts that did pass the schema (each question that parses on
 * its own, under placeholders for fields that failed). `validateQuestionnaire` stops at the
 * schema, so fixing its errors could reveal a second layer; an author fixing a draft or an
 * imported spreadsheet gets one list (docs/decisions/231-problems-all-at-once.md). A rule that
 * would only complain about a question the schema refused (a condition on it, a duplicate of
 * its id) stays quiet: that question's own errors come first.
 */
export function validateAll(input: unknown): ValidationResult {
  const first = validateQuestionnaire(input);
  if (first.ok || !isRecord(input)) return first;
  // Unstorable text is reported alone: the rest of the document may not even be text.
  if (textProblems(input).length > 0) return first;
  const partial = partialQuestionnaire(input);
  const extra = checkSemantics(partial.questionnaire)
    .filter((error) => !partial.refused.some((id) => error.message.includes(`"${id}"`)))
    .map((error) => ({ path: partial.toInput(error.path), message: partial.remap(error.message) }));
  return { ok: false, errors: dedupe([...first.errors, ...extra]) };
}

type Partial = {
  questionnaire: Questionnaire;
  /** Ids of questions the schema refused, so rules about them are not reported twice. */
  refused: string[];
  /** A path in the partial questionnaire → the same place in the input. */
  toInput: (path: string) => string;
  remap: (message: string) => string;
};

function partialQuestionnaire(input: Record<string, unknown>): Partial {
  const refused: string[] = [];
  // positions[s][j] is the input index of the partial questionnaire's question j in section s.
  const positions: number[][] = [];
  const sectionPositions: number[] = [];
  const sections: Questionnaire["sections"] = [];
  const rawSections = Array.isArray(input.sections) ? input.sections : [];
  rawSections.forEach((raw, sectionIndex) => {
    if (!isRecord(raw)) return;
    const questions: Question[] = [];
    const kept: number[] = [];
    (Array.isArray(raw.questions) ? raw.questions : []).forEach((rawQuestion, index) => {
      const parsed = QuestionSchema.safeParse(rawQuestion);
      if (parsed.success) {
        questions.push(parsed.data);
        kept.push(index);
      } else if (isRecord(rawQuestion) && typeof rawQuestion.id === "string") {
        refused.push(rawQuestion.id);
      }
    });
    const id = IdSchema.safeParse(raw.id);
    const weight = z.number().int().min(1).max(5).safeParse(raw.weight);
    sections.push({
      // A placeholder no author can write (ids are lower-case words), so it never collides.
      id: id.success ? id.data : `\u0000section-${sectionIndex}`,
      title: typeof raw.title === "string" ? raw.title : "",
      weight: weight.success ? weight.data : 1,
      questions,
    });
    positions.push(kept);
    sectionPositions.push(sectionIndex);
  });
  const thresholds = ThresholdsSchema.safeParse(input.thresholds ?? DEFAULT_THRESHOLDS);
  const questionnaire = {
    slug: "partial",
    version: "0.0.0",
    title: "partial",
    description: "partial",
    audience: "any",
    changelog: "partial",
    // Thresholds that fail the schema are reported there; their order is judged only when
    // each one is a valid number.
    thresholds: thresholds.success ? thresholds.data : { ...DEFAULT_THRESHOLDS },
    sections,
  } satisfies Questionnaire;
  const toInput = (path: string): string =>
    path.replace(
      /^sections\[(\d+)\](?:\.questions\[(\d+)\])?/,
      (_match, section: string, question?: string) => {
        const s = Number(section);
        const at = `sections[${sectionPositions[s] ?? s}]`;
        return question === undefined
          ? at
          : `${at}.questions[${positions[s]?.[Number(question)] ?? question}]`;
      },
    );
  const remap = (message: string): string =>
    message.replace(/sections\[\d+\](?:\.questions\[\d+\])?/g, (match) => toInput(match));
  return { questionnaire, refused, toInput, remap };
}

/**
 * What makes a string impossible to store, or null: a NUL (PostgreSQL stores neither text nor
 * JSON with one) or a lone surrogate (half of a character: not Unicode, refused in JSON).
 * Other control characters are text that round-trips, and stay allowed.
 */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000"))
    return "contains a NUL character (U+0000), which cannot be stored; remove it";
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
    return "contains a broken character (half of a UTF-16 surrogate pair), which cannot be stored; retype that text";
  return null;
}

function textProblems(input: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const visit = (value: unknown, path: PathSegment[]) => {
    if (errors.length >= 20) return;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) errors.push({ path: formatPath(path), message: problem });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const problem = textProblem(key);
        if (problem) errors.push({ path: formatPath(path), message: `a field name ${problem}` });
        else visit(item, [...path, key]);
      }
    }
  };
  visit(input, []);
  return errors;
}

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return segments;
}

function dedupe(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------
// zod issues → author-facing messages

// zod's built-in messages ("Required", "Expected string, received number", "Array must …")
// speak TypeScript; messages written in schema.ts are already meant for authors.
const ZOD_DEFAULT_MESSAGE =
  /^(Required|Invalid input|Invalid literal value|Expected |Array must|String must|Number must|Invalid enum value|Invalid discriminator value|Unrecognized key)/;

function describeIssue(issue: z.ZodIssue, input: unknown): ValidationError[] {
  const path = issue.path;
  const at = formatPath(path);
  const custom = !ZOD_DEFAULT_MESSAGE.test(issue.message);
  switch (issue.code) {
    case z.ZodIssueCode.invalid_union:
      return describeUnion(issue, input);
    case z.ZodIssueCode.invalid_union_discriminator: {
      const value = valueAt(input, path);
      const types = QUESTION_TYPES.join(", ");
      return [
        {
          path: at,
          message:
            value === undefined
              ? `missing: every question needs a type, one of ${types}`
              : `unknown question type ${show(value)}; use one of ${types}`,
        },
      ];
    }
    case z.ZodIssueCode.unrecognized_keys:
      // zod reports a condition with two forms as the first form plus an unknown key.
      if (isConditionPath(path)) return [describeConditionShape(path, input)];
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: unknownKeyMessage(key, path, input),
      }));
    case z.ZodIssueCode.invalid_type: {
      if (custom) return [{ path: at, message: issue.message }];
      if (issue.received === "undefined") {
        return [
          {
            path: at,
            message: `missing: this field is required (it takes ${typeLabel(issue.expected)})`,
          },
        ];
      }
      const value = valueAt(input, path);
      // YAML reads 1.0, yes and 2024-01-01-like words as non-text unless quoted.
      const hint =
        issue.expected === "string" && (typeof value === "number" || typeof value === "boolean")
          ? "; put the value in quotes"
          : "";
      return [
        {
          path: at,
          message: `expected ${typeLabel(issue.expected)}, but found ${typeLabel(issue.received)}${hint}`,
        },
      ];
    }
    case z.ZodIssueCode.invalid_literal:
      return [{ path: at, message: `must be ${show(issue.expected)}` }];
    case z.ZodIssueCode.invalid_enum_value:
      return [
        {
          path: at,
          message: `${show(issue.received)} is not allowed here; use one of ${issue.options.join(", ")}`,
        },
      ];
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big: {
      if (custom) return [{ path: at, message: issue.message }];
      return [{ path: at, message: sizeMessage(issue) }];
    }
    case z.ZodIssueCode.invalid_string: {
      // A reference that fails the shape check gets the specific reason (unknown framework…).
      const value = valueAt(input, path);
      const problem =
        path.includes("references") && typeof value === "string"
          ? referenceProblem(value)
          : undefined;
      return [{ path: at, message: problem ?? issue.message }];
    }
    default:
      return [{ path: at, message: issue.message }];
  }
}

const CONDITION_FORMS = ["equals", "oneOf", "not", "all", "any"];

// The only unions in the schema are conditions and condition values. Report the branch the
// author evidently meant (the one whose problems are all inside it); otherwise say what the
// forms are.
function describeUnion(issue: z.ZodInvalidUnionIssue, input: unknown): ValidationError[] {
  const depth = issue.path.length;
  const meant = issue.unionErrors.find((error) =>
    error.issues.every((inner) => inner.path.length > depth),
  );
  if (meant) return meant.issues.flatMap((inner) => describeIssue(inner, input));
  const value = valueAt(input, issue.path);
  const at = formatPath(issue.path);
  if (issue.path.at(-1) === "value" || issue.path.at(-2) === "values") {
    return [
      {
        path: at,
        message: `expected an option value or a maturity level number, but found ${typeLabel(typeOf(value))}`,
      },
    ];
  }
  return [describeConditionShape(issue.path, input)];
}

// Where a condition node sits: showIf itself, under not, or an item of all/any — not the
// `{question, value}` mapping inside equals/oneOf.
function isConditionPath(path: readonly PathSegment[]): boolean {
  const last = path.at(-1);
  return path.includes("showIf") && last !== "equals" && last !== "oneOf";
}

function describeConditionShape(path: readonly PathSegment[], input: unknown): ValidationError {
  const value = valueAt(input, path);
  const at = formatPath(path);
  const forms = CONDITION_FORMS.join(", ");
  if (!isRecord(value))
    return { path: at, message: `a condition is a mapping with one of ${forms}` };
  const keys = Object.keys(value);
  const unknown = keys.find((key) => !CONDITION_FORMS.includes(key));
  if (unknown !== undefined) {
    const suggestion = closest(unknown, CONDITION_FORMS);
    return {
      path: formatPath([...path, unknown]),
      message: `unknown condition ${show(unknown)}${suggestion ? ` (did you mean ${show(suggestion)}?)` : ""}; a condition is one of ${forms}`,
    };
  }
  if (keys.length === 0) return { path: at, message: `empty condition; use one of ${forms}` };
  return {
    path: at,
    message: `a condition has exactly one of ${forms}, but this one has ${keys.join(" and ")}; combine them with all or any`,
  };
}

function sizeMessage(issue: z.ZodTooSmallIssue | z.ZodTooBigIssue): string {
  const small = issue.code === z.ZodIssueCode.too_small;
  const bound = small ? (issue as z.ZodTooSmallIssue).minimum : (issue as z.ZodTooBigIssue).maximum;
  const inclusive = issue.inclusive;
  switch (issue.type) {
    case "array":
      return issue.exact
        ? `needs exactly ${bound} item(s)`
        : `needs ${small ? "at least" : "at most"} ${bound} item(s)`;
    case "string":
      return small && Number(bound) === 1
        ? "must not be empty"
        : `must be ${small ? "at least" : "at most"} ${bound} characters`;
    default:
      return `must be ${small ? (inclusive ? "at least" : "more than") : inclusive ? "at most" : "less than"} ${bound}`;
  }
}

function unknownKeyMessage(key: string, path: readonly PathSegment[], input: unknown): string {
  const inTest = { equals: ["question", "value"], oneOf: ["question", "values"] }[
    String(path.at(-1))
  ];
  const allowed = path.includes("showIf") && inTest ? inTest : allowedKeysAt(path, input);
  if (!allowed) return `unknown field ${show(key)}`;
  const suggestion = closest(key, allowed);
  const target = valueAt(input, path);
  const owner =
    isRecord(target) && typeof target.type === "string" && path.at(-2) === "questions"
      ? ` for a ${target.type} question`
      : "";
  return `unknown field ${show(key)}${suggestion ? ` (did you mean ${show(suggestion)}?)` : ""}; allowed here${owner}: ${allowed.join(", ")}`;
}

// Walks the zod schema along the path (choosing the question variant by its `type`) to list
// the fields an object may have, so an unknown-field message can say what is allowed.
function allowedKeysAt(path: readonly PathSegment[], input: unknown): string[] | undefined {
  let schema: z.ZodTypeAny | undefined = QuestionnaireSchema;
  let value: unknown = input;
  for (const segment of [...path, undefined]) {
    schema = unwrap(schema, value);
    if (segment === undefined) break;
    if (schema instanceof z.ZodObject && typeof segment === "string") {
      schema = (schema.shape as Record<string, z.ZodTypeAny>)[segment];
    } else if (schema instanceof z.ZodArray && typeof segment === "number") {
      schema = schema.element as z.ZodTypeAny;
    } else {
      return undefined;
    }
    value =
      isRecord(value) || Array.isArray(value)
        ? (value as Record<PathSegment, unknown>)[segment]
        : undefined;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : undefined;
}

function unwrap(schema: z.ZodTypeAny | undefined, value: unknown): z.ZodTypeAny | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodEffects) current = current.innerType();
    else if (current instanceof z.ZodDefault) current = current.removeDefault();
    else if (current instanceof z.ZodOptional) current = current.unwrap();
    else if (current instanceof z.ZodLazy) current = current.schema;
    else if (current instanceof z.ZodDiscriminatedUnion) {
      const type = isRecord(value) ? value[current.discriminator] : undefined;
      current = current.optionsMap.get(type as z.Primitive);
      if (!current) return undefined;
    } else return current;
  }
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function typeLabel(type: string): string {
  const labels: Record<string, string> = {
    string: "text",
    number: "a number",
    integer: "a whole number",
    float: "a decimal number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping of fields",
    null: "an empty value",
    undefined: "nothing",
  };
  return labels[type] ?? type;
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** The candidate nearest to `word` by edit distance, if it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))
    ? best
    : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

// ---------------------------------------------------------------------------------------
// Rules over the whole document

function checkSemantics(questionnaire: Questionnaire): ValidationError[] {
  const errors: ValidationError[] = [];
  const report = (path: string, message: string) => errors.push({ path, message });

  checkThresholds(questionnaire, report);
  checkUniqueIds(questionnaire, report);
  const entries = listQuestions(questionnaire);
  const byId = new Map<string, QuestionEntry>();
  for (const entry of entries) if (!byId.has(entry.question.id)) byId.set(entry.question.id, entry);
  for (const entry of entries) {
    checkScoring(entry, report);
    if (entry.question.showIf)
      checkCondition(entry.question.showIf, `${entry.path}.showIf`, byId, report);
  }
  checkCycles(entries, byId, report);
  return errors;
}

type Report = (path: string, message: string) => void;

function checkThresholds({ thresholds }: Questionnaire, report: Report): void {
  if (thresholds.medium >= thresholds.low) {
    report(
      "thresholds.medium",
      `thresholds fall from low to high: medium (${thresholds.medium}) must be below low (${thresholds.low})`,
    );
  }
  if (thresholds.high >= thresholds.medium) {
    report(
      "thresholds.high",
      `thresholds fall from low to high: high (${thresholds.high}) must be below medium (${thresholds.medium})`,
    );
  }
}

function checkUniqueIds(questionnaire: Questionnaire, report: Report): void {
  const sections = new Map<string, number>();
  questionnaire.sections.forEach((section, index) => {
    const first = sections.get(section.id);
    if (first === undefined) sections.set(section.id, index);
    else
      report(
        `sections[${index}].id`,
        `duplicate section id "${section.id}": sections[${first}] already uses it; section ids must be unique`,
      );
  });
  const questions = new Map<string, string>();
  for (const { question, path } of listQuestions(questionnaire)) {
    const first = questions.get(question.id);
    if (first === undefined) questions.set(question.id, path);
    else {
      report(
        `${path}.id`,
        `duplicate question id "${question.id}": ${first} already uses it; question ids must be unique across the questionnaire, because answers are stored by question id`,
      );
    }
    if (isChoiceQuestion(question)) {
      const values = new Map<string, number>();
      question.options.forEach((option, index) => {
        const firstOption = values.get(option.value);
        if (firstOption === undefined) values.set(option.value, index);
        else
          report(
            `${path}.options[${index}].value`,
            `duplicate option value "${option.value}": options[${firstOption}] already uses it`,
          );
      });
    }
  }
}

function checkScoring({ question, path }: QuestionEntry, report: Report): void {
  const scored = isScored(question);
  const name = `"${question.id}"`;
  switch (question.type) {
    case "yes_no": {
      for (const value of ["yes", "no"] as const) {
        if (!question.options.some((option) => option.value === value)) {
          report(
            `${path}.options`,
            `a yes/no question has exactly one "yes" and one "no" option; "${value}" is missing`,
          );
        }
      }
      checkOptions(question, path, scored, report);
      break;
    }
    case "single_choice":
    case "multiple_choice":
      checkOptions(question, path, scored, report);
      break;
    case "maturity":
      checkLevels(question.levels, path, scored, question.id, report);
      break;
    case "number":
      if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
        report(
          `${path}.max`,
          `max (${question.max}) is below min (${question.min}), so no answer would be accepted`,
        );
      }
      checkBands(question, path, scored, report);
      break;
    case "date":
      checkBands(question, path, scored, report);
      break;
    default:
      if (question.weight > 0 && !question.scoredOnPresence) {
        report(
          `${path}.weight`,
          `a ${QUESTION_TYPE_LABELS[question.type]} answer is unscored unless scoredOnPresence is true; set scoredOnPresence: true, or weight 0`,
        );
      }
      if (question.weight === 0 && question.scoredOnPresence) {
        report(
          `${path}.scoredOnPresence`,
          `has no effect while the weight is 0; give ${name} a weight from 1 to 5, or remove scoredOnPresence`,
        );
      }
  }
}

type Outcome = { credit?: number; knockout: boolean; finding?: Finding };

// Knockouts and findings apply to options, maturity levels and bands alike.
function checkOutcome(
  outcome: Outcome,
  path: string,
  scored: boolean,
  questionId: string,
  report: Report,
): void {
  if (!scored) {
    if (outcome.knockout) {
      report(
        `${path}.knockout`,
        `a knockout only works on a scored question; give "${questionId}" a weight from 1 to 5, or remove the knockout`,
      );
    }
    if (outcome.finding) {
      report(
        `${path}.finding`,
        `findings only open on scored questions; give "${questionId}" a weight from 1 to 5, or remove the finding`,
      );
    }
    return;
  }
  if (outcome.knockout && !outcome.finding) {
    report(
      `${path}.finding`,
      "missing: a knockout opens a critical finding, so add a finding with severity critical, a title and remediation",
    );
  } else if (outcome.knockout && outcome.finding && outcome.finding.severity !== "critical") {
    report(
      `${path}.finding.severity`,
      `a knockout's finding must be critical (found ${outcome.finding.severity}); set severity: critical, or remove the knockout`,
    );
  }
}

function checkOptions(
  question: Question & { options: readonly ChoiceOption[] },
  path: string,
  scored: boolean,
  report: Report,
): void {
  let complete = true;
  question.options.forEach((option, index) => {
    const optionPath = `${path}.options[${index}]`;
    if (scored && option.credit === undefined) {
      complete = false;
      report(
        `${optionPath}.credit`,
        `missing: "${question.id}" is scored (weight ${question.weight}), so every option needs a credit from 0 to 1`,
      );
    }
    checkOutcome(option, optionPath, scored, question.id, report);
  });
  if (!scored || !complete || question.options.length === 0) return;
  const credits = question.options.map((option) => option.credit ?? 0);
  let best = Math.max(...credits);
  if (question.type === "multiple_choice") {
    const combinable = question.options
      .filter((option) => !option.exclusive)
      .reduce((sum, option) => sum + (option.credit ?? 0), 0);
    const exclusive = question.options
      .filter((option) => option.exclusive)
      .map((option) => option.credit ?? 0);
    best = Math.max(Math.min(1, combinable), ...exclusive);
  }
  if (best < 1) {
    report(
      `${path}.options`,
      `no answer earns full credit (the best earns ${round(best)}); give the best answer credit 1, so a vendor can score 100`,
    );
  }
}

function checkLevels(
  levels: readonly MaturityLevel[],
  path: string,
  scored: boolean,
  questionId: string,
  report: Report,
): void {
  const ordered = levels.every((level, index) => level.level === index);
  if (!ordered) {
    report(
      `${path}.levels`,
      `list the levels in order 0, 1, 2, 3 (found ${levels.map((level) => level.level).join(", ")})`,
    );
  }
  levels.forEach((level, index) =>
    checkOutcome(level, `${path}.levels[${index}]`, scored, questionId, report),
  );
  if (!ordered || !scored) return;
  for (let index = 1; index < levels.length; index++) {
    const previous = levels[index - 1]!;
    const current = levels[index]!;
    if (current.credit < previous.credit) {
      report(
        `${path}.levels[${index}].credit`,
        `level ${current.level} earns less credit (${round(current.credit)}) than level ${previous.level} (${round(previous.credit)}); credit must not fall as maturity rises`,
      );
    }
  }
  const best = Math.max(...levels.map((level) => level.credit));
  if (best < 1) {
    report(
      `${path}.levels`,
      `no answer earns full credit (the best earns ${round(best)}); give the best level credit 1, so a vendor can score 100`,
    );
  }
}

type Interval = { lo: number; hi: number };

function checkBands(
  question: Question & { type: "number" | "date"; bands: readonly Band[] },
  path: string,
  scored: boolean,
  report: Report,
): void {
  const isDate = question.type === "date";
  if (scored && question.bands.length === 0) {
    report(
      `${path}.bands`,
      `"${question.id}" is scored (weight ${question.weight}) but has no bands, so every answer would earn 0; add bands, or set weight 0`,
    );
    return;
  }
  // Dates are scored on their age in whole days, so both use whole-number arithmetic.
  const integer = isDate || (question.type === "number" && question.integer);
  // An impossible min/max is reported on its own; judging bands against it would only add noise.
  const domain: Interval =
    question.type === "number" &&
    !(question.min !== undefined && question.max !== undefined && question.min > question.max)
      ? { lo: question.min ?? -Infinity, hi: question.max ?? Infinity }
      : { lo: -Infinity, hi: Infinity };
  const earlier: Interval[] = [];
  question.bands.forEach((band, index) => {
    const bandPath = `${path}.bands[${index}]`;
    checkOutcome(band, bandPath, scored, question.id, report);
    const lo = band.min ?? -Infinity;
    const hi = band.max ?? Infinity;
    if (lo > hi) {
      report(`${bandPath}.max`, `max (${hi}) is below min (${lo}), so this band can never match`);
      return;
    }
    let interval: Interval = { lo: Math.max(lo, domain.lo), hi: Math.min(hi, domain.hi) };
    if (integer) interval = { lo: Math.ceil(interval.lo), hi: Math.floor(interval.hi) };
    if (interval.lo > interval.hi) {
      const reason =
        integer && lo <= domain.hi && hi >= domain.lo
          ? isDate
            ? "ages are whole days"
            : "answers are whole numbers"
          : `answers must be ${describeInterval(domain)}`;
      report(bandPath, `this band can never match: it contains no possible answer (${reason})`);
      return;
    }
    if (covers(earlier, interval, integer)) {
      report(
        bandPath,
        `this band can never match: earlier bands already match every ${isDate ? "age" : "answer"} it covers (${describeInterval(interval)}${isDate ? " days" : ""}); bands are tried in order and the first match wins`,
      );
    }
    earlier.push(interval);
  });
  if (!scored || question.bands.length === 0) return;
  const best = Math.max(...question.bands.map((band) => band.credit));
  if (best < 1) {
    report(
      `${path}.bands`,
      `no answer earns full credit (the best band earns ${round(best)}); give the best band credit 1, so a vendor can score 100`,
    );
  }
}

/** Whether the union of closed intervals covers every (whole, if `integer`) point of the target. */
function covers(intervals: readonly Interval[], target: Interval, integer: boolean): boolean {
  let need = target.lo;
  for (const interval of [...intervals].sort((a, b) => a.lo - b.lo)) {
    if (interval.hi < need) continue;
    if (interval.lo > need) return false;
    if (interval.hi >= target.hi) return true;
    need = integer ? interval.hi + 1 : interval.hi;
  }
  return false;
}

function describeInterval({ lo, hi }: Interval): string {
  if (lo === -Infinity && hi === Infinity) return "any value";
  if (lo === -Infinity) return `up to ${hi}`;
  if (hi === Infinity) return `${lo} or more`;
  return lo === hi ? `exactly ${lo}` : `from ${lo} to ${hi}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function checkCondition(
  condition: Condition,
  path: string,
  byId: Map<string, QuestionEntry>,
  report: Report,
): void {
  if ("equals" in condition) {
    checkTest(
      condition.equals.question,
      [[condition.equals.value, `${path}.equals.value`]],
      `${path}.equals`,
      byId,
      report,
    );
  } else if ("oneOf" in condition) {
    const values = condition.oneOf.values.map(
      (value, index) => [value, `${path}.oneOf.values[${index}]`] as const,
    );
    checkTest(condition.oneOf.question, values, `${path}.oneOf`, byId, report);
  } else if ("not" in condition) {
    checkCondition(condition.not, `${path}.not`, byId, report);
  } else if ("all" in condition) {
    condition.all.forEach((part, index) =>
      checkCondition(part, `${path}.all[${index}]`, byId, report),
    );
  } else {
    condition.any.forEach((part, index) =>
      checkCondition(part, `${path}.any[${index}]`, byId, report),
    );
  }
}

function checkTest(
  questionId: string,
  values: ReadonlyArray<readonly [string | number, string]>,
  path: string,
  byId: Map<string, QuestionEntry>,
  report: Report,
): void {
  const target = byId.get(questionId)?.question;
  if (!target) {
    const suggestion = closest(questionId, [...byId.keys()]);
    report(
      `${path}.question`,
      `no question has the id "${questionId}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`,
    );
    return;
  }
  if (!isConditionable(target)) {
    report(
      `${path}.question`,
      `conditions can test yes/no, single choice, multiple choice and maturity questions; "${questionId}" is a ${QUESTION_TYPE_LABELS[target.type]} question`,
    );
    return;
  }
  for (const [value, valuePath] of values) {
    if (target.type === "maturity") {
      if (typeof value !== "number" || value < 0 || value > 3) {
        report(
          valuePath,
          `"${questionId}" is a maturity question: use a level number 0, 1, 2 or 3 (without quotes)`,
        );
      }
    } else if (!target.options.some((option) => option.value === value)) {
      report(
        valuePath,
        `${show(value)} is not an option of "${questionId}"; its options are ${target.options.map((option) => option.value).join(", ")}`,
      );
    }
  }
}

function checkCycles(
  entries: readonly QuestionEntry[],
  byId: Map<string, QuestionEntry>,
  report: Report,
): void {
  const dependsOn = new Map<string, string[]>();
  for (const { question } of entries) {
    const targets = question.showIf
      ? conditionQuestionIds(question.showIf).filter((id) => byId.has(id))
      : [];
    dependsOn.set(question.id, targets);
  }
  const reported = new Set<string>();
  // Depth-first search; a back edge to a question on the current stack closes a cycle.
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  for (const { question } of entries) visit(question.id);

  function visit(id: string): void {
    if (state.get(id) === "done") return;
    state.set(id, "active");
    stack.push(id);
    for (const next of dependsOn.get(id) ?? []) {
      if (state.get(next) === "active") {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(" ");
        if (!reported.has(key)) {
          reported.add(key);
          // Report at the member that comes first in the file, the one an author reads first.
          const first = entries.find((entry) => cycle.includes(entry.question.id))!;
          const start = cycle.indexOf(first.question.id);
          const ordered = [...cycle.slice(start), ...cycle.slice(0, start), first.question.id];
          report(
            `${first.path}.showIf`,
            `conditions go round in a circle: ${ordered.map((member) => `"${member}"`).join(" → ")}` +
              " (each is shown depending on the next); a question cannot depend on its own answer",
          );
        }
      } else if (state.get(next) !== "done") {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, "done");
  }
}
