// The comparison and the trend against numbers recomputed here from the stored rows: the
// seeded demo assessments, made through the real submit path, three of them on two versions
// of the AI model vendor questionnaire. The picker's tests add vendors that copy those rows
// (some archived, unscored, unsubmitted or on another questionnaire) and check what it offers
// against the stored rows, filtered here independently.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeAnswer } from "~/assessments/answer-words";
import { saveAnswer } from "~/assessments/respond.server";
import { storeCurrentScore } from "~/assessments/scores.server";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { loader as compareLoader } from "~/routes/compare/route";
import { loader as compareExportLoader } from "~/routes/compare.export";
import { loader as trendLoader } from "~/routes/vendors.$vendorId.trend";
import { type QuestionExplanation, type ScoreResult } from "~/scoring/engine";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { migrateDatabase } from "../../db/client";
import journal from "../../db/migrations/meta/_journal.json";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoPortfolio } from "~/test/demo-data";
import { createVendor } from "~/test/factories";
import { type Answer } from "~/questionnaire/model";
import { requestClarification } from "~/review/review.server";
import { buildComparison, type Comparison, diffAssessments, MAX_COMPARED } from "./compare";
import { comparedScoreOf } from "./compared-score";
import { compareHref, PICKER_PAGE_SIZE } from "./compare-query";
import {
  type ComparableVendor,
  getVendorTrend,
  listComparableQuestionnaires,
  loadComparedAssessments,
  loadDiffedAssessments,
  searchComparableVendors,
  selectForComparison,
} from "./compare.server";

let t: TestDatabase;
let cookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(t.db);
  for (const v of await t.db.select().from(schema.vendors)) ids[v.name] = v.id;
  const session = await login(t.db, { email: DEMO_USERS[2].email, password: DEMO_PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  await addPickerVendors();
}, 120_000);
afterAll(async () => t.dispose());

const THREE = ["Northwind Models", "Quill Translate API", "Lumen Speech AI"];

/** Each vendor's latest submitted assessment on a slug, and its stored score rows. */
async function storedLatest(vendorName: string, slug: string) {
  const rows = await t.db
    .select({
      a: schema.assessments,
      slug: schema.questionnaireVersions.slug,
      version: schema.questionnaireVersions.version,
    })
    .from(schema.assessments)
    .innerJoin(
      schema.questionnaireVersions,
      eq(schema.questionnaireVersions.id, schema.assessments.questionnaireVersionId),
    )
    .where(eq(schema.assessments.vendorId, ids[vendorName]!));
  const latest = rows
    .filter((r) => r.slug === slug && r.a.submittedAt)
    .sort((x, y) => y.a.submittedAt!.getTime() - x.a.submittedAt!.getTime())[0]!;
  const scores = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(eq(schema.assessmentScores.assessmentId, latest.a.id));
  return {
    assessmentId: latest.a.id,
    version: latest.version,
    current: scores.find((s) => s.kind === "current")!,
    submitted: scores.find((s) => s.kind === "submitted")!,
  };
}

/** Σ earned / Σ possible per section, from the explanation (independent of `sections`). */
function sectionScores(result: ScoreResult): Map<string, number | null> {
  const sums = new Map<string, { earned: number; possible: number }>();
  for (const q of result.questions as QuestionExplanation[]) {
    const s = sums.get(q.sectionId) ?? { earned: 0, possible: 0 };
    s.earned += q.pointsEarned;
    s.possible += q.pointsPossible;
    sums.set(q.sectionId, s);
  }
  return new Map(
    [...sums].map(([id, s]) => [id, s.possible === 0 ? null : (100 * s.earned) / s.possible]),
  );
}

