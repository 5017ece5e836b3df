// The diff between two versions of one questionnaire, and the semantic-version bump it needs
// (docs/questionnaire-format.md, "Versions"). Items are matched by id — sections by id, questions
// by id wherever they sit, options by value, maturity levels by number — because ids are
// what answers are stored against (docs/design.md, invariant 3).
//
// Every change carries the bump it needs and why:
// - patch: wording only — titles, text, help, labels, level descriptions, finding wording,
//   references, the changelog, and the order things are shown in;
// - minor: anything that changes a score, a tier, a finding or what a vendor is asked —
//   questions, sections or options added; weights, credits, bands, knockouts, findings'
//   presence or severity, thresholds; conditions; required / N/A / evidence; number limits;
//   a question moving to another section (its points move with it);
// - major: anything that stops earlier answers carrying forward or comparing —
//   a question or section removed, an option removed (answers that chose it have no
//   meaning any more), a question's type changed or a number's unit changed (the id is
//   repurposed: an answer in the old form means something else in the new one).
// See docs/decisions/012-version-bump-rules.md.
import { canonicalJson } from "./canonical-json";
import { explainCondition } from "./conditions";
import { getOptions, isChoiceQuestion, listQuestions, type QuestionEntry } from "./model";
import {
  type Band,
  type ChoiceOption,
  type Finding,
  type MaturityLevel,
  type Question,
  type Questionnaire,
  type Section,
} from "./definition";
import { type ValidationError } from "./validate";

export type Bump = "patch" | "minor" | "major";
export const BUMPS: readonly Bump[] = ["patch", "minor", "major"];

export type DisplayValue = string | number | boolean | readonly string[] | null;

export type Change = {
  /** What inside the item changed, e.g. `option "opt-out"` or `band 2`; "" for the item itself. */
  target: string;
  /** What about it changed, e.g. "weight", "credit", "option added". */
  aspect: string;
  /**
   * Where it is in the newer file. Removed options and bands point at the list they were in;
   * removed questions and sections (in summaries) at where they were in the older file.
   */
  path: string;
  from?: DisplayValue;
  to?: DisplayValue;
  bump: Bump;
  /** Why this change needs that bump, in a few words. */
  reason: string;
};

export type SectionSummary = { id: string; title: string; path: string };
export type SectionChange = SectionSummary & { changes: Change[] };
export type QuestionSummary = { id: string; sectionId: string; text: string; path: string };
export type QuestionChange = QuestionSummary & { changes: Change[] };

export type VersionDiff = {
  slug: string;
  from: string;
  to: string;
  /** Title, description, changelog, audience, thresholds, section order. */
  questionnaire: Change[];
  sections: { added: SectionSummary[]; removed: SectionSummary[]; changed: SectionChange[] };
  questions: { added: QuestionSummary[]; removed: QuestionSummary[]; changed: QuestionChange[] };
};

const WORDING = "wording only";
const ORDER = "presentation order only";
const SCORING = "changes scoring";
const SHOWN = "changes which questions are shown";
const ASKED = "changes what a vendor must provide";
const NEW_ANSWER = "adds a possible answer";
const ACCEPTED = "changes which answers are accepted";
const LOST_ANSWER = "answers that chose it cannot carry forward";
const REPURPOSED = "repurposes the question: earlier answers cannot carry forward";

