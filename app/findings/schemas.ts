// Forms on findings and reviews, parsed with zod on the server (and in the browser where the
// form validates as you submit).
import { z } from "zod";
import { FINDING_STATUSES, SEVERITIES } from "./status";

const revision = z.coerce.number().int().positive();
const isoDate = (message: string) =>
  z
    .string({ required_error: message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), message);
const optionalId = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(z.string().uuid("Choose from the list").nullable());

export const severitySchema = z.enum(SEVERITIES, {
  errorMap: () => ({ message: "Choose a severity" }),
});

export const FindingActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("transition"),
    to: z.enum(FINDING_STATUSES, { errorMap: () => ({ message: "Choose what to do" }) }),
    revision,
    note: z.string().max(5_000, "Keep the note under 5,000 characters").optional().default(""),
    acceptanceExpiresOn: isoDate("Enter the expiry date as a date, like 2027-03-31")
      .optional()
      .or(z.literal("").transform(() => undefined)),
  }),
  z.object({
    intent: z.literal("details"),
    revision,
    ownerId: optionalId,
    vendorContactId: optionalId,
    dueDate: isoDate("Enter the due date as a date, like 2027-03-31"),
    sharedWithVendor: z
      .literal("on")
      .optional()
      .transform((v) => v === "on"),
  }),
  z.object({
    intent: z.literal("severity"),
    revision,
    severity: severitySchema,
    justification: z
      .string()
      .trim()
      .min(1, "Enter why the severity changes")
      .max(2_000, "Keep the justification under 2,000 characters"),
  }),
  z.object({
    intent: z.literal("comment"),
    body: z
      .string()
      .trim()
      .min(1, "Write a comment first")
      .max(10_000, "Keep comments under 10,000 characters"),
    visibility: z.enum(["internal", "shared"], {
      errorMap: () => ({ message: "Choose who can see this comment" }),
    }),
  }),
]);

export const ManualFindingSchema = z.object({
  severity: severitySchema,
  title: z.string().trim().min(1, "Enter a title").max(200, "Keep the title under 200 characters"),
  guidance: z.string().trim().max(5_000, "Keep the guidance under 5,000 characters").default(""),
});

export const ReviewActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("accept"), questionId: z.string().min(1) }),
  z.object({
    intent: z.literal("clarify"),
    questionId: z.string().min(1),
    question: z
      .string()
      .trim()
      .min(1, "Write the question you want the vendor to answer")
      .max(5_000, "Keep the question under 5,000 characters"),
  }),
  z.object({
    intent: z.literal("note"),
    questionId: z.string().min(1),
    note: z
      .string()
      .trim()
      .min(1, "Write the note first")
      .max(10_000, "Keep notes under 10,000 characters"),
  }),
  ManualFindingSchema.extend({ intent: z.literal("finding"), questionId: z.string().min(1) }),
  z.object({
    intent: z.literal("close"),
    decision: z.enum(["approved", "approved_with_conditions", "rejected"], {
      errorMap: () => ({ message: "Choose a decision" }),
    }),
    note: z.string().trim().max(5_000, "Keep the note under 5,000 characters").default(""),
  }),
]);