test("migration 0020 upgrades a database holding scores: each gets its comparison exactly as the scores module writes it", async () => {
  // Back to before 0020, with this file's scored portfolio in it, then migrated again: the
  // upgrade an existing installation makes.
  await t.db.execute(sql`alter table assessment_scores drop column comparison`);
  const since = journal.entries.find((e) => e.tag === "0020_score_comparison")!.when;
  await t.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at >= ${since}`);
  await migrateDatabase(t);
  const rows = await t.db
    .select({
      result: schema.assessmentScores.result,
      comparison: schema.assessmentScores.comparison,
    })
    .from(schema.assessmentScores);
  expect(rows.length).toBeGreaterThan(10);
  for (const row of rows) {
    expect(row.comparison).toEqual(comparedScoreOf(row.result as ScoreResult));
  }
});

test("a compared assessment's current score is exactly the stored result's parts the comparison reads", async () => {
  const stored = await Promise.all(THREE.map((n) => storedLatest(n, "ai-model-vendor")));
  const entries = await loadComparedAssessments(
    t.db,
    stored.map((s) => s.assessmentId),
  );
  for (const [i, s] of stored.entries()) {
    const result = s.current.result as ScoreResult;
    expect(entries[i]!.current).toEqual({
      overall: result.overall,
      residualTier: result.residualTier,
      inherentTier: result.inherentTier,
      riskRating: result.riskRating,
      knockouts: result.knockouts,
      sections: result.sections,
      thresholds: result.thresholds,
      questions: result.questions.map((q) => ({
        questionId: q.questionId,
        credit: q.credit,
        applicability: q.applicability,
        verified: q.verified,
      })),
    });
    expect(result.questions.length).toBeGreaterThan(0);
  }
});

test("three vendors on two versions compare side by side, matching the stored scores", async () => {
  const selection = await selectForComparison(t.db, {
    slug: "ai-model-vendor",
    vendorIds: THREE.map((n) => ids[n]!),
    assessmentIds: [],
  });
  if (!selection.ok) throw new Error(selection.message);
  const c = selection.comparison;
  const stored = await Promise.all(THREE.map((n) => storedLatest(n, "ai-model-vendor")));
  expect(new Set(stored.map((s) => s.version))).toEqual(new Set(["2.2.0", "2.3.0"]));
  expect(c.columns.map((col) => col.vendorName)).toEqual(THREE);
  expect(c.columns.map((col) => col.assessmentId)).toEqual(stored.map((s) => s.assessmentId));
  expect(c.columns.map((col) => col.overall)).toEqual(stored.map((s) => s.current.overall));
  expect(c.columns.map((col) => col.submittedOverall)).toEqual(
    stored.map((s) => s.submitted.overall),
  );
  expect(c.columns.map((col) => col.residualTier)).toEqual(
    stored.map((s) => s.current.residualTier),
  );
  expect(c.columns.map((col) => col.riskRating)).toEqual(stored.map((s) => s.current.riskRating));
  expect(c.columns.map((col) => col.knockouts)).toEqual(stored.map((s) => s.current.knockoutCount));

  // Section scores: recomputed from each stored explanation.
  for (const [i, s] of stored.entries()) {
    const want = sectionScores(s.current.result as ScoreResult);
    for (const row of c.sections) {
      const cell = row.cells[i]!;
      if (!cell.present) {
        expect(want.has(row.sectionId)).toBe(false);
        continue;
      }
      expect(cell.score).toBeCloseTo(want.get(row.sectionId) ?? NaN, 9);
      expect(cell.version).toBe(s.version);
    }
  }

  // Question by question: each credit is the stored one; questions 2.2.0 lacks say so.
  const credits = stored.map(
    (s) =>
      new Map(
        ((s.current.result as ScoreResult).questions as QuestionExplanation[]).map((q) => [
          q.questionId,
          q.credit,
        ]),
      ),
  );
  for (const row of c.questions) {
    const present = row.cells.flatMap((cell, i) =>
      cell.present && cell.credit !== null ? [credits[i]!.get(row.questionId)!] : [],
    );
    row.cells.forEach((cell, i) => {
      if (cell.present) expect(cell.credit).toBe(credits[i]!.get(row.questionId) ?? null);
      else expect(credits[i]!.has(row.questionId)).toBe(false);
    });
    expect(row.spread).toBe(
      present.length >= 2 ? Math.max(...present) - Math.min(...present) : null,
    );
  }
  const spreads = c.questions.map((q) => q.spread ?? -1);
  expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
  const added = c.questions.find((q) => q.questionId === "tool-execution-scope")!;
  const lumen = THREE.indexOf("Lumen Speech AI");
  expect(added.versions).toEqual(["2.3.0"]);
  expect(added.cells[lumen]).toEqual({ present: false, version: "2.2.0" });
  expect(c.questions.some((q) => (q.spread ?? 0) > 0)).toBe(true);
});

test("the page compares through the URL and exports the same comparison", async () => {
  const search = `questionnaire=ai-model-vendor&${THREE.map((n) => `vendor=${ids[n]}`).join("&")}`;
  const page = (await compareLoader(args(`/compare?${search}`))) as {
    comparison: { columns: { vendorName: string }[] } | null;
  };
  expect(page.comparison?.columns.map((c) => c.vendorName)).toEqual(THREE);
  const response = (await compareExportLoader(
    args(`/compare/export?${search}&export=csv`),
  )) as Response;
  const csv = await response.text();
  expect(csv).toContain("Northwind Models (2.3.0)");
  expect(csv).toContain("Lumen Speech AI (2.2.0)");
  expect(csv).toContain("Not in version 2.2.0");
});

test.each([
  [
    "one vendor with compare=1",
    () => `vendor=${ids["Northwind Models"]}&compare=1`,
    "Choose at least 2 vendors",
  ],
  ["none chosen", () => "compare=1", "Choose at least 2 vendors"],
  [
    "eleven vendors",
    () =>
      Array.from(
        { length: 11 },
        (_, i) => `vendor=00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      ).join("&"),
    "Choose at most 10 vendors",
  ],
  [
    "a vendor never assessed on it",
    () => `vendor=${ids["Northwind Models"]}&vendor=${ids["LabelWorks"]}`,
    "LabelWorks has no submitted assessment on this questionnaire",
  ],
  ["a malformed id", () => "vendor=42&vendor=43", "vendor must be a vendor id"],
  ["an unknown parameter", () => "colour=red", "Unknown parameter: colour"],
])("refuses %s with a clear 400", async (_, query, message) => {
  const result = await outcome(() =>
    compareLoader(args(`/compare?questionnaire=ai-model-vendor&${query()}`)),
  );
  expect(result.status).toBe(400);
  expect((result.body as { error: string }).error).toContain(message);
});