export function diffVersions(from: Questionnaire, to: Questionnaire): VersionDiff {
  const diff: VersionDiff = {
    slug: to.slug,
    from: from.version,
    to: to.version,
    questionnaire: [],
    sections: { added: [], removed: [], changed: [] },
    questions: { added: [], removed: [], changed: [] },
  };

  const top = new ChangeList();
  top.compare("", "title", "title", from.title, to.title, "patch", WORDING);
  top.compare("", "description", "description", from.description, to.description, "patch", WORDING);
  // Every version has its own changelog line; it is listed so the diff misses nothing the
  // content hash covers, and needs no more than the bump any new version makes.
  top.compare("", "changelog", "changelog", from.changelog, to.changelog, "patch", WORDING);
  top.compare(
    "",
    "audience",
    "audience",
    from.audience,
    to.audience,
    "minor",
    "changes who the questionnaire is for",
  );
  for (const key of ["low", "medium", "high"] as const) {
    top.compare(
      "",
      `${key} threshold`,
      `thresholds.${key}`,
      from.thresholds[key],
      to.thresholds[key],
      "minor",
      "changes tiers",
    );
  }
  const oldSectionIds = from.sections.map((section) => section.id);
  const newSectionIds = to.sections.map((section) => section.id);
  if (!sameOrder(oldSectionIds, newSectionIds)) {
    top.add({
      target: "",
      aspect: "section order",
      path: "sections",
      from: oldSectionIds,
      to: newSectionIds,
      bump: "patch",
      reason: ORDER,
    });
  }
  diff.questionnaire = top.changes;

  from.sections.forEach((section, index) => {
    if (!to.sections.some((candidate) => candidate.id === section.id)) {
      diff.sections.removed.push(sectionSummary(section, `sections[${index}]`));
    }
  });
  to.sections.forEach((section, index) => {
    const path = `sections[${index}]`;
    const old = from.sections.find((candidate) => candidate.id === section.id);
    if (!old) {
      diff.sections.added.push(sectionSummary(section, path));
      return;
    }
    const changes = diffSection(old, section, path);
    if (changes.length > 0)
      diff.sections.changed.push({ ...sectionSummary(section, path), changes });
  });

  const oldQuestions = new Map(listQuestions(from).map((entry) => [entry.question.id, entry]));
  const newQuestions = new Map(listQuestions(to).map((entry) => [entry.question.id, entry]));
  for (const entry of oldQuestions.values()) {
    if (!newQuestions.has(entry.question.id)) diff.questions.removed.push(questionSummary(entry));
  }
  for (const entry of newQuestions.values()) {
    const old = oldQuestions.get(entry.question.id);
    if (!old) {
      diff.questions.added.push(questionSummary(entry));
      continue;
    }
    const changes = diffQuestion(old, entry, from, to);
    if (changes.length > 0) diff.questions.changed.push({ ...questionSummary(entry), changes });
  }
  return diff;
}

function sectionSummary(section: Section, path: string): SectionSummary {
  return { id: section.id, title: section.title, path };
}

function questionSummary(entry: QuestionEntry): QuestionSummary {
  return {
    id: entry.question.id,
    sectionId: entry.section.id,
    text: entry.question.text,
    path: entry.path,
  };
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  const common = a.filter((id) => b.includes(id));
  const commonInB = b.filter((id) => a.includes(id));
  return common.every((id, index) => commonInB[index] === id);
}

class ChangeList {
  readonly changes: Change[] = [];

  add(change: Change): void {
    this.changes.push(change);
  }

  compare(
    target: string,
    aspect: string,
    path: string,
    from: DisplayValue | undefined,
    to: DisplayValue | undefined,
    bump: Bump,
    reason: string,
  ): void {
    if (canonicalJson(from ?? null) === canonicalJson(to ?? null)) return;
    this.add({ target, aspect, path, from: from ?? null, to: to ?? null, bump, reason });
  }
}

function diffSection(from: Section, to: Section, path: string): Change[] {
  const list = new ChangeList();
  list.compare("", "title", `${path}.title`, from.title, to.title, "patch", WORDING);
  list.compare(
    "",
    "description",
    `${path}.description`,
    from.description,
    to.description,
    "patch",
    WORDING,
  );
  list.compare("", "weight", `${path}.weight`, from.weight, to.weight, "minor", SCORING);
  const oldIds = from.questions.map((question) => question.id);
  const newIds = to.questions.map((question) => question.id);
  if (!sameOrder(oldIds, newIds)) {
    list.add({
      target: "",
      aspect: "question order",
      path: `${path}.questions`,
      from: oldIds,
      to: newIds,
      bump: "patch",
      reason: ORDER,
    });
  }
  return list.changes;
}

