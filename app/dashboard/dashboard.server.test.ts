// The dashboard's numbers against the same numbers computed here, in plain TypeScript, from
// the stored rows: the seeded demo assessments (made through the real submit path) plus
// findings in every state. The route's filters and bad parameters are checked through its
// loader, as a browser would reach it.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { loader as assessmentsLoader } from "~/routes/assessments._index";
import { loader as exportLoader } from "~/routes/dashboard.export";
import { loader as dashboardLoader } from "~/routes/dashboard/route";
import { loader as registerLoader } from "~/routes/findings._index";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoPortfolio } from "~/test/demo-data";
import { listRegister, parseRegisterQuery } from "~/findings/register.server";
import { figures } from "./figures";
import {
  getDashboard,
  listPortfolioAssessments,
  toQueryText,
  dashboardStatements,
} from "./dashboard.server";
import {
  ACCEPTANCE_EXPIRY_DAYS,
  addDays,
  AGE_BUCKETS,
  DUE_SOON_DAYS,
  OPEN_FINDING_STATUSES,
  type PortfolioFilter,
} from "./filters";
import { parsePortfolioFilter } from "./filter-schemas";

let t: TestDatabase;
let cookie: string;
const TODAY = new Date().toISOString().slice(0, 10);
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(t.db);
  const session = await login(t.db, { email: DEMO_USERS[2].email, password: DEMO_PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  await addFindings();
}, 120_000);
afterAll(async () => t.dispose());

/** Findings in every status, severity and age, on the seeded submitted assessments. */
async function addFindings() {
  const submitted = await t.db
    .select({ id: schema.assessments.id, vendorId: schema.assessments.vendorId })
    .from(schema.assessments)
    .where(eq(schema.assessments.status, "submitted"));
  const [risk] = await t.db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, DEMO_USERS[2].email));
  const statuses = [
    "open",
    "in_progress",
    "fixed_by_vendor",
    "verified",
    "risk_accepted",
    "reopened",
  ] as const;
  const severities = ["low", "medium", "high", "critical"] as const;
  const rows = [];
  let n = 0;
  for (const a of submitted) {
    for (let i = 0; i < 9; i++, n++) {
      const status = statuses[n % statuses.length]!;
      const ageDays = [0, 12, 30, 31, 75, 90, 91, 150, 181, 400][n % 10]!;
      rows.push({
        assessmentId: a.id,
        vendorId: a.vendorId,
        origin: "manual" as const,
        key: `manual:test-${n}`,
        questionId: "q",
        sectionId: "s",
        severity: severities[(n * 7) % 4]!,
        originalSeverity: severities[(n * 7) % 4]!,
        title: `Test finding ${n}`,
        status,
        dueDate: addDays(TODAY, [-20, -1, 0, 5, 40][n % 5]!),
        createdAt: new Date(Date.parse(`${TODAY}T12:00:00Z`) - ageDays * DAY),
        ...(status === "risk_accepted"
          ? {
              acceptedById: risk!.id,
              acceptanceJustification: "Compensating controls",
              acceptanceExpiresOn: addDays(TODAY, [-3, 10, 30, 31, 90][n % 5]!),
            }
          : {}),
      });
    }
  }
  await t.db.insert(schema.findings).values(rows);
}

