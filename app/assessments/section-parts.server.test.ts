// A long section in parts (decision 320), through the answering page's loader and action and
// the definitions asset, on a real database with the benchmark's 300-question section: the
// document carries one part's definitions, the asset the whole vendor copy (cached for a year,
// only for the assessment's own version), and a part's form saves that part alone.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { BENCH_SECTION_ID, benchQuestionnaire, versionRow } from "../../bench/questionnaire";
import { fieldName } from "~/assessments/answer-form";
import { getSignedInVendor } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { type Questionnaire } from "~/questionnaire/definition";
import { action as bomsAction } from "~/routes/v.boms";
import { loader as definitionsLoader } from "~/routes/v.definitions.$hash";
import { action as evidenceAction } from "~/routes/v.evidence";
import { action, loader } from "~/routes/v.sections.$sectionId/route";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import { withoutScoring } from "~/questionnaire/vendor-copy";
import { PART_SIZE, parsePartQuestions } from "./section-parts";

let t: TestDatabase;
let db: Db;
let cookie: string;
let assessmentId: string;
const { questionnaire, hash } = benchQuestionnaire();
const questions = questionnaire.sections[0]!.questions;
const PATH = `/v/sections/${BENCH_SECTION_ID}`;
const params = { sectionId: BENCH_SECTION_ID };
/** A short-text question in the first part and one in the second. */
const first = questions.slice(0, PART_SIZE).find((q) => q.type === "short_text")!;
const second = questions.slice(PART_SIZE, 2 * PART_SIZE).find((q) => q.type === "short_text")!;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const [version] = await db
    .insert(schema.questionnaireVersions)
    .values(versionRow(questionnaire, hash))
    .returning({ id: schema.questionnaireVersions.id });
  const user = await createUser(db, { role: "procurement" });
  const staff: SessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const a = await sendTestAssessment(db, staff, version!.id, { name: "Long section vendor" });
  assessmentId = a.assessmentId;
  cookie = await vendorSessionCookie(db, a);
});
afterAll(async () => t.dispose());

async function post(fields: Record<string, string>) {
  const request = formRequest(PATH, fields, { Cookie: cookie });
  return action({ request, params, context: {} }).catch((thrown: unknown) => thrown);
}

async function storedText(questionId: string) {
  const rows = await db
    .select({ answer: schema.answers.answer, questionId: schema.answers.questionId })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, assessmentId));
  const row = rows.find((r) => r.questionId === questionId);
  return (row?.answer as { value?: unknown } | undefined)?.value ?? null;
}