function diffQuestion(
  fromEntry: QuestionEntry,
  toEntry: QuestionEntry,
  fromQ: Questionnaire,
  toQ: Questionnaire,
): Change[] {
  const a = fromEntry.question;
  const b = toEntry.question;
  const path = toEntry.path;
  const list = new ChangeList();
  list.compare(
    "",
    "section",
    path,
    fromEntry.section.id,
    toEntry.section.id,
    "minor",
    "moves its points to another section",
  );
  list.compare("", "type", `${path}.type`, a.type, b.type, "major", REPURPOSED);
  list.compare("", "text", `${path}.text`, a.text, b.text, "patch", WORDING);
  list.compare("", "help", `${path}.help`, a.help, b.help, "patch", WORDING);
  list.compare(
    "",
    "references",
    `${path}.references`,
    a.references,
    b.references,
    "patch",
    "references only",
  );
  list.compare("", "required", `${path}.required`, a.required, b.required, "minor", ASKED);
  list.compare(
    "",
    "N/A allowed",
    `${path}.allowNA`,
    a.allowNA,
    b.allowNA,
    "minor",
    "changes which questions can drop out of the score",
  );
  list.compare("", "evidence", `${path}.evidence`, evidenceOf(a), evidenceOf(b), "minor", ASKED);
  list.compare("", "weight", `${path}.weight`, a.weight, b.weight, "minor", SCORING);
  if (canonicalJson(a.showIf ?? null) !== canonicalJson(b.showIf ?? null)) {
    list.add({
      target: "",
      aspect: "show-if condition",
      path: `${path}.showIf`,
      from: a.showIf ? explainCondition(a.showIf, fromQ) : "always shown",
      to: b.showIf ? explainCondition(b.showIf, toQ) : "always shown",
      bump: "minor",
      reason: SHOWN,
    });
  }
  // A new type makes option-by-option comparison meaningless; the type change says it all.
  if (a.type !== b.type) return list.changes;

  if (isChoiceQuestion(a) && isChoiceQuestion(b))
    diffOptions(getOptions(a), getOptions(b), path, list);
  if (a.type === "maturity" && b.type === "maturity") diffLevels(a.levels, b.levels, path, list);
  if (a.type === "number" && b.type === "number") {
    list.compare(
      "",
      "unit",
      `${path}.unit`,
      a.unit,
      b.unit,
      "major",
      "changes what the number means: earlier answers cannot carry forward",
    );
    list.compare("", "minimum", `${path}.min`, a.min, b.min, "minor", ACCEPTED);
    list.compare("", "maximum", `${path}.max`, a.max, b.max, "minor", ACCEPTED);
    list.compare(
      "",
      "whole numbers only",
      `${path}.integer`,
      a.integer,
      b.integer,
      "minor",
      ACCEPTED,
    );
  }
  if ((a.type === "number" || a.type === "date") && (b.type === "number" || b.type === "date")) {
    diffBands(a.bands, b.bands, path, list);
  }
  if ("scoredOnPresence" in a && "scoredOnPresence" in b) {
    list.compare(
      "",
      "scored on presence",
      `${path}.scoredOnPresence`,
      a.scoredOnPresence,
      b.scoredOnPresence,
      "minor",
      SCORING,
    );
  }
  return list.changes;
}

function evidenceOf(question: Question): string {
  return "evidence" in question ? question.evidence : "none";
}

