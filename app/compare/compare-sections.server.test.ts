// /compare shows the question table one section at a time (decision 390): the real loader on
// the seeded demo assessments (three vendors on versions 2.3.0 and 2.2.0 of the AI model
// vendor questionnaire), checked against the stored questionnaire definitions, answers and
// scores read here independently; and the view rendered from what the loader returns.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { eq, inArray } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { describeAnswer } from "~/assessments/answer-words";
import { type Questionnaire } from "~/questionnaire/definition";
import { type Answer } from "~/questionnaire/model";
import { loader as compareLoader } from "~/routes/compare/route";
import { ComparisonView } from "~/routes/compare/comparison-view";
import { loader as compareExportLoader } from "~/routes/compare.export";
import { type QuestionExplanation, type ScoreResult } from "~/scoring/engine";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoPortfolio } from "~/test/demo-data";
import { type Comparison, type SectionView } from "./compare";

let t: TestDatabase;
let cookie: string;
const ids: Record<string, string> = {};
const THREE = ["Northwind Models", "Quill Translate API", "Lumen Speech AI"];
/** The three vendors' latest assessments on ai-model-vendor, what the page compares. */
let stored: Awaited<ReturnType<typeof storedLatest>>[];
let vendorParams: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(t.db);
  for (const v of await t.db.select().from(schema.vendors)) ids[v.name] = v.id;
  const session = await login(t.db, { email: DEMO_USERS[2].email, password: DEMO_PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  stored = await Promise.all(THREE.map(storedLatest));
  vendorParams = `questionnaire=ai-model-vendor&${THREE.map((n) => `vendor=${ids[n]}`).join("&")}`;
}, 120_000);
afterAll(async () => t.dispose());

/** A vendor's latest submitted assessment on ai-model-vendor: its definition, answers, credits. */
async function storedLatest(vendorName: string) {
  const rows = await t.db
    .select({ a: schema.assessments, v: schema.questionnaireVersions })
    .from(schema.assessments)
    .innerJoin(
      schema.questionnaireVersions,
      eq(schema.questionnaireVersions.id, schema.assessments.questionnaireVersionId),
    )
    .where(eq(schema.assessments.vendorId, ids[vendorName]!));
  const latest = rows
    .filter((r) => r.v.slug === "ai-model-vendor" && r.a.submittedAt)
    .sort((x, y) => y.a.submittedAt!.getTime() - x.a.submittedAt!.getTime())[0]!;
  const answers = await t.db
    .select()
    .from(schema.answers)
    .where(inArray(schema.answers.assessmentId, [latest.a.id]));
  const [current] = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(eq(schema.assessmentScores.assessmentId, latest.a.id))
    .then((scores) => scores.filter((s) => s.kind === "current"));
  const explained = new Map(
    ((current!.result as ScoreResult).questions as QuestionExplanation[]).map((q) => [
      q.questionId,
      q,
    ]),
  );
  return {
    version: latest.v.version,
    definition: latest.v.content as Questionnaire,
    answers: new Map(answers.map((a) => [a.questionId, a.answer as Answer | null])),
    explained,
  };
}

/**
 * Sections in the newest version's order (then any only an older one has), each with its
 * questions and those that differ: a version lacks it, or the answers (in words), stored
 * credits or verifications are not all the same.
 */
function expectedSections() {
  const byVersion = [...stored].sort((a, b) => (a.version < b.version ? 1 : -1));
  const sections = new Map<string, { title: string; questions: Set<string> }>();
  for (const s of byVersion)
    for (const section of s.definition.sections) {
      const entry = sections.get(section.id) ?? { title: section.title, questions: new Set() };
      // A question counts in the section of the newest version that has it.
      for (const q of section.questions)
        if (![...sections.values()].some((other) => other.questions.has(q.id)))
          entry.questions.add(q.id);
      sections.set(section.id, entry);
    }
  return [...sections].map(([sectionId, { title, questions }]) => {
    const differing = [...questions].filter((id) => {
      const shown = stored.map((s) => {
        const question = s.definition.sections
          .flatMap((sec) => sec.questions)
          .find((q) => q.id === id);
        if (!question) return "absent";
        const e = s.explained.get(id);
        // The answer as the table words it: two vendors' different files read "1 file" alike.
        const words = describeAnswer(question, s.answers.get(id) ?? null);
        return JSON.stringify([words, e?.credit ?? null, e?.verified ?? false]);
      });
      return new Set(shown).size > 1;
    });
    return { sectionId, title, questions: [...questions], differing };
  });
}

