// The vendor's page of one finding shared with them (/v/findings/:findingId, decisions 090 and
// 091): what it shows, and what its forms do (the plan, a comment, "Mark as fixed", a file of
// evidence). The finding must belong to the session's assessment and be shared, or it does not
// exist: callers answer 404 when getVendorFindingView or the row check finds nothing.
import { z } from "zod";
import { type VendorContext } from "~/assessments/respond.server";
import { type Db } from "~/db.server";
import { formatDay } from "~/format";
import { parseForm } from "~/forms/parse";
import { readFormWithUpload } from "~/http/multipart.server";
import { cleanName } from "~/assessments/evidence.server";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { discardUpload } from "~/storage/upload.server";
import {
  getVendorFindingPage,
  getVendorFindingRow,
  uploadFindingEvidence,
  type VendorChanger,
} from "./finding-evidence.server";
import { addFindingComment, saveVendorPlan, transitionFinding } from "./findings.server";
import { availableTransitions } from "./status";

const revision = z.coerce
  .number({ invalid_type_error: "Reload the page and try again" })
  .int()
  .positive("Reload the page and try again");

export const VendorFindingActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("plan"),
      revision,
      plan: z
        .string()
        .trim()
        .min(1, "Describe how you will fix this")
        .max(5_000, "Keep the plan under 5,000 characters"),
      targetDate: z
        .string()
        .trim()
        .optional()
        .default("")
        .refine(
          (v) =>
            v === "" ||
            (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
          "Enter the target date as a date, like 2027-03-31",
        ),
    }),
    z.object({
      intent: z.literal("comment"),
      body: z
        .string()
        .trim()
        .min(1, "Write a comment first")
        .max(10_000, "Keep comments under 10,000 characters"),
    }),
    z.object({
      intent: z.literal("fixed"),
      revision,
      note: z.string().trim().max(5_000, "Keep the note under 5,000 characters").default(""),
    }),
    z.object({ intent: z.literal("upload") }),
  ],
  { errorMap: () => ({ message: "Choose what to do" }) },
);

export type VendorFindingIntent = "plan" | "comment" | "fixed" | "upload" | "unknown";
export type VendorFindingActionResult = {
  intent: VendorFindingIntent;
  errors: Record<string, string>;
  /** What they typed, kept when it could not be saved. */
  values?: Record<string, string>;
  /** The plan as it is saved now, after someone else changed it meanwhile. */
  current?: { plan: string; targetDate: string | null; revision: number };
};

/** What the page shows, or null when the finding is not this session's to see. */
export async function getVendorFindingView(vendor: VendorContext & { db: Db }, findingId: string) {
  const page = await getVendorFindingPage(vendor.db, vendor.assessmentId, findingId);
  if (!page) return null;
  const vendorActor = { kind: "vendor" } as const;
  return {
    ...page,
    dueDate: formatDay(page.finding.dueDate),
    targetDate: page.finding.vendorTargetDate ? formatDay(page.finding.vendorTargetDate) : null,
    canMarkFixed: availableTransitions(page.finding.status, vendorActor).some(
      (t) => t.to === "fixed_by_vendor",
    ),
    closed: page.finding.status === "verified" || page.finding.status === "risk_accepted",
  };
}

export type VendorFindingView = NonNullable<Awaited<ReturnType<typeof getVendorFindingView>>>;

/** The finding is this session's to act on (belongs to its assessment and is shared). */
export async function isVendorsFinding(vendor: VendorContext & { db: Db }, findingId: string) {
  return (await getVendorFindingRow(vendor.db, vendor.assessmentId, findingId)) !== null;
}

type Outcome =
  | { ok: true; to: string; message: string }
  | { ok: false; status: number; result: VendorFindingActionResult };

/**
 * Reads the posted form (a multipart upload is size-limited while it is read: a larger file is
 * never held in memory whole), parses it and runs the intent as this recipient.
 */
