// The declared supply chain in the database (docs/decisions/241-declared-supply-chain-tables.md):
// the rows of supplier_list and countries answers, rewritten in the transaction that writes the
// answer or submits the assessment; the buyer's policy in settings; and the findings that
// policy opens at submission (docs/decisions/240-supply-chain-answers-and-policy.md).
import { and, eq } from "drizzle-orm";
import { withVendor } from "~/assessments/assessment-queries.server";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { insertOpenedFindings } from "~/findings/open-findings.server";
import { defaultDueDate, isoDay } from "~/findings/status";
import { answerSchema } from "~/questionnaire/answer-schema";
import { visibleQuestionIds } from "~/questionnaire/conditions";
import { type Question, type Questionnaire } from "~/questionnaire/definition";
import { type Answer, type Answers, listQuestions } from "~/questionnaire/model";
import { getSettings } from "~/settings/settings.server";
import { checkCountryRules, type Violation } from "./country-rules";
import { DATA_KIND_LABELS } from "./labels";
import { normaliseName } from "./matching";
import { DEFAULT_POLICY, type SupplyChainPolicy, SupplyChainPolicySchema } from "./policy";
import { type DataKind, type SupplierListValue } from "./types";

export type SupplySource = (typeof schema.SUPPLY_SOURCES)[number];

export function isSupplyQuestion(question: Question): boolean {
  return question.type === "supplier_list" || question.type === "countries";
}

/**
 * Rewrites the declared rows of one question from its answer (call it inside the transaction
 * that writes the answer). An answer that is not valid, N/A or empty leaves no rows.
 */
export async function refreshDeclaredQuestion(
  tx: Db,
  assessmentId: string,
  question: Question,
  answer: Answer | null,
  source: SupplySource = "answer",
  now: Date = new Date(),
): Promise<void> {
  if (!isSupplyQuestion(question)) return;
  const where = (table: typeof schema.declaredSuppliers | typeof schema.declaredLocations) =>
    and(eq(table.assessmentId, assessmentId), eq(table.questionId, question.id));
  if (question.type === "supplier_list") {
    await tx.delete(schema.declaredSuppliers).where(where(schema.declaredSuppliers));
  } else {
    await tx.delete(schema.declaredLocations).where(where(schema.declaredLocations));
  }
  const parsed = answer ? answerSchema(question).safeParse(answer) : null;
  if (!parsed?.success || parsed.data.kind !== "value") return;
  const [assessment] = await tx
    .select({ vendorId: schema.assessments.vendorId })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId));
  if (!assessment) return;
  if (question.type === "supplier_list") {
    const { suppliers } = parsed.data.value as SupplierListValue;
    if (suppliers.length === 0) return;
    await tx.insert(schema.declaredSuppliers).values(
      suppliers.map((row, position) => ({
        assessmentId,
        vendorId: assessment.vendorId,
        questionId: question.id,
        position,
        name: row.name,
        domain: row.domain,
        service: row.service,
        receives: [...row.receives],
        countries: [...row.countries],
        stateControlled: row.stateControlled,
        source,
        updatedAt: now,
      })),
    );
  } else {
    const codes = [...new Set(parsed.data.value as readonly string[])];
    if (codes.length === 0) return;
    await tx.insert(schema.declaredLocations).values(
      codes.map((country) => ({
        assessmentId,
        vendorId: assessment.vendorId,
        questionId: question.id,
        country,
        source,
        updatedAt: now,
      })),
    );
  }
}

/**
 * Rewrites every supply question's rows from the stored answers, counting only questions
 * that are visible (call it in the submit transaction: it covers carried-over answers and the
 * no-JavaScript section save too).
 */
export async function refreshDeclaredAssessment(
  tx: Db,
  assessmentId: string,
  questionnaire: Questionnaire,
  answers: Answers,
  now: Date = new Date(),
): Promise<void> {
  const visible = visibleQuestionIds(questionnaire, answers);
  for (const { question } of listQuestions(questionnaire)) {
    if (!isSupplyQuestion(question)) continue;
    const answer = visible.has(question.id) ? (answers[question.id] ?? null) : null;
    await refreshDeclaredQuestion(tx, assessmentId, question, answer, "answer", now);
  }
}

// ---------------------------------------------------------------------------------------
// The buyer's policy (stored in app_settings under its own key)

const POLICY_KEY = "supplyChainPolicy";

export async function getSupplyChainPolicy(db: Db): Promise<SupplyChainPolicy> {
  const [row] = await db
    .select({ value: schema.appSettings.value })
    .from(schema.appSettings)
    .where(eq(schema.appSettings.key, POLICY_KEY));
  const parsed = row ? SupplyChainPolicySchema.safeParse(row.value) : null;
  return parsed?.success ? parsed.data : DEFAULT_POLICY;
}

export async function saveSupplyChainPolicy(
  db: Db,
  actor: Actor & { id: string },
  policy: SupplyChainPolicy,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getSupplyChainPolicy(tx);
    await tx
      .insert(schema.appSettings)
      .values({ key: POLICY_KEY, value: policy, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: schema.appSettings.key,
        set: { value: policy, updatedBy: actor.id, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actor,
      action: "settings.updated",
      before: { [POLICY_KEY]: before },
      after: { [POLICY_KEY]: policy },
    });
  });
}

// ---------------------------------------------------------------------------------------
// Findings the policy opens at submission