type Page = {
  comparison: Comparison | null;
  view: Omit<SectionView, "questions"> | null;
  error: string | null;
};

async function comparePage(search: string): Promise<{ status: number; page: Page }> {
  try {
    const value = (await compareLoader(args(`/compare?${search}`))) as unknown;
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const v = value as { init?: { status?: number }; data: Page };
      return { status: v.init?.status ?? 200, page: v.data };
    }
    return { status: 200, page: value as Page };
  } catch (thrown) {
    const v = thrown as { init?: { status?: number }; data: Page };
    return { status: v.init?.status ?? 500, page: v.data };
  }
}

function args(path: string): LoaderFunctionArgs {
  return {
    request: new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  };
}

test("the first section's questions are shown by default, and the section list counts every section's differing questions", async () => {
  const expected = expectedSections();
  // The demo data has sections with some but not all questions differing, so the counts say something.
  expect(
    expected.some((s) => s.differing.length > 0 && s.differing.length < s.questions.length),
  ).toBe(true);
  const { status, page } = await comparePage(vendorParams);
  expect(status).toBe(200);
  expect(page.error).toBeNull();
  expect(page.view?.section).toBe(expected[0]!.sectionId);
  expect(page.view?.differ).toBe(false);
  expect(page.view?.nav).toEqual(
    expected.map((s) => ({
      sectionId: s.sectionId,
      title: s.title,
      questions: s.questions.length,
      differing: s.differing.length,
    })),
  );
  // Only the shown section's rows reach the page; the summary above it covers everything.
  expect(page.comparison!.questions.map((q) => q.questionId).sort()).toEqual(
    [...expected[0]!.questions].sort(),
  );
  expect(page.comparison!.sections.map((s) => s.sectionId)).toEqual(
    expected.map((s) => s.sectionId),
  );
  expect(page.comparison!.columns.map((c) => c.vendorName)).toEqual(THREE);
});

test("a section chosen in the URL shows only its questions, where they differ most first", async () => {
  const expected = expectedSections().find((s) => s.sectionId === "application-risks")!;
  const { status, page } = await comparePage(`${vendorParams}&section=application-risks`);
  expect(status).toBe(200);
  expect(page.view?.section).toBe("application-risks");
  const questions = page.comparison!.questions;
  expect(questions.map((q) => q.questionId).sort()).toEqual([...expected.questions].sort());
  // 2.3.0 added this section: Lumen, on 2.2.0, has none of it.
  const lumen = THREE.indexOf("Lumen Speech AI");
  for (const q of questions) expect(q.cells[lumen]).toEqual({ present: false, version: "2.2.0" });
  const spreads = questions.map((q) => q.spread ?? -1);
  expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
});

test("the differ filter keeps only the shown section's questions whose answers differ", async () => {
  for (const s of expectedSections()) {
    const { status, page } = await comparePage(`${vendorParams}&section=${s.sectionId}&differ=1`);
    expect(status).toBe(200);
    expect(page.view).toMatchObject({ section: s.sectionId, differ: true });
    expect(page.comparison!.questions.map((q) => q.questionId).sort()).toEqual(
      [...s.differing].sort(),
    );
  }
});

test("an unknown section is a 400 naming it, with the summary and the section list to choose from", async () => {
  const { status, page } = await comparePage(`${vendorParams}&section=no-such-section`);
  expect(status).toBe(400);
  expect(page.error).toContain("no section “no-such-section”");
  expect(page.view?.section).toBeNull();
  expect(page.view?.nav.map((s) => s.sectionId)).toEqual(
    expectedSections().map((s) => s.sectionId),
  );
  expect(page.comparison?.questions).toEqual([]);
  expect(page.comparison?.columns).toHaveLength(3);
});

test.each([
  ["a section id that is not one", "section=Data_Use", "section must be a section's id"],
  ["a section given twice", "section=data-use&section=testing", "section is given more than once"],
  ["a differ filter that is not 1", "differ=yes", "differ must be 1"],
])("refuses %s with a clear 400", async (_, search, message) => {
  const { status, page } = await comparePage(`${vendorParams}&${search}`);
  expect(status).toBe(400);
  expect(page.error).toContain(message);
});

