// App-wide settings an admin can change: one zod schema, with the defaults a new
// installation starts from. Later areas add their keys here.
import { z } from "zod";

export const SettingsSchema = z.object({
  organisationName: z
    .string()
    .trim()
    .min(1, "Enter your organisation's name")
    .max(120, "Use at most 120 characters")
    .default("Your organisation"),
  userInvitationDays: z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(1, "Invitations must last at least 1 day")
    .max(30, "Invitations can last at most 30 days")
    .default(7),
  vendorLinkGraceDays: z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(0, "Enter 0 or more days")
    .max(90, "Links can outlive the due date by at most 90 days")
    .default(14),
});

export type Settings = z.output<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
