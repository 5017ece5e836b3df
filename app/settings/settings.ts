// App-wide settings an admin can change: one zod schema, with the defaults a new
// installation starts from. Later areas add their keys here.
import { z } from "zod";
import { emailField } from "~/auth/schemas";
import { CHANGE_NOTICE_RULES } from "~/supply-chain/change-notices";

function days(what: string, min: number, max: number, fallback: number) {
  return z.coerce
    .number({ invalid_type_error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(min, `Enter at least ${min} ${min === 1 ? "day" : "days"} for ${what}`)
    .max(max, `Enter at most ${max} days for ${what}`)
    .default(fallback);
}

// An HTML checkbox sends "on" when ticked and nothing otherwise; stored values are booleans.
function checkbox(fallback: boolean) {
  return z
    .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false")])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === true || v === "on" || v === "true"));
}

export const PASSWORD_SIGN_IN = ["everyone", "break_glass_only"] as const;
export type PasswordSignIn = (typeof PASSWORD_SIGN_IN)[number];

export const SettingsSchema = z.object({
  // What a vendor's supply-chain change notice does: open a finding, or draft a re-assessment
  // for the vendor's owner (docs/decisions/254-supply-chain-api.md).
  changeNoticeRule: z.enum(CHANGE_NOTICE_RULES).default("finding"),
  // Empty until an admin sets it: nothing is sent to vendors before then, as a default name
  // reads to a vendor as its own (docs/decisions/270-organisation-identity.md).
  organisationName: z
    .string()
    .trim()
    .min(1, "Enter your organisation's name")
    .max(120, "Use at most 120 characters")
    .or(z.literal(""))
    .default(""),
  // The address vendors are told to write to with questions.
  organisationContact: z.union([z.literal(""), emailField]).default(""),
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
  // Days before the due date when recipients who have not submitted get a reminder.
  reminderDaysBefore: days("reminders", 0, 30, 3),
  // Default remediation due dates by severity, in days from the finding's opening.
  findingDaysCritical: days("findings", 1, 365, 30),
  findingDaysHigh: days("findings", 1, 365, 60),
  findingDaysMedium: days("findings", 1, 365, 90),
  findingDaysLow: days("findings", 1, 730, 180),
  // Whether procurement users may review submitted assessments (risk officers always can).
  procurementCanReview: checkbox(false),
  // Whether publishing a questionnaire written in the app needs a second person's approval
  // (docs/decisions/220-authored-questionnaires.md).
  questionnairePublishingNeedsApproval: checkbox(false),
  // Whether vendors see their scores, tiers and weights.
  vendorsSeeScores: checkbox(false),
  // Who may sign in with a password: everyone, or only the break-glass admin once single
  // sign-on is set up (docs/decisions/213-local-passwords-break-glass.md).
  passwordSignIn: z
    .enum(PASSWORD_SIGN_IN, {
      errorMap: () => ({ message: "Choose who may sign in with a password" }),
    })
    .default("everyone"),
  breakGlassEmail: z.union([z.literal(""), emailField]).default(""),
});

export type Settings = z.output<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** What an admin submits: the organisation's name and contact are required once asked. */
export const OrganisationSchema = z.object({
  organisationName: z
    .string({ required_error: "Enter your organisation's name" })
    .trim()
    .min(1, "Enter your organisation's name")
    .max(120, "Use at most 120 characters"),
  organisationContact: z
    .string({ required_error: "Enter the address vendors can write to" })
    .trim()
    .min(1, "Enter the address vendors can write to")
    .pipe(emailField),
});
export const SettingsFormSchema = SettingsSchema.merge(OrganisationSchema);

/** Whether vendors may be written to: both the name and the contact are set. */
export function organisationIsSet(
  settings: Pick<Settings, "organisationName" | "organisationContact">,
): boolean {
  return settings.organisationName !== "" && settings.organisationContact !== "";
}

export const ORGANISATION_NOT_SET =
  "Nothing can be sent to vendors until your organisation's name and a contact address for vendors are set in Settings.";

/** Whether this address may sign in with a password under the settings (decision 213). */
export function passwordSignInAllowed(
  settings: Pick<Settings, "passwordSignIn" | "breakGlassEmail">,
  email: string,
): boolean {
  return settings.passwordSignIn === "everyone" || email === settings.breakGlassEmail;
}
