import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { useValidatedForm } from "~/forms/use-validated-form";
import { invalid, staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { SettingsFormSchema } from "~/settings/settings";
import { checkSignInSettings, getSettings, updateSettings } from "~/settings/settings.server";
import { getOidcConfig } from "~/auth/oidc-settings.server";

export const meta: MetaFunction = () => [
  { title: "Settings — Assay" },
  {
    name: "description",
    content: "Assay's settings: your organisation, invitations, reminders, due dates and sign-in.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" }, context);
  const db = await getDb();
  const oidc = await getOidcConfig(db);
  return {
    settings: await getSettings(db),
    sso: oidc
      ? { displayName: oidc.displayName, rolesMapped: Object.keys(oidc.roleMap).length > 0 }
      : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "settings:manage", schema: SettingsFormSchema },
    async ({ user: admin, db, input }) => {
      const signInErrors = await checkSignInSettings(db, input, (await getOidcConfig(db)) !== null);
      if (signInErrors) return invalid(signInErrors);
      await updateSettings(db, { id: admin.id, email: admin.email }, input);
      throw await redirectWithToast("/admin/settings", { message: "Settings saved." });
    },
  );
}

export default function SettingsPage() {
  const { settings, sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { form, errors, onSubmit } = useValidatedForm(SettingsFormSchema, actionData?.errors);
  return (
    <div className="panel narrow">
      <h1>Settings</h1>
      <p>
        See also: <Link to="/admin/jobs">scheduled jobs</Link> (reminders, overdue notices,
        expiries) <Link to="/admin/single-sign-on">single sign-on</Link> and{" "}
        <Link to="/admin/supply-chain">supply-chain rules</Link>.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextField
          label="Organisation name"
          hint="Shown to vendors and in the mails Assay sends."
          defaultValue={settings.organisationName}
          error={errors.organisationName}
          {...form.register("organisationName")}
        />
        <TextField
          label="Contact address for vendors"
          hint="Vendors are told to write here with questions about an assessment."
          type="email"
          spellCheck={false}
          defaultValue={settings.organisationContact}
          error={errors.organisationContact}
          {...form.register("organisationContact")}
        />
        <TextField
          label="Staff invitations last (days)"
          type="number"
          inputMode="numeric"
          min={1}
          max={30}
          defaultValue={settings.userInvitationDays}
          error={errors.userInvitationDays}
          {...form.register("userInvitationDays")}
        />
        <TextField
          label="Vendor links keep working after the due date for (days)"
          hint="Vendors who are a little late can still finish. Extending an assessment's due date extends its links too."
          type="number"
          inputMode="numeric"
          min={0}
          max={90}
          defaultValue={settings.vendorLinkGraceDays}
          error={errors.vendorLinkGraceDays}
          {...form.register("vendorLinkGraceDays")}
        />
        <TextField
          label="Remind vendors before the due date (days)"
          hint="Recipients who have not submitted get one reminder this many days before the due date; 0 sends none."
          type="number"
          inputMode="numeric"
          min={0}
          max={30}
          defaultValue={settings.reminderDaysBefore}
          error={errors.reminderDaysBefore}
          {...form.register("reminderDaysBefore")}
        />
        <fieldset>
          <legend>Remediation due dates by severity (days from when a finding opens)</legend>
          {(
            [
              ["findingDaysCritical", "Critical", 365],
              ["findingDaysHigh", "High", 365],
              ["findingDaysMedium", "Medium", 365],
              ["findingDaysLow", "Low", 730],
            ] as const
          ).map(([name, label, max]) => (
            <TextField
              key={name}
              label={label}
              type="number"
              inputMode="numeric"
              min={1}
              max={max}
              defaultValue={settings[name]}
              error={errors[name]}
              {...form.register(name)}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>Permissions</legend>
          <div className="checkbox">
            <input
              type="checkbox"
              id="procurementCanReview"
              defaultChecked={settings.procurementCanReview}
              {...form.register("procurementCanReview")}
            />
            <label htmlFor="procurementCanReview">
              Procurement users may review submitted assessments (risk officers always can)
            </label>
          </div>
          <div className="checkbox">
            <input
              type="checkbox"
              id="vendorsSeeScores"
              defaultChecked={settings.vendorsSeeScores}
              {...form.register("vendorsSeeScores")}
            />
            <label htmlFor="vendorsSeeScores">Vendors see their scores, tiers and weights</label>
          </div>
          <div className="checkbox">
            <input
              type="checkbox"
              id="questionnairePublishingNeedsApproval"
              defaultChecked={settings.questionnairePublishingNeedsApproval}
              {...form.register("questionnairePublishingNeedsApproval")}
            />
            <label htmlFor="questionnairePublishingNeedsApproval">
              Publishing a questionnaire written in Assay needs a second person&apos;s approval
            </label>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>When a vendor declares a supply-chain change</legend>
          <div className="radios">
            <label>
              <input
                type="radio"
                id="changeNoticeRule"
                value="finding"
                defaultChecked={settings.changeNoticeRule === "finding"}
                {...form.register("changeNoticeRule")}
              />
              <span>Open a finding for the vendor&apos;s owner</span>
            </label>
            <label>
              <input
                type="radio"
                id="changeNoticeRule-reassessment"
                value="reassessment"
                defaultChecked={settings.changeNoticeRule === "reassessment"}
                {...form.register("changeNoticeRule")}
              />
              <span>Draft a re-assessment for the owner to check and send</span>
            </label>
          </div>
        </fieldset>
        <fieldset
          className={`field${errors.passwordSignIn ? " field--error" : ""}`}
          aria-describedby={`sign-in-hint${errors.passwordSignIn ? " passwordSignIn-error" : ""}`}
        >
          <legend>Who may sign in with a password</legend>
          <p className="hint" id="sign-in-hint">
            {sso
              ? `Single sign-on through ${sso.displayName} is set up.${sso.rolesMapped ? " Roles of users who sign in through it come from the provider's groups." : ""}`
              : "Single sign-on is not set up (Single sign-on, linked above), so everyone signs in with a password."}
          </p>
          {errors.passwordSignIn ? (
            <p className="field-error" id="passwordSignIn-error">
              <span className="visually-hidden">Error: </span>
              {errors.passwordSignIn}
            </p>
          ) : null}
          <div className="radios">
            <label>
              <input
                type="radio"
                id="passwordSignIn"
                value="everyone"
                defaultChecked={settings.passwordSignIn === "everyone"}
                {...form.register("passwordSignIn")}
              />
              <span>Everyone with a password</span>
            </label>
            <label>
              <input
                type="radio"
                id="passwordSignIn-break_glass_only"
                value="break_glass_only"
                defaultChecked={settings.passwordSignIn === "break_glass_only"}
                {...form.register("passwordSignIn")}
              />
              <span>Only the break-glass admin below; everyone else uses single sign-on</span>
            </label>
          </div>
          <TextField
            label="Break-glass admin's email address (optional)"
            hint="An active admin with a password, kept for when single sign-on is down."
            type="email"
            spellCheck={false}
            defaultValue={settings.breakGlassEmail}
            error={errors.breakGlassEmail}
            {...form.register("breakGlassEmail")}
          />
        </fieldset>
        <button type="submit">Save settings</button>
      </Form>
    </div>
  );
}
