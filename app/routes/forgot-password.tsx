import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requestPasswordReset } from "~/auth/password-reset.server";
import { ForgotPasswordSchema } from "~/auth/schemas";
import { getUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { parseForm } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { requireSameOrigin } from "~/http/origin.server";
import { getClientIp } from "~/http/request.server";

export const meta: MetaFunction = () => [
  { title: "Reset your password — Assay" },
  { name: "description", content: "Get a one-time link by email to choose a new Assay password." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(request, context)) throw redirect("/account/password");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const parsed = parseForm(ForgotPasswordSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors, sentTo: null }, { status: 400 });
  const result = await requestPasswordReset(await getDb(), {
    email: parsed.data.email,
    ip: getClientIp(context),
  });
  if (result.outcome === "rate_limited") {
    const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
    return data(
      {
        errors: {
          form: `Too many reset requests from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
        },
        sentTo: null,
      },
      { status: 429, headers: { "Retry-After": String(Math.ceil(result.retryAfterMs / 1000)) } },
    );
  }
  // The same answer whether or not the address has an account (decision 210).
  return { errors: null, sentTo: parsed.data.email };
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(
    ForgotPasswordSchema,
    actionData?.errors ?? undefined,
  );
  if (actionData?.sentTo) {
    return (
      <div className="panel narrow">
        <h1>Check your email</h1>
        <p role="status">
          If <strong>{actionData.sentTo}</strong> belongs to an Assay account that signs in with a
          password, we have sent it a link to choose a new password. The link works once, for 30
          minutes.
        </p>
        <p>
          No mail after a few minutes? Check your spam folder, or ask an admin of your organisation.
          Accounts that sign in through single sign-on get no link.
        </p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="panel narrow">
      <h1>Reset your password</h1>
      <p>Enter the address you sign in with. We will mail you a link to choose a new password.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextField
          label="Email address"
          type="email"
          autoComplete="username"
          spellCheck={false}
          error={errors.email}
          {...form.register("email")}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Send me a link
        </button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