/** The expected numbers, from plain selects and JavaScript. */
async function expected(filter: PortfolioFilter) {
  const vendors = await t.db.select().from(schema.vendors);
  const assessments = await t.db.select().from(schema.assessments);
  const scores = await t.db.select().from(schema.assessmentScores);
  const versions = await t.db.select().from(schema.questionnaireVersions);
  const findings = await t.db.select().from(schema.findings);
  const slugOf = new Map(versions.map((v) => [v.id, v.slug]));
  const vendorOf = new Map(vendors.map((v) => [v.id, v]));
  const vendorOk = (id: string) => {
    const v = vendorOf.get(id)!;
    if (v.archivedAt) return false;
    if (filter.category && v.category !== filter.category) return false;
    if (filter.owner === "none" && v.ownerId !== null) return false;
    if (filter.owner && filter.owner !== "none" && v.ownerId !== filter.owner) return false;
    return true;
  };
  const inDates = (d: Date) =>
    (!filter.from || d.toISOString().slice(0, 10) >= filter.from) &&
    (!filter.to || d.toISOString().slice(0, 10) <= filter.to);
  const latest = new Map<string, (typeof assessments)[number]>();
  for (const a of assessments) {
    if (!["submitted", "in_review", "closed"].includes(a.status) || !a.submittedAt) continue;
    if (!vendorOk(a.vendorId)) continue;
    if (filter.questionnaire && slugOf.get(a.questionnaireVersionId) !== filter.questionnaire)
      continue;
    if (!inDates(a.submittedAt)) continue;
    const best = latest.get(a.vendorId);
    if (!best || best.submittedAt! < a.submittedAt) latest.set(a.vendorId, a);
  }
  const current = [...latest.values()]
    .map((a) => scores.find((s) => s.assessmentId === a.id && s.kind === "current"))
    .filter((s) => s !== undefined)
    .filter((s) => !filter.tier || s.residualTier === filter.tier);
  const inPortfolio = new Set(
    current.map((s) => assessments.find((a) => a.id === s.assessmentId)!.vendorId),
  );
  const open = (f: (typeof findings)[number]) =>
    (OPEN_FINDING_STATUSES as readonly string[]).includes(f.status);
  const counted = findings.filter(
    (f) =>
      vendorOk(f.vendorId) &&
      (!filter.questionnaire ||
        slugOf.get(assessments.find((a) => a.id === f.assessmentId)!.questionnaireVersionId) ===
          filter.questionnaire) &&
      (!filter.tier || inPortfolio.has(f.vendorId)) &&
      inDates(f.createdAt),
  );
  const age = (f: (typeof findings)[number]) =>
    Math.round(
      (Date.parse(`${TODAY}T00:00:00Z`) -
        Date.parse(`${f.createdAt.toISOString().slice(0, 10)}T00:00:00Z`)) /
        DAY,
    );
  const openAssessments = assessments.filter(
    (a) =>
      ["sent", "in_progress"].includes(a.status) &&
      vendorOk(a.vendorId) &&
      (!filter.questionnaire || slugOf.get(a.questionnaireVersionId) === filter.questionnaire) &&
      (!filter.tier || inPortfolio.has(a.vendorId)),
  );
  return {
    vendors: current.length,
    byRating: ["Low", "Medium", "High", "Critical"].map(
      (tier) => current.filter((s) => s.riskRating === tier).length,
    ),
    byResidual: ["Low", "Medium", "High", "Critical"].map(
      (tier) => current.filter((s) => s.residualTier === tier).length,
    ),
    bins: Array.from(
      { length: 10 },
      (_, bin) =>
        current.filter((s) => s.overall !== null && Math.min(Math.floor(s.overall / 10), 9) === bin)
          .length,
    ),
    withKnockouts: current.filter((s) => s.knockoutCount > 0).length,
    findings: (["critical", "high", "medium", "low"] as const).map((severity) => {
      const mine = counted.filter((f) => f.severity === severity);
      return {
        severity,
        open: mine.filter(open).length,
        ages: AGE_BUCKETS.map(
          (b) =>
            mine
              .filter(open)
              .filter((f) => age(f) >= b.min && (b.max === undefined || age(f) <= b.max)).length,
        ),
        overdue: mine.filter(open).filter((f) => f.dueDate < TODAY).length,
        acceptancesExpiring: mine.filter(
          (f) =>
            f.status === "risk_accepted" &&
            f.acceptanceExpiresOn! <= addDays(TODAY, ACCEPTANCE_EXPIRY_DAYS),
        ).length,
      };
    }),
    overdueAssessments: openAssessments.filter((a) => a.dueDate < TODAY).length,
    dueSoonAssessments: openAssessments.filter(
      (a) => a.dueDate >= TODAY && a.dueDate <= addDays(TODAY, DUE_SOON_DAYS),
    ).length,
  };
}

async function filters(): Promise<PortfolioFilter[]> {
  const [owner] = await t.db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, DEMO_USERS[1].email));
  return [
    {},
    { category: "model_api" },
    { category: "cloud_infrastructure" },
    { questionnaire: "ai-model-vendor" },
    { questionnaire: "training-data-supplier" },
    { tier: "High" },
    { tier: "Medium" },
    { tier: "Critical" },
    { owner: owner!.id },
    { owner: "none" },
    { from: addDays(TODAY, -100) },
    { to: addDays(TODAY, -100) },
    { from: addDays(TODAY, -70), to: addDays(TODAY, -25), questionnaire: "ai-model-vendor" },
  ];
}