function diffOptions(
  from: readonly ChoiceOption[],
  to: readonly ChoiceOption[],
  path: string,
  list: ChangeList,
): void {
  from.forEach((option) => {
    if (!to.some((candidate) => candidate.value === option.value)) {
      list.add({
        target: `option "${option.value}"`,
        aspect: "option removed",
        path: `${path}.options`,
        from: option.label,
        bump: "major",
        reason: LOST_ANSWER,
      });
    }
  });
  to.forEach((option, index) => {
    const optionPath = `${path}.options[${index}]`;
    const target = `option "${option.value}"`;
    const old = from.find((candidate) => candidate.value === option.value);
    if (!old) {
      list.add({
        target,
        aspect: "option added",
        path: optionPath,
        to: option.label,
        bump: "minor",
        reason: NEW_ANSWER,
      });
      return;
    }
    list.compare(target, "label", `${optionPath}.label`, old.label, option.label, "patch", WORDING);
    list.compare(target, "help", `${optionPath}.help`, old.help, option.help, "patch", WORDING);
    list.compare(
      target,
      "credit",
      `${optionPath}.credit`,
      old.credit,
      option.credit,
      "minor",
      SCORING,
    );
    list.compare(
      target,
      "knockout",
      `${optionPath}.knockout`,
      old.knockout,
      option.knockout,
      "minor",
      SCORING,
    );
    list.compare(
      target,
      "exclusive",
      `${optionPath}.exclusive`,
      exclusiveOf(old),
      exclusiveOf(option),
      "minor",
      ACCEPTED,
    );
    diffFinding(old.finding, option.finding, target, `${optionPath}.finding`, list);
  });
  const oldOrder = from.map((option) => option.value);
  const newOrder = to.map((option) => option.value);
  if (!sameOrder(oldOrder, newOrder)) {
    list.add({
      target: "",
      aspect: "option order",
      path: `${path}.options`,
      from: oldOrder,
      to: newOrder,
      bump: "patch",
      reason: ORDER,
    });
  }
}

function exclusiveOf(option: ChoiceOption): boolean {
  return "exclusive" in option ? option.exclusive : false;
}

function roundCredit(credit: number | undefined): number | undefined {
  return credit === undefined ? undefined : Math.round(credit * 10000) / 10000;
}

function diffLevels(
  from: readonly MaturityLevel[],
  to: readonly MaturityLevel[],
  path: string,
  list: ChangeList,
): void {
  // Validation keeps levels 0–3 in both versions; these two cases only keep the diff honest
  // about objects that skipped it.
  for (const level of from) {
    if (!to.some((candidate) => candidate.level === level.level)) {
      list.add({
        target: `level ${level.level}`,
        aspect: "level removed",
        path: `${path}.levels`,
        from: level.description,
        bump: "major",
        reason: LOST_ANSWER,
      });
    }
  }
  to.forEach((level, index) => {
    const old = from.find((candidate) => candidate.level === level.level);
    const levelPath = `${path}.levels[${index}]`;
    const target = `level ${level.level}`;
    if (!old) {
      list.add({
        target,
        aspect: "level added",
        path: levelPath,
        to: level.description,
        bump: "minor",
        reason: NEW_ANSWER,
      });
      return;
    }
    list.compare(
      target,
      "description",
      `${levelPath}.description`,
      old.description,
      level.description,
      "patch",
      WORDING,
    );
    list.compare(
      target,
      "credit",
      `${levelPath}.credit`,
      old.credit,
      level.credit,
      "minor",
      SCORING,
    );
    list.compare(
      target,
      "knockout",
      `${levelPath}.knockout`,
      old.knockout,
      level.knockout,
      "minor",
      SCORING,
    );
    diffFinding(old.finding, level.finding, target, `${levelPath}.finding`, list);
  });
}

// Bands have no ids: they are compared by position, which is also how they are tried.
function diffBands(
  from: readonly Band[],
  to: readonly Band[],
  path: string,
  list: ChangeList,
): void {
  const length = Math.max(from.length, to.length);
  for (let index = 0; index < length; index++) {
    const old = from[index];
    const band = to[index];
    const target = `band ${index + 1}`;
    const bandPath = `${path}.bands[${index}]`;
    if (!old && band) {
      list.add({
        target,
        aspect: "band added",
        path: bandPath,
        to: describeBand(band),
        bump: "minor",
        reason: SCORING,
      });
    } else if (old && !band) {
      list.add({
        target,
        aspect: "band removed",
        path: `${path}.bands`,
        from: describeBand(old),
        bump: "minor",
        reason: SCORING,
      });
    } else if (old && band) {
      list.compare(
        target,
        "range",
        bandPath,
        describeRange(old),
        describeRange(band),
        "minor",
        SCORING,
      );
      list.compare(
        target,
        "credit",
        `${bandPath}.credit`,
        old.credit,
        band.credit,
        "minor",
        SCORING,
      );
      list.compare(
        target,
        "knockout",
        `${bandPath}.knockout`,
        old.knockout,
        band.knockout,
        "minor",
        SCORING,
      );
      diffFinding(old.finding, band.finding, target, `${bandPath}.finding`, list);
    }
  }
}

