// The answering page's form without JavaScript, through its route action on a real database:
// a section's answers are saved all together or not at all (decision 112).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { commentName, fieldName } from "~/assessments/answer-form";
import { type SessionUser } from "~/auth/session.server";
import { type Db, schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { action } from "~/routes/v.sections.$sectionId/route";
import { type TestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest, libraryVersionId } from "~/test/factories";
import { signedInTestAssessment } from "~/test/vendor-session";

let t: TestDatabase;
let db: Db;
let staff: SessionUser;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await syncQuestionnaireLibrary(db);
  const user = await createUser(db, { role: "procurement" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(db, "training-data-supplier", "1.0.0");
});
afterAll(async () => t.dispose());

let vendors = 0;
async function assessment(): Promise<{ a: TestAssessment; cookie: string }> {
  const a = await signedInTestAssessment(db, staff, versionId, {
    name: `Section vendor ${++vendors}`,
  });
  return { a, cookie: a.cookie };
}

async function post(cookie: string, fields: Record<string, string>) {
  const request = formRequest("/v/sections/provenance-rights", fields, { Cookie: cookie });
  try {
    return await action({ request, params: { sectionId: "provenance-rights" }, context: {} });
  } catch (thrown) {
    return thrown;
  }
}

async function stored(assessmentId: string) {
  return db
    .select({ questionId: schema.answers.questionId, answer: schema.answers.answer })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, assessmentId))
    .orderBy(schema.answers.questionId);
}

const GOOD = {
  [fieldName("dataset-provenance")]: "2",
  [fieldName("content-rights")]: "owned-or-licensed",
  [commentName("content-rights")]: "Licences listed in our data register.",
};

test("one refused answer saves nothing: 400 naming it, with what was sent", async () => {
  const { a, cookie } = await assessment();
  const result = await post(cookie, { ...GOOD, [fieldName("tdm-opt-outs")]: "perhaps" });
  expect(result).toMatchObject({ init: { status: 400 } });
  const body = (result as { data: { errors: Record<string, string>; values: object } }).data;
  expect(Object.keys(body.errors)).toEqual(["q-tdm-opt-outs"]);
  expect(body.values).toMatchObject({
    "content-rights": {
      answer: { kind: "value", value: "owned-or-licensed" },
      comment: "Licences listed in our data register.",
    },
  });
  expect(await stored(a.assessmentId)).toEqual([]);
});

test("a valid section is saved whole; “Save and come back later” returns to the task list", async () => {
  const { a, cookie } = await assessment();
  const result = await post(cookie, {
    ...GOOD,
    [fieldName("tdm-opt-outs")]: "yes",
    intent: "later",
  });
  expect(result).toBeInstanceOf(Response);
  expect((result as Response).headers.get("Location")).toBe("/v");
  expect((await stored(a.assessmentId)).map((r) => r.questionId)).toEqual([
    "content-rights",
    "dataset-provenance",
    "tdm-opt-outs",
  ]);
  // "Save and continue" goes on to the next section.
  const again = await post(cookie, { ...GOOD, [fieldName("tdm-opt-outs")]: "no" });
  expect((again as Response).headers.get("Location")).toMatch(/^\/v\/sections\/./);
});
