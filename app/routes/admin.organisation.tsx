// Asked at an admin's first sign-in: the organisation's name and the address vendors write to.
// Until both are set nothing is sent to vendors (docs/decisions/270-organisation-identity.md).
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LoginQuerySchema, safeRedirect } from "~/auth/schemas";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { requireQuery } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { OrganisationSchema } from "~/settings/settings";
import { getSettings, updateSettings } from "~/settings/settings.server";

const OrganisationFormSchema = OrganisationSchema.extend({
  redirectTo: z
    .string()
    .optional()
    .transform((v) => safeRedirect(v)),
});

export const meta: MetaFunction = () => [
  { title: "Your organisation — Assay" },
  {
    name: "description",
    content: "Name your organisation and the address vendors write to before Assay mails them.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" }, context);
  const { redirectTo } = requireQuery(LoginQuerySchema, request);
  const settings = await getSettings(await getDb());
  return {
    redirectTo,
    organisationName: settings.organisationName,
    organisationContact: settings.organisationContact,
  };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "settings:manage", schema: OrganisationFormSchema },
    async ({ user: admin, db, input }) => {
      const { redirectTo, ...organisation } = input;
      const current = await getSettings(db);
      await updateSettings(
        db,
        { id: admin.id, email: admin.email },
        { ...current, ...organisation },
      );
      throw await redirectWithToast(redirectTo, {
        message: `Saved. Vendors will see mail from ${organisation.organisationName}.`,
      });
    },
  );
}

export default function OrganisationPage() {
  const { redirectTo, organisationName, organisationContact } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { form, errors, onSubmit } = useValidatedForm(OrganisationSchema, actionData?.errors);
  return (
    <div className="panel narrow">
      <h1>Your organisation</h1>
      <p>
        Vendors read these in every mail and page Assay shows them. Nothing is sent to vendors until
        both are set. You can change them later in Settings.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Organisation name"
          hint="As vendors know it, for example “Northwind Bank”."
          autoComplete="organization"
          defaultValue={organisationName}
          error={errors.organisationName}
          {...form.register("organisationName")}
        />
        <TextField
          label="Contact address for vendors"
          hint="Vendors are told to write here with questions about an assessment."
          type="email"
          autoComplete="email"
          spellCheck={false}
          defaultValue={organisationContact}
          error={errors.organisationContact}
          {...form.register("organisationContact")}
        />
        <button type="submit">Save and continue</button>
      </Form>
    </div>
  );
}