function describeRange(band: Band): string {
  if (band.min === undefined && band.max === undefined) return "any value";
  if (band.min === undefined) return `≤ ${band.max}`;
  if (band.max === undefined) return `≥ ${band.min}`;
  return `${band.min}–${band.max}`;
}

function describeBand(band: Band): string {
  return `${describeRange(band)} → credit ${roundCredit(band.credit)}${band.knockout ? ", knockout" : ""}`;
}

function diffFinding(
  from: Finding | undefined,
  to: Finding | undefined,
  target: string,
  path: string,
  list: ChangeList,
): void {
  if (!from && !to) return;
  if (!from || !to) {
    list.add({
      target,
      aspect: from ? "finding removed" : "finding added",
      path,
      from: from ? `${from.severity}: ${from.title}` : null,
      to: to ? `${to.severity}: ${to.title}` : null,
      bump: "minor",
      reason: "changes which findings open",
    });
    return;
  }
  list.compare(
    target,
    "finding severity",
    `${path}.severity`,
    from.severity,
    to.severity,
    "minor",
    "changes the finding's severity",
  );
  list.compare(target, "finding title", `${path}.title`, from.title, to.title, "patch", WORDING);
  list.compare(
    target,
    "finding remediation",
    `${path}.remediation`,
    from.remediation,
    to.remediation,
    "patch",
    WORDING,
  );
  list.compare(
    target,
    "finding references",
    `${path}.references`,
    from.references,
    to.references,
    "patch",
    "references only",
  );
}

/** Every change in one list, added and removed items included, each with its bump. */
export function listChanges(diff: VersionDiff): Array<Change & { item: string }> {
  const all: Array<Change & { item: string }> = [];
  for (const change of diff.questionnaire) all.push({ ...change, item: "questionnaire" });
  for (const section of diff.sections.removed) {
    all.push({
      item: `section "${section.id}"`,
      target: "",
      aspect: "section removed",
      path: section.path,
      from: section.title,
      bump: "major",
      reason: "its section score has no counterpart any more",
    });
  }
  for (const section of diff.sections.added) {
    all.push({
      item: `section "${section.id}"`,
      target: "",
      aspect: "section added",
      path: section.path,
      to: section.title,
      bump: "minor",
      reason: "adds a section",
    });
  }
  for (const section of diff.sections.changed) {
    for (const change of section.changes) all.push({ ...change, item: `section "${section.id}"` });
  }
  for (const question of diff.questions.removed) {
    all.push({
      item: `question "${question.id}"`,
      target: "",
      aspect: "question removed",
      path: question.path,
      from: question.text,
      bump: "major",
      reason: "answers to it cannot carry forward",
    });
  }
  for (const question of diff.questions.added) {
    all.push({
      item: `question "${question.id}"`,
      target: "",
      aspect: "question added",
      path: question.path,
      to: question.text,
      bump: "minor",
      reason: "adds a question",
    });
  }
  for (const question of diff.questions.changed) {
    for (const change of question.changes)
      all.push({ ...change, item: `question "${question.id}"` });
  }
  return all;
}

/**
 * The questions of the newer version whose earlier answers keep their meaning, so a
 * re-assessment may carry them forward (docs/design.md, invariant 3): every question present in
 * both versions except those a major change repurposes (type or unit changed). Wording, scoring and
 * logic changes keep the meaning. A removed option or level does not stop the other answers
 * carrying forward: an answer that chose it no longer validates in the newer version, and that
 * check is the caller's (docs/decisions/055-carry-over.md).
 */
