// Side-by-side comparison of scored assessments, and the answer diff between two of one
// vendor's assessments. Pure: the server module loads the stored rows, this shapes them.
// Questions are matched across questionnaire versions by their stable ids (invariant 3); a
// question or section missing from a version is shown as missing, never as a zero.
import { describeAnswer } from "~/assessments/answer-words";
import { type Answers, getQuestionMap } from "~/questionnaire/model";
import { type Questionnaire } from "~/questionnaire/definition";
import { type Applicability, type ScoreResult } from "~/scoring/engine";
import { type ComparedScore } from "./compared-score";
import { tierForScore, type Tier } from "~/scoring/risk";

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

export type ComparedAssessment = {
  assessmentId: string;
  vendorId: string;
  vendorName: string;
  slug: string;
  version: string;
  submittedAt: string | null;
  questionnaire: Questionnaire;
  answers: Answers;
  /**
   * The overall score stored at submission: all the comparison shows of that score, so its
   * whole stored result (~40 KB with the explanations) is not read (decision 390).
   */
  submittedOverall: number | null;
  /**
   * Of the current score (verified remediations at full credit), what the comparison shows:
   * stored apart from the whole result, which is not read (decision 414).
   */
  current: ComparedScore;
};

/** An assessment for the answer diff, which compares the credits stored at submission. */
export type DiffedAssessment = ComparedAssessment & {
  /** The score stored at submission. */
  submitted: ScoreResult;
};

export type Column = {
  assessmentId: string;
  vendorId: string;
  vendorName: string;
  version: string;
  submittedAt: string | null;
  overall: number | null;
  submittedOverall: number | null;
  residualTier: Tier | null;
  inherentTier: Tier | null;
  riskRating: Tier | null;
  knockouts: number;
};

export type SectionCell =
  { present: false } | { present: true; score: number | null; tier: Tier | null; version: string };

export type SectionRow = {
  sectionId: string;
  title: string;
  /** The versions (among the compared ones) that have this section. */
  versions: string[];
  cells: SectionCell[];
};

export type QuestionCell =
  | { present: false; version: string }
  | {
      present: true;
      answer: string;
      credit: number | null;
      applicability: Applicability;
      verified: boolean;
    };

export type QuestionRow = {
  questionId: string;
  text: string;
  sectionId: string;
  sectionTitle: string;
  weight: number;
  versions: string[];
  cells: QuestionCell[];
  /** Highest minus lowest credit among the vendors where it counts; null with fewer than two. */
  spread: number | null;
  /**
   * Whether the cells are not all the same: an answer, a credit or its verification differs,
   * or a version lacks the question (what the "only where answers differ" filter keeps).
   */
  differs: boolean;
};

export type Comparison = {
  slug: string;
  title: string;
  columns: Column[];
  sections: SectionRow[];
  questions: QuestionRow[];
};

/** Newest version first, so a question's wording comes from the newest version that has it. */
function byVersionDesc(a: ComparedAssessment, b: ComparedAssessment): number {
  const pa = a.version.split(".").map(Number);
  const pb = b.version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
}

function distinctVersions(entries: ComparedAssessment[]): ComparedAssessment[] {
  const seen = new Set<string>();
  return [...entries].sort(byVersionDesc).filter((e) => {
    if (seen.has(e.version)) return false;
    seen.add(e.version);
    return true;
  });
}

export function buildComparison(entries: ComparedAssessment[]): Comparison {
  const versions = distinctVersions(entries);
  const newest = versions[0]!;
  const columns: Column[] = entries.map((e) => ({
    assessmentId: e.assessmentId,
    vendorId: e.vendorId,
    vendorName: e.vendorName,
    version: e.version,
    submittedAt: e.submittedAt,
    overall: e.current.overall,
    submittedOverall: e.submittedOverall,
    residualTier: e.current.residualTier,
    inherentTier: e.current.inherentTier,
    riskRating: e.current.riskRating,
    knockouts: e.current.knockouts.length,
  }));

  // Sections and questions in the newest version's order, then any only older versions have.
  const sectionOrder: { sectionId: string; title: string }[] = [];
  const questionOrder: {
    questionId: string;
    text: string;
    sectionId: string;
    sectionTitle: string;
    weight: number;
  }[] = [];
  const seenSections = new Set<string>();
  // The compared versions that have each question, newest first.
  const versionsOf = new Map<string, string[]>();
  for (const version of versions) {
    for (const section of version.questionnaire.sections) {
      if (!seenSections.has(section.id)) {
        seenSections.add(section.id);
        sectionOrder.push({ sectionId: section.id, title: section.title });
      }
      for (const question of section.questions) {
        const known = versionsOf.get(question.id);
        if (known) {
          if (known.at(-1) !== version.version) known.push(version.version);
          continue;
        }
        versionsOf.set(question.id, [version.version]);
        questionOrder.push({
          questionId: question.id,
          text: question.text,
          sectionId: section.id,
          sectionTitle: section.title,
          weight: question.weight ?? 0,
        });
      }
    }
  }

  const sections: SectionRow[] = sectionOrder.map(({ sectionId, title }) => ({
    sectionId,
    title,
    versions: versions
      .filter((v) => v.questionnaire.sections.some((s) => s.id === sectionId))
      .map((v) => v.version),
    cells: entries.map((e): SectionCell => {
      const section = e.current.sections.find((s) => s.sectionId === sectionId);
      if (!section) return { present: false };
      return {
        present: true,
        score: section.score,
        tier: section.score === null ? null : tierForScore(section.score, e.current.thresholds),
        version: e.version,
      };
    }),
  }));

  const maps = entries.map((e) => getQuestionMap(e.questionnaire));
  const explanations = entries.map(
    (e) => new Map(e.current.questions.map((q) => [q.questionId, q])),
  );
  const questions: QuestionRow[] = questionOrder.map((q) => {
    const cells = entries.map((e, i): QuestionCell => {
      const entry = maps[i]!.get(q.questionId);
      if (!entry) return { present: false, version: e.version };
      const explanation = explanations[i]!.get(q.questionId);
      return {
        present: true,
        answer: describeAnswer(entry.question, e.answers[q.questionId]),
        credit: explanation?.credit ?? null,
        applicability: explanation?.applicability ?? "unscored",
        verified: explanation?.verified ?? false,
      };
    });
    let credits = 0;
    let lowest = Infinity;
    let highest = -Infinity;
    let differs = false;
    for (const cell of cells) {
      if (!differs && !sameCell(cell, cells[0]!)) differs = true;
      if (!cell.present || cell.credit === null) continue;
      credits++;
      if (cell.credit < lowest) lowest = cell.credit;
      if (cell.credit > highest) highest = cell.credit;
    }
    return {
      ...q,
      versions: versionsOf.get(q.questionId)!,
      cells,
      spread: credits >= 2 ? highest - lowest : null,
      differs,
    };
  });
  // Where they differ most first; questions that do not compare (fewer than two credits) last.
  // A stable sort keeps questionnaire order among equals.
  questions.sort((a, b) => (b.spread ?? -1) - (a.spread ?? -1));

  return {
    slug: entries[0]!.slug,
    title: newest.questionnaire.title,
    columns,
    sections,
    questions,
  };
}