export async function runVendorFindingAction(
  vendor: VendorContext & { db: Db },
  findingId: string,
  request: Request,
): Promise<Outcome> {
  const changer: VendorChanger = {
    kind: "vendor",
    recipientId: vendor.recipientId,
    recipientName: vendor.recipientName,
    assessmentId: vendor.assessmentId,
  };
  const reply = (status: number, result: VendorFindingActionResult): Outcome => ({
    ok: false,
    status,
    result,
  });
  const done = (to: string, message: string): Outcome => ({ ok: true, to, message });

  // A file streams into storage as it arrives, checked and counted on the way
  // (docs/decisions/193-uploads-stream-to-storage.md); past 25 MB nothing is kept.
  const read = await readFormWithUpload(request, { maxFileBytes: MAX_EVIDENCE_BYTES, cleanName });
  if (!read.ok) return reply(read.status, { intent: "upload", errors: { file: read.message } });
  const { form, upload } = read;
  // A stored file is kept only by the upload intent; any other way out removes it.
  if (form.get("intent") !== "upload") await discardUpload(upload ?? undefined);
  const intentOf = (v: FormDataEntryValue | null): VendorFindingIntent =>
    v === "plan" || v === "comment" || v === "fixed" || v === "upload" ? v : "unknown";
  const parsed = parseForm(VendorFindingActionSchema, form);
  if (!parsed.success) {
    const values = Object.fromEntries(
      ["plan", "targetDate", "body", "note"].flatMap((k) => {
        const v = form.get(k);
        return typeof v === "string" ? [[k, v]] : [];
      }),
    );
    const errors = { ...parsed.errors };
    if (errors.intent) {
      errors.form = errors.intent;
      delete errors.intent;
    }
    return reply(400, { intent: intentOf(form.get("intent")), errors, values });
  }
  const input = parsed.data;

  if (input.intent === "plan") {
    const result = await saveVendorPlan(vendor.db, changer, findingId, {
      revision: input.revision,
      plan: input.plan,
      targetDate: input.targetDate || null,
    });
    if (!result.ok) {
      const now = await getVendorFindingRow(vendor.db, vendor.assessmentId, findingId);
      return reply(result.status, {
        intent: "plan",
        errors: { [result.field ?? "form"]: result.message },
        values: { plan: input.plan, targetDate: input.targetDate },
        current:
          result.status === 409 && now
            ? { plan: now.vendorPlan, targetDate: now.vendorTargetDate, revision: now.revision }
            : undefined,
      });
    }
    return done(`/v/findings/${findingId}`, "Your plan was saved.");
  }

  if (input.intent === "comment") {
    const result = await addFindingComment(vendor.db, changer, findingId, {
      body: input.body,
      visibility: "shared",
    });
    if (!result.ok)
      return reply(result.status, {
        intent: "comment",
        errors: { [result.field ?? "form"]: result.message },
        values: { body: input.body },
      });
    return done(`/v/findings/${findingId}#comments`, "Your comment was added.");
  }

  if (input.intent === "fixed") {
    const result = await transitionFinding(vendor.db, changer, findingId, {
      to: "fixed_by_vendor",
      revision: input.revision,
      note: input.note,
    });
    if (!result.ok)
      return reply(result.status, {
        intent: "fixed",
        errors: { [result.field ?? "form"]: result.message },
        values: { note: input.note },
      });
    return done(
      `/v/findings/${findingId}`,
      "Marked as fixed. We will verify the fix and let you know.",
    );
  }

  if (!upload)
    return reply(400, { intent: "upload", errors: { file: "Choose a file to upload." } });
  if (!upload.ok)
    return reply(upload.status, { intent: "upload", errors: { file: upload.message } });
  const result = await uploadFindingEvidence(vendor.db, changer, findingId, { upload });
  if (!result.ok)
    return reply(result.status, {
      intent: "upload",
      errors: { [result.status === 409 ? "form" : "file"]: result.message },
    });
  return done(`/v/findings/${findingId}#evidence`, `${result.file.fileName} uploaded.`);
}
