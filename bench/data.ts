// Loads the benchmark's data in bulk: the app's migrations and library sync, the 300-question
// version, a staff user, then vendors, contacts, assessments, recipients, answers and scores,
// each table in a few large `INSERT … SELECT … FROM json_to_recordset($1)` statements (one
// request per thousands of rows, never one per row). The same statement runs on PostgreSQL
// and PGlite. Deterministic: a seeded generator picks every value.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { type Answer, type Answers } from "~/questionnaire/model";
import { type Question, type Questionnaire, QuestionnaireSchema } from "~/questionnaire/definition";
import { linkExpiry } from "~/assessments/assessments.server";
import { type Db } from "~/db.server";
import { runScheduledJobs } from "~/jobs/scheduler.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { deliverDueMail } from "~/mail/delivery.server";
import { DEFAULT_SETTINGS } from "~/settings/settings";
import { overdueFindingKeys } from "~/findings/finding-jobs.server";
import { type FindingStatus, OPEN_STATUSES } from "~/findings/status";
import { score } from "~/scoring/engine";
import { comparedScoreOf } from "~/compare/compared-score";
import { prepare } from "~/scoring/prepare";
import { type Criticality, type DataAccess } from "~/scoring/risk";
import * as schema from "../db/schema";
import { type BenchClient, type DatabaseKind, migrate } from "./database";
import { BENCH_SLUG, benchQuestionnaire, versionRow } from "./questionnaire";
import { type Scale } from "./scales";

export const STAFF_EMAIL = "bench-admin@assay.example";

export type Fixtures = {
  staff: { email: string; password: string };
  /** One fresh (unanswered) assessment per browser run, by personal-link token. */
  browserTokens: string[];
  /** Half-answered assessments the autosave load writes to, by token. */
  poolTokens: string[];
  poolAssessmentIds: string[];
  /** "assessmentId/questionId" of the pool's answers, all at revision 1 after loading. */
  poolAnswered: Set<string>;
  /** The half-answered assessment the section-page load reads. */
  sectionToken: string;
  sectionAssessmentId: string;
  benchVersionId: string;
  counts: Record<string, number>;
  loadSeconds: number;
  /** What the scheduled jobs did before the measurements, and the mails they queued. */
  settled: { jobs: Record<string, number>; mails: number; seconds: number };
};

// mulberry32: a tiny seeded PRNG, as in scripts/score-bench.ts.
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const day = 24 * 60 * 60 * 1000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

type Column = readonly [name: string, type: string];

/** Inserts rows (objects keyed by column name) in batches, one statement per batch. */
async function insertRows(
  client: BenchClient,
  table: string,
  columns: readonly Column[],
  rows: Record<string, unknown>[],
  batch = 5_000,
  /** Send the batches at once, each on a connection of its own (PostgreSQL: one core each). */
  concurrently = false,
): Promise<void> {
  const names = columns.map(([name]) => name).join(", ");
  const record = columns.map(([name, type]) => `${name} ${type}`).join(", ");
  const text = `insert into ${table} (${names}) select ${names} from json_to_recordset($1::json) as x(${record})`;
  const batches: string[] = [];
  for (let first = 0; first < rows.length; first += batch) {
    batches.push(JSON.stringify(rows.slice(first, first + batch)));
  }
  if (concurrently) await Promise.all(batches.map((json) => client.query(text, [json])));
  else for (const json of batches) await client.query(text, [json]);
}

const ANSWER_COLUMNS = [
  ["assessment_id", "uuid"],
  ["question_id", "text"],
  ["answer", "jsonb"],
  ["revision", "integer"],
  ["updated_at", "timestamptz"],
  ["updated_by_recipient_id", "uuid"],
] as const;

const SCORE_COLUMNS = [
  ["assessment_id", "uuid"],
  ["kind", "score_kind"],
  ["engine_version", "text"],
  ["questionnaire_version_id", "uuid"],
  ["as_of", "date"],
  ["overall", "double precision"],
  ["residual_tier", "risk_tier"],
  ["data_access", "data_access"],
  ["criticality", "criticality"],
  ["inherent_tier", "risk_tier"],
  ["risk_rating", "risk_tier"],
  ["knockout_count", "integer"],
  ["result", "jsonb"],
  ["comparison", "jsonb"],
  ["computed_at", "timestamptz"],
] as const;