test("the document carries one part's definitions; the asset the whole vendor copy", async () => {
  expect(questions.length).toBeGreaterThan(2 * PART_SIZE);
  const page = await loader({
    request: new Request(`http://localhost${PATH}?part=2`, { headers: { Cookie: cookie } }),
    params,
    context: {},
  });
  expect(page.part).toBe(2);
  expect(page.parts).toBe(Math.ceil(questions.length / PART_SIZE));
  // The part's questions come as one JSON text (decision 418): the vendor copies, scoring left out.
  const inPart = parsePartQuestions(page.section.questions);
  expect(inPart.map((q) => q.id)).toEqual(
    questions.slice(PART_SIZE, 2 * PART_SIZE).map((q) => q.id),
  );
  expect(inPart).toEqual(questions.slice(PART_SIZE, 2 * PART_SIZE).map(withoutScoring));
  const hashInUrl = page.definitions.split("/").at(-1)!;
  const asset = await definitionsLoader({
    request: new Request(`http://localhost${page.definitions}`, { headers: { Cookie: cookie } }),
    params: { hash: hashInUrl },
    context: {},
  });
  expect(asset.status).toBe(200);
  expect(asset.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
  const copy = (await asset.json()) as Questionnaire;
  expect(copy.sections[0]!.questions.map((q) => q.id)).toEqual(questions.map((q) => q.id));
  // The vendor copy: no weights (decision 032).
  expect(copy.sections[0]!.questions.every((q) => q.weight === 0)).toBe(true);
  // Another hash, or no session: refused.
  const refused = await definitionsLoader({
    request: new Request(`http://localhost/v/definitions/other`, { headers: { Cookie: cookie } }),
    params: { hash: "other" },
    context: {},
  }).catch((thrown: unknown) => thrown);
  expect((refused as { init?: { status?: number } }).init?.status).toBe(404);
  const anonymous = await definitionsLoader({
    request: new Request(`http://localhost${page.definitions}`),
    params: { hash: hashInUrl },
    context: {},
  }).catch((thrown: unknown) => thrown);
  expect((anonymous as { init?: { status?: number } }).init?.status).toBe(401);
});

test("a part's form saves that part alone and leads to the next part", async () => {
  const one = await post({ part: "1", [fieldName(first.id)]: "Written in part one" });
  expect((one as Response).headers.get("location")).toBe(`${PATH}?part=2`);
  expect(await storedText(first.id)).toBe("Written in part one");
  // Part two's form does not hold part one's question: its answer stays.
  const two = await post({ part: "2", [fieldName(second.id)]: "Written in part two" });
  expect((two as Response).headers.get("location")).toBe(`${PATH}?part=3`);
  expect(await storedText(second.id)).toBe("Written in part two");
  expect(await storedText(first.id)).toBe("Written in part one");
});

test("a part's page carries that part's stored answers, not the whole section's (decision 402)", async () => {
  // Answered by the test before: one question in part one, one in part two.
  const page = await loader({
    request: new Request(`http://localhost${PATH}?part=2`, { headers: { Cookie: cookie } }),
    params,
    context: {},
  });
  const onPage = new Set(questions.slice(PART_SIZE, 2 * PART_SIZE).map((q) => q.id));
  expect(Object.keys(page.stored)).toContain(second.id);
  expect(Object.keys(page.stored).every((id) => onPage.has(id))).toBe(true);
  expect(page.stored[first.id]).toBeUndefined();
  const one = await loader({
    request: new Request(`http://localhost${PATH}?part=1`, { headers: { Cookie: cookie } }),
    params,
    context: {},
  });
  expect(Object.keys(one.stored)).toEqual([first.id]);
});

test("an upload without JavaScript comes back to the part that holds its question", async () => {
  // Both per-question upload routes, with the form posted as a browser without JavaScript posts
  // it (no file chosen): the toast must land where the question is, not on part 1.
  for (const route of [bomsAction, evidenceAction]) {
    const body = new FormData();
    body.set("questionId", second.id);
    const request = new Request(
      `http://localhost:3000${route === bomsAction ? "/v/boms" : "/v/evidence"}`,
      {
        method: "POST",
        headers: { Origin: "http://localhost:3000", Cookie: cookie },
        body,
      },
    );
    const response = await route({ request, params: {}, context: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      `${PATH}?part=2#question-${encodeURIComponent(second.id)}`,
    );
  }
});

// Last: it ends the vendor's session.
test("the root loader and the page's loader share one session lookup per request, never across requests", async () => {
  const request = () => new Request(`http://localhost${PATH}`, { headers: { Cookie: cookie } });
  const context = {};
  expect(await getSignedInVendor(request(), context)).not.toBeNull();
  // The session ends between the two loaders of one request: the page's loader reads the
  // lookup the root loader made for this request (decision 361)…
  await db
    .update(schema.vendorSessions)
    .set({ expiresAt: new Date(0) })
    .where(eq(schema.vendorSessions.assessmentId, assessmentId));
  const page = await loader({ request: request(), params, context });
  expect(page.assessmentId).toBe(assessmentId);
  // …and the next request, with a context of its own, looks again and is refused.
  const refused = await loader({ request: request(), params, context: {} }).catch(
    (thrown: unknown) => thrown,
  );
  expect((refused as { init?: { status?: number } }).init?.status).toBe(401);
});