test("assessments of different questionnaires are refused", async () => {
  const ai = await storedLatest("Northwind Models", "ai-model-vendor");
  const cloud = await storedLatest("Cirrus GPU Cloud", "cloud-ai-infrastructure");
  const result = await outcome(() =>
    compareLoader(args(`/compare?assessment=${ai.assessmentId}&assessment=${cloud.assessmentId}`)),
  );
  expect(result.status).toBe(400);
  expect((result.body as { error: string }).error).toContain("different questionnaires");
});

test("a vendor's trend has both scores of every submitted assessment, oldest first", async () => {
  const vendorId = ids["Northwind Models"]!;
  const points = await getVendorTrend(t.db, vendorId);
  const assessments = await t.db
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.vendorId, vendorId));
  const submitted = assessments
    .filter((a) => a.submittedAt)
    .sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime());
  expect(points.map((p) => p.assessmentId)).toEqual(submitted.map((a) => a.id));
  const scores = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(
      inArray(
        schema.assessmentScores.assessmentId,
        submitted.map((a) => a.id),
      ),
    );
  for (const p of points) {
    const of = (kind: string) =>
      scores.find((s) => s.assessmentId === p.assessmentId && s.kind === kind)!.overall;
    expect([p.submittedOverall, p.currentOverall]).toEqual([of("submitted"), of("current")]);
  }
  expect(points.map((p) => p.version)).toEqual(["2.2.0", "2.3.0"]);
});

test("the answer diff says what got better and worse, by the stored credits", async () => {
  const vendorId = ids["Northwind Models"]!;
  const [older, newer] = await getVendorTrend(t.db, vendorId);
  const entries = await loadDiffedAssessments(t.db, [older!.assessmentId, newer!.assessmentId]);
  const rows = diffAssessments(entries[0]!, entries[1]!);
  const credit = (e: (typeof entries)[number], id: string) =>
    (e.submitted.questions as QuestionExplanation[]).find((q) => q.questionId === id)?.credit ??
    null;
  for (const row of rows) {
    const a = credit(entries[0]!, row.questionId);
    const b = credit(entries[1]!, row.questionId);
    if (row.change === "better") expect(b!).toBeGreaterThan(a!);
    if (row.change === "worse") expect(b!).toBeLessThan(a!);
  }
  expect(
    rows
      .filter((r) => r.change === "added")
      .map((r) => r.questionId)
      .sort(),
  ).toEqual([
    "accuracy-evaluation",
    "customer-data-use-evidence",
    "data-location-evidence",
    "encryption-at-rest-evidence",
    "incident-notification-evidence",
    "output-safety-controls",
    "retrieval-index-isolation-evidence",
    "service-instruction-contents",
    "staff-access-evidence",
    "state-control-evidence",
    "tool-execution-scope",
  ]);
  expect(rows.some((r) => r.change === "better")).toBe(true);

  const page = (await trendLoader({
    ...args(`/vendors/${vendorId}/trend`),
    params: { vendorId },
  })) as { diff: { counts: Record<string, number> } | null; points: unknown[] };
  expect(page.points).toHaveLength(2);
  expect(page.diff?.counts.added).toBe(11);
  const bad = await outcome(() =>
    trendLoader({ ...args(`/vendors/${vendorId}/trend?from=nope`), params: { vendorId } }),
  );
  expect(bad.status).toBe(400);
  const other = (await storedLatest("Quill Translate API", "ai-model-vendor")).assessmentId;
  const notTheirs = await outcome(() =>
    trendLoader({
      ...args(`/vendors/${vendorId}/trend?from=${older!.assessmentId}&to=${other}`),
      params: { vendorId },
    }),
  );
  expect(notTheirs.status).toBe(400);
});

