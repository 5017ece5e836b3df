// The comparison and the trend against numbers recomputed here from the stored rows: the
// seeded demo assessments, made through the real submit path, three of them on two versions
// of the AI model vendor questionnaire.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { loader as compareLoader } from "~/routes/compare";
import { loader as compareExportLoader } from "~/routes/compare.export";
import { loader as trendLoader } from "~/routes/vendors.$vendorId.trend";
import { type QuestionExplanation, type ScoreResult } from "~/scoring/engine";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoPortfolio } from "~/test/demo-data";
import { buildComparison, diffAssessments } from "./compare";
import { getVendorTrend, loadComparedAssessments, selectForComparison } from "./compare.server";

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

test("three vendors on two versions compare side by side, matching the stored scores", async () => {
  const selection = await selectForComparison(t.db, {
    slug: "ai-model-vendor",
    vendorIds: THREE.map((n) => ids[n]!),
    assessmentIds: [],
  });
  if (!selection.ok) throw new Error(selection.message);
  const c = buildComparison(selection.entries);
  const stored = await Promise.all(THREE.map((n) => storedLatest(n, "ai-model-vendor")));
  expect(new Set(stored.map((s) => s.version))).toEqual(new Set(["1.0.0", "1.1.0"]));
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

  // Question by question: each credit is the stored one; questions 1.0.0 lacks say so.
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
  const added = c.questions.find((q) => q.questionId === "deletion-at-exit")!;
  const lumen = THREE.indexOf("Lumen Speech AI");
  expect(added.versions).toEqual(["1.1.0"]);
  expect(added.cells[lumen]).toEqual({ present: false, version: "1.0.0" });
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
  expect(csv).toContain("Northwind Models (1.1.0)");
  expect(csv).toContain("Lumen Speech AI (1.0.0)");
  expect(csv).toContain("Not in version 1.0.0");
});

test.each([
  ["one vendor", () => `vendor=${ids["Northwind Models"]}`, "Choose at least 2 vendors"],
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
  expect(points.map((p) => p.version)).toEqual(["1.0.0", "1.1.0"]);
});

test("the answer diff says what got better and worse, by the stored credits", async () => {
  const vendorId = ids["Northwind Models"]!;
  const [older, newer] = await getVendorTrend(t.db, vendorId);
  const entries = await loadComparedAssessments(t.db, [older!.assessmentId, newer!.assessmentId]);
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
  ).toEqual(["deletion-at-exit", "staff-access", "subprocessor-change-notice"]);
  expect(rows.some((r) => r.change === "better")).toBe(true);

  const page = (await trendLoader({
    ...args(`/vendors/${vendorId}/trend`),
    params: { vendorId },
  })) as { diff: { counts: Record<string, number> } | null; points: unknown[] };
  expect(page.points).toHaveLength(2);
  expect(page.diff?.counts.added).toBe(3);
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