export function questionsWithKeptMeaning(diff: VersionDiff, to: Questionnaire): Set<string> {
  const kept = new Set(listQuestions(to).map((entry) => entry.question.id));
  for (const added of diff.questions.added) kept.delete(added.id);
  for (const changed of diff.questions.changed) {
    if (changed.changes.some((c) => c.bump === "major" && c.reason !== LOST_ANSWER))
      kept.delete(changed.id);
  }
  return kept;
}

export function isEmptyDiff(diff: VersionDiff): boolean {
  return listChanges(diff).length === 0;
}

/** The smallest bump that allows every change in the diff; "none" when nothing changed. */
export function requiredBump(diff: VersionDiff): Bump | "none" {
  return maxBump(listChanges(diff).map((change) => change.bump));
}

function maxBump(bumps: readonly Bump[]): Bump | "none" {
  let rank = -1;
  for (const bump of bumps) rank = Math.max(rank, BUMPS.indexOf(bump));
  return rank < 0 ? "none" : BUMPS[rank]!;
}

export type Semver = { major: number; minor: number; patch: number };

export function parseSemver(version: string): Semver | undefined {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function compareVersions(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return a.localeCompare(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** What kind of bump `from` → `to` is; "none" if equal, "downgrade" if `to` is older. */
export function bumpKind(from: string, to: string): Bump | "none" | "downgrade" {
  const x = parseSemver(from);
  const y = parseSemver(to);
  if (!x || !y) return "none";
  const order = compareVersions(from, to);
  if (order === 0) return "none";
  if (order > 0) return "downgrade";
  if (y.major !== x.major) return "major";
  if (y.minor !== x.minor) return "minor";
  return "patch";
}

/** The next version after `version` for a bump, e.g. 1.2.3 + minor → 1.3.0. */
export function nextVersion(version: string, bump: Bump): string {
  const v = parseSemver(version) ?? { major: 0, minor: 0, patch: 0 };
  if (bump === "major") return `${v.major + 1}.0.0`;
  if (bump === "minor") return `${v.major}.${v.minor + 1}.0`;
  return `${v.major}.${v.minor}.${v.patch + 1}`;
}

/**
 * Errors when `next` does not follow `previous` by a large enough bump: one per change that
 * needs more than the bump made, saying which bump it needs and why. Paths are in `next`'s
 * file (for removed items, where they used to be).
 */
export function checkVersionBump(previous: Questionnaire, next: Questionnaire): ValidationError[] {
  if (previous.slug !== next.slug) {
    return [
      {
        path: "slug",
        message: `"${next.slug}" cannot follow "${previous.slug}": versions are only compared within one questionnaire`,
      },
    ];
  }
  const made = bumpKind(previous.version, next.version);
  if (made === "none" || made === "downgrade") {
    return [
      {
        path: "version",
        message: `version ${next.version} must be greater than the previous version, ${previous.version}`,
      },
    ];
  }
  const diff = diffVersions(previous, next);
  const madeRank = BUMPS.indexOf(made);
  return listChanges(diff)
    .filter((change) => BUMPS.indexOf(change.bump) > madeRank)
    .map((change) => ({
      path:
        change.aspect === "question removed"
          ? removalPath(change.path, previous, next)
          : change.aspect === "section removed"
            ? "sections"
            : change.path,
      message: `${describeChange(change)} needs a ${change.bump} bump (${change.reason}), but ${previous.version} → ${next.version} is a ${made} bump; make this version ${nextVersion(previous.version, change.bump)}`,
    }));
}

// A removed question has no place in the new file; point at its old section if that survives.
function removalPath(oldPath: string, previous: Questionnaire, next: Questionnaire): string {
  const sectionIndex = Number(/^sections\[(\d+)\]/.exec(oldPath)?.[1]);
  const sectionId = previous.sections[sectionIndex]?.id;
  const newIndex = next.sections.findIndex((section) => section.id === sectionId);
  return newIndex >= 0 ? `sections[${newIndex}].questions` : "sections";
}

/** e.g. `question "retention-days": weight changed from 4 to 3`, or `question "x", option "y" removed`. */
export function describeChange(change: Change & { item: string }): string {
  const listed = /^(.+) (added|removed)$/.exec(change.aspect);
  if (listed) {
    const noun = listed[1]!;
    const verb = listed[2]!;
    if (!change.target && change.item.startsWith(`${noun} `)) return `${change.item} ${verb}`;
    if (change.target.startsWith(`${noun} `)) return `${change.item}, ${change.target} ${verb}`;
  }
  const subject = change.target ? `${change.item}, ${change.target}` : change.item;
  if (listed) return `${subject}: ${change.aspect}`;
  const values =
    isShort(change.from) && isShort(change.to)
      ? ` from ${formatValue(change.from)} to ${formatValue(change.to)}`
      : "";
  return `${subject}: ${change.aspect} changed${values}`;
}

function isShort(value: DisplayValue | undefined): boolean {
  return formatValue(value).length <= 40;
}

function formatValue(value: DisplayValue | undefined): string {
  if (value === undefined || value === null) return "(none)";
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(", ");
  if (typeof value === "string") return `"${value}"`;
  // Credits such as 1/3 read better rounded; the comparison itself is exact.
  if (typeof value === "number") return String(Math.round(value * 10000) / 10000);
  return String(value);
}

/** The diff as text, for the CLI and logs. */
export function formatDiff(diff: VersionDiff): string {
  const lines: string[] = [];
  const bump = requiredBump(diff);
  lines.push(`${diff.slug} ${diff.from} → ${diff.to}`);
  lines.push(`Required bump: ${bump}`);
  if (bump === "none") {
    lines.push("", "No changes.");
    return lines.join("\n");
  }
  if (diff.questionnaire.length > 0) {
    lines.push("", "Questionnaire");
    for (const change of diff.questionnaire) lines.push(...formatChange(change, "  "));
  }
  const { sections, questions } = diff;
  if (sections.added.length + sections.removed.length + sections.changed.length > 0) {
    lines.push("", "Sections");
    for (const section of sections.added)
      lines.push(`  + ${section.id}: ${section.title}  [minor]`);
    for (const section of sections.removed)
      lines.push(`  - ${section.id}: ${section.title}  [major]`);
    for (const section of sections.changed) {
      lines.push(`  ~ ${section.id}: ${section.title}`);
      for (const change of section.changes) lines.push(...formatChange(change, "      "));
    }
  }
  if (questions.added.length > 0) {
    lines.push("", `Questions added (${questions.added.length})  [minor]`);
    for (const question of questions.added)
      lines.push(`  + ${question.id} (${question.sectionId}): ${question.text}`);
  }
  if (questions.removed.length > 0) {
    lines.push("", `Questions removed (${questions.removed.length})  [major]`);
    for (const question of questions.removed)
      lines.push(`  - ${question.id} (${question.sectionId}): ${question.text}`);
  }
  if (questions.changed.length > 0) {
    lines.push("", `Questions changed (${questions.changed.length})`);
    for (const question of questions.changed) {
      lines.push(`  ~ ${question.id} (${question.sectionId})`);
      for (const change of question.changes) lines.push(...formatChange(change, "      "));
    }
  }
  return lines.join("\n");
}

function formatChange(change: Change, indent: string): string[] {
  const tag = `[${change.bump}: ${change.reason}]`;
  const listed = /^(.+) (added|removed)$/.exec(change.aspect);
  if (listed) {
    const noun = listed[1]!;
    const verb = listed[2]!;
    const what = !change.target
      ? noun
      : change.target.startsWith(`${noun} `)
        ? change.target
        : `${change.target} ${noun}`;
    const value = verb === "added" ? change.to : change.from;
    return [`${indent}${verb === "added" ? "+" : "-"} ${what}: ${formatValue(value)}  ${tag}`];
  }
  const label = `${change.target ? `${change.target} ` : ""}${change.aspect}`;
  if (isShort(change.from) && isShort(change.to)) {
    return [`${indent}${label}: ${formatValue(change.from)} → ${formatValue(change.to)}  ${tag}`];
  }
  return [
    `${indent}${label}  ${tag}`,
    `${indent}  - ${formatValue(change.from)}`,
    `${indent}  + ${formatValue(change.to)}`,
  ];
}
