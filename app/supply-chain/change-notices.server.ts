// Recording a vendor's change notice (docs/decisions/254-supply-chain-api.md, change notices):
// in one transaction the declared row lands on the map, the audit log has it, the vendor's
// owner is mailed, and the buyer's rule either opens a finding or drafts a re-assessment.
import { and, desc, eq, inArray, isNotNull, max, sql } from "drizzle-orm";
import { withVendor } from "~/assessments/assessment-queries.server";
import { createAssessment } from "~/assessments/assessments.server";
import { SUBMITTED_STATUSES } from "~/assessments/status";
import { recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { defaultDueDate, isoDay } from "~/findings/status";
import { queueMail, simpleHtml } from "~/mail/mail.server";
import { getSettings } from "~/settings/settings.server";
import { getCountry } from "./countries";
import { CHANGE_KIND_LABELS, CHANGE_NOTICE_QUESTION, type ChangeNotice } from "./change-notices";

export type ChangeOutcome =
  | { rule: "finding"; findingId: string }
  | { rule: "reassessment"; assessmentId: string }
  | { rule: "finding"; findingId: string; reassessmentRefused: string };

function describeChange(notice: ChangeNotice): string {
  const where = notice.countries.map((c) => getCountry(c)?.name ?? c).join(", ");
  if (notice.kind === "new_country") return `${CHANGE_KIND_LABELS.new_country}: ${where}`;
  const site = notice.domain ? ` (${notice.domain})` : "";
  return `${CHANGE_KIND_LABELS[notice.kind]}: ${notice.name}${site}${where ? `, in ${where}` : ""}`;
}

/**
 * Records a change notice from the vendor contact behind `context` (their link's assessment).
 * The declared row goes on the vendor's latest submitted assessment — the one the map reads —
 * or on the link's own assessment before any is submitted.
 */
export async function declareChange(
  db: Db,
  context: { assessmentId: string; recipientId: string; recipientName: string },
  notice: ChangeNotice,
  now: Date = new Date(),
): Promise<ChangeOutcome> {
  return db.transaction(async (tx) => {
    const [link] = await withVendor(
      tx
        .select({
          vendorId: schema.assessments.vendorId,
          vendorName: schema.vendors.name,
          ownerId: schema.vendors.ownerId,
          questionnaireVersionId: schema.assessments.questionnaireVersionId,
        })
        .from(schema.assessments)
        .$dynamic(),
    ).where(eq(schema.assessments.id, context.assessmentId));
    if (!link) throw new Error(`There is no assessment ${context.assessmentId}.`);
    const [latest] = await tx
      .select({ id: schema.assessments.id, versionId: schema.assessments.questionnaireVersionId })
      .from(schema.assessments)
      .where(
        and(
          eq(schema.assessments.vendorId, link.vendorId),
          inArray(schema.assessments.status, [...SUBMITTED_STATUSES]),
          isNotNull(schema.assessments.submittedAt),
        ),
      )
      .orderBy(desc(schema.assessments.submittedAt), desc(schema.assessments.id))
      .limit(1);
    const target = latest?.id ?? context.assessmentId;

    if (notice.kind === "new_country") {
      await tx
        .insert(schema.declaredLocations)
        .values(
          notice.countries.map((country) => ({
            assessmentId: target,
            vendorId: link.vendorId,
            questionId: CHANGE_NOTICE_QUESTION,
            country,
            source: "change_notice" as const,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing();
    } else {
      // Serialises notices on one assessment, so two at once do not take the same position.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`change-notice:${target}`}))`);
      const [{ last } = { last: null }] = await tx
        .select({ last: max(schema.declaredSuppliers.position) })
        .from(schema.declaredSuppliers)
        .where(
          and(
            eq(schema.declaredSuppliers.assessmentId, target),
            eq(schema.declaredSuppliers.questionId, CHANGE_NOTICE_QUESTION),
          ),
        );
      await tx.insert(schema.declaredSuppliers).values({
        assessmentId: target,
        vendorId: link.vendorId,
        questionId: CHANGE_NOTICE_QUESTION,
        position: (last ?? -1) + 1,
        name: notice.name,
        domain: notice.domain,
        service: notice.service,
        receives: [...notice.receives],
        countries: [...notice.countries],
        source: "change_notice",
        updatedAt: now,
      });
    }

    const summary = describeChange(notice);
    const settings = await getSettings(tx);
    let outcome: ChangeOutcome | null = null;
    let refused: string | null = null;
    const [owner] = link.ownerId
      ? await tx.select().from(schema.users).where(eq(schema.users.id, link.ownerId))
      : [];
    if (settings.changeNoticeRule === "reassessment" && owner && owner.status === "active") {
      const due = new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      const created = await createAssessment(
        tx,
        { id: owner.id, email: owner.email, name: owner.name, role: owner.role },
        {
          vendorId: link.vendorId,
          questionnaireVersionId: latest?.versionId ?? link.questionnaireVersionId,
          dueDate: due,
          message: `Re-assessment after a change notice: ${summary}.`,
          contactIds: [],
          send: false,
          previousAssessmentId: latest?.id ?? null,
        },
        now,
      );
      if (created.ok) outcome = { rule: "reassessment", assessmentId: created.assessmentId };
      else refused = created.message ?? "the re-assessment could not be drafted";
    } else if (settings.changeNoticeRule === "reassessment") {
      refused = "the vendor has no active owner to draft it for";
    }
    if (!outcome) {
      const today = isoDay(now);
      const severity = notice.receives.some((k) => k !== "none" && k !== "metadata")
        ? "high"
        : "medium";
      const [finding] = await tx
        .insert(schema.findings)
        .values({
          assessmentId: target,
          vendorId: link.vendorId,
          origin: "policy",
          key: `${CHANGE_NOTICE_QUESTION}/${crypto.randomUUID()}`,
          questionId: CHANGE_NOTICE_QUESTION,
          sectionId: CHANGE_NOTICE_QUESTION,
          answer: { notice: { ...notice }, declaredBy: context.recipientName },
          severity,
          originalSeverity: severity,
          title: `Change notice — ${summary}`.slice(0, 300),
          guidance: notice.description
            ? `The vendor wrote: ${notice.description}`
            : "Review the change with the vendor: ask for its contract terms, locations and safeguards.",
          ownerId: link.ownerId,
          dueDate: defaultDueDate(severity, today, settings),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: schema.findings.id });
      await tx.insert(schema.findingEvents).values({
        findingId: finding!.id,
        kind: "opened",
        toStatus: "open" as const,
        toSeverity: severity,
        note: "Opened by a change notice from the vendor.",
        at: now,
      });
      outcome = refused
        ? { rule: "finding", findingId: finding!.id, reassessmentRefused: refused }
        : { rule: "finding", findingId: finding!.id };
    }

    await recordAudit(tx, {
      actor: { anonymous: "vendor" },
      action: "supply_chain.change_declared",
      target: { type: "assessment", id: target },
      detail: { recipientId: context.recipientId, notice, outcome },
    });
    if (owner && owner.status === "active") {
      const app = getEnv().APP_URL;
      const link2 =
        outcome.rule === "reassessment"
          ? `${app}/assessments/${outcome.assessmentId}`
          : `${app}/findings/${outcome.findingId}`;
      const paragraphs = [
        `Hello ${owner.name},`,
        `${context.recipientName} of ${link.vendorName} declared a change in their AI supply chain: ${summary}.`,
        ...(notice.description ? [`They wrote: “${notice.description}”`] : []),
        outcome.rule === "reassessment"
          ? "Your settings ask for a re-assessment: a draft is ready for you to check and send."
          : `A finding is open for it${"reassessmentRefused" in outcome ? ` (a re-assessment could not be drafted: ${outcome.reassessmentRefused})` : ""}.`,
      ];
      await queueMail(tx, {
        to: owner.email,
        assessmentId: target,
        kind: "supply_chain_change_notice",
        subject: `${link.vendorName} declared a supply-chain change`,
        text: `${paragraphs.join("\n\n")}\n\n${link2}\n`,
        html: simpleHtml(paragraphs, {
          label:
            outcome.rule === "reassessment" ? "Open the draft re-assessment" : "Open the finding",
          href: link2,
        }),
      });
    }
    return outcome;
  });
}
