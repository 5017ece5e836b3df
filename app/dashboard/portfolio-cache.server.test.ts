// The portfolio revision and the dashboard cache built on it: the revision moves once per
// committed transaction that changes what the figures read, never for a rolled-back one or a
// vendor's autosave; a cached dashboard is served only while the revision stands still, and a
// change committed while figures are being computed is never hidden behind the cache.
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { saveAnswer } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { submittedTestAssessment, sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { registerChoices } from "~/findings/register.server";
import { keptSettings, updateSettings } from "~/settings/settings.server";
import { getSupplyChainPolicy, saveSupplyChainPolicy } from "~/supply-chain/declared.server";
import { keptOwnerOptions } from "~/vendors/vendors.server";
import { computeDashboard, getDashboard, getFilterOptions } from "./dashboard.server";
import { type PortfolioFilter } from "./filters";
import {
  cachedCount,
  cachedPortfolio,
  portfolioRevisionColumn,
  portfolioRevisionRead,
  readPortfolioRevision,
  revisionSnapshot,
} from "./portfolio-cache.server";

let t: TestDatabase;
let db: Db;
let staff: SessionUser;
let versionId: string;
const TODAY = new Date().toISOString().slice(0, 10);
const ALL: PortfolioFilter = {} as PortfolioFilter;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await syncQuestionnaireLibrary(db);
  const u = await createUser(db, { role: "procurement" });
  staff = { id: u.id, email: u.email, name: u.name, role: u.role };
  versionId = await libraryVersionId(db, "training-data-supplier", "1.0.0");
}, 120_000);
afterAll(async () => t.dispose());

const vendor = (name: string) => ({
  name,
  category: "model_api" as const,
  dataAccess: "none" as const,
  criticality: "low" as const,
});
const revision = async () => (await readPortfolioRevision(db))!;

describe("portfolio revision", () => {
  test("moves once per committed transaction, however many portfolio rows it writes", async () => {
    const before = await revision();
    await db.transaction(async (tx) => {
      await tx.insert(schema.vendors).values([vendor("Rev One"), vendor("Rev Two")]);
      await tx
        .update(schema.vendors)
        .set({ criticality: "high" })
        .where(eq(schema.vendors.name, "Rev One"));
    });
    expect(await revision()).toBe(before + 1);
  });

  test("does not move for a rolled-back transaction", async () => {
    const before = await revision();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(schema.vendors).values(vendor("Never committed"));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await revision()).toBe(before);
  });

  test("does not move for writes the figures do not read (a rename, an autosave)", async () => {
    const sent = await sendTestAssessment(db, staff, versionId, { name: "Autosaving Vendor" });
    const question = sent.questionnaire.sections
      .flatMap((section) => section.questions)
      .find((q) => q.type === "long_text" || q.type === "short_text")!;
    // The first save moves the assessment from sent to in progress: one change.
    await saveAnswer(db, sent.context, sent.questionnaire, {
      questionId: question.id,
      answer: { kind: "value", value: "First draft" },
      comment: "",
      baseRevision: 0,
    });
    const before = await revision();
    const again = await saveAnswer(db, sent.context, sent.questionnaire, {
      questionId: question.id,
      answer: { kind: "value", value: "Second draft" },
      comment: "",
      baseRevision: 1,
    });
    expect(again).toMatchObject({ ok: true });
    await db
      .update(schema.vendors)
      .set({ name: "Autosaving Vendor Ltd" })
      .where(eq(schema.vendors.id, sent.vendorId));
    expect(await revision()).toBe(before);
  });

  test("moves when a finding's status changes, and when a vendor is archived", async () => {
    const a = await submittedTestAssessment(
      db,
      staff,
      versionId,
      { name: "Finding Vendor" },
      { fixture: "training-data-supplier-1.0.0.worst" },
    );
    const [finding] = await db
      .select()
      .from(schema.findings)
      .where(eq(schema.findings.assessmentId, a.assessmentId))
      .limit(1);
    expect(finding).toBeDefined();
    let before = await revision();
    await db
      .update(schema.findings)
      .set({ status: "in_progress" })
      .where(eq(schema.findings.id, finding!.id));
    expect(await revision()).toBe(before + 1);
    before = await revision();
    await db
      .update(schema.vendors)
      .set({ archivedAt: new Date() })
      .where(eq(schema.vendors.id, a.vendorId));
    expect(await revision()).toBe(before + 1);
  });
});

