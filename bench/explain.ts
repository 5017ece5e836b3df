// EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of every query in bench/queries.ts, and whether a
// plan reads the answers table with a sequential scan.
import { type BenchClient } from "./database";
import { benchQueries, type QueryContext } from "./queries";

export type PlanNode = {
  "Node Type"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
};

export type ExplainFigures = {
  name: string;
  page: string;
  executionMs: number;
  planningMs: number;
  seqScanOfAnswers: boolean;
  plan: unknown;
};

/** Every node that sequentially scans `relation`, anywhere in the plan tree. */
export function seqScansOf(node: PlanNode | undefined, relation: string): PlanNode[] {
  if (!node) return [];
  const here = node["Node Type"] === "Seq Scan" && node["Relation Name"] === relation ? [node] : [];
  return [...here, ...(node.Plans ?? []).flatMap((child) => seqScansOf(child, relation))];
}

export async function queryContext(
  client: BenchClient,
  assessmentId: string,
): Promise<QueryContext> {
  const [vendor] = await client.query<{ vendor_id: string }>(
    `select a.vendor_id from assessments a join assessment_scores s on s.assessment_id = a.id
     group by a.vendor_id order by count(*) desc, a.vendor_id limit 1`,
  );
  const [version] = await client.query<{ id: string }>(
    `select questionnaire_version_id as id from assessments group by 1 order by count(*) desc limit 1`,
  );
  const [fallback] = await client.query<{ id: string }>(`select id from vendors limit 1`);
  return {
    assessmentId,
    vendorId: vendor?.vendor_id ?? fallback!.id,
    questionnaireVersionId: version!.id,
  };
}

export async function explainAll(
  client: BenchClient,
  context: QueryContext,
): Promise<ExplainFigures[]> {
  const figures: ExplainFigures[] = [];
  for (const query of benchQueries) {
    const rows = await client.query<Record<string, unknown>>(
      `explain (analyze, buffers, format json) ${query.sql}`,
      query.params?.(context) ?? [],
    );
    const raw = Object.values(rows[0] ?? {})[0];
    const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as [
      { Plan: PlanNode; "Execution Time": number; "Planning Time": number },
    ];
    const top = parsed[0];
    figures.push({
      name: query.name,
      page: query.page,
      executionMs: top["Execution Time"],
      planningMs: top["Planning Time"],
      seqScanOfAnswers: seqScansOf(top.Plan, "answers").length > 0,
      plan: parsed,
    });
  }
  return figures;
}