/** What of our data the vendor itself handles, from its register profile. */
export function vendorReceives(
  dataAccess: (typeof schema.dataAccessEnum.enumValues)[number],
): DataKind[] {
  switch (dataAccess) {
    case "none":
      return [];
    case "business":
      return ["metadata"];
    case "confidential":
      return ["metadata", "prompts_outputs"];
    case "training_or_model":
      return ["metadata", "prompts_outputs", "training_data", "weights"];
  }
}

export type PolicyFinding = {
  key: string;
  questionId: string;
  sectionId: string;
  violation: Violation;
  title: string;
};

/** The findings the policy gives these answers: pure, for tests and previews. */
export function policyFindings(
  questionnaire: Questionnaire,
  answers: Answers,
  policy: SupplyChainPolicy,
  receives: readonly DataKind[],
): PolicyFinding[] {
  const visible = visibleQuestionIds(questionnaire, answers);
  const out: PolicyFinding[] = [];
  for (const { question, section } of listQuestions(questionnaire)) {
    if (!isSupplyQuestion(question) || !visible.has(question.id)) continue;
    const answer = answers[question.id];
    const parsed = answer ? answerSchema(question).safeParse(answer) : null;
    if (!parsed?.success || parsed.data.kind !== "value") continue;
    const violations =
      question.type === "supplier_list"
        ? checkCountryRules(
            { suppliers: (parsed.data.value as SupplierListValue).suppliers },
            policy,
          )
        : checkCountryRules(
            { suppliers: [], vendor: { countries: parsed.data.value as string[], receives } },
            policy,
          );
    for (const violation of violations) {
      const who = violation.supplier === null ? "self" : normaliseName(violation.supplier) || "row";
      const where = violation.country ?? violation.reasons.join("+");
      out.push({
        key: `${question.id}/policy:${who}:${violation.dataKind}:${where}`,
        questionId: question.id,
        sectionId: section.id,
        violation,
        title: titleOf(violation),
      });
    }
  }
  // One finding per key (two rows naming one supplier would otherwise collide).
  return [...new Map(out.map((finding) => [finding.key, finding])).values()];
}

function titleOf(violation: Violation): string {
  const who = violation.supplier ?? "The vendor";
  const what = DATA_KIND_LABELS[violation.dataKind].toLowerCase();
  if (violation.reasons.includes("jurisdiction_of_concern"))
    return `${who} takes ${what} into a jurisdiction of concern (${violation.country})`;
  if (violation.reasons.includes("not_allowed"))
    return `${who} takes ${what} to a country outside the allowed list (${violation.country})`;
  if (violation.reasons.includes("state_controlled"))
    return `A state-controlled supplier (${who}) receives ${what}`;
  if (violation.reasons.includes("countries_not_declared"))
    return `${who} receives ${what} but declares no countries`;
  return `${who} declares an unknown country for ${what}`;
}

/**
 * Opens the policy's findings for a just-submitted assessment (call it in the submit
 * transaction, after the score). Keys are stable, so running it again opens only new ones.
 */
export async function openPolicyFindings(
  tx: Db,
  assessmentId: string,
  questionnaire: Questionnaire,
  answers: Answers,
  now: Date = new Date(),
): Promise<number> {
  if (!listQuestions(questionnaire).some(({ question }) => isSupplyQuestion(question))) return 0;
  const [assessment] = await withVendor(
    tx
      .select({
        vendorId: schema.assessments.vendorId,
        ownerId: schema.vendors.ownerId,
        dataAccess: schema.vendors.dataAccess,
      })
      .from(schema.assessments)
      .$dynamic(),
  ).where(eq(schema.assessments.id, assessmentId));
  if (!assessment) return 0;
  const policy = await getSupplyChainPolicy(tx);
  const found = policyFindings(
    questionnaire,
    answers,
    policy,
    vendorReceives(assessment.dataAccess),
  );
  if (found.length === 0) return 0;
  const settings = await getSettings(tx);
  const today = isoDay(now);
  const byQuestion = new Map(listQuestions(questionnaire).map((e) => [e.question.id, e.question]));
  const [contact] = await tx
    .select({ contactId: schema.assessmentRecipients.contactId })
    .from(schema.assessmentRecipients)
    .where(eq(schema.assessmentRecipients.assessmentId, assessmentId))
    .orderBy(schema.assessmentRecipients.createdAt)
    .limit(1);
  return insertOpenedFindings(
    tx,
    found.map((f) => ({
      assessmentId,
      vendorId: assessment.vendorId,
      origin: "policy" as const,
      key: f.key,
      questionId: f.questionId,
      sectionId: f.sectionId,
      answer: answers[f.questionId] ?? null,
      severity: f.violation.severity,
      originalSeverity: f.violation.severity,
      knockout: false,
      title: f.title,
      guidance: `${f.violation.message} Agree with the vendor how our data stops reaching this place or supplier, or accept the risk with a justification.`,
      references: [...(byQuestion.get(f.questionId)?.references ?? [])],
      ownerId: assessment.ownerId,
      vendorContactId: contact?.contactId ?? null,
      dueDate: defaultDueDate(f.violation.severity, today, settings),
      createdAt: now,
      updatedAt: now,
    })),
    "Opened by the buyer's supply-chain policy from the submitted answer.",
    now,
  );
}

/** The supply questions' ids of a version (for callers that need to know whether to refresh). */
export function supplyQuestionIds(questionnaire: Questionnaire): string[] {
  return listQuestions(questionnaire)
    .filter(({ question }) => isSupplyQuestion(question))
    .map(({ question }) => question.id);
}