/**
 * Whether two cells read the same: both missing (whatever their versions), or the same answer,
 * credit, applicability and verification.
 */
export function sameCell(a: QuestionCell, b: QuestionCell): boolean {
  if (!a.present || !b.present) return a.present === b.present;
  return (
    a.answer === b.answer &&
    a.credit === b.credit &&
    a.applicability === b.applicability &&
    a.verified === b.verified
  );
}

/** A section in the comparison's section list: its questions, and how many of them differ. */
export type SectionNavItem = {
  sectionId: string;
  title: string;
  questions: number;
  differing: number;
};

/**
 * The question table shows one section at a time (docs/decisions/390-compare-one-section.md):
 * `section` (the first when not given), optionally only its questions that differ. The
 * section list counts every section's questions and differing ones. `section` is null when
 * the one asked for is not in any compared version.
 */
export type SectionView = {
  section: string | null;
  differ: boolean;
  nav: SectionNavItem[];
  questions: QuestionRow[];
};

export function viewSection(
  c: Comparison,
  options: { section?: string; differ?: boolean },
): SectionView {
  const nav = new Map<string, SectionNavItem>(
    c.sections.map((s) => [
      s.sectionId,
      { sectionId: s.sectionId, title: s.title, questions: 0, differing: 0 },
    ]),
  );
  for (const q of c.questions) {
    const item = nav.get(q.sectionId)!;
    item.questions++;
    if (q.differs) item.differing++;
  }
  const asked = options.section ?? c.sections[0]?.sectionId;
  const section = asked !== undefined && nav.has(asked) ? asked : null;
  const differ = options.differ ?? false;
  return {
    section,
    differ,
    nav: [...nav.values()],
    questions: c.questions.filter((q) => q.sectionId === section && (!differ || q.differs)),
  };
}

export type Change = "better" | "worse" | "changed" | "added" | "removed" | "same";

export type DiffRow = {
  questionId: string;
  text: string;
  sectionTitle: string;
  before: string | null;
  after: string | null;
  creditBefore: number | null;
  creditAfter: number | null;
  change: Change;
};

const CHANGE_ORDER: Record<Change, number> = {
  worse: 0,
  better: 1,
  changed: 2,
  added: 3,
  removed: 4,
  same: 5,
};

/**
 * What changed between two assessments (`from` the older, `to` the newer), question by
 * question: better or worse by credit (the submitted scores: the answers themselves), an
 * answer that changed at the same credit, questions added or removed between versions.
 */
export function diffAssessments(from: DiffedAssessment, to: DiffedAssessment): DiffRow[] {
  const fromMap = getQuestionMap(from.questionnaire);
  const toMap = getQuestionMap(to.questionnaire);
  const fromCredit = new Map(from.submitted.questions.map((q) => [q.questionId, q.credit]));
  const toCredit = new Map(to.submitted.questions.map((q) => [q.questionId, q.credit]));
  const ids = [...toMap.keys(), ...[...fromMap.keys()].filter((id) => !toMap.has(id))];
  const rows = ids.map((questionId): DiffRow => {
    const a = fromMap.get(questionId);
    const b = toMap.get(questionId);
    const entry = (b ?? a)!;
    const before = a ? describeAnswer(a.question, from.answers[questionId]) : null;
    const after = b ? describeAnswer(b.question, to.answers[questionId]) : null;
    const creditBefore = a ? (fromCredit.get(questionId) ?? null) : null;
    const creditAfter = b ? (toCredit.get(questionId) ?? null) : null;
    let change: Change;
    if (!a) change = "added";
    else if (!b) change = "removed";
    else if (creditBefore !== null && creditAfter !== null && creditAfter > creditBefore + 1e-9)
      change = "better";
    else if (creditBefore !== null && creditAfter !== null && creditAfter < creditBefore - 1e-9)
      change = "worse";
    else if (
      JSON.stringify(from.answers[questionId] ?? null) !==
        JSON.stringify(to.answers[questionId] ?? null) ||
      (creditBefore === null) !== (creditAfter === null)
    )
      change = "changed";
    else change = "same";
    return {
      questionId,
      text: entry.question.text,
      sectionTitle: entry.section.title,
      before,
      after,
      creditBefore,
      creditAfter,
      change,
    };
  });
  return rows.sort((x, y) => CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change]);
}
