import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChangePasswordSchema } from "~/auth/schemas";
import { getSessionToken, requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { useValidatedForm } from "~/forms/use-validated-form";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { changeOwnPassword, NO_PASSWORD } from "~/users/users.server";

export const meta: MetaFunction = () => [
  { title: "Change your password — Assay" },
  { name: "description", content: "Change the password you sign in to Assay with." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, {}, context);
  return { noPassword: user.hasPassword === false ? NO_PASSWORD : null };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(args, { schema: ChangePasswordSchema }, async ({ user, db, input }) => {
    const token = (await getSessionToken(args.request))!;
    const result = await changeOwnPassword(db, user, token, input);
    if (!result.ok) return result;
    throw await redirectWithToast("/", {
      message: "Your password was changed. Other devices were signed out.",
    });
  });
}

export default function ChangePasswordPage() {
  const { noPassword } = useLoaderData<typeof loader>();
  if (noPassword)
    return (
      <div className="panel narrow">
        <h1>Your password</h1>
        <p>{noPassword}</p>
      </div>
    );
  return <ChangePasswordForm />;
}

function ChangePasswordForm() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(ChangePasswordSchema, actionData?.errors);
  return (
    <div className="panel narrow">
      <h1>Change your password</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword}
          {...form.register("currentPassword")}
        />
        <NewPasswordFields
          register={form.register}
          errors={errors}
          hint="At least 12 characters."
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Change password
        </button>
      </Form>
    </div>
  );
}
