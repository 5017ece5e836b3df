// Writes an event in the transaction of the change that causes it (pass that transaction as
// `db`), and queues one delivery per active endpoint that subscribed to its type — in the same
// statement batch, so an event commits with its change and its deliveries, or not at all
// (docs/decisions/215-webhooks-outbox.md). Nothing here does network I/O.
import { eq, sql } from "drizzle-orm";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { nudgePollingWorker, WEBHOOK_WORKER } from "~/jobs/polling-worker.server";
import { type EventType } from "./events";
import { withVendorAndVersion } from "~/assessments/assessment-queries.server";
import { findingWithVendor } from "~/findings/finding-queries.server";

/** What every payload may carry: ids, links, statuses — never answer contents. */
export type EventData = Record<string, unknown> & { summary: string };

export async function emitEvent(
  db: Db,
  type: EventType,
  data: EventData,
  privateData: Record<string, unknown> | null = null,
  now: Date = new Date(),
): Promise<number> {
  const [event] = await db
    .insert(schema.webhookEvents)
    .values({ type, data, privateData, occurredAt: now })
    .returning({ id: schema.webhookEvents.id });
  await db.execute(sql`
    insert into webhook_deliveries (endpoint_id, event_id)
    select id, ${event!.id} from webhook_endpoints
    where active and ${type} = any(events)`);
  // The worker in this process looks a moment later (after the commit); others poll.
  nudgePollingWorker(WEBHOOK_WORKER);
  return event!.id;
}

function links(kind: "assessments" | "findings", id: string) {
  const base = getEnv().APP_URL;
  return { url: `${base}/${kind}/${id}`, apiUrl: `${base}/api/v1/${kind}/${id}` };
}

/** An assessment event: ids, status and links, with the vendor's name for chat messages. */
export async function emitAssessmentEvent(
  db: Db,
  type: Extract<EventType, `assessment.${string}`>,
  assessmentId: string,
  extra: Record<string, unknown> = {},
  now: Date = new Date(),
): Promise<number> {
  const [row] = await withVendorAndVersion(
    db
      .select({
        status: schema.assessments.status,
        vendorId: schema.assessments.vendorId,
        vendorName: schema.vendors.name,
        title: schema.questionnaireVersions.title,
        reviewDecision: schema.assessments.reviewDecision,
      })
      .from(schema.assessments)
      .$dynamic(),
  ).where(eq(schema.assessments.id, assessmentId));
  if (!row) throw new Error(`There is no assessment ${assessmentId}.`);
  const verb = type.split(".")[1]!;
  let privateData: Record<string, unknown> | null = null;
  if (type === "assessment.submitted") {
    const answers = await db
      .select({
        questionId: schema.answers.questionId,
        answer: schema.answers.answer,
        comment: schema.answers.comment,
      })
      .from(schema.answers)
      .where(eq(schema.answers.assessmentId, assessmentId))
      .orderBy(schema.answers.questionId);
    privateData = { answers };
  }
  return emitEvent(
    db,
    type,
    {
      summary: `${row.vendorName}: “${row.title}” assessment ${verb}`,
      assessment: {
        id: assessmentId,
        status: row.status,
        ...(type === "assessment.closed" ? { reviewDecision: row.reviewDecision } : {}),
        ...links("assessments", assessmentId),
      },
      vendor: { id: row.vendorId, name: row.vendorName },
      ...extra,
    },
    privateData,
    now,
  );
}

const FINDING_VERBS: Record<Extract<EventType, `finding.${string}`>, string> = {
  "finding.opened": "opened",
  "finding.overdue": "overdue",
  "finding.fixed": "marked fixed by the vendor",
  "finding.verified": "verified",
  "finding.risk_accepted": "risk-accepted",
  "finding.acceptance_expired": "reopened: its risk acceptance expired",
};

/** A finding event; the answer the finding came from goes only to endpoints allowed answers. */
export async function emitFindingEvent(
  db: Db,
  type: Extract<EventType, `finding.${string}`>,
  findingId: string,
  now: Date = new Date(),
): Promise<number> {
  const [row] = await findingWithVendor(
    db
      .select({ finding: schema.findings, vendorName: schema.vendors.name })
      .from(schema.findings)
      .$dynamic(),
  ).where(eq(schema.findings.id, findingId));
  if (!row) throw new Error(`There is no finding ${findingId}.`);
  const f = row.finding;
  return emitEvent(
    db,
    type,
    {
      summary: `${row.vendorName}: ${f.severity} finding “${f.title}” ${FINDING_VERBS[type]}`,
      finding: {
        id: f.id,
        status: f.status,
        severity: f.severity,
        questionId: f.questionId,
        dueDate: f.dueDate,
        ...(type === "finding.risk_accepted" ? { acceptanceExpiresOn: f.acceptanceExpiresOn } : {}),
        ...links("findings", f.id),
      },
      assessment: { id: f.assessmentId, ...links("assessments", f.assessmentId) },
      vendor: { id: f.vendorId, name: row.vendorName },
    },
    { answer: f.answer },
    now,
  );
}