// ---------------------------------------------------------------------------------------------
// The vendor picker

const PICKER_COPIES = 25;

/** A vendor whose assessment (and its stored scores and answers) copies `sourceId`'s. */
async function copyAssessment(
  name: string,
  sourceId: string,
  changes: { status?: string; scores?: boolean; archived?: boolean } = {},
) {
  const vendor = await createVendor(t.db, {
    name,
    archivedAt: changes.archived ? new Date() : null,
  });
  ids[name] = vendor.id;
  const status = changes.status ? sql`${changes.status}::assessment_status` : sql`status`;
  const submittedAt = changes.status === "in_progress" ? sql`null` : sql`submitted_at`;
  const [copy] = (await rowsOf<{ id: string }>(
    sql`insert into assessments (vendor_id, questionnaire_version_id, status, due_date, sent_at, submitted_at)
      select ${vendor.id}::uuid, questionnaire_version_id, ${status}, due_date, sent_at, ${submittedAt}
      from assessments where id = ${sourceId}::uuid returning id`,
  ))!;
  await t.db.execute(sql`insert into answers (assessment_id, question_id, answer)
    select ${copy!.id}::uuid, question_id, answer from answers where assessment_id = ${sourceId}::uuid`);
  if (changes.scores !== false)
    await t.db.execute(sql`insert into assessment_scores (assessment_id, kind, engine_version,
        questionnaire_version_id, as_of, overall, residual_tier, data_access, criticality,
        inherent_tier, risk_rating, knockout_count, result, comparison)
      select ${copy!.id}::uuid, kind, engine_version, questionnaire_version_id, as_of, overall,
        residual_tier, data_access, criticality, inherent_tier, risk_rating, knockout_count, result,
        comparison
      from assessment_scores where assessment_id = ${sourceId}::uuid`);
  return copy!.id;
}

async function rowsOf<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await t.db.execute(statement)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function addPickerVendors() {
  const northwind = (await storedLatest("Northwind Models", "ai-model-vendor")).assessmentId;
  const cirrus = (await storedLatest("Cirrus GPU Cloud", "cloud-ai-infrastructure")).assessmentId;
  for (let i = 1; i <= PICKER_COPIES; i++)
    await copyAssessment(`Picker Vendor ${String(i).padStart(2, "0")}`, northwind);
  await copyAssessment("Picker 50% Labs", northwind);
  // None of these may ever be offered on ai-model-vendor.
  await copyAssessment("Picker Archived", northwind, { archived: true });
  await copyAssessment("Picker Unscored", northwind, { scores: false });
  await copyAssessment("Picker Unsubmitted", northwind, { status: "in_progress" });
  await copyAssessment("Picker Cancelled", northwind, { status: "cancelled" });
  await copyAssessment("Picker Cloud", cirrus);
}

/**
 * What the picker should offer on `slug`, from the stored rows: vendors not archived, with a
 * submitted (submitted, in review or closed) assessment on a version of it that has a current
 * score, each with its latest such assessment; by name.
 */