describe("kept filter choices (decision 438)", () => {
  test("the revision moves when a user is added, renamed, or changes role or status, not when one signs in", async () => {
    let before = await revision();
    const u = await createUser(db, { role: "procurement", name: "Choice Person" });
    expect(await revision()).toBe(before + 1);
    const byId = eq(schema.users.id, u.id);
    for (const change of [
      { name: "Choice Person Renamed" },
      { role: "risk_officer" as const },
      { status: "deactivated" as const },
    ]) {
      before = await revision();
      await db.update(schema.users).set(change).where(byId);
      expect(await revision(), JSON.stringify(change)).toBe(before + 1);
    }
    before = await revision();
    await db.update(schema.users).set({ lastLoginAt: new Date() }).where(byId);
    expect(await revision()).toBe(before);
  });

  test("the dashboard's, the vendor list's and the register's choices show a change on the next view", async () => {
    const options = await getFilterOptions(db);
    const owners = await keptOwnerOptions(db);
    const choices = await registerChoices(db);
    // Kept while nothing changes: the same objects again.
    expect(await getFilterOptions(db)).toBe(options);
    expect(await keptOwnerOptions(db)).toBe(owners);
    expect((await registerChoices(db)).questionnaires).toBe(choices.questionnaires);

    const added = await createUser(db, { role: "procurement", name: "Newly Added Owner" });
    expect((await getFilterOptions(db)).owners.map((o) => o.id)).toContain(added.id);
    expect((await keptOwnerOptions(db)).map((o) => o.id)).toContain(added.id);
    await db
      .update(schema.users)
      .set({ name: "Renamed Owner" })
      .where(eq(schema.users.id, added.id));
    expect((await keptOwnerOptions(db)).find((o) => o.id === added.id)?.name).toBe("Renamed Owner");

    const [source] = await db
      .select()
      .from(schema.questionnaireVersions)
      .where(eq(schema.questionnaireVersions.id, versionId));
    const { id: _id, ...copy } = source!;
    await db
      .insert(schema.questionnaireVersions)
      .values({ ...copy, slug: "kept-choices-check", title: "Kept Choices Check" });
    const titles = (await registerChoices(db)).questionnaires.map((q) => q.title);
    expect(titles).toContain("Kept Choices Check");
    expect((await getFilterOptions(db)).questionnaires.map((q) => q.slug)).toContain(
      "kept-choices-check",
    );
  });

  test("kept settings show a setting written on the next view; the supply-chain policy moves the revision too", async () => {
    const admin = await createUser(db, { role: "admin" });
    const actor = { id: admin.id, email: admin.email };
    const settings = await keptSettings(db);
    expect(await keptSettings(db)).toBe(settings);
    await updateSettings(db, actor, {
      ...settings,
      reminderDaysBefore: settings.reminderDaysBefore === 5 ? 6 : 5,
    });
    expect((await keptSettings(db)).reminderDaysBefore).not.toBe(settings.reminderDaysBefore);
    const before = await revision();
    await saveSupplyChainPolicy(db, actor, {
      ...(await getSupplyChainPolicy(db)),
      concern: ["KP"],
    });
    expect(await revision()).toBe(before + 1);
  });

  test("with a request's snapshot, a kept choice is served while the snapshot's revision is the one it was made at", async () => {
    const snapshot = portfolioRevisionRead(await revision())!;
    const options = await getFilterOptions(db, snapshot);
    expect(await getFilterOptions(db, snapshot)).toBe(options);
    // A snapshot of another revision (one the kept value was not made at) is a miss: made again.
    const stale = portfolioRevisionRead((await revision()) - 1)!;
    expect(await getFilterOptions(db, stale)).not.toBe(options);
    expect(portfolioRevisionRead(null)).toBeUndefined();
  });
});