function answerFor(question: Question, next: () => number): Answer | null {
  if (question.allowNA && next() < 0.05) {
    return { kind: "na", justification: "Not used in the service we provide." };
  }
  switch (question.type) {
    case "yes_no":
      return { kind: "value", value: next() < 0.75 ? "yes" : "no" };
    case "single_choice":
      return {
        kind: "value",
        value: question.options[Math.floor(next() * question.options.length)]!.value,
      };
    case "multiple_choice": {
      const open = question.options.filter((o) => !o.exclusive);
      const chosen = open.filter(() => next() < 0.5).map((o) => o.value);
      return { kind: "value", value: chosen.length ? chosen : [open[0]!.value] };
    }
    case "maturity":
      return { kind: "value", value: Math.floor(next() * 4) };
    case "number": {
      const min = question.min ?? 0;
      const max = question.max ?? Math.max(min, 365);
      const value = min + next() * (max - min);
      return { kind: "value", value: question.integer ? Math.round(value) : Math.round(value) };
    }
    case "date":
      return {
        kind: "value",
        value: `2025-${String(1 + Math.floor(next() * 12)).padStart(2, "0")}-15`,
      };
    case "url":
      return { kind: "value", value: "https://vendor.example/security" };
    case "evidence":
      // Evidence answers are stored file ids; the benchmark stores no files.
      return null;
    default:
      return {
        kind: "value",
        value: "Documented in our security policy, section 4, reviewed yearly.",
      };
  }
}

function generateAnswers(questionnaire: Questionnaire, share: number, next: () => number): Answers {
  const answers: Record<string, Answer> = {};
  for (const section of questionnaire.sections) {
    for (const question of section.questions) {
      if (next() >= share) continue;
      const answer = answerFor(question, next);
      if (answer) answers[question.id] = answer;
    }
  }
  return answers;
}

const STATUSES = [
  ["sent", 0.15],
  ["in_progress", 0.25],
  ["submitted", 0.35],
  ["in_review", 0.15],
  ["closed", 0.1],
] as const;
type Status = (typeof STATUSES)[number][0] | "in_progress";

function pickStatus(next: () => number): Status {
  let roll = next();
  for (const [status, share] of STATUSES) {
    if (roll < share) return status;
    roll -= share;
  }
  return "closed";
}

const SEVERITIES = [
  ["critical", 0.1, 14],
  ["high", 0.25, 30],
  ["medium", 0.4, 90],
  ["low", 0.25, 180],
] as const;
const FINDING_STATUSES = [
  ["open", 0.3],
  ["in_progress", 0.2],
  ["fixed_by_vendor", 0.1],
  ["reopened", 0.05],
  ["verified", 0.25],
  ["risk_accepted", 0.1],
] as const;

function pick<T extends readonly [string, number, ...unknown[]]>(
  table: readonly T[],
  next: () => number,
): T {
  let roll = next();
  for (const row of table) {
    if (roll < row[1]) return row;
    roll -= row[1];
  }
  return table.at(-1)!;
}

/**
 * Findings as scoring opens them at submission: 60% of submitted assessments get 1–4, on
 * distinct questions of their version, with a severity, a due date from it (14–180 days), and
 * a status spread over the remediation journey (open, in progress, fixed, reopened, verified,
 * risk accepted with an expiry from 30 days ago to 120 days ahead). Rows go in through the
 * same `INSERT … SELECT … FROM json_to_recordset` batches as the other tables.
 */
