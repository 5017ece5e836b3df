import { z } from "zod";

const isoDate = z
  .string({ required_error: "Enter a due date" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a due date, like 2026-12-31")
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "Enter a real date");

export const NewAssessmentSchema = z.object({
  vendorId: z.string({ required_error: "Choose a vendor" }).uuid("Choose a vendor"),
  questionnaireVersionId: z
    .string({ required_error: "Choose a questionnaire" })
    .uuid("Choose a questionnaire"),
  dueDate: isoDate,
  message: z.string().trim().max(5_000, "Keep the message under 5,000 characters").default(""),
  contactIds: z
    .union([z.string().uuid(), z.array(z.string().uuid())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  intent: z.enum(["send", "draft"]).default("send"),
});

export const ExtendSchema = z.object({ intent: z.literal("extend"), dueDate: isoDate });
export const AssessmentActionSchema = z.discriminatedUnion("intent", [
  ExtendSchema,
  z.object({ intent: z.literal("resend"), recipientId: z.string().uuid() }),
  z.object({ intent: z.literal("revoke"), recipientId: z.string().uuid() }),
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("cancel") }),
]);
