// The findings register against the same list computed here, in plain TypeScript, from the
// stored rows: every sort in both directions (ties on the due date broken by severity, most
// severe first), its pages, its count, and the filters that make the count join a table.
// Archived vendors' findings are left out of rows and count alike
// (docs/decisions/380-findings-register-at-scale.md).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { schema } from "~/db.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { seedDemoPortfolio } from "~/test/demo-data";
import { FINDINGS_PER_PAGE, listRegister, parseRegisterQuery } from "./register.server";
import { SEVERITIES } from "./status";

let t: TestDatabase;
const NOW = new Date("2027-01-15T12:00:00Z");
const ANYONE = "00000000-0000-4000-8000-000000000000";
const DUES = ["2026-12-01", "2027-01-10", "2027-01-10", "2027-02-01", "2027-03-15"];
const SEVERITY_ORDER = ["low", "critical", "medium", "high"] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(t.db);
  const assessments = await t.db
    .select({ id: schema.assessments.id, vendorId: schema.assessments.vendorId })
    .from(schema.assessments);
  // Enough findings for three pages, many sharing a due date (so the severity tie-break and
  // then the id decide), spread over every seeded assessment.
  const rows = [];
  for (let n = 0; n < 130; n++) {
    const a = assessments[n % assessments.length]!;
    const severity = SEVERITY_ORDER[(n * 3) % 4]!;
    rows.push({
      assessmentId: a.id,
      vendorId: a.vendorId,
      origin: "manual" as const,
      key: `manual:register-${n}`,
      questionId: `q${n % 7}`,
      sectionId: "s",
      severity,
      originalSeverity: severity,
      title: `Register finding ${n}`,
      status: (["open", "in_progress", "verified", "reopened"] as const)[n % 4],
      dueDate: DUES[(n * 7) % DUES.length]!,
      createdAt: new Date(Date.parse("2026-10-01T12:00:00Z") + ((n * 37) % 90) * 86_400_000),
    });
  }
  await t.db.insert(schema.findings).values(rows);
  // One vendor with findings is archived: its findings leave the register.
  await t.db
    .update(schema.vendors)
    .set({ archivedAt: new Date() })
    .where(eq(schema.vendors.id, assessments[0]!.vendorId));
}, 120_000);
afterAll(async () => t.dispose());

type Expected = {
  id: string;
  severity: (typeof SEVERITIES)[number];
  status: string;
  dueDate: string;
  createdAt: Date;
  vendorName: string;
  category: string;
  slug: string;
};

/** Every finding of a vendor that is not archived, with what the filters and sorts read. */
async function expectedRows(): Promise<Expected[]> {
  const vendors = new Map((await t.db.select().from(schema.vendors)).map((v) => [v.id, v]));
  const assessments = new Map((await t.db.select().from(schema.assessments)).map((a) => [a.id, a]));
  const versions = new Map(
    (await t.db.select().from(schema.questionnaireVersions)).map((v) => [v.id, v]),
  );
  return (await t.db.select().from(schema.findings)).flatMap((f) => {
    const vendor = vendors.get(f.vendorId)!;
    if (vendor.archivedAt) return [];
    const version = versions.get(assessments.get(f.assessmentId)!.questionnaireVersionId)!;
    return [
      {
        id: f.id,
        severity: f.severity,
        status: f.status,
        dueDate: f.dueDate,
        createdAt: f.createdAt,
        vendorName: vendor.name,
        category: vendor.category,
        slug: version.slug,
      },
    ];
  });
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const rank = (s: Expected["severity"]) => SEVERITIES.indexOf(s);
const ENUM_STATUS = [...schema.findingStatusEnum.enumValues] as string[];

/** The register's order, written out: each sort's keys, then the id. */
function sorted(rows: Expected[], sort: string, dir: "asc" | "desc"): string[] {
  const d = dir === "desc" ? -1 : 1;
  const keys: Record<string, (a: Expected, b: Expected) => number> = {
    due: (a, b) => d * cmp(a.dueDate, b.dueDate) || cmp(rank(a.severity), rank(b.severity)),
    severity: (a, b) => d * cmp(rank(a.severity), rank(b.severity)) || cmp(a.dueDate, b.dueDate),
    opened: (a, b) => d * cmp(a.createdAt.getTime(), b.createdAt.getTime()),
    vendor: (a, b) => d * a.vendorName.localeCompare(b.vendorName) || cmp(a.dueDate, b.dueDate),
    status: (a, b) =>
      d * cmp(ENUM_STATUS.indexOf(a.status), ENUM_STATUS.indexOf(b.status)) ||
      cmp(a.dueDate, b.dueDate),
  };
  return [...rows].sort((a, b) => keys[sort]!(a, b) || cmp(a.id, b.id)).map((r) => r.id);
}

const register = (search: string, options: { all?: boolean } = {}) =>
  listRegister(
    t.db,
    parseRegisterQuery(new URL(`http://localhost:3000/findings?${search}`)),
    ANYONE,
    { now: NOW, ...options },
  );

describe("findings register", () => {
  test("every sort, both ways, page by page, leaves archived vendors out of rows and count", async () => {
    const expected = await expectedRows();
    const all = await t.db.select({ id: schema.findings.id }).from(schema.findings);
    expect(expected.length).toBeGreaterThan(2 * FINDINGS_PER_PAGE);
    expect(expected.length).toBeLessThan(all.length);
    // Vendor names compared with the database's collation would differ from localeCompare
    // only on names this seed does not have.
    for (const sort of ["due", "severity", "opened", "vendor", "status"])
      for (const dir of ["asc", "desc"] as const) {
        const order = sorted(expected, sort, dir);
        const first = await register(`sort=${sort}&dir=${dir}`);
        expect({ sort, dir, total: first.total }).toEqual({ sort, dir, total: expected.length });
        expect(first.pageCount).toBe(Math.ceil(expected.length / FINDINGS_PER_PAGE));
        expect({ sort, dir, ids: first.rows.map((r) => r.id) }).toEqual({
          sort,
          dir,
          ids: order.slice(0, FINDINGS_PER_PAGE),
        });
        const third = await register(`sort=${sort}&dir=${dir}&page=3`);
        expect(third.rows.map((r) => r.id)).toEqual(
          order.slice(2 * FINDINGS_PER_PAGE, 3 * FINDINGS_PER_PAGE),
        );
        const every = await register(`sort=${sort}&dir=${dir}`, { all: true });
        expect(every.rows.map((r) => r.id)).toEqual(order);
      }
  });

  test("counts filtered by the questionnaire or the vendor's category and name match the rows", async () => {
    const expected = await expectedRows();
    const slug = expected[0]!.slug;
    const bySlug = await register(`questionnaire=${slug}`);
    expect(bySlug.total).toBe(expected.filter((r) => r.slug === slug).length);
    expect(bySlug.total).toBeLessThan(expected.length);
    expect(bySlug.total).toBeGreaterThan(0);
    const category = expected.at(-1)!.category;
    const byCategory = await register(`category=${category}`);
    expect(byCategory.total).toBe(expected.filter((r) => r.category === category).length);
    const name = expected.at(-1)!.vendorName;
    const both = await register(
      `questionnaire=${slug}&vendorName=${encodeURIComponent(name)}&severity=critical,high`,
    );
    expect(both.total).toBe(
      expected.filter(
        (r) =>
          r.slug === slug &&
          r.vendorName.toLowerCase().includes(name.toLowerCase()) &&
          (r.severity === "critical" || r.severity === "high"),
      ).length,
    );
    expect(both.rows.length).toBe(both.total);
  });
});
