// Changing the buyer's supply-chain rules re-judges what vendors already declared (decision
// 333), on a real database: a flow the new rules forbid opens a finding at once, a flow they
// now allow closes its open finding, tightening again reopens it — each with its finding event
// and audit entry, in the transaction that saves the rules.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { uploadEvidence } from "~/assessments/evidence.server";
import { submitAssessment } from "~/assessments/respond.server";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import {
  completeRequiredAnswers,
  saveTestAnswers,
  sendTestAssessment,
  type TestAssessment,
} from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { DEFAULT_POLICY } from "./policy";
import { changeSupplyChainPolicy } from "./rejudge.server";

let t: TestDatabase;
let staff: SessionUser;
let a: TestAssessment;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "admin" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  const versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
  a = await sendTestAssessment(t.db, staff, versionId, { name: "Rejudged Vendor" });
  const files: Record<string, { kind: "value"; value: string[] }> = {};
  for (const question of a.questionnaire.sections.flatMap((section) => section.questions)) {
    if (question.type !== "evidence") continue;
    const file = await uploadEvidence(
      t.db,
      { ...a.context, status: "in_progress" },
      a.questionnaire,
      {
        questionId: question.id,
        fileName: `${question.id}.pdf`,
        bytes: new TextEncoder().encode("%PDF-1.7\n%%EOF\n"),
      },
    );
    if (!file.ok) throw new Error(file.message);
    files[question.id] = { kind: "value", value: [file.file.id] };
  }
  await saveTestAnswers(t.db, a, {
    ...files,
    "subprocessor-declaration": {
      kind: "value",
      value: {
        suppliers: [
          {
            name: "Far GPU Cloud",
            domain: "fargpu.example",
            service: "cloud_compute",
            receives: ["training_data"],
            countries: ["SG"],
            stateControlled: "no",
          },
        ],
      },
    },
  });
  await completeRequiredAnswers(t.db, a);
  expect((await submitAssessment(t.db, a.context)).ok).toBe(true);
});
afterAll(async () => t.dispose());

async function ruleFindings() {
  return t.db
    .select({
      id: schema.findings.id,
      title: schema.findings.title,
      status: schema.findings.status,
    })
    .from(schema.findings)
    .where(
      and(eq(schema.findings.assessmentId, a.assessmentId), eq(schema.findings.origin, "policy")),
    );
}

const eeaOnly = {
  ...DEFAULT_POLICY,
  allowed: { training_data: ["EEA"] },
  flagStateControlled: false,
};
const open = { ...DEFAULT_POLICY, allowed: {}, flagStateControlled: false };

test("a stricter rule opens findings on submitted declarations; a looser one closes them; stricter again reopens", async () => {
  await changeSupplyChainPolicy(t.db, staff, open);
  const before = (await ruleFindings()).filter((f) => f.title.includes("Far GPU Cloud"));
  expect(before.filter((f) => f.status !== "verified")).toEqual([]);

  const tightened = await changeSupplyChainPolicy(t.db, staff, eeaOnly);
  expect(tightened.opened).toBeGreaterThanOrEqual(1);
  const opened = (await ruleFindings()).filter((f) => f.title.includes("Far GPU Cloud"));
  expect(opened).toHaveLength(1);
  expect(opened[0]).toMatchObject({
    title: "Far GPU Cloud takes training data to a country outside the allowed list (SG)",
    status: "open",
  });
  // Saving the same rules again opens nothing twice.
  expect((await changeSupplyChainPolicy(t.db, staff, eeaOnly)).opened).toBe(0);

  const loosened = await changeSupplyChainPolicy(t.db, staff, open);
  expect(loosened.closed).toBeGreaterThanOrEqual(1);
  const [closed] = await t.db
    .select({ status: schema.findings.status, closedAt: schema.findings.closedAt })
    .from(schema.findings)
    .where(eq(schema.findings.id, opened[0]!.id));
  expect(closed!.status).toBe("verified");
  expect(closed!.closedAt).not.toBeNull();

  await changeSupplyChainPolicy(t.db, staff, eeaOnly);
  const [again] = await t.db
    .select({ status: schema.findings.status })
    .from(schema.findings)
    .where(eq(schema.findings.id, opened[0]!.id));
  expect(again!.status).toBe("reopened");

  const events = await t.db
    .select({ toStatus: schema.findingEvents.toStatus, note: schema.findingEvents.note })
    .from(schema.findingEvents)
    .where(eq(schema.findingEvents.findingId, opened[0]!.id))
    .orderBy(schema.findingEvents.id);
  expect(events.map((e) => e.toStatus)).toEqual(["open", "verified", "reopened"]);
  const audits = await t.db
    .select({ action: schema.auditEvents.action, targetId: schema.auditEvents.targetId })
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.targetId, opened[0]!.id));
  expect(audits.map((x) => x.action)).toEqual(["finding.status_changed", "finding.status_changed"]);
  const rejudged = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "supply_chain.rejudged"));
  expect(rejudged.length).toBe(5);
});

test("the rules and the re-judging are one transaction: a failure keeps the old rules and findings", async () => {
  const { getSupplyChainPolicy } = await import("./declared.server");
  const before = await getSupplyChainPolicy(t.db);
  const findingsBefore = await ruleFindings();
  const broken = {
    ...t.db,
    transaction: (fn: (tx: unknown) => Promise<unknown>) =>
      t.db.transaction(async (tx) => {
        await fn(tx);
        throw new Error("disk full");
      }),
  } as unknown as typeof t.db;
  await expect(changeSupplyChainPolicy(broken, staff, open)).rejects.toThrow("disk full");
  expect(await getSupplyChainPolicy(t.db)).toEqual(before);
  expect(await ruleFindings()).toEqual(findingsBefore);
});
