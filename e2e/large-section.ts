// A vendor assessment on the benchmark's 300-question section, made straight in the e2e
// database (PostgreSQL only: the test process reads the rows the app wrote). The demo library
// has no section that large, and the answering page's early-input behaviour only shows on one.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { BENCH_SLUG, benchQuestionnaire, versionRow } from "../bench/questionnaire";
import { test } from "./fixtures";

export type Sql = postgres.Sql;

export function connect(): Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: this journey checks rows in PostgreSQL");
  return postgres(url, { max: 2, onnotice: () => {} });
}

/**
 * For a spec on the 300-question section, called at the top of its file: the spec is skipped
 * without PostgreSQL (it reads the rows the app wrote) and has one connection for its tests.
 */
export function largeSectionDatabase(): () => Sql {
  let sql: Sql | undefined;
  test.skip(!process.env.DATABASE_URL, "checks the saved rows in PostgreSQL");
  test.beforeAll(() => {
    sql = connect();
  });
  test.afterAll(async () => {
    await sql?.end();
  });
  return () => {
    if (!sql) throw new Error("largeSectionDatabase: used outside a test");
    return sql;
  };
}

async function benchVersionId(sql: Sql): Promise<string> {
  const [found] = await sql<{ id: string }[]>`
    select id from questionnaire_versions where slug = ${BENCH_SLUG}`;
  if (found) return found.id;
  const { questionnaire, hash } = benchQuestionnaire();
  const row = versionRow(questionnaire, hash);
  const [inserted] = await sql<{ id: string }[]>`
    insert into questionnaire_versions
      (slug, version, major, minor, patch, title, audience, question_count, content, content_hash)
    values (${row.slug}, ${row.version}, ${row.major}, ${row.minor}, ${row.patch}, ${row.title},
      ${row.audience}, ${row.questionCount}, ${sql.json(row.content as never)}, ${row.contentHash})
    on conflict (slug, version) do nothing
    returning id`;
  return inserted?.id ?? (await benchVersionId(sql));
}

/** A sent, unanswered assessment on the 300-question section; its personal-link path. */
export async function largeSectionAssessment(
  sql: Sql,
): Promise<{ assessmentId: string; linkPath: string }> {
  const versionId = await benchVersionId(sql);
  const vendorId = randomUUID();
  const assessmentId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  await sql.begin(async (tx) => {
    await tx`insert into vendors (id, name, category, data_access, criticality)
      values (${vendorId}, ${`Early typist ${vendorId.slice(0, 8)}`}, 'model_api', 'business', 'medium')`;
    await tx`insert into assessments (id, vendor_id, questionnaire_version_id, status, due_date, sent_at)
      values (${assessmentId}, ${vendorId}, ${versionId}, 'sent',
        (now() + interval '30 days')::date, now())`;
    await tx`insert into assessment_recipients (assessment_id, name, email, token_hash, expires_at)
      values (${assessmentId}, 'Early Typist', ${`typist@${vendorId.slice(0, 8)}.example`},
        ${createHash("sha256").update(token).digest("hex")}, now() + interval '30 days')`;
  });
  return { assessmentId, linkPath: `/respond/${token}` };
}

export type StoredRow = { questionId: string; answer: unknown; revision: number; history: number };

/** Every answer of the assessment with how many revisions it has. */
export async function storedAnswers(sql: Sql, assessmentId: string): Promise<StoredRow[]> {
  return sql<StoredRow[]>`
    select a.question_id as "questionId", a.answer, a.revision,
      (select count(*)::int from answer_revisions r where r.answer_id = a.id) as history
    from answers a where a.assessment_id = ${assessmentId} order by a.question_id`;
}