async function expectedComparable(slug: string): Promise<ComparableVendor[]> {
  const [vendors, assessments, versions, scores] = await Promise.all([
    t.db.select().from(schema.vendors),
    t.db.select().from(schema.assessments),
    t.db.select().from(schema.questionnaireVersions),
    t.db.select().from(schema.assessmentScores),
  ]);
  const versionOf = new Map(versions.map((v) => [v.id, v]));
  const scored = new Set(scores.filter((s) => s.kind === "current").map((s) => s.assessmentId));
  const out: ComparableVendor[] = [];
  for (const v of vendors) {
    if (v.archivedAt) continue;
    const latest = assessments
      .filter(
        (a) =>
          a.vendorId === v.id &&
          ["submitted", "in_review", "closed"].includes(a.status) &&
          a.submittedAt &&
          versionOf.get(a.questionnaireVersionId)!.slug === slug &&
          scored.has(a.id),
      )
      .sort(
        (x, y) => y.submittedAt!.getTime() - x.submittedAt!.getTime() || (x.id < y.id ? 1 : -1),
      )[0];
    if (!latest) continue;
    out.push({
      vendorId: v.id,
      vendorName: v.name,
      assessmentId: latest.id,
      version: versionOf.get(latest.questionnaireVersionId)!.version,
      submittedOn: latest.submittedAt!.toISOString().slice(0, 10),
    });
  }
  return out.sort(
    (a, b) =>
      a.vendorName.toLowerCase().localeCompare(b.vendorName.toLowerCase(), "en") ||
      (a.vendorId < b.vendorId ? -1 : 1),
  );
}

type PickerPage = {
  slug: string;
  q: string;
  chosen: { vendorId: string; vendorName: string; assessmentId: string; by: string }[];
  results: { vendors: ComparableVendor[]; total: number; page: number; pageCount: number } | null;
  comparison: { columns: { vendorName: string; assessmentId: string }[] } | null;
  error: string | null;
};

async function picker(search: string) {
  const result = await outcome(() => compareLoader(args(`/compare?${search}`)));
  return { status: result.status, page: result.body as PickerPage };
}

test("the picker offers exactly the vendors with a submitted, scored assessment on the questionnaire, by name, a page at a time", async () => {
  const expected = await expectedComparable("ai-model-vendor");
  expect(expected.length).toBe(PICKER_COPIES + 4);
  const names = expected.map((v) => v.vendorName);
  for (const never of ["Archived", "Unscored", "Unsubmitted", "Cancelled", "Cloud"])
    expect(names).not.toContain(`Picker ${never}`);

  const first = await picker("questionnaire=ai-model-vendor");
  expect(first.status).toBe(200);
  expect(first.page.results).toMatchObject({ total: expected.length, more: false });
  expect(first.page.results?.vendors).toHaveLength(PICKER_PAGE_SIZE);
  expect(first.page.comparison).toBeNull();
  const second = await picker("questionnaire=ai-model-vendor&page=2");
  expect([...first.page.results!.vendors, ...second.page.results!.vendors]).toEqual(expected);

  // Past the last page: nothing shown, nothing counted.
  const past = await picker("questionnaire=ai-model-vendor&page=9");
  expect(past.status).toBe(200);
  expect(past.page.results).toMatchObject({ vendors: [], total: null, page: 9 });

  // Another questionnaire offers its own vendors only.
  const cloud = await searchComparableVendors(t.db, "cloud-ai-infrastructure", { pageSize: 100 });
  expect(cloud.vendors).toEqual(await expectedComparable("cloud-ai-infrastructure"));
  expect(cloud.vendors.map((v) => v.vendorName)).toContain("Picker Cloud");
});

test("the questionnaires to choose from are those the picker has vendors for", async () => {
  const listed = await listComparableQuestionnaires(t.db);
  const versions = await t.db.select().from(schema.questionnaireVersions);
  const withVendors: string[] = [];
  for (const slug of new Set(versions.map((v) => v.slug)))
    if ((await expectedComparable(slug)).length > 0) withVendors.push(slug);
  expect(listed.map((q) => q.slug).sort()).toEqual(withVendors.sort());
  expect(listed.find((q) => q.slug === "ai-model-vendor")?.title).toBe(
    versions.find((v) => v.slug === "ai-model-vendor" && v.version === "1.1.0")!.title,
  );
});

