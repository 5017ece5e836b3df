// The OSCAL export of a demo assessment validates against the official OSCAL 1.0.6 Assessment
// Results JSON schema (a committed fixture: fixtures/OSCAL-SCHEMA-SOURCE.md), with ajv; and it
// says what the assessment says: every answered question as an observation with its answer,
// every finding as a risk (status mapped) and a finding, linked together.
// docs/decisions/218-oscal-export.md.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { loader } from "~/routes/assessments.$assessmentId_.oscal[.json]";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoPortfolio } from "~/test/demo-data";
import {
  getOscalInput,
  RISK_STATUS,
  toOscalAssessmentResults,
  token,
  uuidV5,
} from "./oscal.server";

const schemaFile = path.join(
  import.meta.dirname,
  "fixtures",
  "oscal_assessment-results_schema.json",
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(t.db);
});
afterAll(async () => {
  await t.dispose();
});

type Doc = ReturnType<typeof toOscalAssessmentResults>;

async function demoAssessmentWithFindings() {
  const rows = await t.db
    .selectDistinct({ id: schema.assessments.id })
    .from(schema.assessments)
    .innerJoin(schema.findings, eq(schema.findings.assessmentId, schema.assessments.id))
    .where(isNotNull(schema.assessments.submittedAt));
  expect(rows.length).toBeGreaterThan(0);
  return rows.map((r) => r.id);
}

test("the OSCAL export of every submitted demo assessment validates against the official schema", async () => {
  for (const id of await demoAssessmentWithFindings()) {
    const doc = toOscalAssessmentResults((await getOscalInput(t.db, id))!);
    const ok = validate(doc);
    expect({ id, errors: ok ? null : validate.errors?.slice(0, 5) }).toEqual({ id, errors: null });
  }
});

test("the schema is really checked: a broken document is refused", () => {
  const broken = { "assessment-results": { uuid: "not-a-uuid", metadata: {}, results: [] } };
  expect(validate(broken)).toBe(false);
  const paths = (validate.errors ?? []).map((e) => e.instancePath + " " + e.message);
  expect(paths.join("\n")).toMatch(/uuid/);
  expect(paths.join("\n")).toMatch(/import-ap/);
});

test("observations carry the question and the answer; risks and findings follow the register", async () => {
  const [id] = await demoAssessmentWithFindings();
  const input = (await getOscalInput(t.db, id!))!;
  const doc: Doc = toOscalAssessmentResults(input);
  const result = doc["assessment-results"].results[0]!;
  const answered = await t.db
    .select()
    .from(schema.answers)
    .where(and(eq(schema.answers.assessmentId, id!), isNotNull(schema.answers.answer)));
  expect(result.observations).toHaveLength(answered.length);
  const first = input.observations[0]!;
  const observation = result.observations!.find((o) => o.title === first.question)!;
  expect(observation.description).toBe(`Question: ${first.question}\n\nAnswer: ${first.answer}`);
  expect(observation.uuid).toBe(uuidV5(id!, `observation:${first.questionId}`));

  const findings = await t.db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, id!));
  expect(result.risks).toHaveLength(findings.length);
  expect(result.findings).toHaveLength(findings.length);
  for (const f of findings) {
    const risk = result.risks!.find((r) => r.uuid === uuidV5(id!, `risk:${f.id}`))!;
    expect(risk.status).toBe(RISK_STATUS[f.status]);
    expect(risk.deadline).toBe(`${f.dueDate}T23:59:59Z`);
    const finding = result.findings!.find((x) => x.uuid === uuidV5(id!, `finding:${f.id}`))!;
    expect(finding.target["target-id"]).toBe(token(f.questionId));
    expect(finding["related-risks"]).toEqual([{ "risk-uuid": risk.uuid }]);
  }
  // The same records keep their uuids from one export to the next; the document does not.
  const again = toOscalAssessmentResults((await getOscalInput(t.db, id!))!);
  expect(again["assessment-results"].results[0]!.risks!.map((r) => r.uuid)).toEqual(
    result.risks!.map((r) => r.uuid),
  );
  expect(again["assessment-results"].uuid).not.toBe(doc["assessment-results"].uuid);
});

test("the download needs a staff member who may read reports; a bad id is a 404", async () => {
  const [id] = await demoAssessmentWithFindings();
  const call = (assessmentId: string, cookie?: string) =>
    loader({
      request: new Request(`http://localhost:3000/assessments/${assessmentId}/oscal.json`, {
        headers: cookie ? { Cookie: cookie } : {},
      }),
      params: { assessmentId },
      context: {},
    }).catch((thrown: unknown) => thrown as Response);
  const anonymous = await call(id!);
  expect(anonymous.status).toBe(302);
  const user = DEMO_USERS.find((u) => u.role === "risk_officer")!;
  const session = await login(t.db, { email: user.email, password: DEMO_PASSWORD });
  if (!session.ok) throw new Error("login failed");
  const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  const response = await call(id!, cookie);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Disposition")).toMatch(/oscal-assessment-results-.*\.json/);
  expect(validate(await response.json())).toBe(true);
  // A thrown data() carries its status in `init`.
  const missing = (await call("not-a-uuid", cookie)) as unknown as { init?: { status: number } };
  expect(missing.init?.status).toBe(404);
});
