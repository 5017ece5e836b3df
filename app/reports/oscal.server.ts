// An assessment as an OSCAL Assessment Results document, version 1.0.6 (docs/integrations.md,
// "OSCAL export"; docs/decisions/218-oscal-export.md). getOscalInput reads the rows; the
// mapping below is pure.
// One result; an observation per answered question (the question and the answer, as the
// vendor gave it); a risk per finding, with its status mapped onto OSCAL's; an OSCAL finding
// per finding, targeting the question, linked to its observation and risk.
import { createHash, randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { describeAnswer } from "~/assessments/answer-words";
import { getAssessmentSummary, getPinnedQuestionnaire } from "~/assessments/assessments.server";
import { getStoredScores } from "~/assessments/scores.server";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";
import { type Answer, getQuestionMap } from "~/questionnaire/model";

export const OSCAL_VERSION = "1.0.6";
/** The namespace of Assay's own props (OSCAL asks for one on non-OSCAL names). */
export const ASSAY_NS = "urn:assay:oscal";

export type OscalInput = {
  appUrl: string;
  generatedAt: Date;
  assessment: {
    id: string;
    status: string;
    createdAt: Date;
    sentAt: Date | null;
    submittedAt: Date | null;
    reviewedAt: Date | null;
    reviewDecision: string | null;
    vendorId: string;
    vendorName: string;
    questionnaireSlug: string;
    questionnaireTitle: string;
    questionnaireVersion: string;
  };
  score: { overall: number | null; residualTier: string | null; riskRating: string | null } | null;
  observations: {
    questionId: string;
    sectionId: string;
    question: string;
    answer: string;
    comment: string;
    answeredAt: Date;
  }[];
  findings: {
    id: string;
    questionId: string;
    title: string;
    guidance: string;
    severity: string;
    status: string;
    knockout: boolean;
    dueDate: string;
    references: string[];
    answer: string;
    acceptanceExpiresOn: string | null;
  }[];
};

/** A name-based (version 5) UUID, so the same record gets the same uuid in every export. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** OSCAL's risk statuses for Assay's finding statuses. */
export const RISK_STATUS: Record<string, string> = {
  open: "open",
  reopened: "open",
  in_progress: "remediating",
  fixed_by_vendor: "remediating",
  verified: "closed",
  risk_accepted: "deviation-approved",
};

/** OSCAL tokens are XML NCNames: a question id that is not one is made one, reversibly enough. */
export function token(value: string): string {
  const cleaned = value.replace(/[^\p{L}\p{N}._-]/gu, "_");
  return /^(\p{L}|_)/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

const iso = (d: Date) => d.toISOString();
const prop = (name: string, value: string) => ({ name, ns: ASSAY_NS, value });

export function toOscalAssessmentResults(input: OscalInput) {
  const a = input.assessment;
  const id = (kind: string, key: string) => uuidV5(a.id, `${kind}:${key}`);
  const assessmentUrl = `${input.appUrl}/assessments/${a.id}`;
  const observationOf = new Map(
    input.observations.map((o) => [o.questionId, id("observation", o.questionId)]),
  );
  const vendorParty = id("party", a.vendorId);

  const observations = input.observations.map((o) => ({
    uuid: observationOf.get(o.questionId)!,
    title: o.question,
    description: `Question: ${o.question}\n\nAnswer: ${o.answer}`,
    props: [prop("question-id", o.questionId), prop("section-id", o.sectionId)],
    methods: ["INTERVIEW"],
    types: ["control-objective"],
    origins: [{ actors: [{ type: "party", "actor-uuid": vendorParty }] }],
    collected: iso(o.answeredAt),
    ...(o.comment.trim() ? { remarks: `Vendor's comment: ${o.comment.trim()}` } : {}),
  }));

  const risks = input.findings.map((f) => {
    const observation = observationOf.get(f.questionId);
    return {
      uuid: id("risk", f.id),
      title: f.title,
      description: f.guidance.trim() || f.title,
      statement: `The answer “${f.answer}” leaves this risk${f.knockout ? " (a knockout: it caps the rating)" : ""}.`,
      props: [
        prop("severity", f.severity),
        prop("finding-status", f.status),
        prop("knockout", String(f.knockout)),
        ...f.references.map((r) => prop("reference", r)),
        ...(f.acceptanceExpiresOn ? [prop("acceptance-expires-on", f.acceptanceExpiresOn)] : []),
      ],
      links: [{ href: `${input.appUrl}/findings/${f.id}`, rel: "alternate", text: "In Assay" }],
      status: RISK_STATUS[f.status] ?? "open",
      deadline: `${f.dueDate}T23:59:59Z`,
      ...(observation ? { "related-observations": [{ "observation-uuid": observation }] } : {}),
    };
  });

  const findings = input.findings.map((f) => {
    const observation = observationOf.get(f.questionId);
    return {
      uuid: id("finding", f.id),
      title: f.title,
      description: f.guidance.trim() || f.title,
      props: [prop("severity", f.severity)],
      target: {
        type: "objective-id",
        "target-id": token(f.questionId),
        title:
          input.observations.find((o) => o.questionId === f.questionId)?.question ?? f.questionId,
        status: { state: f.status === "verified" ? "satisfied" : "not-satisfied" },
      },
      ...(observation ? { "related-observations": [{ "observation-uuid": observation }] } : {}),
      "related-risks": [{ "risk-uuid": id("risk", f.id) }],
    };
  });

  const scoreProps = input.score
    ? [
        ...(input.score.overall === null
          ? [prop("score", "not-scored")]
          : [prop("score", input.score.overall.toFixed(1))]),
        ...(input.score.residualTier ? [prop("residual-tier", input.score.residualTier)] : []),
        ...(input.score.riskRating ? [prop("risk-rating", input.score.riskRating)] : []),
      ]
    : [];
  const end = a.reviewedAt ?? a.submittedAt;

  return {
    "assessment-results": {
      // A new document each time it is generated; the records inside keep their uuids.
      uuid: randomUUID(),
      metadata: {
        title: `${a.vendorName}: ${a.questionnaireTitle} ${a.questionnaireVersion}`,
        "last-modified": iso(input.generatedAt),
        version: `${a.questionnaireSlug}@${a.questionnaireVersion}`,
        "oscal-version": OSCAL_VERSION,
        props: [prop("assessment-status", a.status)],
        links: [{ href: assessmentUrl, rel: "alternate", text: "The assessment in Assay" }],
        roles: [{ id: "vendor", title: "Vendor (assessed third party)" }],
        parties: [{ uuid: vendorParty, type: "organization", name: a.vendorName }],
        "responsible-parties": [{ "role-id": "vendor", "party-uuids": [vendorParty] }],
      },
      // Assay keeps no OSCAL assessment plan: the plan is the pinned questionnaire version.
      "import-ap": {
        href: assessmentUrl,
        remarks: `The plan is the questionnaire “${a.questionnaireTitle}” version ${a.questionnaireVersion}, pinned by the assessment.`,
      },
      results: [
        {
          uuid: id("result", "submitted"),
          title: `${a.questionnaireTitle} ${a.questionnaireVersion}: answers and findings`,
          description: `The vendor's answers to the questionnaire (observations), and the findings Assay's scoring engine and reviewers opened from them (findings and risks, with their remediation status).${a.reviewDecision ? ` Review decision: ${a.reviewDecision.replace(/_/g, " ")}.` : ""}`,
          start: iso(a.sentAt ?? a.createdAt),
          ...(end ? { end: iso(end) } : {}),
          ...(scoreProps.length ? { props: scoreProps } : {}),
          "reviewed-controls": {
            description: "Every question of the pinned questionnaire version that applied.",
            "control-selections": [{ "include-all": {} }],
          },
          ...(observations.length ? { observations } : {}),
          ...(risks.length ? { risks } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
    },
  };
}

/** What the export needs, read from the tables; null when there is no such assessment. */
export async function getOscalInput(
  db: Db,
  assessmentId: string,
  now: Date = new Date(),
): Promise<OscalInput | null> {
  const summary = await getAssessmentSummary(db, assessmentId);
  if (!summary) return null;
  const questionnaire = await getPinnedQuestionnaire(db, summary.questionnaireVersionId);
  const questions = getQuestionMap(questionnaire);
  const [review] = await db
    .select({
      reviewedAt: schema.assessments.reviewedAt,
      reviewDecision: schema.assessments.reviewDecision,
    })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessmentId));
  const answerRows = await db
    .select({
      questionId: schema.answers.questionId,
      answer: schema.answers.answer,
      comment: schema.answers.comment,
      updatedAt: schema.answers.updatedAt,
    })
    .from(schema.answers)
    .where(eq(schema.answers.assessmentId, assessmentId));
  const findingRows = await db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, assessmentId))
    .orderBy(asc(schema.findings.createdAt), asc(schema.findings.id));
  const stored = await getStoredScores(db, assessmentId);
  const score = stored.current ?? stored.submitted;
  // In questionnaire order, answered questions only.
  const order = [...questions.keys()];
  const observations = answerRows
    .filter((r) => r.answer !== null && questions.has(r.questionId))
    .sort((x, y) => order.indexOf(x.questionId) - order.indexOf(y.questionId))
    .map((r) => {
      const entry = questions.get(r.questionId)!;
      return {
        questionId: r.questionId,
        sectionId: entry.section.id,
        question: entry.question.text,
        answer: describeAnswer(entry.question, r.answer as Answer),
        comment: r.comment,
        answeredAt: r.updatedAt,
      };
    });
  return {
    appUrl: getEnv().APP_URL,
    generatedAt: now,
    assessment: {
      id: summary.id,
      status: summary.status,
      createdAt: summary.createdAt,
      sentAt: summary.sentAt,
      submittedAt: summary.submittedAt,
      reviewedAt: review?.reviewedAt ?? null,
      reviewDecision: review?.reviewDecision ?? null,
      vendorId: summary.vendorId,
      vendorName: summary.vendorName,
      questionnaireSlug: summary.questionnaireSlug,
      questionnaireTitle: summary.questionnaireTitle,
      questionnaireVersion: summary.questionnaireVersion,
    },
    score: score
      ? {
          overall: score.result.overall,
          residualTier: score.result.residualTier,
          riskRating: score.result.riskRating,
        }
      : null,
    observations,
    findings: findingRows.map((f) => {
      const entry = questions.get(f.questionId);
      return {
        id: f.id,
        questionId: f.questionId,
        title: f.title,
        guidance: f.guidance,
        severity: f.severity,
        status: f.status,
        knockout: f.knockout,
        dueDate: f.dueDate,
        references: f.references,
        answer: entry ? describeAnswer(entry.question, f.answer as Answer | null) : "Not answered",
        acceptanceExpiresOn: f.acceptanceExpiresOn,
      };
    }),
  };
}