test("the picker searches names by a case-insensitive part, taking wildcards literally", async () => {
  const expected = await expectedComparable("ai-model-vendor");
  const search = async (q: string) =>
    (await picker(`questionnaire=ai-model-vendor&q=${encodeURIComponent(q)}`)).page.results!;
  const tens = await search("VENDOR 1");
  expect(tens.vendors.map((v) => v.vendorName)).toEqual(
    expected.filter((v) => /vendor 1/i.test(v.vendorName)).map((v) => v.vendorName),
  );
  expect(tens.total).toBe(10);
  expect((await search("0%")).vendors.map((v) => v.vendorName)).toEqual(["Picker 50% Labs"]);
  expect((await search("_")).total).toBe(0);
  expect((await search("Picker Archived")).total).toBe(0);
  expect((await search("Picker Cloud")).total).toBe(0);
  const paged = await searchComparableVendors(t.db, "ai-model-vendor", {
    search: "picker",
    page: 3,
    pageSize: 4,
  });
  expect(paged.vendors).toEqual(
    expected.filter((v) => v.vendorName.startsWith("Picker")).slice(8, 12),
  );
  expect(paged).toMatchObject({ total: PICKER_COPIES + 1, more: false, page: 3 });
});

test("past a few pages the picker says there are more instead of counting them all", async () => {
  const pickers = (await expectedComparable("ai-model-vendor")).filter((v) =>
    v.vendorName.startsWith("Picker"),
  );
  const options = { search: "picker", pageSize: 4, lookahead: 8 };
  const first = await searchComparableVendors(t.db, "ai-model-vendor", { ...options, page: 1 });
  expect(first).toMatchObject({ vendors: pickers.slice(0, 4), total: 8, more: true });
  const fifth = await searchComparableVendors(t.db, "ai-model-vendor", { ...options, page: 5 });
  expect(fifth).toMatchObject({ vendors: pickers.slice(16, 20), total: 24, more: true });
  const sixth = await searchComparableVendors(t.db, "ai-model-vendor", { ...options, page: 6 });
  expect(sixth).toMatchObject({
    vendors: pickers.slice(20, 24),
    total: pickers.length,
    more: false,
  });
});

test("chosen vendors are kept through searches and pages, compared from two, and removed by their links", async () => {
  const a = ids["Picker Vendor 03"]!;
  const b = ids["Quill Translate API"]!;
  const c = ids["Picker 50% Labs"]!;
  const expected = new Map(
    (await expectedComparable("ai-model-vendor")).map((v) => [v.vendorId, v]),
  );

  // One chosen: the picker goes on, no error, no comparison.
  const one = await picker(`questionnaire=ai-model-vendor&vendor=${a}&q=quill`);
  expect(one.status).toBe(200);
  expect(one.page.error).toBeNull();
  expect(one.page.comparison).toBeNull();
  expect(one.page.chosen).toEqual([
    expect.objectContaining({ vendorId: a, by: "vendor", ...expected.get(a) }),
  ]);
  expect(one.page.results?.vendors.map((v) => v.vendorName)).toEqual(["Quill Translate API"]);

  // Three chosen, on page 2 of a search: the comparison is of those three, in that order.
  const three = await picker(
    `questionnaire=ai-model-vendor&vendor=${a}&vendor=${b}&vendor=${c}&q=picker&page=2`,
  );
  expect(three.status).toBe(200);
  expect(three.page.chosen.map((x) => x.vendorId)).toEqual([a, b, c]);
  expect(three.page.comparison?.columns.map((col) => col.assessmentId)).toEqual(
    [a, b, c].map((id) => expected.get(id)!.assessmentId),
  );
  expect(three.page.results).toMatchObject({ page: 2, total: PICKER_COPIES + 1 });

  // Removing one is following a link without it; the search and page stay.
  const removed = compareHref({
    questionnaire: "ai-model-vendor",
    vendor: [a, c],
    assessment: [],
    q: three.page.q,
    page: 2,
  });
  const two = await picker(removed.split("?")[1]!);
  expect(two.page.chosen.map((x) => x.vendorName)).toEqual(["Picker Vendor 03", "Picker 50% Labs"]);
  expect(two.page.comparison?.columns.map((col) => col.vendorName)).toEqual([
    "Picker Vendor 03",
    "Picker 50% Labs",
  ]);
  expect(two.page.results).toMatchObject({ page: 2 });
});

test("more than the most that can be compared is refused, and the picker still lists them to remove", async () => {
  const eleven = (await expectedComparable("ai-model-vendor")).slice(0, MAX_COMPARED + 1);
  const result = await picker(
    `questionnaire=ai-model-vendor&${eleven.map((v) => `vendor=${v.vendorId}`).join("&")}`,
  );
  expect(result.status).toBe(400);
  expect(result.page.error).toContain(`Choose at most ${MAX_COMPARED} vendors`);
  expect(result.page.comparison).toBeNull();
  expect(result.page.chosen.map((c) => c.vendorId)).toEqual(eleven.map((v) => v.vendorId));
});

