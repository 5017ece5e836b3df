// The trend page's answer diff: two of one vendor's submitted assessments on the same
// questionnaire, loaded and compared question by question.
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { evidenceByQuestion, type EvidenceItem } from "~/assessments/evidence-view";
import { type Db } from "~/db.server";
import { type Change, diffAssessments, type DiffRow } from "./compare";
import { loadDiffedAssessments, type TrendPoint } from "./compare.server";

export type Diff = {
  from: TrendPoint;
  to: TrendPoint;
  /** Every question that is not unchanged, worse first. */
  rows: DiffRow[];
  counts: Record<Change, number>;
  /** The answers' evidence files by question id, in the older and the newer assessment. */
  evidence: { before: Record<string, EvidenceItem[]>; after: Record<string, EvidenceItem[]> };
};

/** The diff the query asks for; by default the vendor's last two on one questionnaire. */
export async function loadDiff(
  db: Db,
  points: TrendPoint[],
  query: { from?: string; to?: string },
): Promise<{ diff: Diff | null } | { error: string }> {
  let { from, to } = query;
  if (!from && !to) {
    const last = points.at(-1);
    const previous = last && points.filter((p) => p.slug === last.slug).at(-2);
    if (!last || !previous) return { diff: null };
    [from, to] = [previous.assessmentId, last.assessmentId];
  }
  if (!from || !to) return { error: "Choose two assessments to compare: from and to." };
  if (from === to) return { error: "Choose two different assessments to compare." };
  const a = points.find((p) => p.assessmentId === from);
  const b = points.find((p) => p.assessmentId === to);
  if (!a || !b) {
    return { error: "Choose two of this vendor's submitted assessments to compare." };
  }
  if (a.slug !== b.slug) {
    return {
      error: `These two assessments use different questionnaires (${a.title} and ${b.title}); choose two of the same questionnaire.`,
    };
  }
  const [older, newer] = a.submittedOn <= b.submittedOn ? [a, b] : [b, a];
  const entries = await loadDiffedAssessments(db, [older.assessmentId, newer.assessmentId]);
  const rows = diffAssessments(entries[0]!, entries[1]!);
  const files = await listEvidenceItems(db, [older.assessmentId, newer.assessmentId], "staff");
  const of = (assessmentId: string) =>
    evidenceByQuestion(files.filter((f) => f.assessmentId === assessmentId));
  return {
    diff: {
      from: older,
      to: newer,
      rows: rows.filter((r) => r.change !== "same"),
      counts: countChanges(rows.map((r) => r.change)),
      evidence: { before: of(older.assessmentId), after: of(newer.assessmentId) },
    },
  };
}

function countChanges(changes: Change[]): Record<Change, number> {
  const counts: Record<Change, number> = {
    better: 0,
    worse: 0,
    changed: 0,
    added: 0,
    removed: 0,
    same: 0,
  };
  for (const change of changes) counts[change]++;
  return counts;
}
