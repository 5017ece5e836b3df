import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { completePasswordReset, getPasswordReset } from "~/auth/password-reset.server";
import { ResetPasswordSchema } from "~/auth/schemas";
import { ErrorSummary } from "~/components/form";
import { NewPasswordFields } from "~/components/new-password-fields";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { parseForm } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { requireSameOrigin } from "~/http/origin.server";
import { getClientIp } from "~/http/request.server";
import { redirectWithToast } from "~/http/toast.server";

export const meta: MetaFunction = () => [
  { title: "Choose a new password — Assay" },
  { name: "description", content: "Choose a new password for Assay." },
];
// The token is in this URL: never send it to another site in a Referer header.
export const headers: HeadersFunction = () => ({
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
});

const STATE_MESSAGES = {
  expired: "This link has expired: links work for 30 minutes. Ask for a new one.",
  used: "This link has already been used, or a newer one was sent. Sign in, or ask for a new link.",
  unknown:
    "This link is not valid. Check you copied the whole link from the email, or ask for a new one.",
} as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await getPasswordReset(await getDb(), params.token ?? "");
  return reset.state === "valid"
    ? { state: reset.state, email: reset.email }
    : { state: reset.state, email: null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const parsed = parseForm(ResetPasswordSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const result = await completePasswordReset(await getDb(), params.token ?? "", {
    password: parsed.data.newPassword,
    ip: getClientIp(context),
  });
  if (!result.ok) {
    if (result.state === "rate_limited") {
      return data(
        {
          errors: {
            form: "Too many attempts from your network. Wait a few minutes and try again.",
          },
        },
        { status: 429, headers: { "Retry-After": String(Math.ceil(result.retryAfterMs / 1000)) } },
      );
    }
    return data({ errors: { form: STATE_MESSAGES[result.state] } }, { status: 410 });
  }
  throw await redirectWithToast("/login", {
    message:
      "Your password has been changed and you have been signed out everywhere. Sign in with the new password.",
  });
}

export default function ResetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(ResetPasswordSchema, actionData?.errors);
  if (!loaderData.email) {
    return (
      <div className="panel narrow">
        <h1>
          {loaderData.state === "expired" ? "This link has expired" : "This link cannot be used"}
        </h1>
        <p>{STATE_MESSAGES[loaderData.state as keyof typeof STATE_MESSAGES]}</p>
        <p>
          <a href="/forgot-password">Ask for a new link</a> or <a href="/login">go to sign in</a>
        </p>
      </div>
    );
  }
  return (
    <div className="panel narrow">
      <h1>Choose a new password</h1>
      <p>
        For the account <strong>{loaderData.email}</strong>. Saving it signs you out on every
        device.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <NewPasswordFields register={form.register} errors={errors} email={loaderData.email} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Save the new password
        </button>
      </Form>
    </div>
  );
}