test.each([
  ["archived", "Picker Archived"],
  ["unscored", "Picker Unscored"],
  ["unsubmitted", "Picker Unsubmitted"],
  ["on another questionnaire", "Picker Cloud"],
])("a vendor %s cannot be chosen by URL either", async (_, name) => {
  const result = await picker(
    `questionnaire=ai-model-vendor&vendor=${ids["Picker Vendor 01"]}&vendor=${ids[name]}`,
  );
  expect(result.status).toBe(400);
  expect(result.page.error).toContain(`${name} has no submitted assessment on this questionnaire`);
  // The one that can be compared stays chosen; the other is dropped from the picker's links.
  expect(result.page.chosen.map((c) => c.vendorName)).toEqual(["Picker Vendor 01"]);
});

test.each([
  ["a page that is not a number", "page=two", "page must be a whole number from 1 to 99999"],
  ["page 0", "page=0", "page must be a whole number from 1 to 99999"],
  ["a search given twice", "q=a&q=b", "q is given more than once"],
  ["a search too long", `q=${"n".repeat(101)}`, "at most 100 characters"],
])("the picker refuses %s with a clear 400", async (_, search, message) => {
  const result = await picker(`questionnaire=ai-model-vendor&${search}`);
  expect(result.status).toBe(400);
  expect(result.page.error).toContain(message);
  expect(result.page.results).toBeNull();
});

test("a search without a questionnaire is refused", async () => {
  const result = await picker("q=north");
  expect(result.status).toBe(400);
  expect(result.page.error).toContain("choose the questionnaire too");
});

test("a link with assessments only opens the picker on their questionnaire", async () => {
  const ai = (await storedLatest("Northwind Models", "ai-model-vendor")).assessmentId;
  const quill = (await storedLatest("Quill Translate API", "ai-model-vendor")).assessmentId;
  const result = await picker(`assessment=${ai}&assessment=${quill}`);
  expect(result.status).toBe(200);
  expect(result.page.slug).toBe("ai-model-vendor");
  expect(result.page.chosen.map((c) => c.by)).toEqual(["assessment", "assessment"]);
  expect(result.page.comparison?.columns.map((col) => col.assessmentId)).toEqual([ai, quill]);
  expect(result.page.results?.total).toBe(PICKER_COPIES + 4);
});

function args(path: string): LoaderFunctionArgs {
  return {
    request: new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  };
}

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    const value = await run();
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const v = value as { init?: { status?: number }; data: unknown };
      return { status: v.init?.status ?? 200, body: v.data };
    }
    return { status: 200, body: value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null };
    const v = thrown as { init?: { status?: number }; data: unknown };
    return { status: v.init?.status ?? 500, body: v.data };
  }
}

// Last: it renames and archives vendors (and puts them back).
test("the picker and its questionnaires are kept until a revision moves: renames and archiving show at once", async () => {
  const page = async () =>
    (await searchComparableVendors(t.db, "ai-model-vendor", { pageSize: 100 })).vendors;
  const before = await page();
  expect(before).toEqual(await expectedComparable("ai-model-vendor"));
  const target = before.find((v) => v.vendorName === "Quill Translate API")!;

  // Written with the revision triggers off: the kept page (and questionnaire list) stand.
  const questionnaires = await listComparableQuestionnaires(t.db);
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(
      sql`update vendors set name = 'Quill Quietly Renamed' where id = ${target.vendorId}`,
    );
  });
  expect(await page()).toEqual(before);
  expect(await listComparableQuestionnaires(t.db)).toBe(questionnaires);

  // A rename moves the map's revision: the picker shows (and searches) the new name.
  await t.db
    .update(schema.vendors)
    .set({ name: "Quill Renamed API" })
    .where(eq(schema.vendors.id, target.vendorId));
  const renamed = await page();
  expect(renamed).toEqual(await expectedComparable("ai-model-vendor"));
  expect(renamed.find((v) => v.vendorId === target.vendorId)?.vendorName).toBe("Quill Renamed API");
  const found = await searchComparableVendors(t.db, "ai-model-vendor", { search: "renamed api" });
  expect(found.vendors.map((v) => v.vendorId)).toEqual([target.vendorId]);

  // Archiving moves the portfolio's: the vendor leaves the picker.
  await t.db
    .update(schema.vendors)
    .set({ archivedAt: new Date() })
    .where(eq(schema.vendors.id, target.vendorId));
  expect((await page()).map((v) => v.vendorId)).not.toContain(target.vendorId);
  expect(await page()).toEqual(await expectedComparable("ai-model-vendor"));

  await t.db
    .update(schema.vendors)
    .set({ archivedAt: null, name: "Quill Translate API" })
    .where(eq(schema.vendors.id, target.vendorId));
  expect(await page()).toEqual(before);
});

