import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { staffAction } from "~/http/action.server";
import { InviteUserSchema } from "~/auth/schemas";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { RoleRadios } from "~/components/role-radios";
import { useValidatedForm } from "~/forms/use-validated-form";
import { redirectWithToast } from "~/http/toast.server";
import { inviteUser } from "~/users/users.server";

export const meta: MetaFunction = () => [
  { title: "Invite a user — Assay" },
  { name: "description", content: "Invite a member of staff to Assay with a role." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" }, context);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "users:manage", schema: InviteUserSchema },
    async ({ user: admin, db, input }) => {
      const result = await inviteUser(db, admin, input);
      if (!result.ok) return result;
      throw await redirectWithToast(`/admin/users/${result.userId}`, {
        message: `Invitation sent to ${input.email}.`,
      });
    },
  );
}

export default function InviteUserPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(InviteUserSchema, actionData?.errors);
  return (
    <div className="panel narrow">
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      <h1>Invite a user</h1>
      <p className="hint">
        They get an email with a link to choose their password. The link works once.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextField
          label="Full name"
          autoComplete="off"
          error={errors.name}
          {...form.register("name")}
        />
        <TextField
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
          error={errors.email}
          {...form.register("email")}
        />
        <RoleRadios error={errors.role} {...form.register("role")} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Send invitation
        </button>
      </Form>
    </div>
  );
}
