// Staff single sign-on set up in the app (docs/decisions/280-oidc-in-admin-settings.md): the
// provider's issuer, Assay's client at the provider, and how its groups map to roles. When the
// environment sets OIDC_ISSUER_URL and the others, this page only shows that.
// A plain form, not react-hook-form: the group mappings are repeated fields and the secret is
// write-only, so the server's zod parse is the one check (the same schema either way).
import { ScrollRegion } from "~/components/scroll-region";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CALLBACK_PATH } from "~/auth/oidc.server";
import { OidcSettingsFormSchema } from "~/auth/oidc-settings";
import { getOidcState, removeOidcSettings, saveOidcSettings } from "~/auth/oidc-settings.server";
import { ROLE_LABELS, ROLES } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { parseForm } from "~/forms/parse";
import { invalid, staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";

export const meta: MetaFunction = () => [
  { title: "Single sign-on — Assay" },
  {
    name: "description",
    content: "Set up single sign-on for staff through your organisation's OpenID Connect provider.",
  },
];

/** Rows offered for group mappings beyond the saved ones. */
const EMPTY_ROWS = 3;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" }, context);
  const state = await getOidcState(await getDb());
  const env = getEnv();
  return {
    source: state.source,
    callbackUrl: `${env.APP_URL}${CALLBACK_PATH}`,
    signOutUrl: `${env.APP_URL}/login`,
    environment:
      state.source === "environment"
        ? { issuer: state.config.issuer, displayName: state.config.displayName }
        : null,
    stored: state.source === "settings" ? state.view : null,
  };
}

const IntentSchema = z.object({
  intent: z.enum(["save", "remove"], { errorMap: () => ({ message: "Choose what to do" }) }),
});

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "settings:manage", schema: IntentSchema },
    async ({ user: admin, db, input, formData }) => {
      const actor = { id: admin.id, email: admin.email };
      if (input.intent === "remove") {
        const removed = await removeOidcSettings(db, actor);
        if (!removed.ok) return removed;
        throw await redirectWithToast("/admin/single-sign-on", {
          message: "Single sign-on is turned off. Staff sign in with passwords.",
        });
      }
      const parsed = parseForm(OidcSettingsFormSchema, formData);
      if (!parsed.success) return invalid(parsed.errors);
      const saved = await saveOidcSettings(db, actor, parsed.data);
      if (!saved.ok) return saved;
      throw await redirectWithToast("/admin/single-sign-on", {
        message: `Single sign-on saved. The sign-in page now offers “Continue with ${parsed.data.displayName}”.`,
      });
    },
  );
}

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export default function SingleSignOnPage() {
  const { source, callbackUrl, signOutUrl, environment, stored } = useLoaderData<typeof loader>();
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const rows = [
    ...Object.entries(stored?.roleMap ?? {}),
    ...Array.from({ length: EMPTY_ROWS }, () => ["", ""] as const),
  ];
  return (
    <div className="panel narrow">
      <p>
        <Link to="/admin/settings">Settings</Link>
      </p>
      <h1>Single sign-on</h1>
      <p>
        Staff sign in through your organisation&apos;s OpenID Connect provider (Microsoft Entra ID,
        Okta, Google Workspace, Keycloak and others; docs/integrations.md has the steps for two of
        them). Register Assay at the provider with this redirect URI: <code>{callbackUrl}</code> and
        this sign-out redirect: <code>{signOutUrl}</code>.
      </p>
      {source === "environment" && environment ? (
        <p role="status">
          Single sign-on through {environment.displayName} ({environment.issuer}) is set by this
          installation&apos;s environment variables. Change it there.
        </p>
      ) : (
        <>
          {stored ? (
            <p role="status">
              {stored.secretReadable
                ? `Single sign-on through ${stored.displayName} is on.`
                : `Single sign-on through ${stored.displayName} is off: its client secret was saved under another SESSION_SECRET and cannot be read. Enter the secret again.`}
            </p>
          ) : (
            <p role="status">Single sign-on is not set up. Everyone signs in with a password.</p>
          )}
          <ErrorSummary errors={errors} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="save" />
            <TextField
              label="Issuer URL"
              hint="The provider's issuer, as in its discovery document (…/.well-known/openid-configuration). Assay checks it when you save."
              type="url"
              spellCheck={false}
              defaultValue={stored?.issuer ?? ""}
              error={errors.issuer}
              name="issuer"
            />
            <TextField
              label="Client ID"
              spellCheck={false}
              defaultValue={stored?.clientId ?? ""}
              error={errors.clientId}
              name="clientId"
            />
            <TextField
              label="Client secret"
              hint={
                stored
                  ? "Stored encrypted and never shown again. Leave empty to keep the current one."
                  : "Stored encrypted and never shown again."
              }
              type="password"
              autoComplete="off"
              error={errors.clientSecret}
              name="clientSecret"
            />
            <TextField
              label="Name on the sign-in button"
              hint="The page shows “Continue with …”."
              defaultValue={stored?.displayName ?? ""}
              error={errors.displayName}
              name="displayName"
            />
            <TextField
              label="Scopes"
              hint='Space-separated; must include "openid". Add the scope that releases groups if your provider needs one.'
              spellCheck={false}
              defaultValue={stored?.scopes ?? "openid email profile"}
              error={errors.scopes}
              name="scopes"
            />
            <TextField
              label="Claim that holds groups or roles"
              spellCheck={false}
              defaultValue={stored?.rolesClaim ?? "groups"}
              error={errors.rolesClaim}
              name="rolesClaim"
            />
            <SelectField
              label="Staff without an account"
              hint="With a role here, a verified address that has no account gets one at first sign-in; with none, an admin invites them first."
              defaultValue={stored?.jitRole ?? ""}
              options={[
                { value: "", label: "No account: an admin invites them" },
                ...ROLE_OPTIONS.map((o) => ({
                  value: o.value,
                  label: `Get an account as ${o.label}`,
                })),
              ]}
              error={errors.jitRole}
              name="jitRole"
            />
            <fieldset
              className={`field${errors.mapGroup || errors.mapRole ? " field--error" : ""}`}
              aria-describedby="role-map-hint"
            >
              <legend>Roles from the provider&apos;s groups</legend>
              <p className="hint" id="role-map-hint">
                A user in several mapped groups gets the most powerful role. Leave a row empty to
                remove it.
              </p>
              {errors.mapGroup || errors.mapRole ? (
                <p className="field-error" id="mapGroup-error">
                  <span className="visually-hidden">Error: </span>
                  {errors.mapGroup ?? errors.mapRole}
                </p>
              ) : null}
              <ScrollRegion label="Group to role mapping">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Provider group</th>
                      <th scope="col">Assay role</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map(([group, role], index) => (
                      <tr key={index}>
                        <td>
                          <input
                            name="mapGroup"
                            aria-label={`Provider group, row ${index + 1}`}
                            defaultValue={group}
                            spellCheck={false}
                          />
                        </td>
                        <td>
                          <select
                            name="mapRole"
                            aria-label={`Assay role, row ${index + 1}`}
                            defaultValue={role}
                          >
                            <option value="">No role</option>
                            {ROLE_OPTIONS.map((o) => (
                              <option key={o.value} value={o.value}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </fieldset>
            <button type="submit" disabled={busy}>
              Check and save
            </button>
          </Form>
          {stored ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <button type="submit" className="secondary">
                Turn single sign-on off
              </button>
            </Form>
          ) : null}
        </>
      )}
    </div>
  );
}
