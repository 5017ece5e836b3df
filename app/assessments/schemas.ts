import { z } from "zod";
import { emailField } from "~/auth/schemas";
import { calendarDateField } from "~/forms/input";

// A real calendar day: 2026-13-01 and 2026-02-30 are refused, not rolled over (or a 500).
const isoDate = calendarDateField({
  required: "Enter a due date",
  format: "Enter a due date, like 2026-12-31",
  real: "Enter a real date",
});

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
  // Re-assessment: the earlier assessment whose unchanged answers carry over.
  previousAssessmentId: z
    .union([z.literal(""), z.string().uuid("Start the re-assessment from its assessment page")])
    .optional()
    .transform((v) => v || null),
});

export const ExtendSchema = z.object({ intent: z.literal("extend"), dueDate: isoDate });
// Cancelling asks why (docs/decisions/205-cancel-and-reopen.md): the reason is audited and mailed.
export const CancelAssessmentSchema = z.object({
  intent: z.literal("cancel"),
  reason: z
    .string({ required_error: "Give the reason for cancelling" })
    .trim()
    .min(1, "Give the reason for cancelling")
    .max(1_000, "Keep the reason under 1,000 characters"),
});
export const AssessmentActionSchema = z.discriminatedUnion("intent", [
  ExtendSchema,
  z.object({ intent: z.literal("resend"), recipientId: z.string().uuid() }),
  z.object({ intent: z.literal("revoke"), recipientId: z.string().uuid() }),
  z.object({ intent: z.literal("send") }),
  CancelAssessmentSchema,
  z.object({ intent: z.literal("reopen") }),
  z.object({ intent: z.literal("retry-mail"), mailId: z.coerce.number().int().positive() }),
]);

// Collaboration inside the vendor (/v/team): one schema per form, shared by page and action.
export const InviteColleagueSchema = z.object({
  intent: z.literal("invite"),
  name: z
    .string({ required_error: "Enter your colleague's name" })
    .trim()
    .min(1, "Enter your colleague's name")
    .max(120, "Names are at most 120 characters"),
  email: emailField,
});

export const AssignSchema = z.object({
  intent: z.literal("assign"),
  // "section:<id>" or "question:<id>", as the select's values say.
  target: z
    .string({ required_error: "Choose a section or question" })
    .regex(/^(section|question):[a-z0-9][a-z0-9-]*$/, "Choose a section or question")
    .transform((v) => {
      const [kind, id] = v.split(":") as ["section" | "question", string];
      return kind === "section" ? { sectionId: id } : { questionId: id };
    }),
  // "" = nobody (remove the assignment).
  recipientId: z
    .union([z.literal(""), z.string().uuid("Choose someone from the list")])
    .default("")
    .transform((v) => v || null),
});

export const TeamActionSchema = z.discriminatedUnion("intent", [
  InviteColleagueSchema,
  AssignSchema,
]);