test("the export has every section's questions whatever section and filter the page shows", async () => {
  const expected = expectedSections();
  const response = (await compareExportLoader(
    args(`/compare/export?${vendorParams}&section=assurance&differ=1&export=csv`),
  )) as Response;
  const csv = await response.text();
  const all = expected.flatMap((s) => s.questions);
  for (const id of all) expect(csv).toContain(` · ${id}`);
  expect(csv.split("\n").filter((line) => line.startsWith("Question,")).length).toBe(all.length);
});

test("the view shows the section list with links that keep the vendors and search, and only the section's rows", async () => {
  const search = `${vendorParams}&q=a&section=application-risks&differ=1`;
  const { page } = await comparePage(search);
  const expected = expectedSections();
  const html = await renderView(page, search);
  const doc = parse(html);

  const nav = doc.match(/<nav aria-label="Sections of the questionnaire">(.*?)<\/nav>/)![1]!;
  const links = [...nav.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)];
  expect(links.map((l) => l[2])).toEqual(
    expected.map((s) => {
      const n = s.questions.length;
      const d = s.differing.length;
      return `${s.title} · ${
        d === 0
          ? `none of ${n} ${n === 1 ? "differs" : "differ"}`
          : d === n && n > 1
            ? `all ${n} differ`
            : `${d} of ${n} ${d === 1 ? "differs" : "differ"}`
      }`;
    }),
  );
  for (const [i, link] of links.entries()) {
    const href = new URL(link[1]!.match(/href="([^"]*)"/)![1]!, "http://localhost");
    expect(href.pathname).toBe("/compare");
    expect(href.hash).toBe("#questions-title");
    expect(href.searchParams.getAll("vendor")).toEqual(THREE.map((n) => ids[n]));
    expect(href.searchParams.get("questionnaire")).toBe("ai-model-vendor");
    expect(href.searchParams.get("q")).toBe("a");
    expect(href.searchParams.get("section")).toBe(expected[i]!.sectionId);
    expect(href.searchParams.get("differ")).toBe("1");
    expect(link[1]!.includes('aria-current="page"')).toBe(
      expected[i]!.sectionId === "application-risks",
    );
  }

  // The filter: a GET form with the rest of the state hidden and a labelled, checked checkbox.
  const form = doc.match(/<form [^>]*aria-label="Filter the questions"[^>]*>(.*?)<\/form>/)![0]!;
  expect(form).toMatch(/method="get"/);
  const hidden = [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map(
    (m) => `${m[1]}=${m[2]}`,
  );
  expect(hidden).toEqual([
    "questionnaire=ai-model-vendor",
    ...THREE.map((n) => `vendor=${ids[n]}`),
    "q=a",
    "section=application-risks",
  ]);
  const checkbox = form.match(/<input type="checkbox"[^>]*>/)![0]!;
  for (const attribute of ['id="differ"', 'name="differ"', 'value="1"', 'checked=""'])
    expect(checkbox).toContain(attribute);
  expect(form).toContain('<label for="differ">Only questions where answers differ</label>');

  // The table: one row per shown question, nothing from other sections.
  const table = doc.match(/aria-label="Answers question by question".*?<\/table>/)![0]!;
  const rows = [...table.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
  const differing = expected.find((s) => s.sectionId === "application-risks")!.differing;
  expect(rows.sort()).toEqual([...differing].sort());
  expect(table).toContain("Not in version 2.2.0");
});

/** The server's HTML of the comparison view for the loader's data, in a router at `search`. */
async function renderView(page: Page, search: string): Promise<string> {
  const url = `http://localhost:3000/compare?${search}`;
  const params = new URL(url).searchParams;
  const element = createElement(ComparisonView, {
    c: page.comparison!,
    view: page.view!,
    state: {
      questionnaire: "ai-model-vendor",
      vendor: params.getAll("vendor"),
      assessment: [],
      q: params.get("q") ?? undefined,
      section: page.view!.section ?? undefined,
      differ: page.view!.differ ? "1" : undefined,
    },
    formKey: search,
  });
  const handler = createStaticHandler([{ path: "*", element }]);
  const context = await handler.query(new Request(url));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    createElement(StaticRouterProvider, { router, context, hydrate: false }),
  );
}

/** HTML on one line, entities for the quotes and ampersands decoded. */
function parse(html: string): string {
  return html
    .replace(/\n/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"');
}