describe("the dashboard's numbers equal those computed from the stored rows", () => {
  test("the seed gives it something to show", async () => {
    const d = await getDashboard(t.db, {}, TODAY);
    expect(d.vendors).toBeGreaterThanOrEqual(5);
    expect(d.dueSoonAssessments).toBeGreaterThanOrEqual(1);
    expect(d.openFindings).toBeGreaterThan(0);
    expect(d.acceptancesExpiring).toBeGreaterThan(0);
  });

  test("under every filter", async () => {
    for (const filter of await filters()) {
      const d = await getDashboard(t.db, filter, TODAY);
      const want = await expected(filter);
      expect({ filter, got: pick(d) }).toEqual({ filter, got: want });
    }
  });

  test("the lists behind the numbers hold as many rows as the numbers say", async () => {
    for (const filter of await filters()) {
      const d = await getDashboard(t.db, filter, TODAY);
      const list = async (extra: object) =>
        (await listPortfolioAssessments(t.db, { ...filter, ...extra }, TODAY)).total;
      expect(await list({ latest: "1" })).toBe(d.vendors);
      for (const { tier, count } of d.byRating) expect(await list({ rating: tier })).toBe(count);
      for (const [bin, count] of d.bins.entries()) {
        const below = bin === 9 ? {} : { scoreBelow: bin * 10 + 10 };
        expect(await list({ scoreMin: bin * 10, ...below })).toBe(count);
      }
      expect(await list({ overdue: "1" })).toBe(d.overdueAssessments);
      expect(await list({ dueSoon: "1" })).toBe(d.dueSoonAssessments);
    }
  });

  test("the findings register behind each finding number holds exactly that many", async () => {
    const now = new Date(`${TODAY}T12:00:00Z`);
    let checked = 0;
    for (const filter of await filters()) {
      const d = await getDashboard(t.db, filter, TODAY);
      for (const figure of figures(d, filter)) {
        if (!figure.link.startsWith("/findings")) continue;
        const query = parseRegisterQuery(new URL(figure.link, "http://localhost:3000"));
        const { total } = await listRegister(t.db, query, "00000000-0000-4000-8000-000000000000", {
          now,
        });
        expect({ filter, figure: figure.group, total }).toEqual({
          filter,
          figure: figure.group,
          total: figure.count,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("findings register: vendor filters", () => {
  test("part of a vendor's name (any case, % and _ literal) narrows the register to those vendors", async () => {
    const now = new Date(`${TODAY}T12:00:00Z`);
    const anyone = "00000000-0000-4000-8000-000000000000";
    const rows = await t.db
      .select({ vendorId: schema.findings.vendorId, name: schema.vendors.name })
      .from(schema.findings)
      .innerJoin(schema.vendors, eq(schema.vendors.id, schema.findings.vendorId));
    const [first] = rows;
    expect(first).toBeDefined();
    const part = first!.name.slice(1, 6).toUpperCase();
    const expected = rows.filter((r) => r.name.toLowerCase().includes(part.toLowerCase())).length;
    const register = async (search: string) =>
      listRegister(
        t.db,
        parseRegisterQuery(new URL(`http://localhost:3000/findings?${search}`)),
        anyone,
        {
          now,
        },
      );
    const byName = await register(`vendorName=${encodeURIComponent(` ${part} `)}`);
    expect(byName.total).toBe(expected);
    expect(byName.rows.every((r) => r.vendorName.toLowerCase().includes(part.toLowerCase()))).toBe(
      true,
    );
    expect((await register("vendorName=%25")).total).toBe(0);
    const byId = await register(`vendor=${first!.vendorId}`);
    expect(byId.total).toBe(rows.filter((r) => r.vendorId === first!.vendorId).length);
  });

  test("the register page names the chosen vendor instead of listing every vendor", async () => {
    const [row] = await t.db
      .select({ id: schema.vendors.id, name: schema.vendors.name })
      .from(schema.findings)
      .innerJoin(schema.vendors, eq(schema.vendors.id, schema.findings.vendorId))
      .limit(1);
    const data = (await registerLoader(args(`/findings?vendor=${row!.id}`))) as {
      choices: { vendor: { id: string; name: string } | null };
    };
    expect(data.choices.vendor).toEqual(row);
    expect(Object.keys(data.choices)).not.toContain("vendors");
    await expect(
      registerLoader(args(`/findings?vendorName=${"x".repeat(201)}`)),
    ).rejects.toMatchObject({ init: { status: 400 } });
  });
});

function pick(d: Awaited<ReturnType<typeof getDashboard>>) {
  return {
    vendors: d.vendors,
    byRating: d.byRating.map((r) => r.count),
    byResidual: d.byResidual.map((r) => r.count),
    bins: d.bins,
    withKnockouts: d.withKnockouts,
    findings: d.findings,
    overdueAssessments: d.overdueAssessments,
    dueSoonAssessments: d.dueSoonAssessments,
  };
}

function args(path: string, withCookie = true): LoaderFunctionArgs {
  return {
    request: new Request(`http://localhost:3000${path}`, {
      headers: withCookie ? { Cookie: cookie } : {},
    }),
    params: {},
    context: {},
  };
}

async function statusOf(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    const value = await run();
    if (value instanceof Response) return { status: value.status, body: null };
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

describe("the dashboard page", () => {
  test("asks who is asking", async () => {
    const result = await statusOf(() => dashboardLoader(args("/dashboard", false)));
    expect(result.status).toBe(302);
  });

  test("filters through the URL", async () => {
    const result = await statusOf(() =>
      dashboardLoader(args("/dashboard?category=model_api&questionnaire=ai-model-vendor")),
    );
    expect(result.status).toBe(200);
    const body = result.body as { dashboard: { vendors: number } };
    expect(body.dashboard.vendors).toBe(
      (await expected({ category: "model_api", questionnaire: "ai-model-vendor" })).vendors,
    );
  });

  test.each([
    ["category=spaceships", "category must be one of"],
    ["tier=Severe", "tier must be one of"],
    ["owner=bob", "owner must be a user id"],
    ["from=2026-02-30", "from is not a real date"],
    ["from=yesterday", "from must be a date written YYYY-MM-DD"],
    ["from=2026-05-01&to=2026-04-01", "from must be on or before to"],
    ["colour=blue", "Unknown parameter: colour"],
    ["tier=Low&tier=High", "tier is given more than once"],
  ])("refuses %s with a 400 that says why", async (query, message) => {
    const result = await statusOf(() => dashboardLoader(args(`/dashboard?${query}`)));
    expect(result.status).toBe(400);
    expect((result.body as { error: string }).error).toContain(message);
  });

  test("the linked lists refuse bad values with a 400 too", async () => {
    for (const query of ["latest=1&rating=Bad", "overdue=1&latest=1", "scoreMin=abc&latest=1"]) {
      const result = await statusOf(() => assessmentsLoader(args(`/assessments?${query}`)));
      expect({ query, status: result.status }).toEqual({ query, status: 400 });
    }
  });

  test("the filter form offers each questionnaire's latest title and the staff who can own a vendor", async () => {
    const result = await statusOf(() => dashboardLoader(args("/dashboard")));
    const { options } = result.body as {
      options: {
        questionnaires: { slug: string; title: string }[];
        owners: { id: string; name: string }[];
      };
    };
    const versions = await t.db
      .select({
        slug: schema.questionnaireVersions.slug,
        title: schema.questionnaireVersions.title,
        major: schema.questionnaireVersions.major,
        minor: schema.questionnaireVersions.minor,
        patch: schema.questionnaireVersions.patch,
      })
      .from(schema.questionnaireVersions);
    const latest = new Map<string, (typeof versions)[number]>();
    for (const v of versions) {
      const seen = latest.get(v.slug);
      const order = seen
        ? [v.major - seen.major, v.minor - seen.minor, v.patch - seen.patch].find((d) => d !== 0)
        : 1;
      if (order !== undefined && order > 0) latest.set(v.slug, v);
    }
    expect(options.questionnaires).toEqual(
      [...latest.values()]
        .sort((a, b) => (a.slug < b.slug ? -1 : 1))
        .map((v) => ({ slug: v.slug, title: v.title })),
    );
    expect(options.questionnaires.length).toBeGreaterThan(1);
    const users = await t.db.select().from(schema.users);
    const owning = new Set(
      (await t.db.select({ ownerId: schema.vendors.ownerId }).from(schema.vendors)).map(
        (v) => v.ownerId,
      ),
    );
    const byName = (a: { id: string; name: string }, b: { id: string; name: string }) =>
      a.name.toLowerCase() < b.name.toLowerCase()
        ? -1
        : a.name.toLowerCase() > b.name.toLowerCase()
          ? 1
          : a.id < b.id
            ? -1
            : 1;
    expect(options.owners).toEqual(
      users
        .filter((u) => u.role !== "admin" || owning.has(u.id))
        .map((u) => ({ id: u.id, name: u.name }))
        .sort(byName),
    );
    expect(users.some((u) => u.role === "admin" && !owning.has(u.id))).toBe(true);
  });

  test("the export has the page's figures with its filters", async () => {
    const response = (await exportLoader(
      args("/dashboard/export?export=csv&questionnaire=ai-model-vendor"),
    )) as Response;
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const text = await response.text();
    const want = await expected({ questionnaire: "ai-model-vendor" });
    expect(text).toContain(`Vendors,With a submitted assessment,${want.vendors}`);
    const bad = await statusOf(() => exportLoader(args("/dashboard/export?export=pdf")));
    expect(bad.status).toBe(400);
  });
});

test("every statement can be written out for EXPLAIN", () => {
  const filter = parsePortfolioFilter(
    new URLSearchParams("tier=High&questionnaire=ai-model-vendor"),
  );
  if (!filter.ok) throw new Error(filter.message);
  for (const statement of Object.values(dashboardStatements(filter.value, TODAY))) {
    const { sql, params } = toQueryText(statement);
    expect(sql).toMatch(/^with |^select /);
    expect(sql).toContain("$1");
    expect(params.length).toBeGreaterThan(0);
  }
});
