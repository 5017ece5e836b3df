import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AcceptInvitationSchema } from "~/auth/schemas";
import { commitSessionCookie } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { ROLE_LABELS } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { parseForm } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { requireSameOrigin } from "~/http/origin.server";
import { toastHeader } from "~/http/toast.server";
import { acceptInvitation, getInvitation } from "~/users/users.server";

export const meta: MetaFunction = () => [
  { title: "Accept your invitation — Assay" },
  { name: "description", content: "Accept your invitation to Assay and choose a password." },
];
// The token is in this URL: never send it to another site in a Referer header. Not
// "no-referrer": with it the browser posts the form with `Origin: null`, which the origin rule
// refuses (docs/decisions/185-one-origin-rule.md); "same-origin" sends a Referer only to Assay.
export const headers: HeadersFunction = () => ({
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
});

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await getInvitation(await getDb(), params.token ?? "");
  if (invitation.state !== "valid") return { state: invitation.state, user: null };
  return {
    state: invitation.state,
    user: { name: invitation.user.name, email: invitation.user.email, role: invitation.user.role },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const parsed = parseForm(AcceptInvitationSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const result = await acceptInvitation(await getDb(), params.token ?? "", {
    name: parsed.data.name,
    password: parsed.data.newPassword,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) return data({ errors: { form: STATE_MESSAGES[result.state] } }, { status: 410 });
  const headers = new Headers();
  headers.append("Set-Cookie", await commitSessionCookie(result.sessionToken));
  headers.append(
    "Set-Cookie",
    await toastHeader({ message: "Welcome to Assay. Your account is ready." }),
  );
  throw redirect("/", { headers });
}

const STATE_MESSAGES = {
  expired: "This invitation has expired. Ask the admin who invited you to send a new one.",
  used: "This invitation has already been used. Sign in with the password you chose, or ask an admin for a new invitation.",
  replaced:
    "A newer invitation replaced this link. Use the link in the most recent invitation email, or ask an admin to send a new one.",
  unknown:
    "This invitation link is not valid. Check you copied the whole link from the email, or ask an admin for a new invitation.",
};

export default function AcceptInvitationPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(AcceptInvitationSchema, actionData?.errors);
  if (!loaderData.user) {
    return (
      <div className="panel narrow">
        <h1>
          {loaderData.state === "expired"
            ? "This invitation has expired"
            : "This invitation cannot be used"}
        </h1>
        <p>{STATE_MESSAGES[loaderData.state as keyof typeof STATE_MESSAGES]}</p>
        <p>
          <a href="/login">Go to sign in</a>
        </p>
      </div>
    );
  }
  return (
    <div className="panel narrow">
      <h1>Set up your Assay account</h1>
      <p>
        You have been invited as <strong>{ROLE_LABELS[loaderData.user.role]}</strong> with the
        address <strong>{loaderData.user.email}</strong>.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextField
          label="Your name"
          autoComplete="name"
          defaultValue={loaderData.user.name}
          error={errors.name}
          {...form.register("name")}
        />
        <NewPasswordFields
          register={form.register}
          errors={errors}
          label="Choose a password"
          confirmLabel="Type the password again"
          email={loaderData.user.email}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Create my account
        </button>
      </Form>
    </div>
  );
}