test("a comparison is kept until a revision moves: a clarified answer, a rescore and a rename show at once", async () => {
  const choice = {
    slug: "ai-model-vendor",
    vendorIds: THREE.map((n) => ids[n]!),
    assessmentIds: [],
  };
  const compare = async () => {
    const selection = await selectForComparison(t.db, choice);
    if (!selection.ok) throw new Error(selection.message);
    return selection.comparison;
  };
  const cellOf = (c: Comparison, questionId: string) =>
    c.questions.find((q) => q.questionId === questionId)!.cells[0]!;
  const before = await compare();
  expect(await compare()).toBe(before); // kept: the same value, nothing read again

  // Northwind's latest assessment, a yes/no question it answered, and who answered it.
  const { assessmentId } = await storedLatest("Northwind Models", "ai-model-vendor");
  const [entry] = await loadComparedAssessments(t.db, [assessmentId]);
  const question = entry!.questionnaire.sections
    .flatMap((s) => s.questions)
    .find((q) => q.type === "yes_no" && entry!.answers[q.id]?.kind === "value")!;
  const [stored] = await t.db
    .select()
    .from(schema.answers)
    .where(
      and(
        eq(schema.answers.assessmentId, assessmentId),
        eq(schema.answers.questionId, question.id),
      ),
    );
  const flipped: Answer = {
    kind: "value",
    value: (stored!.answer as Answer & { kind: "value" }).value === "yes" ? "no" : "yes",
  };
  const [recipient] = await t.db
    .select()
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId));
  const [officer] = await t.db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, DEMO_USERS[2].email));

  // Written with the revision triggers off, the kept comparison stands: it is kept, not re-read.
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx
      .update(schema.answers)
      .set({ answer: flipped })
      .where(eq(schema.answers.id, stored!.id));
  });
  expect(await compare()).toBe(before);
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx
      .update(schema.answers)
      .set({ answer: stored!.answer })
      .where(eq(schema.answers.id, stored!.id));
  });

  // A reviewer asks about the answer and the vendor changes it, before replying: the
  // comparison shows the new answer at once.
  expect(
    await requestClarification(
      t.db,
      { id: officer!.id, email: officer!.email, name: officer!.name, role: officer!.role },
      assessmentId,
      question.id,
      "Is that still so?",
    ),
  ).toEqual({ ok: true });
  const asked = await compare(); // the request moved the assessment into review
  expect(cellOf(asked, question.id)).toEqual(cellOf(before, question.id));
  expect(
    await saveAnswer(t.db, { assessmentId, recipientId: recipient!.id }, entry!.questionnaire, {
      questionId: question.id,
      answer: flipped,
      comment: stored!.comment,
      baseRevision: stored!.revision,
    }),
  ).toMatchObject({ ok: true });
  const clarified = await compare();
  expect(cellOf(clarified, question.id)).toMatchObject({
    present: true,
    answer: describeAnswer(question, flipped),
  });
  const fresh = async () =>
    buildComparison(
      await loadComparedAssessments(
        t.db,
        before.columns.map((c) => c.assessmentId),
      ),
    );
  expect(clarified).toEqual(await fresh());

  // The assessment rescored with the new answer: the new current score shows.
  const rescored = await storeCurrentScore(t.db, assessmentId, { verifiedQuestionIds: [] });
  const afterRescore = await compare();
  expect(afterRescore.columns[0]!.overall).toBe(rescored.overall);
  expect(afterRescore).toEqual(await fresh());

  // A rename moves the map's revision: the new name shows.
  await t.db
    .update(schema.vendors)
    .set({ name: "Northwind Renamed" })
    .where(eq(schema.vendors.id, ids["Northwind Models"]!));
  const renamed = await compare();
  expect(renamed.columns[0]!.vendorName).toBe("Northwind Renamed");
  expect(renamed).toEqual(await fresh());
  await t.db
    .update(schema.vendors)
    .set({ name: "Northwind Models" })
    .where(eq(schema.vendors.id, ids["Northwind Models"]!));
});
