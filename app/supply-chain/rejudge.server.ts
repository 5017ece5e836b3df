// A change of the buyer's supply-chain rules re-judges what vendors already declared
// (decision 333, refining 240): in the transaction that saves the rules, each active vendor's
// latest submitted assessment is checked again — flows the new rules forbid open findings (the
// same stable keys as at submission, so nothing opens twice), and open policy findings whose
// flow the new rules allow are closed as verified, each with its finding event and audit entry.
import { and, eq, inArray, isNull, like, sql } from "drizzle-orm";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { withVendor } from "~/assessments/assessment-queries.server";
import { getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { type Db, schema } from "~/db.server";
import { type Answer, type Answers } from "~/questionnaire/model";
import { emitFindingEvent } from "~/webhooks/emit.server";
import {
  getSupplyChainPolicy,
  openPolicyFindings,
  policyFindings,
  saveSupplyChainPolicy,
  supplyQuestionIds,
  vendorReceives,
} from "./declared.server";
import { type SupplyChainPolicy } from "./policy";

const CLOSED_NOTE = "The buyer's supply-chain rules changed: this declared flow is now allowed.";
const REOPENED_NOTE =
  "The buyer's supply-chain rules changed: this declared flow is forbidden again.";

const STILL_OPEN = ["open", "in_progress", "fixed_by_vendor", "reopened"] as const;

export type Rejudged = { assessments: number; opened: number; closed: number };

export async function changeSupplyChainPolicy(
  db: Db,
  actor: Actor & { id: string },
  policy: SupplyChainPolicy,
  now: Date = new Date(),
): Promise<Rejudged> {
  return db.transaction(async (tx) => {
    await saveSupplyChainPolicy(tx, actor, policy);
    const result = await rejudgeDeclaredSupplyChains(tx, actor, now);
    await recordAudit(tx, {
      actor,
      action: "supply_chain.rejudged",
      detail: result,
    });
    return result;
  });
}

/** Re-checks every active vendor's latest submitted assessment against the stored rules. */
export async function rejudgeDeclaredSupplyChains(
  tx: Db,
  actor: Actor,
  now: Date = new Date(),
): Promise<Rejudged> {
  const latest = await withVendor(
    tx
      .selectDistinctOn([schema.assessments.vendorId], {
        id: schema.assessments.id,
        versionId: schema.assessments.questionnaireVersionId,
        dataAccess: schema.vendors.dataAccess,
      })
      .from(schema.assessments)
      .$dynamic(),
  )
    .where(
      and(sql`${schema.assessments.submittedAt} is not null`, isNull(schema.vendors.archivedAt)),
    )
    .orderBy(
      schema.assessments.vendorId,
      sql`${schema.assessments.submittedAt} desc`,
      sql`${schema.assessments.id} desc`,
    );
  const policy = await getSupplyChainPolicy(tx);
  const result: Rejudged = { assessments: 0, opened: 0, closed: 0 };
  const versions = new Map<string, Awaited<ReturnType<typeof getPinnedQuestionnaire>>>();
  for (const assessment of latest) {
    let questionnaire = versions.get(assessment.versionId);
    if (!questionnaire) {
      questionnaire = await getPinnedQuestionnaire(tx, assessment.versionId);
      versions.set(assessment.versionId, questionnaire);
    }
    const supply = supplyQuestionIds(questionnaire);
    if (supply.length === 0) continue;
    result.assessments++;
    const rows = await tx
      .select({ questionId: schema.answers.questionId, answer: schema.answers.answer })
      .from(schema.answers)
      .where(eq(schema.answers.assessmentId, assessment.id));
    const answers: Answers = Object.fromEntries(
      rows.map((r) => [r.questionId, (r.answer as Answer | null) ?? undefined]),
    );
    result.opened += await openPolicyFindings(tx, assessment.id, questionnaire, answers, now);
    const wanted = new Set(
      policyFindings(questionnaire, answers, policy, vendorReceives(assessment.dataAccess)).map(
        (f) => f.key,
      ),
    );
    // Only the findings the rules opened from answers: a change notice's finding (decision 254)
    // is about the notice, not about a rule.
    const open = await tx
      .select({
        id: schema.findings.id,
        key: schema.findings.key,
        status: schema.findings.status,
        revision: schema.findings.revision,
      })
      .from(schema.findings)
      .where(
        and(
          eq(schema.findings.assessmentId, assessment.id),
          eq(schema.findings.origin, "policy"),
          inArray(schema.findings.status, [...STILL_OPEN]),
          like(schema.findings.key, "%/policy:%"),
        ),
      );
    // A finding these rules closed earlier opens again when the rules forbid its flow again.
    const closedByRules = await tx
      .select({
        id: schema.findings.id,
        key: schema.findings.key,
        revision: schema.findings.revision,
      })
      .from(schema.findings)
      .where(
        and(
          eq(schema.findings.assessmentId, assessment.id),
          eq(schema.findings.origin, "policy"),
          eq(schema.findings.status, "verified"),
          like(schema.findings.key, "%/policy:%"),
          sql`(select e.note from ${schema.findingEvents} e where e.finding_id = ${schema.findings.id} and e.kind = 'status' order by e.at desc, e.id desc limit 1) = ${CLOSED_NOTE}`,
        ),
      );
    for (const finding of closedByRules) {
      if (!wanted.has(finding.key)) continue;
      const [reopened] = await tx
        .update(schema.findings)
        .set({ status: "reopened", closedAt: null, updatedAt: now, revision: finding.revision + 1 })
        .where(
          and(eq(schema.findings.id, finding.id), eq(schema.findings.revision, finding.revision)),
        )
        .returning({ id: schema.findings.id });
      if (!reopened) continue;
      await tx.insert(schema.findingEvents).values({
        findingId: finding.id,
        kind: "status",
        fromStatus: "verified",
        toStatus: "reopened",
        note: REOPENED_NOTE,
        at: now,
      });
      await recordAudit(tx, {
        actor,
        action: "finding.status_changed",
        target: { type: "finding", id: finding.id },
        before: { status: "verified" },
        after: { status: "reopened", note: REOPENED_NOTE },
      });
      result.opened++;
    }
    for (const finding of open) {
      if (wanted.has(finding.key)) continue;
      const [closed] = await tx
        .update(schema.findings)
        .set({ status: "verified", closedAt: now, updatedAt: now, revision: finding.revision + 1 })
        .where(
          and(eq(schema.findings.id, finding.id), eq(schema.findings.revision, finding.revision)),
        )
        .returning({ id: schema.findings.id });
      if (!closed) continue;
      const note = CLOSED_NOTE;
      await tx.insert(schema.findingEvents).values({
        findingId: finding.id,
        kind: "status",
        fromStatus: finding.status,
        toStatus: "verified",
        note,
        at: now,
      });
      await recordAudit(tx, {
        actor,
        action: "finding.status_changed",
        target: { type: "finding", id: finding.id },
        before: { status: finding.status },
        after: { status: "verified", note },
      });
      await emitFindingEvent(tx, "finding.verified", finding.id, now);
      result.closed++;
    }
  }
  return result;
}
