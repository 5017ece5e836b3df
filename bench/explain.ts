// EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of every query in bench/queries.ts, with the
// parameters' values (the custom plan) and as the generic plan a prepared statement keeps
// after five runs (decision 403), and whether either plan reads the answers table with a
// sequential scan.
import { type BenchClient } from "./database";
import { benchQueries, type QueryContext, statementOf } from "./queries";

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
  /**
   * The generic plan, which a prepared statement runs once PostgreSQL keeps it (after five
   * runs, when it costs no more than the custom ones; docs/decisions/403-generic-plans.md).
   * Absent in results from before it was measured.
   */
  generic?: { executionMs: number; seqScanOfAnswers: boolean; plan: unknown };
};

type Explained = [{ Plan: PlanNode; "Execution Time": number; "Planning Time": number }];

function explained(rows: Record<string, unknown>[]): Explained {
  const raw = Object.values(rows[0] ?? {})[0];
  return (typeof raw === "string" ? JSON.parse(raw) : raw) as Explained;
}

/** A parameter as an SQL literal of unknown type, which EXECUTE casts to the parameter's. */
function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const text = Array.isArray(value)
    ? `{${value.map((item) => `"${String(item).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`
    : value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value as string | number | boolean);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * EXPLAIN ANALYZE of the statement's generic plan: prepared, then executed with
 * plan_cache_mode force_generic_plan, on one connection.
 */
async function explainGeneric(
  client: BenchClient,
  statement: { sql: string; params: unknown[] },
): Promise<NonNullable<ExplainFigures["generic"]>> {
  return client.onOneConnection(async (query) => {
    await query(`prepare bench_generic as ${statement.sql}`);
    try {
      await query("set plan_cache_mode = force_generic_plan");
      const args = statement.params.map(sqlLiteral).join(", ");
      const plan = explained(
        await query(
          `explain (analyze, buffers, format json) execute bench_generic${args ? `(${args})` : ""}`,
        ),
      );
      return {
        executionMs: plan[0]["Execution Time"],
        seqScanOfAnswers: seqScansOf(plan[0].Plan, "answers").length > 0,
        plan,
      };
    } finally {
      await query("reset plan_cache_mode");
      await query("deallocate bench_generic");
    }
  });
}

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
    today: new Date().toISOString().slice(0, 10),
    compare: await compareChoice(client),
  };
}

const SUBMITTED = `('submitted', 'in_review', 'closed')`;

/**
 * What a risk officer would compare: the questionnaire (by slug) the most vendors have a
 * submitted, scored assessment on, and the first 3 of those vendors by name, each with the
 * assessment /compare picks for it (its latest submitted one on any version of the slug); and
 * the first 10 (the most /compare takes) for the 10-vendor page.
 */
async function compareChoice(client: BenchClient): Promise<QueryContext["compare"]> {
  const scored = `a.status in ${SUBMITTED} and v.archived_at is null
    and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'current')
    and exists (select 1 from assessment_scores s where s.assessment_id = a.id and s.kind = 'submitted')`;
  const [top] = await client.query<{ slug: string }>(
    `select qv.slug from assessments a
     join questionnaire_versions qv on qv.id = a.questionnaire_version_id
     join vendors v on v.id = a.vendor_id
     where ${scored}
     group by qv.slug order by count(distinct a.vendor_id) desc, qv.slug limit 1`,
  );
  if (!top) return { slug: "none", vendorIds: [], assessmentIds: [], tenVendorIds: [] };
  const chosen = await client.query<{ vendor_id: string; assessment_id: string }>(
    `select vendor_id, assessment_id from (
       select distinct on (a.vendor_id) a.vendor_id, a.id as assessment_id, v.name
       from assessments a
       join questionnaire_versions qv on qv.id = a.questionnaire_version_id
       join vendors v on v.id = a.vendor_id
       where qv.slug = $1 and ${scored}
       order by a.vendor_id, a.submitted_at desc nulls last, a.id desc nulls last
     ) latest order by name, vendor_id limit 10`,
    [top.slug],
  );
  return {
    slug: top.slug,
    vendorIds: chosen.slice(0, 3).map((r) => r.vendor_id),
    assessmentIds: chosen.slice(0, 3).map((r) => r.assessment_id),
    tenVendorIds: chosen.map((r) => r.vendor_id),
  };
}

export async function explainAll(
  client: BenchClient,
  context: QueryContext,
): Promise<ExplainFigures[]> {
  const figures: ExplainFigures[] = [];
  for (const query of benchQueries) {
    const statement = statementOf(query, context);
    const rows = await client.query<Record<string, unknown>>(
      `explain (analyze, buffers, format json) ${statement.sql}`,
      statement.params,
    );
    const parsed = explained(rows);
    const top = parsed[0];
    figures.push({
      name: query.name,
      page: query.page,
      executionMs: top["Execution Time"],
      planningMs: top["Planning Time"],
      seqScanOfAnswers: seqScansOf(top.Plan, "answers").length > 0,
      plan: parsed,
      generic: await explainGeneric(client, statement),
    });
  }
  return figures;
}

/** Whether either of a query's plans reads the answers table with a sequential scan. */
export function scansAnswers(query: ExplainFigures): boolean {
  return query.seqScanOfAnswers || query.generic?.seqScanOfAnswers === true;
}