describe("cached dashboard", () => {
  test("serves the same figures while nothing changes and fresh ones after a change", async () => {
    const a = await submittedTestAssessment(
      db,
      staff,
      versionId,
      { name: "Cached Vendor" },
      { fixture: "training-data-supplier-1.0.0.worst" },
    );
    const first = await getDashboard(db, ALL, TODAY);
    expect(await getDashboard(db, ALL, TODAY)).toBe(first); // the cached object itself
    expect(first).toEqual(await computeDashboard(db, ALL, TODAY));

    const open = await db
      .select()
      .from(schema.findings)
      .where(and(eq(schema.findings.assessmentId, a.assessmentId)));
    expect(open.length).toBeGreaterThan(0);
    await db
      .update(schema.findings)
      .set({ status: "verified" })
      .where(eq(schema.findings.id, open[0]!.id));
    const after = await getDashboard(db, ALL, TODAY);
    expect(after).not.toBe(first);
    expect(after.openFindings).toBe(first.openFindings - 1);
    expect(after).toEqual(await computeDashboard(db, ALL, TODAY));
  });

  test("each filter and day has its own entry", async () => {
    const all = await getDashboard(db, ALL, TODAY);
    const onlyApis = await getDashboard(db, { category: "model_api" } as PortfolioFilter, TODAY);
    expect(onlyApis).not.toBe(all);
    expect(onlyApis).toEqual(
      await computeDashboard(db, { category: "model_api" } as PortfolioFilter, TODAY),
    );
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const later = await getDashboard(db, ALL, tomorrow);
    expect(later).not.toBe(all);
    expect(later.today).toBe(tomorrow);
  });

  test("a change committed while figures are computed is not hidden by the cache", async () => {
    // The figures and the revision they are cached at come from one snapshot: a transaction
    // that commits after the snapshot moves the revision past the cached one.
    let computed = 0;
    const liveVendors = async (on: Db) =>
      (
        await on
          .select({ n: sql<number>`count(*)::int` })
          .from(schema.vendors)
          .where(isNull(schema.vendors.archivedAt))
      )[0]!.n;
    const compute = async (tx: Db) => {
      computed++;
      const n = await liveVendors(tx);
      // Another writer commits while this snapshot is open (it needs a second connection:
      // on PGlite's single connection it commits just before, which is the easy case).
      if (computed === 1 && t.kind === "postgres") {
        await db.insert(schema.vendors).values(vendor("Racing"));
      }
      return n;
    };
    const key = `race:${Math.random()}`;
    if (t.kind !== "postgres") await db.insert(schema.vendors).values(vendor("Racing"));
    const first = await cachedPortfolio(db, key, compute);
    const second = await cachedPortfolio(db, key, compute);
    const actual = await liveVendors(db);
    expect(second).toBe(actual);
    if (t.kind === "postgres") {
      expect(first).toBe(actual - 1);
      expect(computed).toBe(2);
    }
  });

  test("requests that miss together share one computation", async () => {
    let computed = 0;
    const compute = async (tx: Db) => {
      computed++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (await readPortfolioRevision(tx))!;
    };
    const key = `together:${Math.random()}`;
    const values = await Promise.all(
      Array.from({ length: 8 }, () => cachedPortfolio(db, key, compute)),
    );
    expect(computed).toBe(1);
    expect(new Set(values)).toEqual(new Set([await revision()]));
    // After a change, again one computation for all who miss together.
    await db.insert(schema.vendors).values(vendor("Together Again"));
    const after = await Promise.all(
      Array.from({ length: 8 }, () => cachedPortfolio(db, key, compute)),
    );
    expect(computed).toBe(2);
    expect(new Set(after)).toEqual(new Set([await revision()]));
  });

  // Needs a second connection for the write while the first computation's snapshot is open.
  test.skipIf(!process.env.DATABASE_URL)(
    "a request made after a change does not share a computation begun before it",
    async () => {
      let started!: () => void;
      const snapshotOpen = new Promise<void>((resolve) => (started = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let computed = 0;
      const compute = async (tx: Db) => {
        computed++;
        const seen = (await readPortfolioRevision(tx))!;
        if (computed === 1) {
          started();
          await gate;
        }
        return seen;
      };
      const key = `after-change:${Math.random()}`;
      const first = cachedPortfolio(db, key, compute);
      await snapshotOpen;
      await db.insert(schema.vendors).values(vendor("Committed Meanwhile"));
      const committed = await revision();
      const second = cachedPortfolio(db, key, compute);
      // The second has read the new revision and started its own computation by now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      expect(await first).toBe(committed - 1);
      expect(await second).toBe(committed);
      expect(computed).toBe(2);
    },
  );

  test("one request's kept values are checked against its one read of the revisions", async () => {
    let computed = 0;
    const compute = async (tx: Db) => {
      computed++;
      return (await readPortfolioRevision(tx))!;
    };
    const key = `snapshot:${Math.random()}`;
    // Made as the request begins, as the compare page's loader makes it.
    const request = revisionSnapshot(db);
    const before = await cachedPortfolio(
      db,
      key,
      compute,
      "portfolio_revision",
      undefined,
      request,
    );
    expect(before).toBe(await revision());
    // A change committed during the request: the rest of the request keeps the moment its
    // snapshot read, so its values agree with each other ...
    await db.insert(schema.vendors).values(vendor("Committed Mid-request"));
    const again = await cachedPortfolio(db, key, compute, "portfolio_revision", undefined, request);
    expect(again).toBe(before);
    expect(computed).toBe(1);
    // ... and the next request sees the change.
    const next = await cachedPortfolio(
      db,
      key,
      compute,
      "portfolio_revision",
      undefined,
      revisionSnapshot(db),
    );
    expect(next).toBe(before + 1);
    expect(computed).toBe(2);
  });

  test("a list's count is checked against the revision its rows' statement read", async () => {
    let counted = 0;
    const liveVendors = async (on: Db) =>
      (await on.select({ n: sql<number>`count(*)::int` }).from(schema.vendors))[0]!.n;
    const count = async (tx: Db) => {
      counted++;
      return liveVendors(tx);
    };
    const key = `count:list:${Math.random()}`;
    const listed = () =>
      db
        .select({ id: schema.vendors.id, revision: portfolioRevisionColumn() })
        .from(schema.vendors)
        .limit(1);
    const [first] = await listed();
    expect(String(first!.revision)).toBe(String(await revision()));
    const before = await cachedCount(db, key, count, first!.revision);
    expect(before).toBe(await liveVendors(db));
    // A vendor added after the list's statement ran: that page's count stays the one of its rows'
    // moment (no read of its own) ...
    await db.insert(schema.vendors).values(vendor("Listed Later"));
    expect(await cachedCount(db, key, count, first!.revision)).toBe(before);
    expect(counted).toBe(1);
    // ... and the next page's statement reads the new revision, so its count is fresh.
    const [next] = await listed();
    expect(await cachedCount(db, key, count, next!.revision)).toBe(before + 1);
    // Without a revision (an empty page), it is read.
    expect(await cachedCount(db, key, count)).toBe(before + 1);
    expect(counted).toBe(2);
  });
});