async function insertFindings(
  client: BenchClient,
  planned: {
    id: string;
    vendor: { id: string };
    version: { questionnaire: Questionnaire };
    status: Status;
    createdAt: number;
  }[],
  submitted: (status: Status) => boolean,
  staffId: string,
  now: number,
): Promise<number> {
  const next = random(80);
  const rows: Record<string, unknown>[] = [];
  for (const a of planned) {
    if (!submitted(a.status) || next() >= 0.6) continue;
    const questions = a.version.questionnaire.sections.flatMap((section) =>
      section.questions.map((question) => ({ section, question })),
    );
    const count = 1 + Math.floor(next() * 4);
    const taken = new Set<number>();
    const openedAt = a.createdAt + 20 * day;
    while (taken.size < Math.min(count, questions.length)) {
      const index = Math.floor(next() * questions.length);
      if (taken.has(index)) continue;
      taken.add(index);
      const { section, question } = questions[index]!;
      const [severity, , dueDays] = pick(SEVERITIES, next);
      const [status] = pick(FINDING_STATUSES, next);
      const accepted = status === "risk_accepted";
      rows.push({
        id: randomUUID(),
        assessment_id: a.id,
        vendor_id: a.vendor.id,
        origin: "engine",
        key: `${question.id}/bench`,
        question_id: question.id,
        section_id: section.id,
        severity,
        original_severity: severity,
        title: `Gap: ${question.text.slice(0, 80)}`,
        status,
        due_date: isoDate(new Date(openedAt + dueDays * day)),
        accepted_by_id: accepted ? staffId : null,
        acceptance_justification: accepted ? "Compensating control in place." : null,
        acceptance_expires_on: accepted
          ? isoDate(new Date(now + Math.floor(next() * 150 - 30) * day))
          : null,
        created_by_id: staffId,
        created_at: new Date(openedAt).toISOString(),
        updated_at: new Date(openedAt + Math.floor(next() * 60) * day).toISOString(),
        closed_at: status === "verified" ? new Date(openedAt + 45 * day).toISOString() : null,
      });
    }
  }
  await insertRows(
    client,
    "findings",
    [
      ["id", "uuid"],
      ["assessment_id", "uuid"],
      ["vendor_id", "uuid"],
      ["origin", "finding_origin"],
      ["key", "text"],
      ["question_id", "text"],
      ["section_id", "text"],
      ["severity", "severity"],
      ["original_severity", "severity"],
      ["title", "text"],
      ["status", "finding_status"],
      ["due_date", "date"],
      ["accepted_by_id", "uuid"],
      ["acceptance_justification", "text"],
      ["acceptance_expires_on", "date"],
      ["created_by_id", "uuid"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"],
      ["closed_at", "timestamptz"],
    ],
    rows,
  );
  // The claims of the notices an installation sent while these findings were overdue (this
  // week's mails and the webhook event), so that settling them is not a transaction each
  // (decision 423); a week that turns between here and the settle is left to the app's job.
  const today = isoDate(new Date(now));
  const claims = rows.flatMap((row) => {
    const dueDate = row.due_date as string;
    if (!OPEN_STATUSES.includes(row.status as FindingStatus) || dueDate >= today) return [];
    const keys = overdueFindingKeys({ id: row.id as string, dueDate }, new Date(now));
    return [{ key: keys.webhook }, { key: keys.mail }];
  });
  await insertRows(client, "job_claims", [["key", "text"]], claims);
  return rows.length;
}

const ACCESS: DataAccess[] = ["none", "business", "confidential", "training_or_model"];
const CRITICALITY: Criticality[] = ["low", "medium", "high"];
const CATEGORIES = ["model_api", "cloud_infrastructure", "data_supplier", "other"] as const;

const SERVICES = ["cloud_compute", "model_api", "storage", "labelling", "data_source", "other"];
const KINDS = ["none", "metadata", "prompts_outputs", "training_data", "weights"];
const PLACES = ["US", "IE", "DE", "FR", "NL", "GB", "SG", "JP", "IN", "CA", "SE", "CN"];

/**
 * The declared AI supply chain the map pages read (decisions 241, 243): each submitted
 * assessment declares 3–8 suppliers — most from a pool of 300 shared providers, a few of their
 * own, a quarter of hosts written as subdomains (decision 330) — and 1–3 countries of its own.
 * Rows go straight into the tables, as the answer save writes them.
 */
async function insertSupplyChain(
  client: BenchClient,
  planned: { id: string; vendor: { id: string }; status: Status }[],
  submitted: (s: Status) => boolean,
  next: () => number,
): Promise<number> {
  let count = 0;
  const PAGE = 2_000;
  const done = planned.filter((a) => submitted(a.status));
  for (let first = 0; first < done.length; first += PAGE) {
    const suppliers: Record<string, unknown>[] = [];
    const locations: Record<string, unknown>[] = [];
    for (const a of done.slice(first, first + PAGE)) {
      const rows = 3 + Math.floor(next() * 6);
      for (let position = 0; position < rows; position++) {
        const own = next() < 0.15;
        // Skewed towards the first providers of the pool: a few are shared very widely.
        const shared = Math.floor(300 * next() ** 2.5);
        const base = own
          ? `own-${a.id.slice(0, 8)}-${position}.example`
          : `provider-${shared}.example`;
        suppliers.push({
          id: randomUUID(),
          assessment_id: a.id,
          vendor_id: a.vendor.id,
          question_id: "subprocessor-declaration",
          position,
          name: own ? `Own supplier ${position}` : `Provider ${shared}`,
          domain: next() < 0.25 ? `api.${base}` : base,
          service: SERVICES[Math.floor(next() * SERVICES.length)]!,
          receives: `{${KINDS[1 + Math.floor(next() * 4)]}}`,
          countries: `{${PLACES[Math.floor(next() * PLACES.length)]},${PLACES[Math.floor(next() * PLACES.length)]}}`,
          state_controlled: next() < 0.05 ? "yes" : "no",
        });
      }
      const places = new Set(
        Array.from({ length: 1 + Math.floor(next() * 3) }, () => PLACES[Math.floor(next() * 5)]!),
      );
      for (const country of places)
        locations.push({
          assessment_id: a.id,
          vendor_id: a.vendor.id,
          question_id: "processing-countries",
          country,
        });
    }
    count += suppliers.length;
    await insertRows(
      client,
      "declared_suppliers",
      [
        ["id", "uuid"],
        ["assessment_id", "uuid"],
        ["vendor_id", "uuid"],
        ["question_id", "text"],
        ["position", "integer"],
        ["name", "text"],
        ["domain", "text"],
        ["service", "text"],
        ["receives", "text[]"],
        ["countries", "text[]"],
        ["state_controlled", "text"],
      ],
      suppliers,
    );
    await insertRows(
      client,
      "declared_locations",
      [
        ["assessment_id", "uuid"],
        ["vendor_id", "uuid"],
        ["question_id", "text"],
        ["country", "text"],
      ],
      locations,
    );
  }
  return count;
}

/**
 * The data as an installation that has been running has it (decision 423): the app's own
 * scheduled jobs run once as of now (the overdue notices of months-old findings and
 * assessments, the expiry of assessments whose links ran out), and the mails they queued are
 * delivered, to the outbox as without SMTP. Otherwise the measured server's first tick did all
 * of that a minute after it started, during the browser runs, and its mail worker delivered the
 * backlog during the loads after.
 */
async function settleScheduledWork(
  client: BenchClient,
  log: (line: string) => void,
): Promise<{ jobs: Record<string, number>; mails: number; seconds: number }> {
  const started = performance.now();
  // The app's modules read the environment: under NODE_ENV=production with DATABASE_URL it
  // needs a session secret, which this process never uses (it signs no cookie).
  process.env.SESSION_SECRET ??= randomBytes(32).toString("hex");
  const db = client.db as unknown as Db;
  const jobs = await runScheduledJobs(db, new Date());
  let mails = 0;
  for (;;) {
    const outcome = await deliverDueMail(db, { smtpUrl: "", batch: 500 });
    if (outcome.claimed === 0) break;
    mails += outcome.claimed;
  }
  const seconds = (performance.now() - started) / 1000;
  const done = Object.entries(jobs)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`);
  log(
    `  settled the scheduled work in ${seconds.toFixed(1)} s: ${done.join(", ") || "nothing due"}; ${mails} mails delivered to the outbox`,
  );
  return { jobs, mails, seconds };
}

export async function loadData(
  client: BenchClient,
  kind: DatabaseKind,
  scale: Scale,
  log: (line: string) => void,
): Promise<Fixtures> {
  const started = performance.now();
  await migrate(kind, client);
  await syncQuestionnaireLibrary(client.db as never);
  const bench = benchQuestionnaire();
  const [benchRow] = await client.db
    .insert(schema.questionnaireVersions)
    .values(versionRow(bench.questionnaire, bench.hash))
    .returning({ id: schema.questionnaireVersions.id });
  const benchVersionId = benchRow!.id;

  const password = randomBytes(18).toString("base64url");
  const [staff] = await client.db
    .insert(schema.users)
    .values({
      email: STAFF_EMAIL,
      name: "Benchmark Admin",
      role: "admin",
      status: "active",
      passwordHash: await hashPassword(password),
    })
    .returning({ id: schema.users.id });
  const staffId = staff!.id;

  const versions = (
    await client.query<{ id: string; slug: string; content: unknown }>(
      "select id, slug, content from questionnaire_versions order by slug, major, minor, patch",
    )
  ).map((row) => {
    const questionnaire = QuestionnaireSchema.parse(row.content);
    return { id: row.id, questionnaire, prepared: prepare(questionnaire) };
  });
  const library = versions.filter((v) => v.questionnaire.slug !== BENCH_SLUG);
  const benchVersion = versions.find((v) => v.id === benchVersionId)!;

  const next = random(2024);
  const now = Date.now();

  // Vendors and one contact each.
  const vendors = Array.from({ length: scale.vendors }, (_, i) => ({
    id: randomUUID(),
    name: `Bench vendor ${String(i + 1).padStart(5, "0")}`,
    website: `https://vendor-${i + 1}.example`,
    category: CATEGORIES[i % CATEGORIES.length]!,
    data_access: ACCESS[(i * 7) % ACCESS.length]!,
    criticality: CRITICALITY[(i * 5) % CRITICALITY.length]!,
    owner_id: i % 3 === 0 ? staffId : null,
    created_at: new Date(now - (730 + (i % 365)) * day).toISOString(),
  }));
  await insertRows(
    client,
    "vendors",
    [
      ["id", "uuid"],
      ["name", "text"],
      ["website", "text"],
      ["category", "vendor_category"],
      ["data_access", "data_access"],
      ["criticality", "criticality"],
      ["owner_id", "uuid"],
      ["created_at", "timestamptz"],
    ],
    vendors,
  );
  await insertRows(
    client,
    "vendor_contacts",
    [
      ["vendor_id", "uuid"],
      ["name", "text"],
      ["email", "text"],
      ["role", "text"],
    ],
    vendors.map((v, i) => ({
      vendor_id: v.id,
      name: `Contact ${i + 1}`,
      email: `security@vendor-${i + 1}.example`,
      role: "Head of security",
    })),
  );

  type Planned = {
    id: string;
    vendor: (typeof vendors)[number];
    version: (typeof versions)[number];
    status: Status;
    share: number;
    createdAt: number;
    token?: string;
  };
  const planned: Planned[] = [];
  for (let i = 0; i < scale.assessments; i++) {
    const onBench = next() < scale.benchShare;
    const version = onBench ? benchVersion : library[i % library.length]!;
    const status: Status = onBench ? "in_progress" : pickStatus(next);
    const share = status === "sent" ? 0 : status === "in_progress" ? (onBench ? 0.9 : 0.5) : 1;
    planned.push({
      id: randomUUID(),
      vendor: vendors[i % vendors.length]!,
      version,
      status,
      share,
      createdAt: now - Math.floor(next() * 700 + 1) * day,
    });
  }
  // The assessments the browser and the load tests act on, with personal links we know.
  const fixture = (status: Status, share: number): Planned => {
    const item: Planned = {
      id: randomUUID(),
      vendor: vendors[planned.length % vendors.length]!,
      version: benchVersion,
      status,
      share,
      createdAt: now - day,
      token: randomBytes(32).toString("base64url"),
    };
    planned.push(item);
    return item;
  };
  const browser = Array.from({ length: scale.browserRuns + 1 }, () => fixture("sent", 0));
  const pool = Array.from({ length: scale.autosavePool }, () => fixture("in_progress", 0.5));
  const section = fixture("in_progress", 0.5);

  const submitted = (s: Status) => s === "submitted" || s === "in_review" || s === "closed";
  const dueDateOf = (a: Planned) =>
    isoDate(new Date(a.token ? now + 30 * day : a.createdAt + 30 * day));
  const linkExpiresAt = (a: Planned) => (a.token ? now + 60 * day : a.createdAt + 60 * day);
  // An open assessment whose links ran out more than a day ago is stored expired, as the
  // app's expiry job would have left it long since: settling it one transaction each took a
  // minute of the large scale's load (decision 423). The few near today are left to that job.
  const storedStatus = (a: Planned): Status | "expired" =>
    (a.status === "sent" || a.status === "in_progress") &&
    linkExpiresAt(a) < now - day &&
    linkExpiry(dueDateOf(a), DEFAULT_SETTINGS.vendorLinkGraceDays).getTime() < now - day
      ? "expired"
      : a.status;
  await insertRows(
    client,
    "assessments",
    [
      ["id", "uuid"],
      ["vendor_id", "uuid"],
      ["questionnaire_version_id", "uuid"],
      ["status", "assessment_status"],
      ["due_date", "date"],
      ["created_by", "uuid"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"],
      ["sent_at", "timestamptz"],
      ["submitted_at", "timestamptz"],
    ],
    planned.map((a) => ({
      id: a.id,
      vendor_id: a.vendor.id,
      questionnaire_version_id: a.version.id,
      status: storedStatus(a),
      due_date: dueDateOf(a),
      created_by: staffId,
      created_at: new Date(a.createdAt).toISOString(),
      updated_at: new Date(a.createdAt + 20 * day).toISOString(),
      sent_at: new Date(a.createdAt + 60_000).toISOString(),
      submitted_at: submitted(a.status) ? new Date(a.createdAt + 20 * day).toISOString() : null,
    })),
  );
  const recipientIds = new Map<string, string>();
  await insertRows(
    client,
    "assessment_recipients",
    [
      ["id", "uuid"],
      ["assessment_id", "uuid"],
      ["name", "text"],
      ["email", "text"],
      ["token_hash", "text"],
      ["expires_at", "timestamptz"],
      ["last_sent_at", "timestamptz"],
      ["invited_by_user_id", "uuid"],
    ],
    planned.map((a) => {
      const id = randomUUID();
      recipientIds.set(a.id, id);
      return {
        id,
        assessment_id: a.id,
        name: "Bench respondent",
        email: `respondent@${new URL(a.vendor.website).host}`,
        token_hash: sha256(a.token ?? randomBytes(32).toString("base64url")),
        expires_at: new Date(linkExpiresAt(a)).toISOString(),
        last_sent_at: new Date(a.createdAt + 60_000).toISOString(),
        invited_by_user_id: staffId,
      };
    }),
  );

  // Answers and, for submitted assessments, the scores the app stores at submission — a page
  // of assessments at a time, so memory stays flat at the large scale.
  const poolIds = new Set(pool.map((a) => a.id));
  const poolAnswered = new Set<string>();
  let answerCount = 0;
  let scoreCount = 0;
  let scoreBytes = 0;
  const PAGE = 400;
  // One page's inserts run (answers and scores on two connections) while the next page is
  // generated and scored: PostgreSQL parsing ~25 KB of JSON per score, and this process
  // scoring, then use both cores instead of taking turns. At most one page is in flight.
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let first = 0; first < planned.length; first += PAGE) {
    const answerRows: Record<string, unknown>[] = [];
    const scoreRows: Record<string, unknown>[] = [];
    for (const a of planned.slice(first, first + PAGE)) {
      if (a.share === 0) continue;
      const answers = generateAnswers(a.version.questionnaire, a.share, next);
      const updatedAt = new Date(a.createdAt + 10 * day).toISOString();
      for (const [questionId, answer] of Object.entries(answers)) {
        if (poolIds.has(a.id)) poolAnswered.add(`${a.id}/${questionId}`);
        answerRows.push({
          assessment_id: a.id,
          question_id: questionId,
          answer,
          revision: 1,
          updated_at: updatedAt,
          updated_by_recipient_id: recipientIds.get(a.id),
        });
      }
      if (!submitted(a.status)) continue;
      const asOf = isoDate(new Date(a.createdAt + 20 * day));
      const profile = { dataAccess: a.vendor.data_access, criticality: a.vendor.criticality };
      const result = score(a.version.prepared, answers, profile, { asOf });
      const comparison = comparedScoreOf(result);
      for (const kind of ["submitted", "current"] as const) {
        const row = {
          assessment_id: a.id,
          kind,
          engine_version: result.engineVersion,
          questionnaire_version_id: a.version.id,
          as_of: asOf,
          overall: result.overall,
          residual_tier: result.residualTier,
          data_access: profile.dataAccess,
          criticality: profile.criticality,
          inherent_tier: result.inherentTier,
          risk_rating: result.riskRating,
          knockout_count: result.knockouts.length,
          result,
          comparison,
          computed_at: new Date(a.createdAt + 20 * day).toISOString(),
        };
        scoreRows.push(row);
      }
    }
    answerCount += answerRows.length;
    // The rows above were made without yielding, so a failure of the page in flight is
    // awaited (and thrown) here, never left unhandled.
    await inFlight;
    const writes: Promise<void>[] = [
      insertRows(client, "answers", ANSWER_COLUMNS, answerRows, 10_000),
    ];
    if (scoreRows.length) {
      scoreBytes += JSON.stringify(scoreRows[0]!.result).length * scoreRows.length;
      scoreCount += scoreRows.length;
      // A page's scores (~10 MB of JSON) in two statements at once: parsing them is most of
      // PostgreSQL's work in the load.
      writes.push(
        insertRows(
          client,
          "assessment_scores",
          SCORE_COLUMNS,
          scoreRows,
          Math.ceil(scoreRows.length / 2),
          true,
        ),
      );
    }
    inFlight = Promise.all(writes);
    if (scale.assessments >= 10_000 && (first / PAGE) % 10 === 0) {
      log(
        `  … ${Math.min(first + PAGE, planned.length)}/${planned.length} assessments, ${answerCount} answers`,
      );
    }
  }
  await inFlight;
  const findingCount = await insertFindings(client, planned, submitted, staffId, now);
  const declaredCount = await insertSupplyChain(client, planned, submitted, next);
  const settled = await settleScheduledWork(client, log);
  // Vacuumed as well as analysed: otherwise autovacuum starts on the freshly loaded answers
  // table during the measurements, on whichever core it lands (the browser's, too).
  await client.query("vacuum analyze");

  const counts = Object.fromEntries(
    await Promise.all(
      [
        "vendors",
        "assessments",
        "answers",
        "assessment_scores",
        "findings",
        "declared_suppliers",
        "declared_locations",
        "questionnaire_versions",
      ].map(async (table) => {
        const [row] = await client.query<{ n: string | number }>(
          `select count(*) as n from ${table}`,
        );
        return [table, Number(row!.n)] as const;
      }),
    ),
  );
  const loadSeconds = (performance.now() - started) / 1000;
  log(
    `Loaded ${counts.vendors} vendors, ${counts.assessments} assessments, ${counts.answers} answers, ` +
      `${counts.assessment_scores} scores, ${findingCount} findings, ${declaredCount} declared suppliers (~${Math.round(scoreBytes / Math.max(1, scoreCount) / 1024)} KB JSON each) in ${loadSeconds.toFixed(1)} s.`,
  );
  return {
    settled,
    staff: { email: STAFF_EMAIL, password },
    browserTokens: browser.map((a) => a.token!),
    poolTokens: pool.map((a) => a.token!),
    poolAssessmentIds: pool.map((a) => a.id),
    poolAnswered,
    sectionToken: section.token!,
    sectionAssessmentId: section.id,
    benchVersionId,
    counts,
    loadSeconds,
  };
}
